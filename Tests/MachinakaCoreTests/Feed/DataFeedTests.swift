import Foundation
@testable import MachinakaCore
import Testing

/// The data folder as the feed reads it: files another system writes, each read by its board,
/// a broken one never losing what was good.
@Suite struct DataFeedTests {
    static let counters = "{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": 124, \"waiting\": 8, \"wait_minutes\": 15, \"status\": \"open\"}]}"

    @Test func theSampleFeedsDataIsReadWithoutAProblem() throws {
        let feed = try FeedLoader().load(from: Repository.content)
        #expect(Set(feed.data.keys) == ["data/counters.json", "data/clinics.csv", "data/shelters.csv"])
        #expect(feed.data.values.map(\.board).sorted() == ["clinics", "counters", "shelters"])
        #expect(!feed.diagnostics.contains { $0.path.hasPrefix("data/") }, "\(feed.diagnostics)")
    }

    @Test func aBrokenFileKeepsTheLastGoodDataWhichGoesStaleInTime() throws {
        let folder = try TestFeed()
        try folder.write("data/counters.json", Self.counters)
        let store = try FeedStore(folder: folder.root)
        #expect((store.feed.data["data/counters.json"]?.payload as? CounterData)?.counters.first?.serving == 124)
        // The ticket machine writes half a file.
        try folder.write("data/counters.json", String(Self.counters.prefix(60)))
        let feed = store.update(["data/counters.json"])
        let kept = try #require(feed.data["data/counters.json"]?.payload as? CounterData)
        #expect(kept.counters.first?.serving == 124, "the last good data stays")
        #expect(feed.diagnostics.contains { $0.path == "data/counters.json" && $0.severity == .error && $0.line == 1 && $0.message.contains("not JSON") })
        #expect(feed.diagnostics.contains { $0.message.contains("last good version") })
        // …and is shown as what it is: old.
        let board = try CountersBoardTests.slide(kept, at: tokyo("2026-12-03T10:30"))
        #expect(board.status?.stale == true)
    }

    @Test func aNewVersionMarksTheNumbersThatChanged() throws {
        let folder = try TestFeed()
        try folder.write("data/counters.json", Self.counters)
        let store = try FeedStore(folder: folder.root)
        try folder.write("data/counters.json", Self.counters.replacingOccurrences(of: "124", with: "125"))
        let file = try #require(store.update(["data/counters.json"]).data["data/counters.json"])
        let counter = try #require((file.payload as? CounterData)?.counters.first)
        #expect(counter.serving == 125 && counter.servingChanged == file.received, "marked with the time the file came")
    }

    @Test func aFileIsReadByTheBoardItsNameOrHeaderNames() throws {
        let folder = try TestFeed()
        try folder.write("data/madoguchi-2f.json", Self.counters)
        try folder.write("data/kyujitsu.csv", "date,department,name,address,phone,hours,area\n2026-12-06,内科,A,,,09:00-17:00,\n")
        try folder.write("data/weather.csv", "city,temperature\n相模原,12\n")
        try folder.write("data/notes.txt", "hello")
        let feed = try folder.load()
        #expect(feed.data["data/madoguchi-2f.json"]?.board == "counters")
        #expect(feed.data["data/kyujitsu.csv"]?.board == "clinics")
        #expect(feed.data["data/weather.csv"] == nil)
        let error = try #require(feed.diagnostics.first { $0.path == "data/weather.csv" })
        #expect(error.severity == .error && error.message.contains("no board reads this file") && error.message.contains("shelters: a .csv whose header is name,area,status"))
        #expect(feed.diagnostics.contains { $0.path == "data/notes.txt" && $0.severity == .warning })
    }

    @Test func aSpreadsheetsShiftJISIsRefusedWithAHint() throws {
        let folder = try TestFeed()
        // "date,department\n2026-12-06,内科" in Shift_JIS: 内科 is 0x93 0xE0 0x89 0xC8.
        try folder.write("data/clinics.csv", bytes: Array("date,department,name,address,phone,hours,area\n2026-12-06,".utf8) + [0x93, 0xE0, 0x89, 0xC8] + Array(",A,,,09:00-17:00,\n".utf8))
        let feed = try folder.load()
        #expect(feed.diagnostics.contains { $0.path == "data/clinics.csv" && $0.message.contains("Shift_JIS") })
    }

    /// A file that has never been read well (one bad row from the start, or a player started
    /// after it went bad) left its panel saying there was nothing: 「開設中の避難所はありません」
    /// over 39 open shelters and one capacity written 約400. Each board now says it cannot show
    /// its information; `check` says why.
    @Test(arguments: [
        ("shelters", "data/shelters.csv", "name,area,status,capacity,occupancy,updated\nA,中央区,開設,400,1,2026-12-06T10:10:00+09:00\nB,南区,開設,約400,1,2026-12-06T10:10:00+09:00\n", "開設中の避難所はありません"),
        ("clinics", "data/clinics.csv", "date,department,name,address,phone,hours,area\n2026-12-06,内科,A,,,9:00-17:00,\n2026-12-06,内科,B,,,午前のみ,\n", ClinicsBoard.noneToday),
        ("counters", "data/counters.json", "{\"updated\": \"2026-12-06T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": -1, \"status\": \"open\"}]}", "窓口の情報はまだありません"),
    ])
    func aPanelOverAFileNeverReadSaysItCannotShowItNotThatThereIsNone(_ board: String, _ path: String, _ text: String, _ none: String) throws {
        let folder = try TestFeed()
        try folder.write(path, text)
        try folder.write("screens/hall.yml", "panel: {board: \(board), data: \(path)}\n")
        let feed = try FeedStore(folder: folder.root).feed
        #expect(feed.data[path] == nil && feed.unreadableData == [path])
        #expect(feed.diagnostics.contains { $0.path == path && $0.severity == .error })
        let screen = try #require(feed.screens["hall"])
        let item = try #require(screen.panel?.item)
        let context = Rotation(feed: feed, screen: screen).context
        guard case .board(let slide)? = item.handler?.slide(item, at: tokyo("2026-12-06T10:16"), context: context) else {
            Issue.record("no board")
            return
        }
        #expect(slide.rows.isEmpty && slide.empty.hasPrefix("ただいま情報を表示できません") && !slide.empty.contains(none), "\(slide.empty)")
        // A file that is simply not there is not said to be unreadable.
        try FileManager.default.removeItem(atPath: folder.root + "/" + path)
        let gone = try FeedStore(folder: folder.root).feed
        #expect(gone.unreadableData.isEmpty)
    }

    /// The files said unreadable follow the folder as it changes under a playing store: a
    /// shelters file bad from the start; the data folder replaced by one where it is good;
    /// the file replaced by a FIFO (refused, its last good version kept); then removed.
    @Test func theUnreadableFilesFollowTheFolderAsItChanges() throws {
        let folder = try TestFeed()
        let header = "name,area,status,capacity,occupancy,updated\n"
        try folder.write("data/shelters.csv", header + "A,中央区,開設,約400,1,2026-12-06T10:10:00+09:00\n")
        let store = try FeedStore(folder: folder.root)
        #expect(store.feed.unreadableData == ["data/shelters.csv"])
        try FileManager.default.createDirectory(atPath: folder.root + "/data.new", withIntermediateDirectories: true)
        try folder.write("data.new/shelters.csv", header + "A,中央区,開設,400,1,2026-12-06T10:10:00+09:00\n")
        #expect(rename(folder.root + "/data", folder.root + "/data.old") == 0 && rename(folder.root + "/data.new", folder.root + "/data") == 0)
        let swapped = store.update(["data", "data.old", "data.new"])
        #expect(swapped.unreadableData.isEmpty && swapped.data["data/shelters.csv"] != nil, "\(swapped.unreadableData)")
        #expect(unlink(folder.root + "/data/shelters.csv") == 0 && mkfifo(folder.root + "/data/shelters.csv", 0o644) == 0)
        let fifo = store.update(["data/shelters.csv"])
        #expect(fifo.unreadableData.isEmpty && fifo.data["data/shelters.csv"] != nil, "the last good version kept: \(fifo.unreadableData)")
        #expect(fifo.diagnostics.contains { $0.path == "data/shelters.csv" && $0.severity == .error })
        #expect(unlink(folder.root + "/data/shelters.csv") == 0)
        let gone = store.update(["data/shelters.csv"])
        #expect(gone.unreadableData.isEmpty && gone.data["data/shelters.csv"] == nil)
    }

    @Test func checkWarnsOfABoardWhoseFileIsMissingOrOfAnotherBoard() throws {
        let folder = try TestFeed()
        try folder.write("data/shelters.csv", "name,area,status,capacity,occupancy,updated\nA,中央区,開設,400,1,2026-12-03T10:10:00+09:00\n")
        try folder.write("playlists/main.yml", "items:\n  - {board: clinics, data: data/clinics.csv}\n  - {board: clinics, data: data/shelters.csv}\n")
        try folder.write("screens/hall.yml", "panel: {board: counters, data: data/counters-2f.json}\n")
        let feed = try folder.load()
        let warnings = FeedChecker.warnings(for: feed, at: tokyo("2026-12-03T10:16"))
        #expect(warnings.contains { $0.path == "playlists/main.yml" && $0.message.contains("data/clinics.csv, which is not in the feed") })
        #expect(warnings.contains { $0.path == "playlists/main.yml" && $0.message.contains("data/shelters.csv, which holds shelters data") })
        #expect(warnings.contains { $0.path == "screens/hall.yml" && $0.message.contains("data/counters-2f.json") })
    }

    @Test func aBoardEntryHasTheUsualDaypartKeys() throws {
        let folder = try TestFeed()
        try folder.write("data/counters.json", Self.counters)
        try folder.write("news/a.md", TestFeed.notice("お知らせ"))
        try folder.write("playlists/main.yml", "items:\n  - news/*.md\n  - {board: counters, data: data/counters.json, days: [weekdays], hours: \"08:30-17:15\"}\n")
        let feed = try folder.load()
        #expect(!feed.hasErrors, "\(feed.diagnostics)")
        let rotation = Rotation(feed: feed, screen: ScreenConfig(id: "s"))
        // Thursday morning: the counters play; Saturday, and Thursday night, they do not.
        #expect(rotation.eligible(at: tokyo("2026-12-03T10:16")).contains { $0.item.kind == .board })
        #expect(!rotation.eligible(at: tokyo("2026-12-05T10:16")).contains { $0.item.kind == .board })
        #expect(!rotation.eligible(at: tokyo("2026-12-03T19:00")).contains { $0.item.kind == .board })
    }

    @Test func anEntryWithAKeyItDoesNotKnowIsAnError() throws {
        let folder = try TestFeed()
        try folder.write("playlists/main.yml", "items:\n  - {source: news/*.md, durration: 10s}\n")
        let feed = try folder.load()
        #expect(feed.diagnostics.contains { $0.path == "playlists/main.yml" && $0.severity == .error && $0.message.contains("'durration' is not a setting") })
    }
}
