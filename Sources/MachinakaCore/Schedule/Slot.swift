import Foundation

/// What a screen shows for a stretch of time: an item (or the fallback) from `start` to `end`.
public struct Slot: Equatable, Sendable {
    /// The item on screen; nil for the fallback slide shown when nothing qualifies.
    public var item: ContentItem?
    /// When this showing began.
    public var start: Date
    /// When the screen must change next, at the latest.
    public var end: Date

    /// Creates a slot.
    public init(item: ContentItem?, start: Date, end: Date) {
        self.item = item
        self.start = start
        self.end = end
    }

    /// The kind, `fallback` when there is no item.
    public var kind: ContentKind { item?.kind ?? .fallback }
}
