import Foundation

/// Parses the times and durations that people write in the feed (ISO 8601, `12s`, `1m30s`).
///
/// A date or date-time without an offset is local time in the screen's time zone, because that
/// is what staff mean when they write `2026-12-28 17:00` for their own building.
public enum FeedTime {
    /// The screens' default time zone.
    public static let defaultTimeZone = TimeZone(identifier: "Asia/Tokyo")!

    /// Parses `2026-12-28`, `2026-12-28T17:00`, `2026-12-28 17:00:30`, optionally followed by
    /// `Z` or `+09:00`. Returns nil for anything else, including impossible dates (Feb 30).
    public static func parseInstant(_ text: String, timeZone: TimeZone = defaultTimeZone) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(s.unicodeScalars)
        var index = 0

        func digits(_ count: Int) -> Int? {
            guard index + count <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index..<index + count] {
                guard let digit = scalar.properties.numericType == .decimal ? Int(String(scalar)) : nil,
                    scalar.isASCII
                else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < scalars.count, Character(scalars[index]) == character else { return false }
            index += 1
            return true
        }

        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var zone = timeZone
        if index < scalars.count {
            guard expect("T") || expect(" ") else { return nil }
            guard let h = digits(2), expect(":"), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(":") {
                guard let sec = digits(2) else { return nil }
                second = sec
            }
            if index < scalars.count {
                if expect("Z") {
                    zone = TimeZone(secondsFromGMT: 0)!
                } else {
                    let sign: Int
                    if expect("+") { sign = 1 } else if expect("-") { sign = -1 } else { return nil }
                    guard let oh = digits(2), expect(":") || true, let om = digits(2),
                        let offset = TimeZone(secondsFromGMT: sign * (oh * 3600 + om * 60))
                    else { return nil }
                    zone = offset
                }
            }
            guard index == scalars.count else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }

        let calendar = Self.calendar(in: zone)
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        // Calendar rolls Feb 30 over to Mar 2; a date that does not round-trip was not a date.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    /// A Gregorian calendar in `zone`, cached: making one is costly, and a feed uses one or two zones.
    private static let calendars = CalendarCache()
    public static func calendar(in zone: TimeZone) -> Calendar {
        calendars.calendar(in: zone)
    }

    /// The start of `instant`'s day in `zone`. The ticker asks 60 times a second; the day
    /// found last is kept, so the calendar is asked once a day (it was 5 % of a ticker frame).
    public static func startOfDay(for instant: Date, in zone: TimeZone) -> Date {
        dayLock.lock()
        defer { dayLock.unlock() }
        if let day = lastDay, day.zone == zone, instant >= day.start, instant < day.end { return day.start }
        let calendar = calendar(in: zone)
        let start = calendar.startOfDay(for: instant)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        lastDay = (zone, start, end)
        return start
    }

    nonisolated(unsafe) private static var lastDay: (zone: TimeZone, start: Date, end: Date)?
    private static let dayLock = NSLock()

    /// Whether `text` names a whole day (no time of day), so that an `end` of that day means
    /// "through the end of that day".
    public static func isDateOnly(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).count == 10
    }

    /// `90` → `1m30s`, `86400` → `24h`: a length of time as the feed writes it.
    public static func describeDuration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600, whole % 3600 == 0 { return "\(whole / 3600)h" }
        if whole >= 60, whole % 60 == 0 { return "\(whole / 60)m" }
        if whole >= 60 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole)s"
    }

    /// Parses `12s`, `2m`, `1m30s`, `1h` or a bare number of seconds.
    public static func parseDuration(_ text: String) -> TimeInterval? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let seconds = Double(s) { return seconds > 0 ? seconds : nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in s {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty, total > 0 else { return nil }
        return total
    }
}

/// A small thread-safe cache of calendars by time zone.
final class CalendarCache: @unchecked Sendable {
    private let lock = NSLock()
    private var calendars: [TimeZone: Calendar] = [:]

    func calendar(in zone: TimeZone) -> Calendar {
        lock.lock()
        defer { lock.unlock() }
        if let calendar = calendars[zone] { return calendar }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        if calendars.count < 16 { calendars[zone] = calendar }
        return calendar
    }
}
