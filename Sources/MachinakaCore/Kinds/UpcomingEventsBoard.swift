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
    public init() {}

    public func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError> {
        var days = 14
        if let text = settings["days_ahead"] {
            guard let value = Int(text), Limits.daysAhead.contains(value) else {
                return .failure(BoardSettingError(key: "days_ahead", message: "'\(text)' is outside the allowed range \(Limits.daysAhead.lowerBound)…\(Limits.daysAhead.upperBound)"))
            }
            days = value
        }
        return .success(ContentItem(source: BoardReference(name: boardName).source, kind: kind, title: "今後のイベント  Upcoming events",
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

    /// A table: the date with its weekday (Saturday blue, Sundays and holidays red, as Japanese
    /// calendars print them, and marked 今日 / 明日), the time, the event and its place. Every
    /// event within the days ahead is listed — more than fit go on pages — and one or two are
    /// set larger.
    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        let zone = context.screen.zone
        let today = DayDate(instant, zone: zone)
        let rows = upcoming(item, at: instant, context: context).map { event, info -> BoardSlide.Row in
            let day = DayDate(info.start, zone: zone)
            let weekday = JapaneseHolidays.weekday(day)
            let holiday = JapaneseHolidays.isHoliday(day)
            let tone: BoardSlide.Tone = weekday == 0 || holiday ? .holiday : (weekday == 6 ? .saturday : .normal)
            let date = ClockText.day(info.start, zone: zone, allDay: true) + (holiday && weekday != 0 ? "祝" : "")
            let mark = day == today ? "今日  Today" : (day == today.adding(days: 1) ? "明日  Tomorrow" : ClockText.englishDay(info.start, zone: zone))
            let time: String
            if info.allDay {
                // `when` named the day only: no time is claimed ("終日" read as all day).
                time = "—"
            } else {
                let end = info.end.timeIntervalSince(info.start) < 86_400 && DayDate(info.end, zone: zone) == day ? ClockText.time(info.end, zone: zone) : ""
                time = ClockText.time(info.start, zone: zone) + (end.isEmpty ? "〜" : "〜" + end)
            }
            return BoardSlide.Row([.text(date, secondary: mark, tone: tone), .text(time),
                                   .text(Span.withoutFurigana(event.title), secondary: info.place)])
        }
        return .board(BoardSlide(badge: "ご案内  Information", title: "今後のイベント", subtitle: "Upcoming events", style: .table,
                                 columns: [BoardSlide.Column("日付  Date", weight: 1.3, keepWhole: true), BoardSlide.Column("時間  Time", weight: 1.1, keepWhole: true),
                                           BoardSlide.Column("催し・場所  Event, place", weight: 3.6)],
                                 rows: rows, empty: "予定されているイベントはありません  No events coming up"))
    }
}
