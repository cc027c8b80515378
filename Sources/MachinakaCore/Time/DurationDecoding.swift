import Foundation

extension KeyedDecodingContainer {
    /// A feed duration (`12s`, `1m30s`, `6h`) under `key`, or nil when absent; an error that
    /// quotes the value when it is not a duration.
    func decodeDuration(forKey key: Key) throws -> TimeInterval? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let seconds = FeedTime.parseDuration(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a length of time like 12s, 1m30s or 6h")
        }
        return seconds
    }
}
