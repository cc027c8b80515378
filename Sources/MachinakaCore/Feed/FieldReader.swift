import Foundation
import Yams

/// Reads typed front-matter fields and collects a positioned diagnostic for each bad one.
struct FieldReader {
    let matter: FrontMatter
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(matter: FrontMatter, path: String) {
        self.matter = matter
        self.path = path
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    mutating func fail(at mark: Mark?, _ message: String) {
        let (line, column) = matter.position(of: mark)
        diagnostics.append(Diagnostic(path: path, line: line, column: column, severity: .error, message: message))
    }

    mutating func warn(at mark: Mark?, _ message: String) {
        let (line, column) = matter.position(of: mark)
        diagnostics.append(Diagnostic(path: path, line: line, column: column, severity: .warning, message: message))
    }

    private func scalar(_ key: String) -> (text: String, mark: Mark?)? {
        guard let node = matter.value(key), case .scalar(let scalar) = node else { return nil }
        return (scalar.string, node.mark)
    }

    mutating func string(_ key: String) -> String? {
        guard let node = matter.value(key) else { return nil }
        guard case .scalar(let scalar) = node, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
            fail(at: node.mark, "'\(key)' must be a single line of text")
            return nil
        }
        return scalar.string.trimmingCharacters(in: .whitespaces)
    }

    /// A line of text to show, cleaned and cut to `limit` characters (with a warning when cut).
    mutating func text(_ key: String, limit: Int) -> String? {
        guard let raw = string(key) else { return nil }
        let clean = CleanText(raw, limit: limit)
        if clean.wasCut {
            warn(at: matter.value(key)?.mark, "'\(key)' has \(clean.originalCount) characters; only the first \(limit) are shown — shorten it")
        } else if clean.wasCleaned {
            warn(at: matter.value(key)?.mark, "'\(key)' holds control characters or a character with more than \(Limits.marksPerCharacter) combining marks; those are left out")
        }
        return clean.wasCut ? clean.text + "…" : clean.text
    }

    mutating func strings(_ key: String) -> [String] {
        guard let node = matter.value(key) else { return [] }
        switch node {
        case .scalar(let scalar):
            return scalar.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .sequence(let sequence):
            return sequence.compactMap { $0.string }
        default:
            fail(at: node.mark, "'\(key)' must be a list such as [lobby, library]")
            return []
        }
    }

    /// A whole number inside `range`; anything else is an error naming the key and the range.
    mutating func int(_ key: String, within range: ClosedRange<Int>) -> Int? {
        guard let (text, mark) = scalar(key) else { return nil }
        guard let value = Int(text) else {
            fail(at: mark, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            fail(at: mark, "'\(key)' is \(value), outside the allowed range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    /// `true`/`false` (YAML's yes/no and on/off too); nil when absent, an error when neither.
    mutating func flag(_ key: String) -> Bool? {
        guard let (text, mark) = scalar(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(at: mark, "'\(key)' must be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func duration(_ key: String) -> TimeInterval? {
        guard let (text, mark) = scalar(key) else { return nil }
        guard let seconds = FeedTime.parseDuration(text) else {
            fail(at: mark, "'\(key)' must be a length of time such as 12s or 1m30s, not '\(text)'")
            return nil
        }
        guard Limits.duration.contains(seconds) else {
            fail(at: mark, "'\(key)' is '\(text)', outside the allowed range: a length of time \(Limits.describe(Limits.duration))")
            return nil
        }
        return seconds
    }

    /// A date or date-time; a bare date used as an end means the end of that day.
    mutating func instant(_ key: String, endOfDay: Bool) -> Date? {
        guard let (text, mark) = scalar(key) else { return nil }
        return parseInstant(text, mark: mark, key: key, endOfDay: endOfDay)
    }

    private mutating func parseInstant(_ text: String, mark: Mark?, key: String, endOfDay: Bool) -> Date? {
        guard let date = FeedTime.parseInstant(text) else {
            fail(at: mark, "'\(key)' must be a date like 2026-12-28 or a date and time like 2026-12-28 17:00, not '\(text)'")
            return nil
        }
        guard let year = Int(text.trimmingCharacters(in: .whitespaces).prefix(4)), Limits.years.contains(year) else {
            fail(at: mark, "'\(key)' is '\(text)'; dates must be in the years \(Limits.years.lowerBound) to \(Limits.years.upperBound)")
            return nil
        }
        return endOfDay && FeedTime.isDateOnly(text) ? date.addingTimeInterval(86400) : date
    }

    /// The keys every item understands: window, duration, targeting, priority, language.
    mutating func readCommon(into item: inout ContentItem) {
        item.lang = string("lang") ?? "ja"
        item.start = instant("start", endOfDay: false)
        item.end = instant("end", endOfDay: true)
        item.duration = duration("duration")
        item.screens = strings("screens")
        item.tags = strings("tags")
        item.priority = int("priority", within: Limits.priority) ?? 0
        item.daypart = daypart()
        if let link = string("link") {
            let lower = link.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || link.count > Limits.linkCharacters || link.contains(where: \.isWhitespace) {
                fail(at: matter.fields.first(where: { $0.key == "link" })?.value.mark, "'link' must be a web address starting with https:// (at most \(Limits.linkCharacters) characters); it is shown as a QR code, never opened")
            } else {
                item.link = link
            }
        }
        item.every = int("every", within: Limits.every)
        item.maxPerHour = int("max_per_hour", within: Limits.perHour)
        item.minPerHour = int("min_per_hour", within: Limits.perHour)
        if let start = item.start, let end = item.end, end <= start {
            fail(at: matter.fields.first(where: { $0.key == "end" })?.keyMark, "'end' is not after 'start'")
        }
    }

    /// `days: [mon, fri]` / `weekdays`, `hours: 09:00-17:00` (or a list), `except: [2026-12-29]`.
    mutating func daypart() -> Daypart? {
        var daypart = Daypart()
        if let node = matter.value("days") {
            switch Daypart.parseDays(strings("days")) {
            case .success(let days): daypart.weekdays = days
            case .failure(let unknown): fail(at: node.mark, "'days' has '\(unknown.word)'; use mon, tue, wed, thu, fri, sat, sun, weekdays or weekends")
            }
        }
        if let node = matter.value("hours") {
            for text in strings("hours") {
                guard let range = Daypart.parseRange(text) else {
                    fail(at: node.mark, "'hours' has '\(text)'; write a time range like 09:00-17:00 (22:00-06:00 crosses midnight)")
                    continue
                }
                daypart.ranges.append(range)
            }
        }
        if let node = matter.value("except") {
            for text in strings("except") {
                guard let day = Daypart.dayKey(ofDate: text) else {
                    fail(at: node.mark, "'except' has '\(text)'; list dates like 2026-12-29")
                    continue
                }
                daypart.excluded.insert(day)
            }
        }
        return daypart.isUnrestricted ? nil : daypart
    }

    /// `when: 2026-12-06 10:00` or `when: 2026-12-06 10:00 / 2026-12-06 12:00` (or `〜`), and `where`.
    mutating func event() -> EventInfo? {
        guard let (text, mark) = scalar("when") else {
            fail(at: nil, "an event needs 'when:', e.g. 'when: 2026-12-06 10:00 / 2026-12-06 12:00'")
            return nil
        }
        var parts = text.components(separatedBy: CharacterSet(charactersIn: "/〜~～"))
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // `2026-12-06 10:00-11:30` is a range, not 10:00 at the offset -11:30: the hyphen
        // between two times means "to", as it does everywhere else staff write hours.
        let range = #/^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/#
        if parts.count == 1, let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: range) {
            parts = ["\(match.1) \(match.2)", "\(match.1) \(match.3)"]
        }
        // A one-digit hour is written as people write it: `2026-12-06 9:00`.
        parts = parts.map { $0.replacing(#/^(\d{4}-\d{2}-\d{2})[ T](\d):/#) { "\($0.1) 0\($0.2):" } }
        // An end written as a time alone is on the start's day: `2026-12-06 10:00 / 12:00`.
        if parts.count == 2, parts[1].wholeMatch(of: #/\d{1,2}:\d{2}/#) != nil, parts[0].count >= 10 {
            parts[1] = String(parts[0].prefix(10)) + " " + parts[1]
        }
        guard (1...2).contains(parts.count), let start = parseInstant(parts[0], mark: mark, key: "when", endOfDay: false)
        else {
            if errors.isEmpty { fail(at: mark, "'when' must be a start, or a start and an end separated by '/'") }
            return nil
        }
        let allDay = FeedTime.isDateOnly(parts[0])
        var end = start.addingTimeInterval(allDay ? 86400 : 0)
        if parts.count == 2 {
            guard let parsed = parseInstant(parts[1], mark: mark, key: "when", endOfDay: true) else { return nil }
            end = parsed
        } else if !allDay {
            // A start time alone: the event counts as running until the end of its day.
            let calendar = FeedTime.calendar(in: FeedTime.defaultTimeZone)
            end = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: start)) ?? start
        }
        guard end > start else {
            fail(at: mark, "the event's end is not after its start")
            return nil
        }
        var info = EventInfo(start: start, end: end, allDay: allDay, place: self.text("where", limit: Limits.shortCharacters))
        info.keepsDisplayOn = flag("display_on") ?? false
        info.endGiven = parts.count == 2
        return info
    }
}
