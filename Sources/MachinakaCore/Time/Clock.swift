import Foundation

/// The source of "now" for everything that decides what to show.
///
/// The core never reads the system clock itself: the executable passes a real clock, tests and
/// previews pass a fixed one, so any instant can be shown and every rule tested without waiting.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// A clock that always answers the same instant: previews, `render --at`, tests.
public struct FixedClock: Clock {
    /// The instant this clock answers.
    public var instant: Date

    /// Creates a clock stopped at `instant`.
    public init(_ instant: Date) {
        self.instant = instant
    }

    public func now() -> Date { instant }
}
