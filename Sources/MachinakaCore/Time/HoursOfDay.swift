import Foundation

/// A span of local hours as staff write it, `08:30-17:15` or `22:00-07:00`, as minutes of the
/// day: start..<end, an end before the start running past midnight (end + 1440).
public enum HoursOfDay {
    public static func parse(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ part: String) -> Int? {
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let h = Int(pieces[0]), let m = Int(pieces[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else { return nil }
            return h * 60 + m
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start != end else { return nil }
        return start < end ? start..<end : start..<(end + 1440)
    }
}
