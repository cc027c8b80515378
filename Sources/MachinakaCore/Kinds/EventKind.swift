import Foundation

extension ContentKind {
    /// An event: `events/*.md`, with a date and a place.
    public static let event = ContentKind(rawValue: "event")
}

/// The date, time and place of an event: the payload of an event item.
public struct EventInfo: ContentPayload {
    /// When the event begins.
    public var start: Date
    /// When it ends; an event with only a start lasts until the end of its day.
    public var end: Date
    /// Whether `when` named days only, without times of day.
    public var allDay: Bool
    /// Where it takes place, as written.
    public var place: String?
    /// Whether `when` gave an end; without one the event runs to the end of its day, and its
    /// slide says only when it starts (`12月9日（水） 10:00〜`, never `〜12月10日（木） 0:00`).
    public var endGiven = true
    /// `display_on: true`: the screens it plays on stay lit for it, outside their opening hours
    /// too (an evening concert in a lobby closed at 17:15).
    public var keepsDisplayOn = false

    /// Creates event details.
    public init(start: Date, end: Date, allDay: Bool, place: String?) {
        self.start = start
        self.end = end
        self.allDay = allDay
        self.place = place
    }

    /// An event is over when it ends, whatever its `end:` setting says.
    public var over: Date? { end }
}

extension ContentItem {
    /// The date and place, for an event.
    public var event: EventInfo? { payload as? EventInfo }
}

/// Events: Markdown with front matter in `events/` that adds `when` and `where`; shown with
/// their date and place above the body, and gone once over.
public struct EventKind: ContentKindHandler {
    public var kind: ContentKind { .event }
    public var folder: String? { "events" }
    public var extensions: Set<String> { ["md", "markdown"] }
    public var strayWarning: String { "only Markdown files (.md) are played from events/" }
    /// The keys an event's front matter may hold.
    public static let keys = FeedParser.commonKeys.union(["when", "where", "display_on"])

    public init() {}

    public func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem? {
        parser.readTextItem(relative, kind: kind, keys: Self.keys, root: root, into: &diagnostics) { reader in reader.event() }
    }

    public func check(_ item: ContentItem, in feed: Feed, screens: [ScreenConfig], at instant: Date) -> [Diagnostic] {
        guard let event = item.event, event.end <= instant, item.end.map({ $0 > instant }) ?? true else { return [] }
        return [Diagnostic(path: item.source, severity: .warning,
                           message: "this event is over (\(ClockText.isoDay(event.end.addingTimeInterval(-1)))) and is no longer shown; delete the file")]
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        var blocks: [Block] = []
        if let event = item.event {
            let zone = context.screen.zone
            blocks.append(.paragraph([Span("日時  ", strong: true), Span(event.endGiven || event.allDay
                ? ClockText.span(from: event.start, to: event.end, zone: zone, allDay: event.allDay)
                : ClockText.day(event.start, zone: zone, allDay: false) + "〜")]))
            if let place = event.place {
                blocks.append(.paragraph([Span("場所  ", strong: true), Span(place)]))
            }
        }
        return .text(TextSlide(badge: "イベント  Event", title: item.title, blocks: blocks + item.body, lang: item.lang, link: item.link))
    }
}
