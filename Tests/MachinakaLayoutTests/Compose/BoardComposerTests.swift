import MachinakaCore
@testable import MachinakaLayout
import Testing

/// A data board's layout is bounded by the screen, never by its file (#25: 300 shelters took
/// 15 s, 4,999 clinic rows froze the loop for 50 s). Measured as work — characters measured —
/// not as time, so the test says the same on a busy machine.
@Suite struct BoardComposerTests {
    static func shelters(_ count: Int, sections: Bool = false) -> BoardSlide {
        BoardSlide(badge: "防災  Disaster", title: "避難所の開設状況", subtitle: "Open evacuation shelters", style: .table,
                   columns: [BoardSlide.Column("避難所  Shelter", weight: 2.2), BoardSlide.Column("状況  Status", weight: 1.3),
                             BoardSlide.Column("受入れ人数  People / places", weight: 2.2)],
                   rows: (0..<count).map { index in
                       BoardSlide.Row([.text("相模原市立第\(index)小学校", secondary: "中央区"), .text("開設", secondary: "Open", tone: .good),
                                       .bar(fraction: 0.3, label: "\(index % 400) / 400人", tone: .good)],
                                      section: sections && index % 7 == 0 ? "地区 \(index / 7)" : nil, nearby: index < 3)
                   },
                   empty: "開設中の避難所はありません")
    }

    static func counters(_ count: Int) -> BoardSlide {
        BoardSlide(badge: "窓口案内  Counters", title: "窓口の待ち状況", subtitle: "Waiting at the counters", style: .cards,
                   rows: (0..<count).map { index in
                       BoardSlide.Row([.text("窓口 \(index)", secondary: "Counter \(index)"), .figure("\(100 + index)", caption: "呼出番号  Now serving"),
                                       .text("待ち 3人", secondary: "3 waiting")])
                   },
                   empty: "窓口の情報はまだありません")
    }

    /// `count` clinics, each with its address, phone and hours; in departments of three (or `every`).
    static func clinics(_ count: Int, departments: Bool = false, every: Int = 3) -> BoardSlide {
        BoardSlide(badge: "医療  Medical", title: "12月6日(日)の休日当番医", subtitle: "Holiday clinics on duty today", style: .table,
                   columns: [BoardSlide.Column("医療機関・所在地  Clinic, address", weight: 2.6),
                             BoardSlide.Column("電話  Phone", weight: 1.2, keepWhole: true),
                             BoardSlide.Column("受付時間  Hours", weight: 1.3, keepWhole: true)],
                   rows: (0..<count).map { index in
                       BoardSlide.Row([.text("さがみクリニック\(index)", secondary: "相模原市中央区中央\(index)-1-1"), .text("042-000-00\(10 + index)"), .text("09:00-17:00")],
                                      section: departments && index % every == 0 ? "診療科 \(index / every)" : nil, nearby: false)
                   },
                   empty: "なし")
    }

    func work(_ board: BoardSlide, width: Int = 1920, height: Int = 1080, compact: Bool = false) -> (pages: [[SceneNode]], measured: Int) {
        let measurer = CountingMeasurer()
        let metrics = ScreenMetrics(width: width, height: height)
        let composer = BoardComposer(metrics: metrics, theme: .standard, measurer: measurer, minimum: 20)
        let pages = composer.pages(board, in: Rect(x: 60, y: 100, width: width - 120, height: height - 200), compact: compact)
        return (pages.map(\.nodes), measurer.measured)
    }

    func texts(_ nodes: [SceneNode]) -> [String] {
        nodes.compactMap { if case .text(let text) = $0 { return text.text } else { return nil } }
    }

    @Test(arguments: [false, true]) func aTableOfFiveThousandRowsCostsWhatOneThatFillsTheScreenDoes(sections: Bool) {
        let filling = work(Self.shelters(400, sections: sections))
        let huge = work(Self.shelters(5000, sections: sections))
        #expect(huge.pages.count == BoardComposer.maxPages && filling.pages.count == BoardComposer.maxPages)
        // The same rows laid out; only the count of those left out ("ほか4,9xx件") differs.
        #expect(huge.measured <= filling.measured + 200, "5,000 rows: \(huge.measured) characters measured; 400 rows: \(filling.measured)")
        let last = texts(huge.pages.last!).joined(separator: "|")
        #expect(last.contains("more") && last.contains("ほか"), "the last page says how many more: \(last)")
        // Nothing is said to be left out when everything fits.
        let small = work(Self.shelters(12, sections: sections))
        #expect(small.pages.count < BoardComposer.maxPages)
        #expect(!texts(small.pages.last!).contains { $0.contains("more") })
    }

    /// The board's label stands at the end of a line under the title that has room for it,
    /// else above the title — never lost while the data is current. (Its English beside the
    /// title leaves no line of its own to stand at the end of; with the status line stale, a
    /// chip across the width, the label once went nowhere.) When the data has stopped and no
    /// line has room, the red line stands where the label would: the label does not push the
    /// rows down a line (beside a 1080p panel stale counters took 15 pages, fresh ones 10).
    @Test(arguments: [900, 1100, 1300, 1500, 1800])
    func theLabelIsDrawnWhileTheDataIsCurrentAndNeverPushesStaleRowsDown(width: Int) throws {
        var board = Self.shelters(3)
        let fresh = work(board, width: width).pages[0]
        #expect(texts(fresh).contains("防災  Disaster"), "at \(width) px, no status line")
        board.status = BoardSlide.StatusLine("10:10 現在  As of 10:10")
        #expect(texts(work(board, width: width).pages[0]).contains("防災  Disaster"), "at \(width) px, current")
        board.status = BoardSlide.StatusLine("一部の避難所の情報が更新されていません（最新 10:10）  Some shelters are not updating", stale: true)
        let stale = work(board, width: width).pages[0]
        func top(_ nodes: [SceneNode], _ text: String) throws -> Int {
            try #require(nodes.compactMap { if case .text(let node) = $0, node.text == text { return node.y } else { return nil } }.first)
        }
        // The title no lower than with no status line: nothing stands above it.
        #expect(try top(stale, "避難所の開設状況") <= top(fresh, "避難所の開設状況"), "at \(width) px")
        if let label = stale.compactMap({ if case .text(let node) = $0, node.text == "防災  Disaster" { return node.y } else { return nil } }).first {
            #expect(try label >= top(stale, "避難所の開設状況"), "at \(width) px: a label, where drawn, is beside a line, not above the title")
        }
    }

    /// The legend explains the mark of the screen's own area: said on the pages that show a
    /// marked row (the first three shelters are), not on every page.
    @Test func theLegendIsOnThePagesWithAMarkedRow() {
        let pages = work(Self.shelters(40)).pages
        #expect(pages.count > 1)
        let legend = BoardComposer.legendTexts
        #expect(texts(pages[0]).contains { legend.contains($0) }, "page 1 marks the first shelters")
        for page in pages.dropFirst() { #expect(!texts(page).contains { legend.contains($0) }, "\(texts(page))") }
    }

    /// Every shelter stopped updating at the time the status line says: each row's last
    /// column is a dash, and on a portrait slide that column was given the dash's width, its
    /// heading set a character a line down the page (受｜入｜れ｜人｜数｜P｜eo…). Each language
    /// of a heading keeps a line.
    @Test func aColumnOfDashesKeepsRoomForItsHeading() {
        var board = Self.shelters(12)
        board.rows = board.rows.map { row in
            var row = row
            row.cells = [row.cells[0], .text("更新停止中", secondary: "Not updating", tone: .muted), .text("—", tone: .muted)]
            return row
        }
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1080, height: 1920), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let page = composer.pages(board, in: Rect(x: 54, y: 200, width: 972, height: 1000), compact: false)[0]
        let shown = texts(page.nodes)
        #expect(shown.contains { $0.contains("受入れ人数") } && shown.contains { $0.contains("People / places") }, "\(shown.prefix(12))")
    }

    /// A stale status line too long for one line starts each language on a line of its own:
    /// beside a 720p panel it read "…Not updating since 6 Dec" and "10:15" under it.
    @Test func aStaleStatusLineOfTwoLinesHasALanguageOnEach() {
        var board = Self.counters(3)
        let japanese = "更新停止中　最終更新 12月6日 10:15", english = "Not updating since 6 Dec 10:15"
        board.status = BoardSlide.StatusLine(japanese + "  " + english, stale: true)
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1920, height: 1080), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let shown = texts(composer.pages(board, in: Rect(x: 60, y: 100, width: 800, height: 900), compact: false)[0].nodes)
        #expect(shown.contains(japanese) && shown.contains(english), "\(shown.prefix(6))")
    }

    /// An event's time beside a long place name: its column could not borrow its line from
    /// the place's, and the time was set at half the size of the date beside it. It is now
    /// made at most 0.85 smaller, then parts after its 〜. (Written in full-width digits, as
    /// an input method types them, it is as wide here as the real font sets 14:00〜15:30.)
    @Test func aTimeTooWideForItsColumnPartsRatherThanShrinksToHalf() {
        let board = BoardSlide(badge: "ご案内  Information", title: "今後のイベント", subtitle: "Upcoming events", style: .table,
                               columns: [BoardSlide.Column("日付  Date", weight: 1.3, keepWhole: true), BoardSlide.Column("時間  Time", weight: 1.1, keepWhole: true),
                                         BoardSlide.Column("催し・場所  Event, place", weight: 3.6)],
                               rows: [BoardSlide.Row([.text("12月19日（土）", secondary: "Sat 19 Dec"), .text("１４：００〜１５：３０"),
                                                      .text("市民クリスマスコンサート２０２６", secondary: "相模女子大学グリーンホール（相模原市文化会館）大ホール・相模原市中央区相生四丁目十二番")])],
                               empty: "")
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1920, height: 1080), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let nodes = composer.pages(board, in: Rect(x: 60, y: 100, width: 1565, height: 800), compact: false)[0].nodes
        let shown = nodes.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
        let date = shown.first { $0.text == "12月19日（土）" }
        let time = shown.filter { $0.text.hasPrefix("１４：００") || $0.text.hasPrefix("１５：３０") }
        #expect(date != nil && !time.isEmpty, "\(shown.map(\.text))")
        for part in time { #expect(part.font.size >= (date?.font.size ?? 0) * 85 / 100, "'\(part.text)' at \(part.font.size) px beside the date's \(date?.font.size ?? 0)") }
    }

    /// A clinic named in 200 characters took fourteen lines of a 720p side panel and ran over
    /// its page number, its phone and hours never shown. A name now stops at four lines and
    /// its address at three, each ending in "…", and the row stays on its page.
    @Test func aNameOfTwoHundredCharactersStaysAboveThePageNumber() {
        var board = Self.clinics(3)
        board.rows[1].cells[0] = .text(String(repeating: "医療法人社団さがみ中央総合内科消化器", count: 11),
                                       secondary: String(repeating: "相模原市中央区中央一丁目一番一号さがみ中央ビルディング別館", count: 4))
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1280, height: 720), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let body = Rect(x: 880, y: 60, width: 380, height: 600)
        let pages = composer.pages(board, in: body, compact: true)
        var found = false
        for page in pages {
            let shown = page.nodes.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
            let number = shown.first { $0.text.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil }
            guard shown.contains(where: { $0.text.hasPrefix("医療法人社団") }) else { continue }
            found = true
            let lowest = shown.filter { $0 != number }.map { $0.y + $0.font.size }.max() ?? 0
            #expect(lowest <= number.map(\.y) ?? body.y + body.height, "text down to \(lowest), the page number at \(number.map(\.y) ?? -1)")
            #expect(shown.contains { $0.text == "042-000-0011" }, "its phone shown: \(shown.map(\.text))")
            #expect(shown.filter { $0.text.hasPrefix("医療法人") || $0.text.contains("総合内科") }.count <= BoardComposer.nameLines)
        }
        #expect(found)
    }

    /// 200 clinics in departments: the last page a board has ended on a department's heading
    /// with none of its clinics under it, above 「ほか140件」 (a hostile tester's 20 clinics a
    /// department on eight pages). The heading now goes with them. Tried for each number of
    /// pages a slot may give, and departments of 3 to 20.
    @Test func theLastPageDoesNotEndOnAHeadingAboveTheRowsLeftOut() throws {
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1920, height: 1080), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        for (every, most) in [3, 5, 10, 20].flatMap({ every in (1...BoardComposer.maxPages).map { (every, $0) } }) {
            let board = Self.clinics(200, departments: true, every: every)
            let last = try #require(composer.pages(board, in: Rect(x: 60, y: 100, width: 1800, height: 800), compact: false, maxPages: most).last)
            let shown = texts(last.nodes)
            let note = try #require(shown.firstIndex { $0.hasPrefix("ほか") }, "\(shown)")
            #expect(note > 0 && !shown[note - 1].hasPrefix("診療科"), "\(every) a department, \(most) pages: \(shown.suffix(6))")
        }
    }

    /// A phone number with a note (042-000-0003（夜間 042-000-0004）) too wide for a narrow
    /// panel's line was parted after its first dash, as a time range is: 「042-」 |
    /// 「000-0003（夜間…」, the rest running out of the screen. It now parts before its note
    /// and at the note's space; a phone number's dashes never part it, nor does "+81-42-…".
    @Test func aPhoneNumberWithANoteInANarrowPanelPartsBeforeTheNoteNeverAtADash() {
        var board = Self.clinics(3)
        board.rows[0].cells[1] = .text("042-000-0003（夜間 042-000-0004）")
        board.rows[1].cells[1] = .text("+81-42-000-0006")
        board.rows[2].cells[2] = .text("9:00-17:00（受付16:30まで）")
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1080, height: 1920), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let nodes = composer.pages(board, in: Rect(x: 700, y: 100, width: 330, height: 1600), compact: true)[0].nodes
        let shown = nodes.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
        let phones = shown.filter { $0.text.contains("042-") || $0.text.contains("+81") || $0.text.contains("夜間") }
        #expect(phones.contains { $0.text == "042-000-0003" } && phones.contains { $0.text == "+81-42-000-0006" }, "\(phones.map(\.text))")
        // Hours with a note part before the note, not after the range's dash.
        #expect(shown.contains { $0.text == "9:00-17:00" } || shown.contains { $0.text == "9:00-17:00（受付16:30まで）" }, "\(shown.map(\.text))")
        #expect(!shown.contains { $0.text.hasSuffix("-") || $0.text.hasPrefix("000-") }, "\(shown.map(\.text))")
        for phone in phones { #expect(phone.x + FixedMeasurer().width(of: phone.text, font: phone.font) <= 1030, "'\(phone.text)' runs out of its panel") }
        #expect(BoardComposer.notes(of: "042-000-0003（夜間 042-000-0004）") == ["042-000-0003", "（夜間", "042-000-0004）"])
        #expect(BoardComposer.notes(of: "(夜間)042-000-0004") == ["(夜間)042-000-0004"], "a note first stays with its number")
        #expect(BoardComposer.valueAndNote("12月19日（土）") == nil, "a date keeps its weekday")
        #expect(BoardComposer.rangeDash(in: "（受付〜17:00）") == nil, "not inside a note")
        #expect(BoardComposer.rangeDash(in: "042-000-0003") == nil && BoardComposer.rangeDash(in: "+81-42-000-0006") == nil)
        #expect(BoardComposer.rangeDash(in: "9:00-17:00").map { "9:00-17:00"[...$0] } == "9:00-")
        #expect(BoardComposer.rangeDash(in: "14:00〜15:30").map { "14:00〜15:30"[...$0] } == "14:00〜")
    }

    /// A clinics panel at a 1080p screen's side: the advice under the title broke after its
    /// English's first word (「…確認してください Please」 | "call before you go") and the line
    /// of headings ended in its bar (「Clinic, address ｜」). Each language, and each heading
    /// after a bar, now starts a line where the whole does not fit.
    @Test func aNarrowPanelBreaksItsLinesBetweenLanguagesAndHeadings() {
        var board = Self.clinics(6)
        board.status = BoardSlide.StatusLine("受診の前に電話で確認してください  Please call before you go")
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1920, height: 1080), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let shown = texts(composer.pages(board, in: Rect(x: 1320, y: 100, width: 560, height: 880), compact: true)[0].nodes)
        #expect(shown.contains("受診の前に電話で確認してください") && shown.contains("Please call before you go"), "\(shown.prefix(8))")
        #expect(!shown.contains { $0.hasSuffix("｜") }, "\(shown.prefix(8))")
    }

    /// A department that goes on over a page says so on one line: at a 720p screen's side
    /// 「産婦人科 Obstetrics & gynecology（つづき continued）」 took three lines of a page that
    /// held one clinic under it. Where both languages do not fit, the Japanese alone.
    @Test func aGroupGoingOnOverAPageSaysSoOnOneLine() {
        var board = Self.clinics(12, departments: true)
        board.rows = board.rows.map { row in
            var row = row
            if row.section != nil { row.section = "産婦人科  Obstetrics & gynecology" }
            return row
        }
        let measurer = FixedMeasurer()
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1280, height: 720), theme: .standard, measurer: measurer, minimum: 20)
        let area = Rect(x: 960, y: 60, width: 300, height: 420)
        let headings = composer.pages(board, in: area, compact: true).flatMap { page in
            page.nodes.compactMap { node -> TextNode? in if case .text(let text) = node, text.text.contains("つづき") || text.text.contains("continued") { return text } else { return nil } }
        }
        #expect(!headings.isEmpty, "the test needs a department over two pages")
        for heading in headings {
            #expect(heading.text.contains("つづき") && measurer.width(of: heading.text, font: heading.font) <= area.width, "'\(heading.text)'")
        }
    }

    /// In a narrow frame whose columns fit side by side (shelters at a portrait screen's
    /// foot), each column keeps its first line and what is left goes to the smallest need
    /// first; only what nobody needs goes by weight.
    @Test func columnsInANarrowFrameKeepTheirFirstLinesAndServeTheSmallestNeedFirst() {
        #expect(BoardComposer.fill(1100, weights: [1, 1, 1], wants: [340, 300, 480], floors: [300, 300, 400]) == [340, 300, 460])
        #expect(BoardComposer.fill(1000, weights: [1, 1, 2], wants: [200, 200, 300], floors: [100, 100, 100]) == [275, 275, 450])
    }

    /// A shelter's name of 200 characters in a portrait screen's bottom band: the columns it
    /// cannot stand beside are stacked again, and no text runs out of the band — with the
    /// ordinary names too, set side by side.
    @Test(arguments: [false, true]) func aBandOfShelterColumnsKeepsEveryTextInside(hostile: Bool) {
        var board = Self.shelters(40)
        if hostile {
            board.rows[0].cells[0] = .text(String(repeating: "相模原市立第一小学校体育館", count: 16), secondary: "中央区")
        }
        let measurer = FixedMeasurer()
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1080, height: 1920), theme: .standard, measurer: measurer, minimum: 20)
        let band = Rect(x: 32, y: 1400, width: 1016, height: 460)
        let pages = composer.pages(board, in: band, compact: true)
        #expect(pages.count > 1)
        for page in pages {
            for case .text(let text) in page.nodes {
                #expect(text.x >= band.x && text.x + measurer.width(of: text.text, font: text.font) <= band.x + band.width + 1, "'\(text.text)' runs out of the band")
            }
        }
    }

    @Test func columnsThatNeedLessLendToThoseThatNeedMore() {
        // Enough for all: each column's share by weight, untouched.
        #expect(BoardComposer.share(1000, weights: [1, 1], wants: [300, 400], floors: [300, 400], whole: [false, false]) == [500, 500])
        // A clinic table at 1080p: the phone column lends, the hours (kept whole) are served
        // first and borrow from the name column, which keeps room for its longest name.
        let clinics = BoardComposer.share(1712, weights: [2.6, 1.2, 1.3], wants: [950, 300, 560], floors: [620, 300, 560], whole: [false, true, true])
        #expect(clinics[1] >= 300 && clinics[2] >= 560 && clinics[0] >= 620, "\(clinics)")
        #expect(clinics.reduce(0, +) <= 1712)
        // Spare that nobody needs goes back to the column that lent it.
        let spare = BoardComposer.share(1200, weights: [1, 1, 1], wants: [200, 450, 100], floors: [200, 450, 100], whole: [false, false, false])
        #expect(spare[1] == 450 && spare[0] > 200 && spare[2] > 100 && spare.reduce(0, +) <= 1200, "\(spare)")
        // Names that wrap anyway give up to a third of their share to a phone number kept whole.
        let long = BoardComposer.share(900, weights: [2, 1], wants: [2000, 400], floors: [1500, 400], whole: [false, true])
        #expect(long == [500, 400], "\(long)")
        // But nothing when it would still not be one line: the names would only be squeezed.
        let longer = BoardComposer.share(900, weights: [2, 1], wants: [2000, 800], floors: [1500, 800], whole: [false, true])
        #expect(longer == [600, 300], "\(longer)")
        // A clinic's phone and hours under its name in a narrow panel: the phone (no parts)
        // takes its whole width from the hours, which go one range above the other (042-|000-0009
        // broke there); the hours never take the phone's back.
        let narrow = BoardComposer.share(420, weights: [1.2, 1.3], wants: [215, 340], floors: [215, 160], whole: [true, true])
        #expect(narrow[0] >= 215 && narrow[1] >= 160 && narrow.reduce(0, +) <= 420, "\(narrow)")
    }

    @Test func namesFirstGivesNamesTheirLineAndValuesKeptWholeTheirFloorsAtLeast() {
        // A clinic table at 720p: the name and address on one line (580), the phone whole,
        // the hours at least one span wide (160), the rest to the hours up to one line.
        let widths = BoardComposer.namesFirst(1100, weights: [2.6, 1.2, 1.3], wants: [580, 200, 360], floors: [330, 200, 160], whole: [false, true, true])
        #expect(widths == [580, 200, 320], "\(String(describing: widths))")
        // What is left past every want is shared by weight.
        let roomy = BoardComposer.namesFirst(1200, weights: [1, 1], wants: [500, 300], floors: [300, 200], whole: [false, true])
        #expect(roomy == [700, 500], "\(String(describing: roomy))")
        // Nothing when the names' lines and the values' floors do not fit.
        #expect(BoardComposer.namesFirst(600, weights: [1, 1], wants: [500, 300], floors: [300, 200], whole: [false, true]) == nil)
    }

    @Test func scaledGivesEveryColumnTheSameFractionOfItsWantAndNoLessThanItsLeast() throws {
        // The review's clinics at 1080p: names and addresses 960, phone 304, two spans 517
        // in 1688 — each column 1688/1781 of its want (0.948), every pixel given out.
        let widths = try #require(BoardComposer.scaled(1688, wants: [960, 304, 517], least: 85))
        #expect(widths.reduce(0, +) == 1688, "\(widths)")
        for (width, want) in zip(widths, [960, 304, 517]) {
            #expect(width * 1781 >= want * 1688 - 1781 && width <= want, "\(width) of \(want)")
        }
        // Not when everything fits as it is, nor past the least (at 720p the cells are at the
        // screen's minimum, 22 px of 24: 92 %).
        #expect(BoardComposer.scaled(1800, wants: [960, 304, 517], least: 85) == nil)
        #expect(BoardComposer.scaled(1126, wants: [688, 204, 345], least: 92) == nil)
        #expect(BoardComposer.scaled(1126, wants: [688, 204, 345], least: 85) != nil)
    }

    @Test func aShelterRowTakesOneLineWhenTheWidthAllows() {
        let pages = work(Self.shelters(40)).pages
        // The area beside the name, the English beside the status: every row on one line.
        let first = pages[0].compactMap { node -> TextNode? in if case .text(let text) = node { return text } else { return nil } }
        let names = first.filter { $0.text.hasPrefix("相模原市立第") }
        for name in names {
            #expect(first.contains { $0.text == "中央区" && abs($0.y - name.y) < name.font.size / 2 }, "\(name.text): its area beside it")
            #expect(first.contains { $0.text == "Open" && abs($0.y - name.y) < name.font.size / 2 }, "\(name.text): its status on its line")
        }
        #expect(names.count >= 8, "\(names.count) shelters a page")
    }

    /// A panel is on screen all the time: it may take longer to come round, but a row it
    /// leaves out is never seen (a clinics board would lose its last departments). 72 clinics
    /// in 24 departments at the foot of a portrait screen: all of them, none said to be left
    /// out; the same band dealt onto at most 12 pages, as a slide is, leaves some out.
    @Test func aPanelShowsEveryRowASlideOfItsSizeWouldLeaveOut() {
        let clinics = Self.clinics(72, departments: true)
        let metrics = ScreenMetrics(width: 1080, height: 1920)
        let composer = BoardComposer(metrics: metrics, theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let band = Rect(x: 32, y: 1400, width: 1016, height: 460)
        let panel = composer.pages(clinics, in: band, compact: true)
        let shown = panel.flatMap { texts($0.nodes) }
        #expect(panel.count > BoardComposer.maxPages, "\(panel.count) pages")
        #expect(!shown.contains { $0.hasPrefix("ほか") })
        for index in 0..<72 { #expect(shown.contains("さがみクリニック\(index)"), "clinic \(index)") }
        let slide = composer.pages(clinics, in: band, compact: true, maxPages: BoardComposer.maxPages)
        #expect(slide.flatMap { texts($0.nodes) }.contains { $0.hasPrefix("ほか") }, "12 pages of the same band leave some out")
    }

    /// A ticket machine that sends a counter's name of 200 characters (`check` warns): the
    /// name took every line it needed and ran out of its row, under the ticker, hiding the
    /// wait. It now takes four lines, the last ending in "…", and the wait is on the page.
    @Test func aCounterNameOfTwoHundredCharactersStaysInItsRow() {
        var board = Self.counters(3)
        board.rows[0] = BoardSlide.Row([.text(String(repeating: "とても長い窓口の名前", count: 20), secondary: "Counter 0"),
                                        .figure("100", caption: "呼出番号  Now serving"), .text("待ち 9人", secondary: "9 waiting")])
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1080, height: 1920), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let band = Rect(x: 32, y: 1400, width: 1016, height: 460)
        let pages = composer.pages(board, in: band, compact: true)
        for page in pages {
            for case .text(let text) in page.nodes {
                #expect(text.y + text.font.size <= band.y + band.height, "'\(text.text)' runs out of the panel")
            }
        }
        let all = pages.flatMap { texts($0.nodes) }
        let name = all.filter { $0.contains("窓口の名前") || $0.hasPrefix("前") || $0.hasPrefix("名前") }
        #expect(name.count <= BoardComposer.nameLines && name.last?.hasSuffix("…") == true, "\(name)")
        #expect(all.contains("待ち 9人"))
    }

    /// The events board on a portrait slide: one long title made every cell take a line of
    /// its own (its whole width counted as the narrowest the title column could be), though
    /// the title may wrap beside the time. Only a panel too narrow for the cells side by side
    /// sets them one a line.
    @Test func aLongEventTitleWrapsBesideItsTimeOnAPortraitSlide() {
        let events = BoardSlide(badge: "催し  Events", title: "これからの催し", subtitle: "Upcoming events", style: .table,
                                columns: [BoardSlide.Column("日付  Date", weight: 1.3, keepWhole: true), BoardSlide.Column("時間  Time", weight: 1.1, keepWhole: true),
                                          BoardSlide.Column("催し・場所  Event, place", weight: 3.6)],
                                rows: (0..<4).map { index in
                                    BoardSlide.Row([.text("12月\(index + 6)日(日)"), .text("10:00〜12:00"),
                                                    .text(index == 0 ? String(repeating: "市民まつり・フリーマーケット", count: 4) : "図書館のおはなし会", secondary: "市立図書館")])
                                },
                                empty: "なし")
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1080, height: 1920), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let page = composer.pages(events, in: Rect(x: 72, y: 200, width: 936, height: 1500), compact: false)[0]
        let nodes = page.nodes.compactMap { node -> TextNode? in if case .text(let text) = node { return text } else { return nil } }
        let time = nodes.first { $0.text.hasPrefix("10:00") }
        let title = nodes.first { $0.text.hasPrefix("市民まつり") }
        #expect(time != nil && title != nil && time?.y == title?.y, "time at \(time?.y ?? -1), title at \(title?.y ?? -1)")
    }

    @Test func theRowsLeftOutAreCountedExactly() {
        let huge = work(Self.shelters(5000))
        let shown = huge.pages.flatMap(texts).filter { $0.hasPrefix("相模原市立第") }.count
        let label = texts(huge.pages.last!).first { $0.hasPrefix("ほか") } ?? ""
        #expect(label.hasPrefix("ほか\(5000 - shown)件（全5000件）"), "\(shown) shown; \(label)")
    }

    /// A slide beside a 720p screen's panel held one counter a page at three times the words,
    /// so twelve pages showed 12 of 20 and said "ほか8件": the number is set smaller, never
    /// below twice the words beside it, where that shows every counter.
    @Test func everyCounterIsShownWhereASmallerNumberLetsItBe() {
        let names = ["市民課 住民票・戸籍・印鑑登録証明書の交付", "市民課 転入・転出", "保険年金課 国民健康保険", "保険年金課 国民年金"]
        let english = ["Resident Records, Family Registers and Seal Certificates", "Moving In and Out", "National Health Insurance", "National Pension"]
        let board = BoardSlide(badge: "窓口案内  Counters", title: "窓口の待ち状況", subtitle: "Waiting at the counters", style: .cards,
                               rows: (0..<20).map { index in
                                   BoardSlide.Row([.text("\(names[index % 4]) \(index + 1)番", secondary: "\(english[index % 4]) (\(index + 1))"),
                                                   .figure("\(100 * (index + 1))", caption: "呼出番号  Now serving"),
                                                   .text("待ち \(index)人", secondary: "\(index) waiting")])
                               },
                               empty: "窓口の情報はまだありません")
        let composer = BoardComposer(metrics: ScreenMetrics(width: 1280, height: 720), theme: .dark, measurer: FixedMeasurer(), minimum: 22, body: 44)
        let pages = composer.pages(board, in: Rect(x: 48, y: 110, width: 775, height: 470), compact: false)
        let all = pages.flatMap { texts($0.nodes) }
        #expect(!all.contains { $0.hasPrefix("ほか") }, "none left out: \(pages.count) pages")
        for index in 0..<20 { #expect(all.contains("\(100 * (index + 1))"), "counter \(index + 1) shown") }
        let numbers = pages.flatMap(\.nodes).compactMap { node -> Int? in
            if case .text(let text) = node, text.text == "100" { return text.font.size } else { return nil }
        }
        // The words beside it: the board's name size, 44 units at 720p.
        let words = ScreenMetrics(width: 1280, height: 720).u(44)
        #expect(numbers.allSatisfy { $0 >= 2 * words && $0 < 3 * 44 }, "smaller, but no smaller than twice the words (\(words) px): \(numbers)")
    }

    /// Rows are shared evenly over a table's pages: the stress feed's eleven events went 5, 5
    /// and 1 — 写真展 alone on its last page for as long as a full one.
    @Test func aTablesRowsAreSharedEvenlyOverItsPages() {
        let full = work(Self.shelters(60)).pages
        let perPage = texts(full[0]).filter { $0.hasPrefix("相模原市立第") }.count
        #expect(perPage >= 3)
        let pages = work(Self.shelters(2 * perPage + 1)).pages
        let rows = pages.map { texts($0).filter { $0.hasPrefix("相模原市立第") }.count }
        #expect(rows.count == 3 && rows.reduce(0, +) == 2 * perPage + 1, "\(rows)")
        #expect(rows.max()! - rows.min()! <= 1, "evenly: \(rows)")
    }

    @Test func cardsOfFourHundredCountersCostWhatAFullScreenDoes() {
        // A slide, a side panel, a portrait slide and a low band (a panel at a screen's foot).
        for (width, height, compact) in [(1920, 1080, false), (600, 1000, true), (1080, 1920, false), (1080, 660, true)] {
            // As many as the most pages hold at eight a page.
            let full = work(Self.counters(BoardComposer.mostPages(compact: compact) * 8), width: width, height: height, compact: compact)
            let huge = work(Self.counters(400), width: width, height: height, compact: compact)
            #expect(huge.pages.count <= BoardComposer.mostPages(compact: compact))
            #expect(huge.measured <= full.measured + 200, "\(width)×\(height): \(huge.measured) against \(full.measured)")
        }
    }

    /// A slot too short for every page shows the first pages as a long slot would — as full,
    /// not packed fuller (which would need longer than the slot gives each page) — and its
    /// counters stand in both columns where there are two, not all down the first.
    @Test func aShortSlotShowsTheSamePagesOfCounters() {
        let composer = BoardComposer(metrics: ScreenMetrics(width: 3840, height: 2160), theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let area = Rect(x: 120, y: 200, width: 3600, height: 1760)
        let board = Self.counters(20)
        let all = composer.pages(board, in: area, compact: false)
        let two = composer.pages(board, in: area, compact: false, maxPages: 2)
        #expect(all.count > 2)
        #expect(two.map(\.rows) == all.prefix(2).map(\.rows), "\(two.map(\.rows)) against \(all.map(\.rows))")
        #expect(texts(two[1].nodes).contains { $0.contains("ほか") }, "the rows left out are counted")
        let few = composer.pages(Self.counters(2), in: area, compact: false)
        let numbers = few[0].nodes.compactMap { node -> TextNode? in if case .text(let text) = node, text.text.hasPrefix("10") { return text } else { return nil } }
        #expect(numbers.count == 2)
        if numbers.count == 2 { #expect(numbers[0].x != numbers[1].x || numbers[0].y == numbers[1].y, "two counters side by side on a wide screen") }
    }

    @Test func composePicksThePageItIsAskedFor() {
        let board = Self.shelters(60)
        let metrics = ScreenMetrics(width: 1920, height: 1080)
        let composer = BoardComposer(metrics: metrics, theme: .standard, measurer: FixedMeasurer(), minimum: 20)
        let area = Rect(x: 60, y: 100, width: 1800, height: 880)
        let pages = composer.pages(board, in: area, compact: false)
        #expect(pages.count > 2)
        for index in pages.indices {
            let laid = composer.compose(board, in: area, compact: false) { _ in index }
            #expect(laid.pages == pages.count && laid.nodes == pages[index].nodes)
        }
        #expect(composer.compose(board, in: area, compact: false) { _ in 99 }.nodes == pages.last!.nodes, "past the end: the last page")
    }
}
