import Foundation

/// What a data board reads from its file: the counters now, a holiday rota, the shelters.
/// Each board's file in `Kinds/` declares its own.
public protocol DataPayload: Hashable, Sendable {
    /// This data as it follows `previous` (the last good version of the same file), received
    /// at `instant`: a board that marks what just changed (a counter's number) carries the
    /// times over here. By default the data stands alone.
    func following(_ previous: any DataPayload, at instant: Date) -> Self
    /// The times the writing system stamped on the data (`updated`): checked against the
    /// file's own time, so a clock or time zone that is wrong is said, not shown as current.
    var updatedTimes: [Date] { get }
}

extension DataPayload {
    public func following(_ previous: any DataPayload, at instant: Date) -> Self { self }
    public var updatedTimes: [Date] { [] }
}

/// A file of `data/`, read by the board whose data it is.
public struct DataFile: Hashable, Sendable {
    /// The feed-relative path, e.g. `data/counters.json`.
    public var source: String
    /// The board that reads it (`counters`, `clinics`, `shelters`).
    public var board: String
    /// When the file was written into place (its modification time).
    public var received: Date
    /// What the board read.
    public var payload: any DataPayload

    public init(source: String, board: String, received: Date, payload: any DataPayload) {
        self.source = source
        self.board = board
        self.received = received
        self.payload = payload
    }

    public static func == (a: DataFile, b: DataFile) -> Bool {
        a.source == b.source && a.board == b.board && a.received == b.received && AnyHashable(a.payload) == AnyHashable(b.payload)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(received)
        hasher.combine(AnyHashable(payload))
    }
}

/// A board that shows a data file written by another system: its handler also reads the file.
/// Such a board's entry names its file (`{board: counters, data: data/counters.json}`).
public protocol DataBoardHandler: BoardHandler {
    /// The extension of its files (`json`, `csv`).
    var dataExtension: String { get }
    /// What its files look like, for the message about a file no board recognises.
    var formatSummary: String { get }
    /// Whether `name` (the file name without extension) or the file's first line says the file
    /// is this board's.
    func recognises(name: String, firstLine: String) -> Bool
    /// Reads a file's text; nil when it cannot be used, with `diagnostics` saying where and why.
    func read(_ text: String, path: String, into diagnostics: inout [Diagnostic]) -> (any DataPayload)?
}

extension DataBoardHandler {
    /// The board's item for an entry's settings: `data` names the file, and the source
    /// (`board:counters:data/counters.json`) keeps two boards of two files apart.
    func dataItem(settings: [String: String], title: String, payload: any ContentPayload) -> Result<ContentItem, BoardSettingError> {
        guard let data = settings["data"], !data.isEmpty else {
            return .failure(BoardSettingError(key: "data", message: "the \(boardName) board needs 'data', the file it shows, such as data/\(boardName).\(dataExtension)"))
        }
        guard data.hasPrefix("data/"), !data.split(separator: "/").contains(".."), data.lowercased().hasSuffix("." + dataExtension) else {
            return .failure(BoardSettingError(key: "data", message: "'\(data)' is not a .\(dataExtension) file in the feed's data/ folder"))
        }
        return .success(ContentItem(source: BoardReference(name: boardName, data: data).source, kind: .board, title: title, payload: payload))
    }

    /// The file an item of this board shows, from the context's data.
    func file(of path: String, in context: SlideContext) -> DataFile? {
        guard let file = context.data[path], file.board == boardName else { return nil }
        return file
    }

    /// Whether the file `item` shows is there but could not be read, with no good version: the
    /// board then says it cannot show its information (`unreadableNotice`), not that there is none.
    func unreadable(_ item: ContentItem, in context: SlideContext) -> Bool {
        guard let path = item.board?.data else { return false }
        return context.data[path] == nil && context.unreadable.contains(path)
    }

    /// What a data board says where its file could not be read: a resident learns the list is
    /// not shown, and staff see why in `check` and the log.
    static var unreadableNotice: String { "ただいま情報を表示できません  Information unavailable" }

}

/// The data file names a board's settings point to, read from `stale_after`-style settings.
enum DataSettings {
    /// A duration setting (`stale_after: 3m`) within `range`, or the default.
    static func duration(_ settings: [String: String], _ key: String, default value: TimeInterval,
                         within range: ClosedRange<TimeInterval> = Limits.staleAfter) -> Result<TimeInterval, BoardSettingError> {
        guard let text = settings[key] else { return .success(value) }
        guard let seconds = FeedTime.parseDuration(text) else {
            return .failure(BoardSettingError(key: key, message: "'\(text)' is not a duration such as 3m or 30m"))
        }
        guard range.contains(seconds) else {
            return .failure(BoardSettingError(key: key, message: "'\(text)' is outside the allowed range \(FeedTime.describeDuration(range.lowerBound))…\(FeedTime.describeDuration(range.upperBound))"))
        }
        return .success(seconds)
    }
}
