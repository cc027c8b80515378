import Foundation

/// What kind of thing a slide shows; also the `kind` of `machinaka plan`. Each kind's file in
/// `Kinds/` declares its own.
public struct ContentKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The slide shown when nothing else qualifies.
    public static let fallback = ContentKind(rawValue: "fallback")

    public var description: String { rawValue }
}

/// What one kind adds to an item beyond the fields every item has (an event's date and place,
/// a poster's file): each kind defines its own in its own file.
public protocol ContentPayload: Hashable, Sendable {
    /// After this instant the item is over whatever its window says (an event that has ended).
    var over: Date? { get }
}

extension ContentPayload {
    public var over: Date? { nil }
}

/// The payload of an item that has nothing beyond the common fields.
public struct NoPayload: ContentPayload {
    public init() {}
}

/// One playable thing from the feed: a notice, an event, a poster, a board.
public struct ContentItem: Hashable, Sendable, Identifiable {
    /// The feed-relative path of the file it came from, e.g. `news/nenmatsu.md` (`board:…` for
    /// a board); unique.
    public var source: String
    /// What kind of slide it makes.
    public var kind: ContentKind
    /// The title, required for every text item.
    public var title: String
    /// The body, from Markdown.
    public var body: [Block]
    /// Shown from this instant on (nil: always).
    public var start: Date?
    /// Shown until this instant, exclusive (nil: always).
    public var end: Date?
    /// How long it stays on screen (nil: the playlist's default).
    public var duration: TimeInterval?
    /// Screen ids it is meant for (empty: every screen).
    public var screens: [String]
    /// Screen tags it is meant for (empty: every screen).
    public var tags: [String]
    /// Higher plays before lower; 0 by default.
    public var priority: Int
    /// The language of the text, BCP 47 (`ja` by default).
    public var lang: String
    /// When in the week it may play (nil: any time).
    public var daypart: Daypart?
    /// A web address for more, shown as a QR code (never fetched).
    public var link: String?
    /// Share of voice: shown after every K other slides, in addition to its place.
    public var every: Int?
    /// Share of voice: at most this many times an hour.
    public var maxPerHour: Int?
    /// Share of voice: at least this many times an hour.
    public var minPerHour: Int?
    /// What its kind adds (`ContentItem.event`, `.poster`…, declared by each kind).
    public var payload: any ContentPayload

    public var id: String { source }

    /// Creates an item; only `source`, `kind` and `title` are needed.
    public init(
        source: String, kind: ContentKind, title: String, body: [Block] = [],
        start: Date? = nil, end: Date? = nil, duration: TimeInterval? = nil,
        screens: [String] = [], tags: [String] = [], priority: Int = 0, lang: String = "ja",
        payload: any ContentPayload = NoPayload()
    ) {
        self.source = source
        self.kind = kind
        self.title = title
        self.body = body
        self.start = start
        self.end = end
        self.duration = duration
        self.screens = screens
        self.tags = tags
        self.priority = priority
        self.lang = lang
        self.payload = payload
    }

    public static func == (a: ContentItem, b: ContentItem) -> Bool {
        a.source == b.source && a.kind == b.kind && a.title == b.title && a.body == b.body && a.start == b.start && a.end == b.end
            && a.duration == b.duration && a.screens == b.screens && a.tags == b.tags && a.priority == b.priority && a.lang == b.lang
            && a.daypart == b.daypart && a.link == b.link && a.every == b.every && a.maxPerHour == b.maxPerHour && a.minPerHour == b.minPerHour
            && AnyHashable(a.payload) == AnyHashable(b.payload)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(title)
        hasher.combine(body)
        hasher.combine(AnyHashable(payload))
    }

    /// Whether the item may be shown at `instant`: inside its own window and not over.
    public func isValid(at instant: Date) -> Bool {
        if let start, instant < start { return false }
        if let end, instant >= end { return false }
        if let over = payload.over, instant >= over { return false }
        return true
    }

    /// Whether the item is meant for `screen`.
    public func targets(_ screen: ScreenConfig) -> Bool {
        if !screens.isEmpty, !screens.contains(screen.id) { return false }
        if !tags.isEmpty, Set(tags).isDisjoint(with: screen.tags) { return false }
        return true
    }

    /// Whether it plays the same at every instant: no window, no daypart, nothing that ends.
    /// Only such items play while the kiosk's clock is not yet trustworthy.
    public var isTimeless: Bool { start == nil && end == nil && payload.over == nil && (daypart?.isUnrestricted ?? true) }

    /// The instants after which `isValid` may change.
    public var validityBoundaries: [Date] {
        [start, end, payload.over].compactMap { $0 }
    }

    /// Which board it is, and the file it shows (nil: not a board).
    public var board: BoardReference? { kind == .board ? BoardReference(source: source) : nil }

    /// The handler of its kind (for a board, the board's own).
    public var handler: (any ContentKindHandler)? {
        if let board { return ContentKinds.board(named: board.name) }
        return ContentKinds.handler(for: kind)
    }
}
