import Foundation
import MachinakaCore

/// A clock the loop can sleep by: how long in real time until an instant on it.
public protocol LoopClock: MachinakaCore.Clock {
    /// Real seconds from now until `deadline` on this clock.
    func realSeconds(until deadline: Date) -> TimeInterval
}

/// The system clock, given to the core by the player: the only place that reads it.
public struct SystemClock: LoopClock {
    public init() {}
    public func now() -> Date { Date() }
    public func realSeconds(until deadline: Date) -> TimeInterval { deadline.timeIntervalSinceNow }
}

/// A clock that runs faster than real time from the moment it is made: benchmarks and the soak
/// play hours of a rotation in minutes through the same loop.
public struct ScaledClock: LoopClock {
    public let origin = Date()
    public let rate: Double

    public init(rate: Double) {
        self.rate = rate
    }

    public func now() -> Date { origin.addingTimeInterval(Date().timeIntervalSince(origin) * rate) }
    public func realSeconds(until deadline: Date) -> TimeInterval { deadline.timeIntervalSince(now()) / rate }
}

/// A clock that moves only when told: tests drive the loop with it, turn by turn.
public final class ManualClock: LoopClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return instant
    }

    /// Moves to `instant`.
    public func set(_ instant: Date) {
        lock.lock()
        self.instant = instant
        lock.unlock()
    }

    /// Moves on by `seconds`.
    public func advance(by seconds: TimeInterval) {
        set(now().addingTimeInterval(seconds))
    }

    /// A manual clock never sleeps.
    public func realSeconds(until deadline: Date) -> TimeInterval { 0 }
}
