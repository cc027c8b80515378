import Foundation
@testable import MachinakaCore
import Testing

/// `data/clinics.csv`: checked with positions, shown on its days and the evening before, the
/// screen's own area first.
@Suite struct ClinicsBoardTests {
    static let rota = """
        date,department,name,address,phone,hours,area
        2026-12-06,内科,南台ファミリークリニック,相模原市南区南台1-6-6,042-000-0006,09:00-17:00,南区
        2026-12-06,小児科,こどもクリニック,相模原市南区相模大野3-3-3,042-000-0003,09:00-17:00,南区
        2026-12-06,内科,橋本駅前内科医院,相模原市緑区橋本2-2-2,042-000-0002,09:00-12:00/13:00-17:00,緑区
        2026-12-06,眼科,さがみ眼科,相模原市中央区中央3-3-3,042-000-0009,10:00-12:00,中央区
        2026-12-07,歯科,さがみ歯科医院,相模原市中央区相模原5-5-5,042-000-0005,10:00-16:00,中央区

        """

    static func read(_ text: String) -> (ClinicRota?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let rota = ClinicsBoard().read(text, path: "data/clinics.csv", into: &diagnostics) as? ClinicRota
        return (rota, diagnostics)
    }

    static func context(_ rota: ClinicRota, tags: [String] = []) -> SlideContext {
        var screen = ScreenConfig(id: "s")
        screen.tags = tags
        return SlideContext(screen: screen, items: [], data: ["data/clinics.csv": DataFile(source: "data/clinics.csv", board: "clinics", received: Date(), payload: rota)])
    }

    static func item(_ settings: [String: String] = [:]) throws -> ContentItem {
        try ClinicsBoard().item(settings: ["data": "data/clinics.csv"].merging(settings) { $1 }).get()
    }

    static func board(_ rota: ClinicRota, at instant: Date, tags: [String] = [], settings: [String: String] = [:]) throws -> BoardSlide {
        guard case .board(let board) = ClinicsBoard().slide(try item(settings), at: instant, context: context(rota, tags: tags)) else {
            throw CountersBoardTests.BoardError.notABoard
        }
        return board
    }

    @Test func readsTheRota() throws {
        let (rota, diagnostics) = Self.read(Self.rota)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let clinics = try #require(rota).clinics
        #expect(clinics.count == 5)
        #expect(clinics[2].hours == "9:00-12:00 / 13:00-17:00")
        #expect(rota?.days == [DayDate(year: 2026, month: 12, day: 6), DayDate(year: 2026, month: 12, day: 7)])
    }

    /// Hours as staff and spreadsheets write them: a note after them refused the whole file
    /// (and a panel said no clinic was on duty), and so did an en dash or 、 between spans.
    @Test func aNoteAfterTheHoursAndEveryKindOfDashAreRead() throws {
        let (rota, diagnostics) = Self.read("""
            date,department,name,address,phone,hours,area
            2026-12-06,内科,A,,,9:00-17:00（受付16:30まで）,
            2026-12-06,内科,B,,,9:00–12:00、13:00−17:00,
            2026-12-06,内科,D,,,10:00ー15:00,
            2026-12-06,内科,C,,０４２－０００－０００５,９：００－１２：００ (午後休診),

            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(rota?.clinics.map(\.hours) == ["9:00-17:00（受付16:30まで）", "9:00-12:00 / 13:00-17:00", "10:00-15:00", "9:00-12:00(午後休診)"])
        #expect(rota?.clinics.last?.phone == "042-000-0005", "a full-width phone number in ASCII")
        // A note alone is not hours.
        let (_, refused) = Self.read("date,department,name,address,phone,hours,area\n2026-12-06,内科,A,,,（休診）,\n")
        #expect(refused.contains { $0.message.contains("'hours' must be a time range") }, "\(refused)")
    }

    /// A note of 100,000 characters after the hours was kept whole for the board to set (the
    /// hours were the one field not cut as every text shown is). It is cut, and said.
    @Test func aHugeNoteAfterTheHoursIsCutAndSaid() throws {
        let huge = "9:00-17:00（" + String(repeating: "受付", count: 50_000) + "）"
        let (rota, diagnostics) = Self.read("date,department,name,address,phone,hours,area\n2026-12-06,内科,A,,,\(huge),\n")
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("'hours' has 100012 characters") }, "\(diagnostics)")
        #expect(rota == nil || rota!.clinics.allSatisfy { $0.hours.count <= Limits.shortCharacters + 20 })
    }

    @Test func fullWidthDigitsAndWaveDashesAreRead() throws {
        let (rota, diagnostics) = Self.read("date,department,name,address,phone,hours,area\n２０２６-１２-０６,内科,A,,,９：００～１７：００,\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(rota?.clinics.first?.hours == "9:00-17:00")
        #expect(rota?.clinics.first?.day == DayDate(year: 2026, month: 12, day: 6))
    }

    @Test(arguments: [
        ("date,department,name,address,phone,hours,area\n2026-13-06,内科,A,,,09:00-17:00,\n", 2, 1, "'date' must be a date such as 2026-12-06"),
        ("date,department,name,address,phone,hours,area\n2026-12-06,内科,A,,,9時から5時,\n", 2, 19, "'hours' must be a time range"),
        ("date,department,name,address,phone,hours,area\n2026-12-06,,A,,,09:00-17:00,\n", 2, 12, "'department' is empty"),
        ("date,name,address,phone,hours,area\n", 1, 1, "lacks the column department"),
        ("date,department,name,address,phone,hours,area\n2026-12-06,内科,A,相模原市中央区,中央1-1-1,,,09:00-17:00,\n", 2, 35, "this row has 9 fields; the header has 7"),
        ("", 1, 1, "the file is empty"),
    ])
    func whatIsWrongIsSaidWhere(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        let (rota, diagnostics) = Self.read(text)
        #expect(rota == nil)
        let error = diagnostics.first { $0.severity == .error }
        #expect(error?.line == line && error?.column == column, "\(diagnostics)")
        #expect(error?.message.contains(words) == true, "\(diagnostics)")
    }

    @Test func showsTodaysRotaByDepartmentWithTheScreensAreaFirst() throws {
        let rota = try #require(Self.read(Self.rota).0)
        let board = try Self.board(rota, at: tokyo("2026-12-06T09:00"), tags: ["緑区"])
        #expect(board.title == "12月6日（日）の休日当番医")
        #expect(board.subtitle == "Holiday clinics on duty today, Sun 6 Dec")
        let names = board.rows.compactMap { row -> String? in if case .text(let name, _, _)? = row.cells.first { return name } else { return nil } }
        // 内科 first (the screen's 緑区 before 南区), then 小児科, then a department not in the usual list.
        #expect(names == ["橋本駅前内科医院", "南台ファミリークリニック", "こどもクリニック", "さがみ眼科"])
        #expect(board.rows.map(\.section) == ["内科  Internal medicine", nil, "小児科  Pediatrics", "眼科  Ophthalmology"])
        #expect(board.rows.map(\.nearby) == [true, false, false, false])
    }

    @Test func tomorrowsRotaFromTheEveningBefore() throws {
        let rota = try #require(Self.read(Self.rota).0)
        let item = try Self.item()
        let context = Self.context(rota)
        let board = ClinicsBoard()
        #expect(!board.hasContent(item, at: tokyo("2026-12-05T16:59"), context: context))
        #expect(board.hasContent(item, at: tokyo("2026-12-05T17:00"), context: context))
        #expect(try Self.board(rota, at: tokyo("2026-12-05T18:00")).title == "明日 12月6日（日）の休日当番医")
        // The 6th's evening shows the 7th; after the 7th, nothing: the board leaves the rotation.
        #expect(try Self.board(rota, at: tokyo("2026-12-06T17:30")).title.contains("12月7日"))
        #expect(!board.hasContent(item, at: tokyo("2026-12-08T00:00"), context: context))
        // `evening_before: none`: only on the day; another time moves the evening.
        #expect(!board.hasContent(try Self.item(["evening_before": "none"]), at: tokyo("2026-12-05T18:00"), context: context))
        #expect(!board.hasContent(try Self.item(["evening_before": "19:00"]), at: tokyo("2026-12-05T18:00"), context: context))
        #expect(board.hasContent(try Self.item(["evening_before": "19:00"]), at: tokyo("2026-12-05T19:00"), context: context))
        // Its boundaries are the instants where that changes, so the rotation knows without polling.
        let boundaries = Set(board.boundaries(item, context: context))
        #expect(boundaries.isSuperset(of: [tokyo("2026-12-05T17:00"), tokyo("2026-12-06T00:00"), tokyo("2026-12-06T17:00"), tokyo("2026-12-08T00:00")]))
    }

    /// With nothing listed for today, the board (a panel says it all week) says when the next
    /// listed day is; after the last, only that there is none.
    @Test func anEmptyDaySaysWhenTheNextListedDayIs() throws {
        let rota = try #require(Self.read(Self.rota).0)
        #expect(try Self.board(rota, at: tokyo("2026-12-04T10:00")).empty == "本日の当番医の情報はありません　次は12月6日（日）  No clinics listed for today — next: Sun 6 Dec")
        #expect(try Self.board(rota, at: tokyo("2026-12-08T10:00")).empty == "本日の当番医の情報はありません  No clinics listed for today")
    }

    @Test func aBadEveningIsRefused() {
        guard case .failure(let error) = ClinicsBoard().item(settings: ["data": "data/clinics.csv", "evening_before": "dusk"]) else {
            Issue.record("accepted")
            return
        }
        #expect(error.key == "evening_before")
    }
}

/// Regression (#25): a rota of one day with thousands of rows (and as many departments) froze
/// the loop; now a board builds at most `BoardSlide.rowLimit` rows and counts the rest.
@Suite struct LargeDataBoardTests {
    static let day = "2026-12-06"

    @Test(arguments: [1, 5_000])
    func aRotaOfFiveThousandRowsBuildsOnlyWhatAScreenCanShow(departments: Int) throws {
        var text = "date,department,name,address,phone,hours,area\n"
        for index in 0..<5_000 {
            text += "\(Self.day),科\(index % departments),第\(index)医院,相模原市中央区中央1-1-\(index),042-000-0001,09:00-17:00,\(index % 2 == 0 ? "中央区" : "緑区")\n"
        }
        let (rota, diagnostics) = ClinicsBoardTests.read(text)
        #expect(diagnostics.isEmpty)
        let board = try ClinicsBoardTests.board(try #require(rota), at: tokyo("2026-12-06T10:00"), tags: ["緑区"])
        #expect(board.rows.count == BoardSlide.rowLimit)
        #expect(board.rowCount == 5_000, "the rest are counted: \(String(describing: board.totalRows))")
        if departments == 1 { #expect(board.rows.prefix(10).allSatisfy { $0.nearby }, "the screen's own area first") }
    }

    @Test func countersAndSheltersCountWhatTheyDoNotBuild() throws {
        var counters: [String] = []
        for index in 0..<5_000 {
            counters.append(#"{"id":"\#(index)","name":"窓口\#(index)","serving":\#(index),"waiting":1,"status":"open"}"#)
        }
        let (data, _) = CountersBoardTests.read(#"{"updated":"2026-12-03T10:15:30+09:00","counters":["# + counters.joined(separator: ",") + "]}")
        let board = try CountersBoardTests.slide(try #require(data), at: tokyo("2026-12-03T10:16"))
        #expect(board.rows.count == BoardSlide.rowLimit && board.rowCount == 5_000)

        let shelters = ShelterList(shelters: (0..<5_000).map {
            ShelterList.Shelter(name: "第\($0)小学校", area: $0 % 2 == 0 ? "中央区" : "緑区", status: .open, capacity: 400, occupancy: 10, updated: tokyo("2026-12-03T10:10"))
        })
        var screen = ScreenConfig(id: "s")
        screen.tags = ["緑区"]
        let list = SheltersBoard.board(shelters, staleAfter: 3600, at: tokyo("2026-12-03T10:15"), screen: screen)
        #expect(list.rows.count == BoardSlide.rowLimit && list.rowCount == 5_000)
        #expect(list.rows.allSatisfy { $0.nearby }, "the screen's own area first")
    }
}
