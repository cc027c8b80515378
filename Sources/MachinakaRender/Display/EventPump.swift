import CSDL2

/// What woke the player's loop.
public enum LoopEvent: Equatable, Sendable {
    /// The deadline passed.
    case timeout
    /// SIGINT, SIGTERM or the window closed.
    case quit
    /// Another thread asked for attention (the feed changed, an alert arrived).
    case wake
    /// The window was exposed or resized: draw again.
    case redraw
}

/// The loop's one place to sleep: `SDL_WaitEventTimeout`, woken by a deadline, by SDL's own
/// events, or by `wake()` from any thread, so the player costs nothing while nothing changes
/// and reacts at once when something does.
public final class EventPump: @unchecked Sendable {
    private let wakeType: UInt32

    /// Sets up SDL's event queue (and its SIGINT/SIGTERM handling).
    public init() throws {
        try SDLLibrary.initializeCore()
        let type = SDL_RegisterEvents(1)
        guard type != UInt32.max else { throw SDLError("SDL_RegisterEvents") }
        wakeType = type
    }

    /// Sleeps until an event or `milliseconds` pass.
    public func wait(milliseconds: Int) -> LoopEvent {
        var event = SDL_Event()
        let timeout = Int32(clamping: max(0, milliseconds))
        guard SDL_WaitEventTimeout(&event, timeout) == 1 else { return .timeout }
        switch event.type {
        case SDL_QUIT.rawValue:
            return .quit
        case wakeType:
            return .wake
        case SDL_WINDOWEVENT.rawValue:
            return .redraw
        case SDL_RENDER_TARGETS_RESET.rawValue, SDL_RENDER_DEVICE_RESET.rawValue:
            return .redraw
        default:
            return wait(milliseconds: 0) == .timeout ? .timeout : .redraw
        }
    }

    /// Wakes the loop; safe from any thread.
    public func wake() {
        var event = SDL_Event()
        event.type = wakeType
        SDL_PushEvent(&event)
    }
}
