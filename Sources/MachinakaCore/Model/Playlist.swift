import Foundation

/// A rotation, from `playlists/<name>.yml`: what plays, in what order, for how long, where.
public struct Playlist: Equatable, Sendable, Codable {
    /// One line of the rotation: a feed-relative path or a pattern such as `news/*.md`, or a
    /// board (`{board: upcoming-events, days_ahead: 14}`) with the board's own settings.
    public struct Entry: Equatable, Sendable, Codable {
        /// A feed-relative path; `*` matches any characters within one folder level.
        /// Empty for a board entry.
        public var source: String
        /// A board built by the player instead of a file (`ContentKinds.boardNames`).
        public var board: String?
        /// The board's own settings, as written (its handler reads them).
        public var settings: [String: String] = [:]
        /// How long each matching item stays on screen (nil: the item's own, else the default).
        public var duration: TimeInterval?
        /// When in the week the entry plays (`days`, `hours`, `except` on the entry), within
        /// its playlist's; nil: whenever the playlist does.
        public var daypart: Daypart?

        /// Creates an entry.
        public init(source: String, duration: TimeInterval? = nil) {
            self.source = source
            self.duration = duration
        }

        /// Creates a board entry.
        public init(board: String, settings: [String: String] = [:], duration: TimeInterval? = nil) {
            self.source = ""
            self.board = board
            self.settings = settings
            self.duration = duration
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
            static let source = Key(stringValue: "source"), board = Key(stringValue: "board"), duration = Key(stringValue: "duration")
            static let days = Key(stringValue: "days"), hours = Key(stringValue: "hours"), except = Key(stringValue: "except")
            /// The keys every entry may have, besides a board's own settings.
            static let common: Set<String> = ["source", "board", "duration", "days", "hours", "except"]
        }

        public init(from decoder: Decoder) throws {
            // An entry may be a bare string: `- news/*.md`.
            if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
                if let problem = Self.problem(with: text) {
                    throw DecodingError.dataCorruptedError(in: single, debugDescription: problem)
                }
                self.init(source: text)
                return
            }
            let c = try decoder.container(keyedBy: Key.self)
            if let name = try c.decodeIfPresent(String.self, forKey: .board) {
                self.init(board: name, settings: try Self.boardSettings(c, board: name, besides: Key.common))
            } else {
                self.init(source: try c.decode(String.self, forKey: .source))
                if let problem = Self.problem(with: source) {
                    throw DecodingError.dataCorruptedError(forKey: .source, in: c, debugDescription: problem)
                }
                for key in c.allKeys where !Key.common.contains(key.stringValue) {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.stringValue)' is not a setting of a playlist entry; known: duration, days, hours, except")
                }
            }
            duration = try c.decodeDuration(forKey: .duration)
            daypart = try Daypart.decode(c, days: .days, hours: .hours, except: .except)
        }

        /// The settings of the board `name` written beside `board:` (keys other than
        /// `besides`), each checked by the board's handler.
        static func boardSettings(_ c: KeyedDecodingContainer<Key>, board name: String, besides: Set<String>) throws -> [String: String] {
            guard let handler = ContentKinds.board(named: name) else {
                throw DecodingError.dataCorruptedError(forKey: .board, in: c, debugDescription: "'\(name)' is not a board; known: \(ContentKinds.boardNames.joined(separator: ", "))")
            }
            var settings: [String: String] = [:]
            for key in c.allKeys where !besides.contains(key.stringValue) {
                guard handler.settingKeys.contains(key.stringValue) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.stringValue)' is not a setting of the \(name) board; known: \(handler.settingKeys.sorted().joined(separator: ", "))")
                }
                guard let value = Self.scalar(c, key) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.stringValue)' must be a single value")
                }
                settings[key.stringValue] = value
            }
            if case .failure(let error) = handler.item(settings: settings) {
                throw DecodingError.dataCorruptedError(forKey: Key(stringValue: error.key), in: c, debugDescription: error.message)
            }
            return settings
        }

        /// A setting's value as text, whatever scalar YAML made of it.
        private static func scalar(_ c: KeyedDecodingContainer<Key>, _ key: Key) -> String? {
            if let text = try? c.decode(String.self, forKey: key) { return text }
            if let number = try? c.decode(Int.self, forKey: key) { return String(number) }
            if let number = try? c.decode(Double.self, forKey: key) { return String(number) }
            if let flag = try? c.decode(Bool.self, forKey: key) { return String(flag) }
            return nil
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            if let board {
                try c.encode(board, forKey: .board)
                for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
                    try c.encode(value, forKey: Key(stringValue: key))
                }
            } else {
                try c.encode(source, forKey: .source)
            }
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
            board == nil && Glob.matches(pattern: source, path: path)
        }

        /// The board's item, for a board entry.
        public var boardItem: ContentItem? {
            guard let board, case .success(let item)? = ContentKinds.board(named: board)?.item(settings: settings) else { return nil }
            return item
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
    /// When in the week this playlist plays (nil: any time).
    public var daypart: Daypart?

    /// A playlist with every default: all news, events and posters, 15 s each, on every screen.
    public init(name: String) {
        self.name = name
        screens = []
        tags = []
        defaultDuration = 15
        items = [Entry(source: "news/*.md"), Entry(source: "events/*.md"), Entry(source: "media/*")]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case screens, tags, items, days, hours, except
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
        daypart = try Daypart.decode(c, days: .days, hours: .hours, except: .except)
        defaultDuration = try c.decodeDuration(forKey: .defaultDuration) ?? defaultDuration
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
