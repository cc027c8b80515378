import Foundation

/// What kind of thing a slide shows; also the `kind` of `machinaka plan`.
public enum ContentKind: String, Sendable, Codable, CaseIterable {
    case news, event, image, board, fallback
}

/// The date, time and place of an event.
public struct EventInfo: Equatable, Hashable, Sendable {
    /// When the event begins.
    public var start: Date
    /// When it ends; an event with only a start lasts until the end of its day.
    public var end: Date
    /// Whether `when` named days only, without times of day.
    public var allDay: Bool
    /// Where it takes place, as written.
    public var place: String?

    /// Creates event details.
    public init(start: Date, end: Date, allDay: Bool, place: String?) {
        self.start = start
        self.end = end
        self.allDay = allDay
        self.place = place
    }
}

/// One playable thing from the feed: a notice, an event or a poster.
public struct ContentItem: Equatable, Hashable, Sendable, Identifiable {
    /// The feed-relative path of the file it came from, e.g. `news/nenmatsu.md`; unique.
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
    /// Date and place, for events.
    public var event: EventInfo?
    /// The absolute path of the image file, for posters.
    public var imagePath: String?
    /// The poster's size in pixels, read from its header.
    public var imageSize: PixelSize?
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

    public var id: String { source }

    /// Creates an item; only `source`, `kind` and `title` are needed.
    public init(
        source: String, kind: ContentKind, title: String, body: [Block] = [],
        start: Date? = nil, end: Date? = nil, duration: TimeInterval? = nil,
        screens: [String] = [], tags: [String] = [], priority: Int = 0, lang: String = "ja",
        event: EventInfo? = nil, imagePath: String? = nil, imageSize: PixelSize? = nil
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
        self.event = event
        self.imagePath = imagePath
        self.imageSize = imageSize
    }

    /// Whether the item may be shown at `instant`: inside its own window and, for an event,
    /// not yet over.
    public func isValid(at instant: Date) -> Bool {
        if let start, instant < start { return false }
        if let end, instant >= end { return false }
        if let event, instant >= event.end { return false }
        return true
    }

    /// Whether the item is meant for `screen`.
    public func targets(_ screen: ScreenConfig) -> Bool {
        if !screens.isEmpty, !screens.contains(screen.id) { return false }
        if !tags.isEmpty, Set(tags).isDisjoint(with: screen.tags) { return false }
        return true
    }

    /// Whether it plays the same at every instant: no window, no daypart, not an event. Only
    /// such items play while the kiosk's clock is not yet trustworthy.
    public var isTimeless: Bool { start == nil && end == nil && event == nil && (daypart?.isUnrestricted ?? true) }

    /// The instants after which `isValid` may change.
    public var validityBoundaries: [Date] {
        [start, end, event?.end].compactMap { $0 }
    }
}
