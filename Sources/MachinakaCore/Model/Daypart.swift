import Foundation

/// When in the week something may play: days of the week, times of day (a range may cross
/// midnight), and dates left out (public holidays, closing days).
public struct Daypart: Equatable, Hashable, Sendable {
    /// A time-of-day range in minutes since midnight, `[start, end)`; `end <= start` crosses midnight.
    public struct Range: Equatable, Hashable, Sendable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        public var crossesMidnight: Bool { end <= start }
    }

    /// Calendar weekdays (1 = Sunday … 7 = Saturday); empty means every day.
    public var weekdays: Set<Int>
    /// Times of day; empty means all day.
    public var ranges: [Range]
    /// Dates left out, as `yyyymmdd`.
    public var excluded: Set<Int>

    public init(weekdays: Set<Int> = [], ranges: [Range] = [], excluded: Set<Int> = []) {
        self.weekdays = weekdays
        self.ranges = ranges
        self.excluded = excluded
    }

    /// Whether nothing restricts anything.
    public var isUnrestricted: Bool { weekdays.isEmpty && ranges.isEmpty && excluded.isEmpty }

    /// Both restrictions at once (an item's daypart inside its playlist's).
    public func intersected(with other: Daypart) -> Daypart {
        Daypart(
            weekdays: weekdays.isEmpty ? other.weekdays : (other.weekdays.isEmpty ? weekdays : weekdays.intersection(other.weekdays)),
            ranges: ranges.isEmpty ? other.ranges : ranges,
            excluded: excluded.union(other.excluded))
    }

    static func dayKey(_ c: DateComponents) -> Int { c.year! * 10000 + c.month! * 100 + c.day! }

    /// The key of a date written `2026-12-29`, or nil when it is not one.
    static func dayKey(ofDate text: String) -> Int? {
        guard FeedTime.isDateOnly(text), let date = FeedTime.parseInstant(text) else { return nil }
        return dayKey(FeedTime.calendar(in: FeedTime.defaultTimeZone).dateComponents([.year, .month, .day], from: date))
    }

    /// Whether `instant` falls inside, in `calendar`'s time zone. A range that crosses
    /// midnight belongs to the day it starts on: Friday 22:00–06:00 runs into Saturday morning.
    public func contains(_ instant: Date, calendar: Calendar) -> Bool {
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: instant)
        let minute = c.hour! * 60 + c.minute!
        func dayAllowed(_ components: DateComponents) -> Bool {
            (weekdays.isEmpty || weekdays.contains(components.weekday!)) && !excluded.contains(Self.dayKey(components))
        }
        guard !ranges.isEmpty else { return dayAllowed(c) }
        for range in ranges {
            if !range.crossesMidnight {
                if range.start <= minute, minute < range.end, dayAllowed(c) { return true }
            } else if minute >= range.start {
                if dayAllowed(c) { return true }
            } else if minute < range.end {
                let yesterday = calendar.dateComponents([.year, .month, .day, .weekday], from: calendar.date(byAdding: .day, value: -1, to: instant)!)
                if dayAllowed(yesterday) { return true }
            }
        }
        return false
    }

    /// Instants in `[dayStart, nextDay)` at which `contains` may change.
    public func boundaries(from dayStart: Date, calendar: Calendar) -> [Date] {
        ranges.flatMap { [$0.start, $0.end] }.filter { $0 > 0 && $0 < 1440 }.map { dayStart.addingTimeInterval(Double($0) * 60) }
    }

    // MARK: - Parsing

    static let dayNames: [String: Set<Int>] = [
        "sun": [1], "mon": [2], "tue": [3], "wed": [4], "thu": [5], "fri": [6], "sat": [7],
        "日": [1], "月": [2], "火": [3], "水": [4], "木": [5], "金": [6], "土": [7],
        "weekdays": [2, 3, 4, 5, 6], "weekends": [1, 7], "平日": [2, 3, 4, 5, 6], "土日": [1, 7],
    ]

    /// An unknown day name.
    struct UnknownDay: Error {
        var word: String
    }

    /// Parses `mon`, `weekdays`, `土` … into weekdays, or names the first unknown word.
    static func parseDays(_ words: [String]) -> Result<Set<Int>, UnknownDay> {
        var days = Set<Int>()
        for word in words {
            guard let set = dayNames[word.lowercased().trimmingCharacters(in: .whitespaces)] ?? dayNames[String(word.lowercased().prefix(3))] else {
                return .failure(UnknownDay(word: word))
            }
            days.formUnion(set)
        }
        return .success(days)
    }

    /// Parses `09:00-17:00` (or `22:00〜06:00`).
    static func parseRange(_ text: String) -> Range? {
        let parts = text.components(separatedBy: CharacterSet(charactersIn: "-〜~")).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start != end else { return nil }
        return Range(start: start, end: end)
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }
}

extension Daypart {
    /// The daypart written with the keys `days`, `hours` and `except` of a playlist or one of
    /// its entries; nil when none restricts anything.
    static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, days: K, hours: K, except: K) throws -> Daypart? {
        var daypart = Daypart()
        if let words = try c.decodeIfPresent([String].self, forKey: days) {
            switch parseDays(words) {
            case .success(let set): daypart.weekdays = set
            case .failure(let unknown):
                throw DecodingError.dataCorruptedError(forKey: days, in: c, debugDescription: "'\(unknown.word)' is not a day; use mon … sun, weekdays or weekends")
            }
        }
        let ranges = try (try? c.decodeIfPresent([String].self, forKey: hours)) ?? (c.decodeIfPresent(String.self, forKey: hours)).map { [$0] } ?? []
        for text in ranges {
            guard let range = parseRange(text) else {
                throw DecodingError.dataCorruptedError(forKey: hours, in: c, debugDescription: "'\(text)' is not a time range like 09:00-17:00")
            }
            daypart.ranges.append(range)
        }
        for text in try c.decodeIfPresent([String].self, forKey: except) ?? [] {
            guard let day = dayKey(ofDate: text) else {
                throw DecodingError.dataCorruptedError(forKey: except, in: c, debugDescription: "'\(text)' is not a date like 2026-12-29")
            }
            daypart.excluded.insert(day)
        }
        return daypart.isUnrestricted ? nil : daypart
    }
}

extension Daypart {
    /// The times inside every one of `parts` (nil: no restriction).
    static func within(_ parts: Daypart?...) -> Daypart? {
        parts.compactMap { $0 }.reduce(nil) { result, part in result.map { $0.intersected(with: part) } ?? part }
    }
}
