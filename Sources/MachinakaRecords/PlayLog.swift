import Foundation
import GRDB
import MachinakaCore

/// One showing: an item (or alert) on a screen from `start` to `end`.
public struct Play: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public var screen: String
    /// news, event, image, board, alert, fallback.
    public var kind: String
    /// The feed-relative path (an alert's file for alerts).
    public var source: String
    public var title: String
    public var start: Date
    public var end: Date
    /// An alert took the screen before the item's time was up.
    public var cutShort: Bool

    public static let databaseTableName = "play"

    enum CodingKeys: String, CodingKey {
        case screen, kind, source, title, start, end
        case cutShort = "cut_short"
    }

    public init(screen: String, kind: String, source: String, title: String, start: Date, end: Date, cutShort: Bool) {
        self.screen = screen
        self.kind = kind
        self.source = source
        self.title = title
        self.start = start
        self.end = end
        self.cutShort = cutShort
    }
}

/// One line of a report: how often and how long an item was shown on a screen on a day.
public struct PlayReportRow: Equatable, Sendable {
    public var day: String
    public var screen: String
    public var kind: String
    public var source: String
    public var title: String
    public var plays: Int
    public var seconds: Double
    public var cutShort: Int
}

/// The proof of play: every showing, in SQLite, written when it ends, one transaction each,
/// with full synchronisation, so a power cut loses at most the item on screen. The alert
/// tombstones (`AlertMemory`) are kept in the same file.
public final class PlayLog: Sendable {
    private let queue: DatabaseQueue

    /// Opens (or creates) the log at `path`.
    public init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL keeps readers (reports) from blocking the player; FULL makes each play durable.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: Play.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("screen", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("source", .text).notNull()
                t.column("title", .text).notNull()
                t.column("start", .datetime).notNull().indexed()
                t.column("end", .datetime).notNull()
                t.column("cut_short", .boolean).notNull()
            }
        }
        migrator.registerMigration("v2-tombstones") { db in
            try db.create(table: StoredTombstone.databaseTableName) { t in
                t.column("sender", .text).notNull()
                t.column("identifier", .text).notNull()
                t.column("sent", .double).notNull()
                t.column("by", .text).notNull()
                t.column("cancelled", .boolean).notNull()
                t.column("until", .datetime).notNull().indexed()
                t.primaryKey(["sender", "identifier", "sent"])
            }
        }
        try migrator.migrate(queue)
    }

    /// Opens an existing log only to read it (`report`): nothing is created or changed, and a
    /// file that is not a play log is refused.
    public init(readingFrom path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        guard try queue.read({ db in try db.tableExists(Play.databaseTableName) }) else {
            throw DatabaseError(resultCode: .SQLITE_NOTADB, message: "it holds no table of plays")
        }
    }

    /// The database, for the other records kept beside the plays.
    var database: DatabaseQueue { queue }

    /// Records one showing.
    public func record(_ play: Play) throws {
        guard play.end > play.start else { return }
        try queue.write { db in try play.insert(db) }
    }

    /// Deletes showings that ended before `date`; returns how many.
    @discardableResult
    public func prune(before date: Date) throws -> Int {
        try queue.write { db in try Play.filter(Column("end") < date).deleteAll(db) }
    }

    /// Every showing that started in `[from, to)`, in order.
    public func plays(from: Date, to: Date) throws -> [Play] {
        try queue.read { db in
            try Play.filter(Column("start") >= from && Column("start") < to).order(Column("start")).fetchAll(db)
        }
    }

    /// Plays per item per local day per screen, in `[from, to)`.
    public func report(from: Date, to: Date, zone: TimeZone) throws -> [PlayReportRow] {
        let calendar = FeedTime.calendar(in: zone)
        var rows: [String: PlayReportRow] = [:]
        for play in try plays(from: from, to: to) {
            let c = calendar.dateComponents([.year, .month, .day], from: play.start)
            let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            let key = [day, play.screen, play.source].joined(separator: "\u{1F}")
            var row = rows[key] ?? PlayReportRow(day: day, screen: play.screen, kind: play.kind, source: play.source, title: play.title, plays: 0, seconds: 0, cutShort: 0)
            row.plays += 1
            row.seconds += play.end.timeIntervalSince(play.start)
            row.cutShort += play.cutShort ? 1 : 0
            row.title = play.title
            rows[key] = row
        }
        return rows.values.sorted { ($0.day, $0.screen, $0.source) < ($1.day, $1.screen, $1.source) }
    }
}
