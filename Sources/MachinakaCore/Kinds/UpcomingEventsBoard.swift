import Foundation

extension ContentKind {
    /// A board the player builds from data or from other items.
    public static let board = ContentKind(rawValue: "board")
}

/// The settings of the upcoming-events board: how many days ahead it lists.
public struct UpcomingEventsSettings: ContentPayload {
    public var daysAhead: Int
}

/// `{board: upcoming-events, days_ahead: 14}`: the events starting in the next days, listed on
/// one slide; it leaves the rotation when there are none.
public struct UpcomingEventsBoard: BoardHandler {
    public var kind: ContentKind { .board }
    public var folder: String? { nil }
    public var boardName: String { "upcoming-events" }
    public var settingKeys: Set<String> { ["days_ahead"] }
    /// Events listed on one slide.
    static let listed = 8

    public init() {}

    public func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError> {
        var days = 14
        if let text = settings["days_ahead"] {
            guard let value = Int(text), Limits.daysAhead.contains(value) else {
                return .failure(BoardSettingError(key: "days_ahead", message: "'\(text)' is outside the allowed range \(Limits.daysAhead.lowerBound)…\(Limits.daysAhead.upperBound)"))
            }
            days = value
        }
        return .success(ContentItem(source: "board:\(boardName)", kind: kind, title: "今後のイベント  Upcoming events",
                                    payload: UpcomingEventsSettings(daysAhead: days)))
    }

    /// Events not yet over that start within the board's days ahead, soonest first.
    func upcoming(_ item: ContentItem, at instant: Date, context: SlideContext) -> [(ContentItem, EventInfo)] {
        let days = (item.payload as? UpcomingEventsSettings)?.daysAhead ?? 14
        let horizon = instant.addingTimeInterval(Double(days) * 86400)
        return context.items.compactMap { candidate in candidate.event.map { (candidate, $0) } }
            .filter { $0.0.isValid(at: instant) && $0.1.start < horizon }
            .sorted { ($0.1.start, $0.0.source) < ($1.1.start, $1.0.source) }
    }

    public func hasContent(_ item: ContentItem, at instant: Date, context: SlideContext) -> Bool {
        !upcoming(item, at: instant, context: context).isEmpty
    }

    public func boundaries(_ item: ContentItem, context: SlideContext) -> [Date] {
        let days = Double((item.payload as? UpcomingEventsSettings)?.daysAhead ?? 14)
        return context.items.flatMap { candidate -> [Date] in
            guard let event = candidate.event else { return [] }
            return candidate.validityBoundaries + [event.start.addingTimeInterval(-days * 86400)]
        }
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        let blocks = upcoming(item, at: instant, context: context).prefix(Self.listed).map { event, info -> Block in
            let when = ClockText.span(from: info.start, to: info.end, zone: context.screen.zone, allDay: info.allDay)
            return .listItem(marker: "・", [Span(when + "  ", strong: true), Span(event.title)] + (info.place.map { [Span("（\($0)）")] } ?? []))
        }
        return .text(TextSlide(badge: "ご案内  Information", title: item.title, blocks: Array(blocks), lang: "ja"))
    }
}
