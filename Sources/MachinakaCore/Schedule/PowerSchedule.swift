import Foundation

/// When a screen's display is on (`power:` in `screens/<id>.yml`): the building's opening hours
/// by kind of day, the days it is closed, and a margin before opening and after closing. Off
/// means dark and idle — and woken at once by an alert (`Player`). A pure function of the
/// instant, like the rotation: `plan` and the player agree.
///
/// `power: {open: {weekdays: "08:30-17:15", saturday: closed, sunday: closed, holidays: closed},
/// closed_dates: [2026-12-29, 2026-12-30], on_early: 15m, off_late: 15m, driver: auto}`.
public struct PowerSchedule: Equatable, Sendable, Decodable {
    /// Opening hours of one kind of day: minutes of the day, start..<end (an end past 24:00
    /// runs into the next day); nil: closed that day.
    public typealias Hours = Range<Int>?

    public var weekdays: Hours = 0..<1440
    public var saturday: Hours = 0..<1440
    public var sunday: Hours = 0..<1440
    /// Japanese public holidays (`JapaneseHolidays`), whatever day of the week.
    public var holidays: Hours = 0..<1440
    /// Days the building is closed whatever their kind (年末年始).
    public var closedDates: Set<DayDate> = []
    /// The display comes on this long before opening, and goes off this long after closing.
    public var onEarly: TimeInterval = 600
    public var offLate: TimeInterval = 600
    /// How the display is turned off and on (`PowerDrivers`): auto, dpms, cec, command, blank.
    public var driver = "auto"
    /// For `driver: command`: the programs that turn the display off and on.
    public var offCommand: String?
    public var onCommand: String?

    /// A schedule that is always on (no `power:`).
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case open
        case closedDates = "closed_dates"
        case onEarly = "on_early"
        case offLate = "off_late"
        case driver, command
    }

    enum DayKeys: String, CodingKey, CaseIterable {
        case weekdays, saturday, sunday, holidays
    }

    enum CommandKeys: String, CodingKey {
        case off, on
    }

    /// The keys a `power:` mapping may contain.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))
    /// The drivers a screen may name.
    public static let driverNames = ["auto", "dpms", "cec", "command", "blank"]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.open) {
            let days = try c.nestedContainer(keyedBy: DayKeys.self, forKey: .open)
            func hours(_ key: DayKeys) throws -> Hours? {
                guard let text = try days.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let value = Self.hours(text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: days, debugDescription: "'\(text)' is not opening hours such as 08:30-17:15, or closed, or always")
                }
                return .some(value)
            }
            weekdays = try hours(.weekdays) ?? weekdays
            saturday = try hours(.saturday) ?? saturday
            sunday = try hours(.sunday) ?? sunday
            holidays = try hours(.holidays) ?? holidays
        }
        for text in try c.decodeIfPresent([String].self, forKey: .closedDates) ?? [] {
            guard let day = DayDate(text) else {
                throw DecodingError.dataCorruptedError(forKey: .closedDates, in: c, debugDescription: "'\(text)' is not a date such as 2026-12-29")
            }
            closedDates.insert(day)
        }
        // A margin of nothing is a margin too (`0s`), which durations elsewhere never are.
        func margin(_ key: CodingKeys) throws -> TimeInterval? {
            if let text = try? c.decodeIfPresent(String.self, forKey: key), ["0", "0s", "0m"].contains(text.trimmingCharacters(in: .whitespaces)) { return 0 }
            return try c.decodeDuration(forKey: key, within: 0...7200)
        }
        onEarly = try margin(.onEarly) ?? onEarly
        offLate = try margin(.offLate) ?? offLate
        driver = try c.decodeIfPresent(String.self, forKey: .driver) ?? driver
        guard Self.driverNames.contains(driver) else {
            throw DecodingError.dataCorruptedError(forKey: .driver, in: c, debugDescription: "'\(driver)' is not a power driver; use \(Self.driverNames.joined(separator: ", "))")
        }
        if c.contains(.command) {
            let command = try c.nestedContainer(keyedBy: CommandKeys.self, forKey: .command)
            offCommand = try command.decode(String.self, forKey: .off)
            onCommand = try command.decode(String.self, forKey: .on)
        }
        if driver == "command", offCommand == nil {
            throw DecodingError.dataCorruptedError(forKey: .driver, in: c, debugDescription: "driver: command needs command: {off: \"…\", on: \"…\"}")
        }
    }

    /// `08:30-17:15`, `closed` or `always` as minutes of the day.
    static func hours(_ text: String) -> Hours? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "closed": return .some(nil)
        case "always", "00:00-24:00": return .some(0..<1440)
        default:
            return HoursOfDay.parse(text).map { .some($0) }
        }
    }

    /// Whether the schedule ever turns the display off.
    public var isAlwaysOn: Bool {
        closedDates.isEmpty && [weekdays, saturday, sunday, holidays].allSatisfy { $0 == 0..<1440 }
    }

    /// The opening hours of `day`.
    public func hours(of day: DayDate, weekday: Int) -> Hours {
        if closedDates.contains(day) { return nil }
        if JapaneseHolidays.isHoliday(day) { return holidays }
        switch weekday {
        case 1: return sunday
        case 7: return saturday
        default: return weekdays
        }
    }

    /// The spans the display is on around `instant` (yesterday's, today's and tomorrow's opening,
    /// with the margins), as instants.
    private func spans(around instant: Date, zone: TimeZone, days: ClosedRange<Int> = -1...1) -> [Range<Date>] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let midnight = calendar.startOfDay(for: instant)
        var result: [Range<Date>] = []
        for offset in days {
            guard let start = calendar.date(byAdding: .day, value: offset, to: midnight) else { continue }
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: start)
            let day = DayDate(year: c.year!, month: c.month!, day: c.day!)
            guard let open = hours(of: day, weekday: c.weekday!) else { continue }
            // Minutes from that midnight (a day with a DST change would be off by its hour: Japan has none).
            let from = start.addingTimeInterval(Double(open.lowerBound) * 60 - onEarly)
            let to = start.addingTimeInterval(Double(open.upperBound) * 60 + offLate)
            result.append(from..<to)
        }
        return result
    }

    /// Whether the display is on at `instant` in `zone`; `extra` are spans it is kept on
    /// besides (events with `display_on: true`, `extraSpans`).
    public func isOn(at instant: Date, zone: TimeZone, extra: [Range<Date>] = []) -> Bool {
        isAlwaysOn || spans(around: instant, zone: zone).contains { $0.contains(instant) } || extra.contains { $0.contains(instant) }
    }

    /// The next instant after `instant` at which the display turns on or off (within 10 days;
    /// nil when it never changes).
    public func nextChange(after instant: Date, zone: TimeZone, extra: [Range<Date>] = []) -> Date? {
        guard !isAlwaysOn else { return nil }
        let edges = (spans(around: instant, zone: zone, days: -1...10) + extra).flatMap { [$0.lowerBound, $0.upperBound] }
        let now = isOn(at: instant, zone: zone, extra: extra)
        return edges.filter { $0 > instant }.sorted().first { isOn(at: $0, zone: zone, extra: extra) != now }
    }

    /// The spans `feed`'s events keep `screen` lit (`display_on: true`, on the screens the
    /// event plays on), with the same margins as the opening hours.
    public func extraSpans(_ feed: Feed, screen: ScreenConfig) -> [Range<Date>] {
        feed.items.compactMap { item in
            guard let event = item.event, event.keepsDisplayOn, item.targets(screen) else { return nil }
            return event.start.addingTimeInterval(-onEarly)..<event.end.addingTimeInterval(offLate)
        }
    }
}
