import Foundation

/// What a screen shows for a stretch of time: an item (or the fallback) from `start` to `end`.
public struct Slot: Equatable, Sendable {
    /// The item on screen; nil for the fallback slide shown when nothing qualifies.
    public var item: ContentItem?
    /// When this showing began.
    public var start: Date
    /// When the screen must change next, at the latest.
    public var end: Date
    /// Where it stands in the rotation: the membership it was cut from and its place there, so
    /// the next slot can follow it even after the membership changed.
    public var position: Position?

    /// A slot's place in the rotation.
    public struct Position: Equatable, Sendable {
        /// The instant the membership last changed (the cycle's anchor).
        public var segment: Date
        /// A fingerprint of the members eligible then.
        public var membership: Int
        /// The cycle number since `segment`, and the index in that cycle's sequence.
        public var cycle: Int
        public var index: Int
    }

    /// Creates a slot.
    public init(item: ContentItem?, start: Date, end: Date, position: Position? = nil) {
        self.item = item
        self.start = start
        self.end = end
        self.position = position
    }

    /// The kind, `fallback` when there is no item.
    public var kind: ContentKind { item?.kind ?? .fallback }
}
