import Foundation
import MachinakaCore
import MachinakaRender

/// The loop's one place to sleep: until a deadline on the player's clock, or until something
/// happens (a feed change, an alert, a signal, the window). The live player sleeps in the event
/// pump; a test's waiter moves a manual clock instead, so no test waits.
public protocol Waiter: AnyObject {
    /// Returns at `deadline` (on the player's clock) with `.timeout`, or earlier with what
    /// woke it.
    func wait(until deadline: Date) -> LoopEvent
}

/// Sleeps in SDL's event wait (a window) or on a semaphore (off screen), for as long as the
/// player's clock says — a fast clock sleeps for less.
public final class PumpWaiter: Waiter {
    private let pump: EventPump
    private let clock: any LoopClock

    public init(pump: EventPump, clock: any LoopClock) {
        self.pump = pump
        self.clock = clock
    }

    public func wait(until deadline: Date) -> LoopEvent {
        // To the microsecond: whole milliseconds rounded up made each ticker frame late.
        pump.wait(seconds: min(max(0, clock.realSeconds(until: deadline)), 86_400))
    }
}

/// A waiter for tests: waiting moves the manual clock to the deadline, or to the next thing
/// the test scheduled before it (a feed change, a quit), which it does, and says so.
public final class ManualWaiter: Waiter, @unchecked Sendable {
    public let clock: ManualClock
    private var scheduled: [(at: Date, event: LoopEvent, action: () -> Void)] = []
    /// How many times the loop waited, and until when (for tests of pacing).
    public private(set) var waits: [Date] = []

    public init(clock: ManualClock) {
        self.clock = clock
    }

    /// At `instant`, runs `action` and wakes the loop with `event` (`.wake` by default).
    public func schedule(at instant: Date, _ event: LoopEvent = .wake, action: @escaping () -> Void = {}) {
        scheduled.append((instant, event, action))
        scheduled.sort { $0.at < $1.at }
    }

    /// Stops the loop at `instant`.
    public func quit(at instant: Date) {
        schedule(at: instant, .quit)
    }

    public func wait(until deadline: Date) -> LoopEvent {
        waits.append(deadline)
        if let next = scheduled.first, next.at <= deadline {
            scheduled.removeFirst()
            clock.set(max(clock.now(), next.at))
            next.action()
            return next.event
        }
        clock.set(max(clock.now(), deadline))
        return .timeout
    }
}
