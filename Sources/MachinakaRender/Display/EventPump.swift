import CSDL2
import Foundation

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

/// The loop's one place to sleep, woken by a deadline, by the window system, or by `wake()` and
/// `requestQuit()` from any thread, so the player costs nothing while nothing changes and
/// reacts at once when something does.
///
/// With a window it waits in `SDL_WaitEventTimeout`, which sleeps in the window system's own
/// wait. Off screen there are no SDL events to wait for, and SDL would poll every millisecond,
/// so it waits on a semaphore instead.
public final class EventPump: @unchecked Sendable {
    /// Whether SDL's window events are waited for.
    public enum Mode: Sendable {
        case window, headless
    }

    public let mode: Mode
    private let wakeType: UInt32
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var pending: [LoopEvent] = []

    /// Sets up the wait for `mode`.
    public init(mode: Mode) throws {
        try SDLLibrary.initializeCore()
        self.mode = mode
        let type = SDL_RegisterEvents(1)
        guard type != UInt32.max else { throw SDLError("SDL_RegisterEvents") }
        wakeType = type
    }

    /// Sleeps until an event or `seconds` pass.
    public func wait(seconds: Double) -> LoopEvent {
        let nanoseconds = Int(max(0, seconds) * 1e9)
        switch mode {
        case .headless:
            if let event = takePending() { return event }
            _ = semaphore.wait(timeout: .now() + .nanoseconds(nanoseconds))
            return takePending() ?? .timeout
        case .window:
            var event = SDL_Event()
            // SDL waits in whole milliseconds: the window system's wait for those, then the
            // part of a millisecond left, so a deadline is met to the microsecond.
            let end = DispatchTime.now().uptimeNanoseconds + UInt64(nanoseconds)
            guard SDL_WaitEventTimeout(&event, Int32(clamping: nanoseconds / 1_000_000)) == 1 else {
                let now = DispatchTime.now().uptimeNanoseconds
                if end > now { usleep(UInt32(min(1_000, (end - now) / 1_000))) }
                return SDL_PollEvent(&event) == 1 ? classify(event) : .timeout
            }
            return classify(event)
        }
    }

    /// What an SDL event means to the loop.
    private func classify(_ event: SDL_Event) -> LoopEvent {
        switch event.type {
        case SDL_QUIT.rawValue:
            return .quit
        case wakeType:
            return takePending() ?? .wake
        case SDL_WINDOWEVENT.rawValue, SDL_RENDER_TARGETS_RESET.rawValue, SDL_RENDER_DEVICE_RESET.rawValue:
            return .redraw
        default:
            return .timeout  // input and other events: nothing to do, the loop re-plans
        }
    }

    /// Wakes the loop; safe from any thread.
    public func wake() {
        post(.wake)
    }

    /// Makes the loop's next wait return `.quit`; safe from any thread (signal handlers use it).
    public func requestQuit() {
        post(.quit)
    }

    private func post(_ event: LoopEvent) {
        lock.lock()
        if event == .quit || !pending.contains(event) { pending.append(event) }
        lock.unlock()
        switch mode {
        case .headless:
            semaphore.signal()
        case .window:
            var sdlEvent = SDL_Event()
            sdlEvent.type = wakeType
            SDL_PushEvent(&sdlEvent)
        }
    }

    private func takePending() -> LoopEvent? {
        lock.lock()
        defer { lock.unlock() }
        if pending.contains(.quit) { return .quit }
        return pending.isEmpty ? nil : pending.removeFirst()
    }
}
