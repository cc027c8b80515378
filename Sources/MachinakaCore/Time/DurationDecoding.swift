import Foundation

extension KeyedDecodingContainer {
    /// A feed duration (`12s`, `1m30s`, `6h`) under `key`, or nil when absent; an error that
    /// quotes the value when it is not a duration, or names the range when it is outside it.
    func decodeDuration(forKey key: Key, within range: ClosedRange<TimeInterval> = Limits.duration) throws -> TimeInterval? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let seconds = FeedTime.parseDuration(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a length of time like 12s, 1m30s or 6h")
        }
        guard range.contains(seconds) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is outside the allowed range: a length of time \(Limits.describe(range))")
        }
        return seconds
    }

    /// A whole number under `key` inside `range`, or nil when absent.
    func decodeInt(forKey key: Key, within range: ClosedRange<Int>) throws -> Int? {
        guard contains(key) else { return nil }
        guard let value = try? decode(Int.self, forKey: key) else {
            let text = (try? decode(String.self, forKey: key)) ?? "this value"
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(value) is outside the allowed range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}
