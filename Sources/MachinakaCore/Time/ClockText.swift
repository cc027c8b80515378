import Foundation

/// The date and time shown in the header, as Japanese public notices write them:
/// `2026年11月25日（水） 12:34`.
public enum ClockText {
    private static let weekdays = ["日", "月", "火", "水", "木", "金", "土"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date and time of `instant` in `zone`.
    public static func header(_ instant: Date, zone: TimeZone) -> String {
        let c = components(instant, zone: zone)
        return String(format: "%d年%d月%d日（%@） %d:%02d", c.year!, c.month!, c.day!, weekdays[c.weekday! - 1], c.hour!, c.minute!)
    }

    /// A day as English signs write it: `Sun 6 Dec`.
    public static func englishDay(_ instant: Date, zone: TimeZone) -> String {
        let c = components(instant, zone: zone)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return "\(days[c.weekday! - 1]) \(c.day!) \(months[c.month! - 1])"
    }

    /// The time of day: `10:15`.
    public static func time(_ instant: Date, zone: TimeZone) -> String {
        let c = components(instant, zone: zone)
        return String(format: "%d:%02d", c.hour!, c.minute!)
    }

    /// When data was last updated, as a screen at `now` says it: the time alone on the same
    /// day, with the day before it otherwise (`12月6日 10:15`, `6 Dec 10:15`) — yesterday's
    /// 10:15 read as "last update 10:15" at 10:04 looks like a time to come.
    public static func stamp(_ instant: Date, seenAt now: Date, zone: TimeZone) -> (japanese: String, english: String) {
        let time = time(instant, zone: zone)
        let day = DayDate(instant, zone: zone)
        guard day != DayDate(now, zone: zone) else { return (time, time) }
        return ("\(day.month)月\(day.day)日 \(time)", "\(day.day) \(months[day.month - 1]) \(time)")
    }

    /// When `stamp` of `instant` next reads differently: the midnight after it, from which
    /// the day is said.
    public static func stampChanges(_ instant: Date, zone: TimeZone) -> Date {
        DayDate(instant, zone: zone).next(in: zone).start(in: zone)
    }

    /// The header's date and time without the year: `12月6日（日） 10:16`.
    public static func shortHeader(_ instant: Date, zone: TimeZone) -> String {
        day(instant, zone: zone, allDay: false)
    }

    /// A day and, unless `allDay`, the time: `12月6日（土） 10:00`.
    public static func day(_ instant: Date, zone: TimeZone, allDay: Bool) -> String {
        let c = components(instant, zone: zone)
        let day = "\(c.month!)月\(c.day!)日（\(weekdays[c.weekday! - 1])）"
        return allDay ? day : day + String(format: " %d:%02d", c.hour!, c.minute!)
    }

    /// An event's span: `12月6日（土） 10:00〜12:00`, or two days when it spans several.
    public static func span(from start: Date, to end: Date, zone: TimeZone, allDay: Bool) -> String {
        let s = components(start, zone: zone)
        let lastInstant = allDay ? end.addingTimeInterval(-1) : end
        let e = components(lastInstant, zone: zone)
        if s.year == e.year, s.month == e.month, s.day == e.day {
            return allDay ? day(start, zone: zone, allDay: true) : day(start, zone: zone, allDay: false) + String(format: "〜%d:%02d", e.hour!, e.minute!)
        }
        return day(start, zone: zone, allDay: allDay) + "〜" + day(lastInstant, zone: zone, allDay: allDay)
    }

    /// Year, month, day, hour and minute of `instant` in `zone`, put into a printf pattern.
    public static func numeric(_ instant: Date, zone: TimeZone, pattern: String) -> String {
        let c = components(instant, zone: zone)
        return String(format: pattern, c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// `2026-12-28`: a day in Tokyo, as `check` names dates.
    public static func isoDay(_ instant: Date) -> String {
        numeric(instant, zone: FeedTime.defaultTimeZone, pattern: "%04d-%02d-%02d")
    }

    /// The first instant after `instant` at which the header text changes.
    public static func nextChange(after instant: Date, zone: TimeZone) -> Date {
        let seconds = instant.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 60).rounded(.down) * 60 + 60)
    }

    private static func components(_ instant: Date, zone: TimeZone) -> DateComponents {
        let calendar = FeedTime.calendar(in: zone)
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: instant)
    }
}
