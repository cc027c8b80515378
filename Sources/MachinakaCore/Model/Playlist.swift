import Foundation

/// A rotation, from `playlists/<name>.yml`: what plays, in what order, for how long, where.
public struct Playlist: Equatable, Sendable, Codable {
    /// One line of the rotation: a feed-relative path or a pattern such as `news/*.md`.
    public struct Entry: Equatable, Sendable, Codable {
        /// A feed-relative path; `*` matches any characters within one folder level.
        public var source: String
        /// How long each matching item stays on screen (nil: the item's own, else the default).
        public var duration: TimeInterval?

        /// Creates an entry.
        public init(source: String, duration: TimeInterval? = nil) {
            self.source = source
            self.duration = duration
        }

        enum CodingKeys: String, CodingKey { case source, duration }

        public init(from decoder: Decoder) throws {
            // An entry may be a bare string: `- news/*.md`.
            if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
                if let problem = Self.problem(with: text) {
                    throw DecodingError.dataCorruptedError(in: single, debugDescription: problem)
                }
                self.init(source: text)
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(source: try c.decode(String.self, forKey: .source))
            if let problem = Self.problem(with: source) {
                throw DecodingError.dataCorruptedError(forKey: .source, in: c, debugDescription: problem)
            }
            if let text = try c.decodeIfPresent(String.self, forKey: .duration) {
                guard let seconds = FeedTime.parseDuration(text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .duration, in: c, debugDescription: "'\(text)' is not a duration like 12s")
                }
                duration = seconds
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(source, forKey: .source)
            try c.encodeIfPresent(duration.map { "\(Int($0))s" }, forKey: .duration)
        }

        /// Why `source` cannot name a file of the feed, if it cannot.
        static func problem(with source: String) -> String? {
            if source.contains("://") { return "'\(source)' is an address; playlists may name only files inside the feed" }
            if source.hasPrefix("/") || source.hasPrefix("~") { return "'\(source)' is an absolute path; name files relative to the feed folder, e.g. news/*.md" }
            if source.split(separator: "/").contains("..") { return "'\(source)' leads out of the feed folder with '..'" }
            return nil
        }

        /// Whether the feed-relative `path` is named by this entry.
        public func matches(_ path: String) -> Bool {
            Glob.matches(pattern: source, path: path)
        }
    }

    /// The file name without `.yml`; not read from the file.
    public var name: String
    /// Screen ids it plays on (empty and no tags: every screen).
    public var screens: [String]
    /// Screen tags it plays on.
    public var tags: [String]
    /// How long an item stays on screen when nothing else says.
    public var defaultDuration: TimeInterval
    /// The rotation, in order.
    public var items: [Entry]

    /// A playlist with every default: all news, events and posters, 15 s each, on every screen.
    public init(name: String) {
        self.name = name
        screens = []
        tags = []
        defaultDuration = 15
        items = [Entry(source: "news/*.md"), Entry(source: "events/*.md"), Entry(source: "media/*")]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case screens, tags, items
        case defaultDuration = "default_duration"
    }

    /// The keys a playlist file may contain.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    public init(from decoder: Decoder) throws {
        self.init(name: "")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        screens = try c.decodeIfPresent([String].self, forKey: .screens) ?? screens
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? tags
        items = try c.decodeIfPresent([Entry].self, forKey: .items) ?? items
        if let text = try c.decodeIfPresent(String.self, forKey: .defaultDuration) {
            guard let seconds = FeedTime.parseDuration(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .defaultDuration, in: c, debugDescription: "'\(text)' is not a duration like 15s")
            }
            defaultDuration = seconds
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(screens, forKey: .screens)
        try c.encode(tags, forKey: .tags)
        try c.encode(items, forKey: .items)
        try c.encode("\(Int(defaultDuration))s", forKey: .defaultDuration)
    }

    /// Whether this playlist plays on `screen`.
    public func plays(on screen: ScreenConfig) -> Bool {
        if screens.isEmpty && tags.isEmpty { return true }
        return screens.contains(screen.id) || !Set(tags).isDisjoint(with: screen.tags)
    }
}

/// Matches feed-relative paths against simple patterns (`*` within one folder level, `?`).
enum Glob {
    static func matches(pattern: String, path: String) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(path.unicodeScalars)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == s.count }
            switch p[i] {
            case "*":
                var k = j
                while true {
                    if match(i + 1, k) { return true }
                    if k == s.count || s[k] == "/" { return false }
                    k += 1
                }
            case "?":
                return j < s.count && s[j] != "/" && match(i + 1, j + 1)
            default:
                return j < s.count && s[j] == p[i] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }
}
