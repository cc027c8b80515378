import Foundation

/// Times written by other systems' clocks — a CAP message's `sent`, a data file's `updated` —
/// judged against this screen's: a little ahead is a clock that runs fast and counts as now;
/// further ahead is not trusted as current, and is said.
public enum ForeignClock {
    /// How far another system's clock may run ahead of the screen's and its "now" still count
    /// as now. NTP-synchronised machines differ by milliseconds; five minutes covers one whose
    /// time was set by hand, without taking a wrong time zone (hours) for the present.
    public static let tolerance: TimeInterval = 300

    /// Whether `stamp` is further ahead of `reference` than `tolerance`.
    public static func isAhead(_ stamp: Date, of reference: Date) -> Bool {
        stamp.timeIntervalSince(reference) > tolerance
    }

    /// How far `stamp` is from `reference`, in words ("90 s", "9 h 0 min").
    public static func distance(_ stamp: Date, from reference: Date) -> String {
        let seconds = Int(abs(stamp.timeIntervalSince(reference)).rounded())
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        if seconds < 2 * 86_400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86_400) days"
    }
}
