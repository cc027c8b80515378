import Foundation

/// What a screen's slides do from one moment to the next, alerts included — the one rule the
/// live player and `plan` both follow, so the plan shows what the screen will do:
///
/// - a slide plays to its end, and the next one follows it in the rotation (not the slide the
///   rotation's anchor would give, so a reload or an alert never makes the screen jump);
/// - an alert cuts the slide on screen; when the last alert ends, that slide is shown again from
///   its start, for its whole duration, and the rotation goes on after it.
///
/// Time is passed in; the sequence only remembers the slide on screen and the one cut short.
public struct SlideSequence: Sendable {
    /// The slide on screen (under the alert, while one holds the screen).
    public private(set) var current: Slot?
    /// The slide an alert cut short, to be shown again in full when the alerts end.
    public private(set) var interrupted: Slot?

    /// Creates a sequence with nothing on screen yet.
    public init() {}

    /// Whether the slide on screen is over at `now` (or there is none): the moment a new feed
    /// state may take over.
    public func isOver(at now: Date) -> Bool {
        current.map { now >= $0.end || now < $0.start } ?? true
    }

    /// Ends the slide on screen at `now` (it could not be shown): the next call moves on to the
    /// slide that follows it.
    public mutating func endCurrent(at now: Date) {
        guard var slot = current else { return }
        slot.end = max(slot.start, now)
        current = slot
        if interrupted?.item == slot.item { interrupted = nil }
    }

    /// Forgets the slide on screen, so the next one comes from the rotation's anchor (after the
    /// clock was set and the rotation rebuilt for it). A slide cut by an alert is still owed.
    public mutating func restart() {
        current = nil
    }

    /// The slide at `now`, advancing past the one on screen when it is over. `alertOn` says
    /// whether an alert holds the screen at `now`.
    public mutating func slot(at now: Date, in rotation: Rotation, alertOn: Bool) -> Slot {
        let over = isOver(at: now)
        var slot: Slot
        if !over, let current {
            slot = current
        } else if let previous = current, previous.item != nil {
            slot = rotation.slot(following: previous, at: now)
        } else {
            slot = rotation.slot(at: now)
        }
        if alertOn, interrupted == nil, !over, let current, current.item != nil {
            interrupted = current
        }
        if !alertOn, let cut = interrupted {
            // From its start, for its whole length, keeping its place so the rotation goes on after it.
            slot = Slot(item: cut.item, start: now, end: now.addingTimeInterval(cut.end.timeIntervalSince(cut.start)), position: cut.position)
            interrupted = nil
        }
        current = slot
        return slot
    }
}
