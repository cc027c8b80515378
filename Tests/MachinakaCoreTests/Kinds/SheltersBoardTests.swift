import Foundation
@testable import MachinakaCore
import Testing

/// `data/shelters.csv`: open shelters with how full they are, stale rows said plainly.
@Suite struct SheltersBoardTests {
    static let list = """
        name,area,status,capacity,occupancy,updated
        中央第一小学校,中央区,開設,400,120,2026-12-03T10:10:00+09:00
        相模川南中学校,南区,open,600,510,2026-12-03T10:05:00+09:00
        緑ヶ丘公民館,緑区,満員,150,150,2026-12-03T09:55:00+09:00
        清新地区センター,中央区,閉鎖,200,0,2026-12-03T08:00:00+09:00
        """

    static func read(_ text: String) -> (ShelterList?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let list = SheltersBoard().read(text, path: "data/shelters.csv", into: &diagnostics) as? ShelterList
        return (list, diagnostics)
    }

    static func screen(_ tags: [String]) -> ScreenConfig {
        var screen = ScreenConfig(id: "s")
        screen.tags = tags
        return screen
    }

    @Test func readsStatusesInEitherLanguage() throws {
        let (list, diagnostics) = Self.read(Self.list)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(list?.shelters.map(\.status) == [.open, .open, .full, .closed])
    }

    @Test(arguments: [
        ("name,area,status,capacity,occupancy,updated\nA,中央区,開設中,400,1,2026-12-03T10:10:00+09:00\n", 2, 7, "'status' must be one of"),
        ("name,area,status,capacity,occupancy,updated\nA,中央区,開設,four hundred,1,2026-12-03T10:10:00+09:00\n", 2, 10, "'capacity' must be a whole number"),
        ("name,area,status,capacity,occupancy,updated\nA,中央区,開設,0,0,2026-12-03T10:10:00+09:00\n", 2, 10, "needs its 'capacity'"),
        ("name,area,status,capacity,occupancy,updated\nA,中央区,開設,400,1,10:10\n", 2, 16, "'updated' must be a date and time"),
    ])
    func whatIsWrongIsSaidWhere(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        let (list, diagnostics) = Self.read(text)
        #expect(list == nil)
        let error = diagnostics.first { $0.severity == .error }
        #expect(error?.line == line && error?.column == column, "\(diagnostics)")
        #expect(error?.message.contains(words) == true, "\(diagnostics)")
    }

    @Test func openShelters_theScreensAreaFirst_withTheirOccupancyInWords() throws {
        let list = try #require(Self.read(Self.list).0)
        let board = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T10:15"), screen: Self.screen(["緑区"]))
        let names = board.rows.compactMap { row -> String? in if case .text(let name, _, _)? = row.cells.first { return name } else { return nil } }
        #expect(names == ["緑ヶ丘公民館", "中央第一小学校", "相模川南中学校"], "closed ones left out, 緑区 first")
        #expect(board.rows.map(\.nearby) == [true, false, false])
        // Full, nearly full and open are each said in words, not only by the bar's colour.
        let statuses = board.rows.map { row -> String in if case .text(let text, let english, _) = row.cells[1] { return text + "/" + (english ?? "") } else { return "" } }
        #expect(statuses == ["満員/Full", "開設/Open", "開設・残りわずか/Open — nearly full"])
        guard case .bar(let fraction, let label, let tone) = board.rows[1].cells[2] else {
            Issue.record("no bar")
            return
        }
        #expect(abs(fraction - 0.3) < 0.001 && label == "120 / 400人" && tone == .good)
        #expect(board.status == BoardSlide.StatusLine("10:10 現在  As of 10:10"))
    }

    @Test func aRowNotUpdatedForHalfAnHourShowsNoNumbers() throws {
        let list = try #require(Self.read(Self.list).0)
        let board = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T10:26"), screen: Self.screen([]))
        // 緑ヶ丘 was updated at 9:55: 31 minutes before.
        let stale = try #require(board.rows.first { if case .text("緑ヶ丘公民館", _, _)? = $0.cells.first { return true } else { return false } })
        #expect(stale.cells[1] == .text("更新停止中", secondary: "Not updating", tone: .muted))
        #expect(!stale.cells.contains { if case .bar = $0 { return true } else { return false } }, "no occupancy shown for a stale row")
        #expect(board.status?.stale == true)
    }

    /// The review feed's shelters, stamped 10:10, read at 10:03: every row said 更新停止中
    /// "Not updating, last update 10:10" and the board "some shelters are not updating" —
    /// a time to come given as the last update. A row stamped ahead of the clock says so,
    /// and so does the board when all are.
    @Test func rowsStampedAheadOfTheClockSaySoNotThatTheyStopped() throws {
        let list = try #require(Self.read(Self.list).0)
        let early = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T09:30"), screen: Self.screen([]))
        // 9:55, 10:05 and 10:10 are all more than five minutes ahead of 9:30.
        #expect(early.rows.allSatisfy { $0.cells[1] == .text("情報を確認中", secondary: "Being checked", tone: .muted) }, "\(early.rows)")
        #expect(early.rows.allSatisfy { !$0.cells.contains { if case .bar = $0 { return true } else { return false } } }, "no numbers shown as current")
        #expect(early.status?.stale == true && early.status?.text.hasPrefix("更新時刻が未来です") == true, "\(String(describing: early.status))")
        // At 9:58 only 10:05 and 10:10 are ahead; 9:55 is current: some rows, said per row.
        let mixed = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T09:58"), screen: Self.screen([]))
        #expect(mixed.rows.filter { if case .bar = $0.cells[2] { return true } else { return false } }.count == 1)
        #expect(mixed.status?.text.hasPrefix("一部の避難所") == true, "\(String(describing: mixed.status))")
        // At 11:00 every row is over half an hour old: all of them, not "some".
        let late = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T11:00"), screen: Self.screen([]))
        #expect(late.status?.text.hasPrefix("避難所の情報が更新されていません") == true, "\(String(describing: late.status))")
    }

    /// When every shelter stopped at the time the board's status line says, the rows do not
    /// each say it again (40 rows of 「最終更新 10:10」 under 「最新 10:10」); a row that stopped
    /// earlier than the latest still says its own time. From the next day, the day is said.
    @Test func theTimeTheStatusLineSaysIsNotRepeatedOnEachRow() throws {
        let list = try #require(Self.read(Self.list).0)
        let late = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-03T11:00"), screen: Self.screen([]))
        #expect(late.status?.text.contains("最新 10:10") == true, "\(String(describing: late.status))")
        let times = late.rows.map { $0.cells[2] }
        // 中央第一 at 10:10 (the latest), 相模川南 at 10:05, 緑ヶ丘 at 9:55.
        #expect(times.filter { $0 == .text("—", tone: .muted) }.count == 1, "\(times)")
        #expect(times.contains(.text("最終更新 10:05", secondary: "Last update 10:05", tone: .muted)), "\(times)")
        #expect(times.contains(.text("最終更新 9:55", secondary: "Last update 9:55", tone: .muted)), "\(times)")
        let nextDay = SheltersBoard.board(list, staleAfter: 1800, at: tokyo("2026-12-04T09:00"), screen: Self.screen([]))
        #expect(nextDay.status?.text.contains("最新 12月3日 10:10") == true, "\(String(describing: nextDay.status))")
        #expect(nextDay.rows.map { $0.cells[2] }.contains(.text("最終更新 12月3日 9:55", secondary: "Last update 3 Dec 9:55", tone: .muted)))
    }

    @Test func noOpenShelterMeansNoBoard() throws {
        let closed = try #require(Self.read("name,area,status,capacity,occupancy,updated\nA,中央区,閉鎖,400,0,2026-12-03T10:10:00+09:00\n").0)
        let item = try SheltersBoard().item(settings: ["data": "data/shelters.csv"]).get()
        let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/shelters.csv": DataFile(source: "data/shelters.csv", board: "shelters", received: Date(), payload: closed)])
        #expect(!SheltersBoard().hasContent(item, at: tokyo("2026-12-03T10:15"), context: context))
        #expect(SheltersBoard.openShelters(in: context.data, screen: ScreenConfig(id: "s"), at: tokyo("2026-12-03T10:15")) == nil)
    }

    @Test func anEvacuationOrderListsTheOpenShelters() throws {
        let list = try #require(Self.read(Self.list).0)
        let data = ["data/shelters.csv": DataFile(source: "data/shelters.csv", board: "shelters", received: Date(), payload: list)]
        let shown = try #require(SheltersBoard.openShelters(in: data, screen: Self.screen(["中央区"]), at: tokyo("2026-12-03T10:15")))
        #expect(shown.rows.count == 3 && shown.rows[0].nearby)
    }
}
