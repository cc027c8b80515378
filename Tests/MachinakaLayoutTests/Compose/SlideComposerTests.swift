import Foundation
import MachinakaCore
import MachinakaLayout
import Testing

@Suite struct SlideComposerTests {
    let instant = FeedTime.parseInstant("2026-11-25T10:00")!

    /// The review's 720p screen: 32 inches, read from 3 m.
    static func hdComposer() -> SlideComposer {
        var screen = ScreenConfig(id: "hd")
        screen.size = PixelSize(width: 1280, height: 720)
        screen.diagonal = 32
        screen.viewingDistance = 3
        return SlideComposer(screen: screen, measurer: FixedMeasurer())
    }

    private func compose(_ item: ContentItem?, size: PixelSize = PixelSize(width: 1920, height: 1080)) -> Composition {
        var screen = ScreenConfig(id: "lobby")
        screen.facility = "相模原市役所"
        screen.size = size
        let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(10))
        return SlideComposer(screen: screen, measurer: FixedMeasurer()).compose(slot, at: instant)
    }

    @Test func noticeHasHeaderTitleAndBody() {
        let item = ContentItem(source: "news/a.md", kind: .news, title: "年末年始のお知らせ", body: [.paragraph([Span("窓口をお休みします。")])])
        let composition = compose(item)
        let texts = composition.scene.texts.map(\.text)
        #expect(texts.contains("相模原市役所"))
        #expect(texts.contains("2026年11月25日（水） 10:00"))
        #expect(texts.contains("年末年始のお知らせ"))
        #expect(texts.contains("窓口をお休みします。"))
        #expect(!composition.overflowed)
    }

    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720), PixelSize(width: 3840, height: 2160)])
    func everythingStaysInsideTheFrame(_ size: PixelSize) {
        let body = Array(repeating: Block.paragraph([Span("市の特定健康診査とがん検診の受診期限は、2027年2月28日です。")]), count: 4)
        let scene = compose(ContentItem(source: "news/a.md", kind: .news, title: "特定健診・がん検診は年度内に受けましょう", body: body), size: size).scene
        #expect(scene.width == size.width && scene.height == size.height)
        let measurer = FixedMeasurer()
        for text in scene.texts {
            #expect(text.x >= 0 && text.y >= 0)
            #expect(text.x + measurer.width(of: text.text, font: text.font) <= size.width, "\(text.text)")
            #expect(text.y + measurer.height(of: text.font) <= size.height, "\(text.text)")
        }
    }

    /// Issue 29: a notice that is only its title was set small at the top left.
    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720)])
    func aTitleAloneIsLargeAndInTheMiddle(_ size: PixelSize) throws {
        let item = ContentItem(source: "news/closed.md", kind: .news, title: "本日は休館日です", body: [])
        let scene = compose(item, size: size).scene
        let title = try #require(scene.texts.first { $0.text == "本日は休館日です" })
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        let scale = SlideComposer(screen: screen, measurer: FixedMeasurer()).scale
        #expect(title.font.size >= scale.title * 3 / 2 - 1, "\(title.font.size) px against a title's \(scale.title)")
        let width = FixedMeasurer().width(of: title.text, font: title.font)
        #expect(abs(title.x + width / 2 - size.width / 2) <= size.width / 20, "centred across: \(title.x)")
        #expect(title.y > size.height / 4 && title.y < size.height * 3 / 4, "in the middle: \(title.y)")
    }

    /// A table whose phone numbers, times and dates cannot all stand whole in the frame is
    /// set as cards — each row's name, then "label value" lines — with every column kept and
    /// nothing broken; where they do stand whole, it stays a table.
    @Test func aTableTooWideForItsFrameIsSetAsCards() {
        let header = ["施設", "電話", "FAX", "窓口の時間", "休み"].map { [Span($0)] }
        let rows = (1...3).map { n in
            [[Span("第\(n)庁舎")], [Span("042-754-111\(n)")], [Span("042-754-222\(n)")], [Span("8:30〜17:15")], [Span("12月29日〜1月3日")]]
        }
        let table = TableBlock(header: header, alignments: Array(repeating: .leading, count: 5), rows: rows)
        let item = ContentItem(source: "news/t.md", kind: .news, title: "窓口", body: [.table(table)])
        let measurer = FixedMeasurer()
        for (size, cards) in [(PixelSize(width: 1080, height: 1920), true), (PixelSize(width: 3840, height: 2160), false)] {
            let composition = compose(item, size: size)
            let texts = composition.scene.texts
            // As cards, each row repeats the labels; as a table, the header row says them once.
            #expect(texts.filter { $0.text == "電話" }.count == (cards ? 3 : 1), "\(size)")
            #expect(texts.filter { $0.text == "第1庁舎" }.count == 1, "\(size): the name once")
            for value in ["042-754-1111", "042-754-2223", "12月29日〜1月3日"] {
                #expect(texts.contains { $0.text == value }, "\(size): '\(value)' whole on one line")
            }
            #expect(composition.forcedBreaks.isEmpty, "\(size): \(composition.forcedBreaks)")
            for text in texts {
                #expect(text.x >= 0 && text.x + measurer.width(of: text.text, font: text.font) <= size.width, "\(size): \(text.text)")
            }
        }
    }

    /// A card that fits a page is never parted over two: in the review feed a certificate's
    /// fee stood on one page and its hours and phone number on the next, under its name
    /// again. Every card name on a page comes with all of its fields there.
    @Test func aCardThatFitsAPageIsKeptWholeOnOne() throws {
        let header = ["証明書", "手数料", "受付時間", "問い合わせ"].map { [Span($0)] }
        let rows = (1...7).map { n in [[Span("証明書\(n)号")], [Span("\(n)00円")], [Span("8:30〜17:15")], [Span("042-754-111\(n)")]] }
        let table = TableBlock(header: header, alignments: Array(repeating: .leading, count: 4), rows: rows)
        let intro = Block.paragraph([Span("窓口で交付する証明書の手数料は次のとおりです。")])
        let item = ContentItem(source: "news/fees.md", kind: .news, title: "証明書の手数料", body: [intro, .table(table)])
        var screen = ScreenConfig(id: "portrait")
        screen.size = PixelSize(width: 1080, height: 1920)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(600))
        let first = composer.compose(slot, at: instant)
        #expect(first.scene.texts.filter { $0.text == "手数料" }.count > 1, "set as cards")
        var seen = Set<String>()
        for page in 0..<first.pages {
            let at = (page == 0 ? instant : first.pageTurns[page - 1]).addingTimeInterval(0.5)
            let texts = composer.compose(slot, at: at).scene.texts.map(\.text)
            for n in 1...7 where texts.contains("証明書\(n)号") {
                seen.insert("証明書\(n)号")
                #expect(texts.contains("\(n)00円") && texts.contains("042-754-111\(n)"), "page \(page + 1): card \(n) whole: \(texts)")
            }
        }
        #expect(seen.count == 7, "every card on some page: \(seen)")
    }

    /// The review's facilities: four cards of six fields, the n-th card's numbers ending its
    /// phone 75n-1111 and its FAX 75n-2222, its parking n00円.
    static func facilities() -> (item: ContentItem, names: [String]) {
        let header = ["施設", "電話", "FAX", "窓口の時間", "駐車場", "休み"].map { [Span($0)] }
        let names = ["市役所本庁舎", "緑区合同庁舎", "南区合同庁舎", "大野南まちづくりセンター"]
        let rows = names.enumerated().map { n, name in
            [name, "042-75\(n)-1111", "042-75\(n)-2222", "8:30〜17:15", "\(n)00円/30分", "12月29日〜1月3日"].map { [Span($0)] }
        }
        let table = TableBlock(header: header, alignments: Array(repeating: .leading, count: 6), rows: rows)
        return (ContentItem(source: "news/facilities.md", kind: .news, title: "年末年始の公共施設の窓口", body: [.table(table)]), names)
    }

    /// A card taller than a page in one column has its fields two a line, so it is read whole
    /// on a page: the review's facilities (six fields) went on field by field over nine pages
    /// of a 720p screen read from 3 m, 「市役所本庁舎 休み」 and 「緑区合同庁舎 電話」 on one.
    @Test func aCardTallerThanAPageStandsItsFieldsTwoALine() throws {
        let (item, names) = Self.facilities()
        let composer = Self.hdComposer()
        let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(600))
        let first = composer.compose(slot, at: instant)
        #expect(first.pages <= names.count, "a card a page at most: \(first.pages) pages")
        var seen = Set<String>()
        for page in 0..<first.pages {
            let at = (page == 0 ? instant : first.pageTurns[page - 1]).addingTimeInterval(0.5)
            let composition = composer.compose(slot, at: at)
            let texts = composition.scene.texts
            for (n, name) in names.enumerated() where texts.contains(where: { $0.text == name }) {
                seen.insert(name)
                let values = ["042-75\(n)-1111", "042-75\(n)-2222", "8:30〜17:15", "\(n)00円/30分", "12月29日〜1月3日"]
                #expect(values.allSatisfy { value in texts.contains { $0.text == value } }, "page \(page + 1): \(name) whole, each value on a line: \(texts.map(\.text))")
                let phone = try #require(texts.first { $0.text == "042-75\(n)-1111" })
                let fax = try #require(texts.first { $0.text == "042-75\(n)-2222" })
                #expect(phone.y == fax.y && fax.x > phone.x, "電話 and FAX on one line")
                #expect(phone.font.size >= composer.scale.body * 85 / 100, "no smaller than a table may be: \(phone.font.size)")
            }
            #expect(composition.forcedBreaks.isEmpty)
        }
        #expect(seen.count == names.count, "every card on some page: \(seen)")
    }

    /// Beside a 720p screen's panel a card is too narrow for its fields two a line (a phone
    /// number would not stand whole in half of it): its fields one a line at the 0.85 of the
    /// body a table may take, closer together, so that each card is still whole on its page.
    /// The review's facilities went on over two pages each there, nine in all.
    @Test func aCardBesideA720pPanelIsStillWholeOnItsPage() throws {
        let (item, names) = Self.facilities()
        var screen = ScreenConfig(id: "hd")
        screen.size = PixelSize(width: 1280, height: 720)
        screen.diagonal = 32
        screen.viewingDistance = 3
        screen.panel = ScreenPanel(board: "clinics", position: .right)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(600))
        let first = composer.compose(slot, at: instant)
        #expect(first.pages <= names.count + 1, "a card a page at most, after a lead page: \(first.pages) pages")
        var seen = Set<String>()
        for page in 0..<first.pages {
            let at = (page == 0 ? instant : first.pageTurns[page - 1]).addingTimeInterval(0.5)
            let texts = composer.compose(slot, at: at).scene.texts
            let values = names.indices.flatMap { n in ["042-75\(n)-1111", "042-75\(n)-2222", "\(n)00円/30分"] }
            for (n, name) in names.enumerated() where texts.contains(where: { $0.text == name }) {
                seen.insert(name)
                let own = ["042-75\(n)-1111", "042-75\(n)-2222", "\(n)00円/30分"]
                #expect(own.allSatisfy { value in texts.contains { $0.text == value } }, "page \(page + 1): \(name) whole: \(texts.map(\.text))")
                let phone = try #require(texts.first { $0.text == "042-75\(n)-1111" })
                #expect(phone.font.size >= composer.scale.body * 85 / 100, "no smaller than a table may be: \(phone.font.size)")
            }
            // No field on a page without its card's name above it.
            let named = names.indices.filter { n in texts.contains { $0.text == names[n] } }
            let stray = values.filter { value in texts.contains { $0.text == value } && !named.contains { n in value.hasPrefix("042-75\(n)") || value.hasPrefix("\(n)00") } }
            #expect(stray.isEmpty, "page \(page + 1): fields without their card: \(stray)")
        }
        #expect(seen.count == names.count, "every card on some page: \(seen)")
    }

    /// A tinted row reaches past its text at both ends: the review saw 戸籍全部事項証明書's first
    /// character, and the phone number's last digit, on the tint's very edge.
    @Test func aTintedRowReachesPastItsText() throws {
        let header = ["証明書", "手数料", "問い合わせ"].map { [Span($0)] }
        let rows = [["住民票の写し", "300円", "042-754-1111"], ["戸籍全部事項証明書", "450円", "042-754-1112"], ["印鑑登録証明書", "300円", "042-754-1113"]]
            .map { $0.map { [Span($0)] } }
        let table = TableBlock(header: header, alignments: [.leading, .trailing, .leading], rows: rows)
        let item = ContentItem(source: "news/fees.md", kind: .news, title: "証明書の手数料", body: [.table(table)])
        let composer = SlideComposer(screen: ScreenConfig(id: "lobby"), measurer: FixedMeasurer())
        let scene = composer.compose(Slot(item: item, start: instant, end: instant.addingTimeInterval(60)), at: instant).scene
        let first = try #require(scene.texts.first { $0.text == "戸籍全部事項証明書" })
        let last = try #require(scene.texts.first { $0.text == "042-754-1112" })
        let tints = scene.nodes.compactMap { node -> Rect? in
            if case .fill(let rect, let colour) = node, colour == Theme.standard.card, rect.y <= first.y, rect.y + rect.height > first.y { return rect }
            return nil
        }
        let tint = try #require(tints.first, "the second row is tinted")
        let end = last.x + FixedMeasurer().width(of: last.text, font: last.font)
        #expect(tint.x + 4 < first.x, "the tint starts before the row's first word: \(tint.x) against \(first.x)")
        #expect(tint.x + tint.width > end + 4, "the tint ends after the row's last word: \(tint.x + tint.width) against \(end)")
    }

    /// A table's last row is not left alone under its header on the page the table ends on:
    /// the review's fees at 720p went 2, 3, then 駐車場の利用 by itself, the closing paragraph
    /// on a page of its own after it.
    @Test func aTablesLastRowDoesNotStandAloneOnItsPage() {
        let header = ["証明書", "手数料", "受付時間", "問い合わせ"].map { [Span($0)] }
        let names = ["住民票の写し", "戸籍全部事項証明書", "印鑑登録証明書", "課税・非課税証明書", "身分証明書", "駐車場の利用（1時間）"]
        let rows = names.enumerated().map { n, name in [[Span(name)], [Span("\(n + 2)00円")], [Span("8:30〜17:15")], [Span("042-754-111\(n)")]] }
        let table = TableBlock(header: header, alignments: [.leading, .trailing, .center, .leading], rows: rows)
        let slide = TextSlide(badge: "お知らせ", title: "証明書の手数料", blocks: [
            .paragraph([Span("窓口で交付する証明書の手数料は次のとおりです。")]), .table(table),
            .paragraph([Span("手数料は現金のほか、交通系ICカードでも払えます。領収書が必要な方はお申し出ください。医療費控除の申告には、病院の領収書をお持ちください。")]),
        ], lang: "ja")
        let composer = Self.hdComposer()
        let laid = composer.layText(slide, in: composer.textArea(withTicker: true))
        let rowsOnPages = laid.pages.map { page in
            names.filter { name in page.contains { if case .text(let text) = $0 { text.text == name } else { false } } }
        }
        let withRows = rowsOnPages.filter { !$0.isEmpty }
        #expect(withRows.count > 1, "the table goes over pages here: \(rowsOnPages)")
        #expect(withRows.joined().elementsEqual(names), "every row once, in order: \(rowsOnPages)")
        #expect(withRows.allSatisfy { $0.count >= 2 }, "no page of one row: \(rowsOnPages)")
    }

    /// A note after a table is read under two of its rows, not one: the stress feed's hours
    /// at 720p went three rows, then the last with 土曜日の窓口は第2・第4土曜日のみ under it —
    /// page 1 said Saturday 9:00〜12:00 with no caveat. Where the row before fits on the last
    /// page too, it goes there.
    @Test func aNoteAfterATableIsReadUnderTwoOfItsRows() {
        let header = ["窓口", "平日", "土曜日", "日曜・祝日"].map { [Span($0)] }
        let names = ["市民課", "保険年金課", "まちづくりセンター", "夜間休日受付（守衛室）"]
        let rows = names.map { name in [[Span(name)], [Span("8:30〜17:15")], [Span("9:00〜12:00")], [Span("休み")]] }
        let table = TableBlock(header: header, alignments: [.leading, .center, .center, .trailing], rows: rows)
        let note = "土曜日の窓口は第2・第4土曜日のみ開いています。"
        let composer = Self.hdComposer()
        for lead in 0...3 {
            // Lines before the table move where its pages end: one of these puts three rows
            // on the first.
            let before = (0..<lead).map { _ in Block.paragraph([Span("窓口の受付時間は次のとおりです。")]) }
            let slide = TextSlide(badge: "お知らせ", title: "窓口の受付時間", blocks: before + [.table(table), .paragraph([Span(note)])], lang: "ja")
            let laid = composer.layText(slide, in: composer.textArea(withTicker: true))
            let rowsOnPages = laid.pages.map { page in
                names.filter { name in page.contains { if case .text(let text) = $0 { text.text == name } else { false } } }
            }
            guard let notePage = laid.pages.firstIndex(where: { page in page.contains { if case .text(let text) = $0 { text.text.hasPrefix("土曜日の窓口") } else { false } } }) else {
                Issue.record("the note is on no page")
                continue
            }
            let withRows = rowsOnPages.filter { !$0.isEmpty }
            if withRows.count > 1, !rowsOnPages[notePage].isEmpty {
                #expect(rowsOnPages[notePage].count >= 2, "\(lead) lines before: \(rowsOnPages), the note on page \(notePage + 1)")
            }
        }
    }

    /// A title that not even the body's size sets in three lines is not set at the body's size
    /// (the stress feed's portrait: five bold lines as small as the text under them, over a
    /// page two thirds empty) — unless a larger one would push the body onto another page.
    @Test func aTitleTooLongForThreeLinesStaysLargerThanTheBody() throws {
        let title = "令和8年度 相模原市緑区・中央区・南区合同 地域防災訓練および避難所開設・運営訓練への参加者募集について（市民の皆様へのお願い）"
        var screen = ScreenConfig(id: "portrait")
        screen.size = PixelSize(width: 1080, height: 1920)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        func titleSize(_ body: [Block]) throws -> (size: Int, pages: Int) {
            let laid = composer.layText(TextSlide(badge: "お知らせ", title: title, blocks: body, lang: "ja"), in: composer.textArea(withTicker: true))
            let sizes = laid.pages[0].compactMap { node -> Int? in
                if case .text(let text) = node, text.font.role == .heading { return text.font.size } else { return nil }
            }
            return (try #require(sizes.max()), laid.pages.count)
        }
        let short = try titleSize([.paragraph([Span("訓練は2027年2月28日（日）朝8時30分から、各区の指定避難所で行います。")])])
        #expect(short.size > composer.scale.body, "larger than the body: \(short.size) against \(composer.scale.body)")
        #expect(short.pages == 1)
        // A body that just fills the page under a title at the body's size keeps it there.
        var paragraphs: [Block] = []
        while try titleSize(paragraphs + [.paragraph([Span("各区の指定避難所で行います。")])]).pages == 1 {
            paragraphs.append(.paragraph([Span("各区の指定避難所で行います。")]))
        }
        let full = try titleSize(paragraphs)
        #expect(full.pages == 1 && full.size == composer.scale.body, "\(full)")
    }

    /// Hostile: a title of the 200 characters a file may hold, at 720p, took every page whole
    /// (193 of them) and pushed the text under it off the page. It is read once, as the
    /// text's first heading, and every line stays inside the slide.
    @Test func aTitleTallerThanHalfThePageIsReadOnceAsTheTextsHeading() {
        // (Each line of it unlike the others, so a line seen again is the title repeated.)
        let title = (1...40).map { "第\($0)地区訓練" }.joined(separator: "・").prefix(200)
        let sentence = "訓練は各区の指定避難所で行います。"
        let composer = Self.hdComposer()
        let area = composer.textArea(withTicker: true)
        let laid = composer.layText(TextSlide(badge: "お知らせ", title: String(title), blocks: [.paragraph([Span(String(repeating: sentence, count: 20))])], lang: "ja"),
                                    in: area)
        #expect(laid.pages.count > 2)
        var read = ""
        for (number, page) in laid.pages.enumerated() {
            for case .text(let text) in page {
                #expect(text.y + text.font.size <= area.y + area.height, "page \(number + 1): '\(text.text)' leaves the slide at \(text.y)")
                if text.font.size == composer.scale.body { read += text.text }
            }
        }
        #expect(read.contains(String(repeating: sentence, count: 20)), "the text is all read")
        // The title's first line: the first bold text under the label.
        let firstLine = laid.pages[0].compactMap { node -> TextNode? in if case .text(let text) = node, text.font.bold, text.text != "お知らせ" { text } else { nil } }
            .min { $0.y < $1.y }?.text
        #expect(firstLine != nil)
        #expect(!laid.pages[1...].contains { page in page.contains { if case .text(let text) = $0 { text.text == firstLine } else { false } } }, "the title is not on every page")
    }

    /// A list goes in two columns whole or not at all: at 720p one item too long for a column
    /// left eight items a column over two pages, it alone, then six in two columns.
    @Test(arguments: [false, true]) func aListIsInTwoColumnsWholeOrNotAtAll(withLongItem: Bool) {
        var names = ["住民票の写し", "戸籍謄本・抄本", "印鑑登録", "印鑑登録証明書", "転入届", "転出届", "転居届", "世帯変更届",
                     "国民年金の手続き", "児童手当", "子ども医療費助成", "介護保険の申請", "各種証明書の交付", "犬の登録"]
        if withLongItem { names.insert("国民健康保険の加入・脱退と高額療養費の申請", at: 8) }
        let slide = TextSlide(badge: "お知らせ", title: "窓口で受け付ける手続き", blocks: names.map { .listItem(marker: "・", depth: 0, [Span($0)]) }, lang: "ja")
        let composer = Self.hdComposer()
        let laid = composer.layText(slide, in: composer.textArea(withTicker: true))
        var xs = Set<Int>()
        var seen: [String] = []
        for page in laid.pages {
            for case .text(let text) in page where names.contains(text.text) {
                xs.insert(text.x)
                seen.append(text.text)
            }
        }
        #expect(Set(seen) == Set(names), "every item shown")
        #expect(xs.count == (withLongItem ? 1 : 2), "one column throughout, or two: \(xs.sorted()) over \(laid.pages.count) pages")
    }

    /// Hostile: a table of only its header row, too wide for a portrait slide, laid out as a
    /// line of its headers (it crashed the layout when set as cards, one for each of no rows).
    @Test func aTableOfOnlyAHeaderRowIsShown() {
        let header = (1...12).map { [Span("列の見出し\($0)")] }
        let table = TableBlock(header: header, alignments: Array(repeating: .leading, count: 12), rows: [])
        let item = ContentItem(source: "news/t.md", kind: .news, title: "見出しだけの表", body: [.table(table)])
        let texts = compose(item, size: PixelSize(width: 1080, height: 1920)).scene.texts.map(\.text).joined()
        #expect(texts.contains("列の見出し1"))
    }

    /// A page that ends inside a paragraph ends after a sentence (one ends in its last two
    /// lines here), the rest of the paragraph going on at the next page's top; the words are
    /// all there, in order.
    @Test func pagesEndAfterASentence() {
        let sentences = ["年末年始は窓口をお休みします。", "ごみの収集日は地区ごとに異なりますので、配布した収集日程表でご確認ください。",
                         "市営駐車場は元日も営業します。", "図書館の返却ポストは年末も使えますが、本を入れる前に破損がないかお確かめください。",
                         "マイナンバーカードの受け取りは予約制です。"]
        let paragraph = (0..<12).map { sentences[$0 % sentences.count] }.joined()
        var screen = ScreenConfig(id: "lobby")
        screen.size = PixelSize(width: 1920, height: 1080)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let slide = TextSlide(badge: "お知らせ", title: "年末年始", blocks: [.paragraph([Span(paragraph)]), .paragraph([Span(paragraph)])], lang: "ja")
        let laid = composer.layText(slide, in: composer.textArea(withTicker: false))
        #expect(laid.pages.count > 2)
        var read = ""
        for (number, page) in laid.pages.enumerated() {
            // The page's body lines, top down (text nodes by their top, left to right).
            let lines = Dictionary(grouping: page.compactMap { node -> TextNode? in
                if case .text(let text) = node, text.font.size == composer.scale.body { return text } else { return nil }
            }, by: \.y).sorted { $0.key < $1.key }.map { $0.value.sorted { $0.x < $1.x }.map(\.text).joined() }
            read += lines.joined()
            if number < laid.pages.count - 1 {
                #expect(lines.last?.hasSuffix("。") == true, "page \(number + 1) ends '\(lines.last ?? "")'")
            }
        }
        #expect(read == paragraph + paragraph)
    }

    /// Where no sentence ends near a page's foot, the page ends after a clause in its last
    /// line rather than anywhere: the stress feed's English notice ended a page at "…Tagalog
    /// and", the next beginning "Spanish.".
    @Test func aPageWithNoSentenceEndNearItsFootEndsAfterAClause() {
        let help = ["forms for moving house", "papers for the health insurance", "letters from the tax office", "the pension and its forms",
                    "school for your children", "child care and its fees", "a visit to a doctor at night", "the rules for sorting rubbish"]
        let sentence = "Staff and interpreters can help you with " + (help + help).joined(separator: ", ") + " and anything else you need."
        let composer = Self.hdComposer()
        let slide = TextSlide(badge: "Notice", title: "Consultation", blocks: [.paragraph([Span(sentence)])], lang: "en")
        let laid = composer.layText(slide, in: composer.textArea(withTicker: true))
        #expect(laid.pages.count > 1)
        var read: [String] = []
        for (number, page) in laid.pages.enumerated() {
            let lines = Dictionary(grouping: page.compactMap { node -> TextNode? in
                if case .text(let text) = node, text.font.size == composer.scale.body { return text } else { return nil }
            }, by: \.y).sorted { $0.key < $1.key }.map { $0.value.sorted { $0.x < $1.x }.map(\.text).joined() }
            read += lines
            if number < laid.pages.count - 1 {
                #expect(lines.last?.trimmingCharacters(in: .whitespaces).hasSuffix(",") == true, "page \(number + 1) ends '\(lines.last ?? "")'")
            }
        }
        #expect(read.joined(separator: " ").split(separator: " ").joined(separator: " ") == sentence, "every word, in order")
    }

    /// A slot cut short (its item's window ends) squeezes no page below eight seconds: it
    /// shows the first pages that fit, in turn, and the rest wait for the next showing.
    @Test func aSlotCutShortShowsTheFirstPagesForLongEnough() {
        let paragraph = String(repeating: "年末年始は窓口をお休みします。お急ぎの届出は守衛室で受け付けます。", count: 80)
        let item = ContentItem(source: "news/long.md", kind: .news, title: "年末年始", body: [.paragraph([Span(paragraph)])])
        var screen = ScreenConfig(id: "lobby")
        screen.size = PixelSize(width: 1920, height: 1080)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        for seconds in [20.0, 45.0] {
            let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(seconds))
            var shown: [(label: String, seconds: Double)] = []
            for step in 0..<Int(seconds * 2) {
                let scene = composer.compose(slot, at: instant.addingTimeInterval(Double(step) / 2)).scene
                let label = scene.texts.last { $0.text.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil }?.text ?? "?"
                if shown.last?.label == label { shown[shown.count - 1].seconds += 0.5 } else { shown.append((label, 0.5)) }
            }
            let pages = Int(shown[0].label.split(separator: "/").last!.trimmingCharacters(in: .whitespaces))!
            #expect(pages > 5, "a long notice")
            #expect(shown.map(\.label) == (1...Int(seconds / ReadingPace.minimumPage)).map { "\($0) / \(pages)" }, "\(seconds) s: \(shown.map(\.label))")
            for page in shown { #expect(page.seconds >= ReadingPace.minimumPage, "\(seconds) s: \(page.label) for \(page.seconds) s") }
        }
    }

    /// A number just called on a panel of several pages is on screen at once, not when the
    /// panel's turn comes round (the counter hall's bench waited up to 5 s for it).
    @Test func aPanelTurnsToANumberJustCalled() {
        var screen = ScreenConfig(id: "hall")
        screen.panel = ScreenPanel(board: "counters", position: .right)
        func board(calling called: Int?) -> BoardSlide {
            let rows = (0..<8).map { index in
                BoardSlide.Row([.text("窓口\(index)", secondary: "Counter \(index)"),
                                .figure(String(400 + index), caption: "呼出番号  Now serving", highlighted: index == called),
                                .text("待ち 3人", secondary: "3 waiting")])
            }
            return BoardSlide(badge: "窓口案内  Counters", title: "窓口の待ち状況", style: .cards, rows: rows, empty: "")
        }
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let slot = Slot(item: nil, start: instant, end: instant.addingTimeInterval(120))
        func panelShows407(_ board: BoardSlide, at second: Double) -> Bool {
            let panel = composer.compose(slot, content: nil, at: instant.addingTimeInterval(second), panel: board).scene.panel
            return panel?.nodes.contains { if case .text(let text) = $0 { return text.text == "407" } else { return false } } ?? false
        }
        let seconds = Array(stride(from: 0.0, to: 120, by: 2))
        // Without a call, the panel turns its pages: 407 is off screen some of the time.
        #expect(seconds.contains { !panelShows407(board(calling: nil), at: $0) }, "the test needs a panel of several pages")
        #expect(seconds.allSatisfy { panelShows407(board(calling: 7), at: $0) })
    }

    @Test func sizesScaleWithTheScreen() {
        let item = ContentItem(source: "news/a.md", kind: .news, title: "お知らせ", body: [.paragraph([Span("短い本文。")])])
        let small = compose(item, size: PixelSize(width: 1280, height: 720)).scene.texts.first { $0.text == "お知らせ" }!
        let large = compose(item, size: PixelSize(width: 3840, height: 2160)).scene.texts.first { $0.text == "お知らせ" }!
        // Sizes are rounded to whole pixels at each screen size, so allow the rounding.
        #expect(abs(large.font.size - small.font.size * 3) <= 6)
    }

    @Test func longTextKeepsTheScreensBodySizeAndContinuesOnPages() {
        let short = compose(ContentItem(source: "news/a.md", kind: .news, title: "t", body: [.paragraph([Span("短い。")])]))
        let paragraphs = (1...8).map { Block.paragraph([Span("第\($0)段落。" + String(repeating: "長い文章です。", count: 30))]) }
        let item = ContentItem(source: "news/b.md", kind: .news, title: "t", body: paragraphs)
        var screen = ScreenConfig(id: "lobby")
        screen.size = PixelSize(width: 1920, height: 1080)
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        // Long enough for every page (a slot cut shorter shows only the first pages).
        let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(120))
        let first = composer.compose(slot, at: instant)
        #expect(first.overflowed)
        // One body size on a screen, whatever the notice's length: a long one pages, it is
        // never shrunk below what the viewing distance needs.
        let shortBody = short.scene.texts.first { $0.text == "短い。" }!.font.size
        #expect(first.scene.texts.first { $0.text.hasPrefix("第1段落") }!.font.size == shortBody)
        #expect(shortBody == composer.scale.body)
        // Every paragraph is on some page, none is cut with an ellipsis.
        let label = try! #require(first.scene.texts.first { $0.text.hasPrefix("1 / ") })
        let pages = Int(label.text.split(separator: "/").last!.trimmingCharacters(in: .whitespaces))!
        #expect(pages >= 2)
        var seen = Set<Int>()
        for page in 0..<pages {
            let at = (page == 0 ? instant : first.pageTurns[page - 1]).addingTimeInterval(0.5)
            let composition = composer.compose(slot, at: at)
            #expect(composition.scene.texts.contains { $0.text == "\(page + 1) / \(pages)" })
            #expect(!composition.scene.texts.contains { $0.text.hasSuffix("…") })
            #expect(composition.scene.texts.contains { $0.text == "t" }, "the title heads every page")
            for n in 1...8 where composition.scene.texts.contains(where: { $0.text.hasPrefix("第\(n)段落") }) { seen.insert(n) }
            if page < pages - 1 { #expect(composition.nextChange != nil) }
        }
        #expect(seen == Set(1...8))
    }

    @Test func eventShowsWhenAndWhere() {
        let event = EventInfo(start: FeedTime.parseInstant("2026-12-06T10:00")!, end: FeedTime.parseInstant("2026-12-06T12:00")!, allDay: false, place: "第3委員会室")
        let texts = compose(ContentItem(source: "events/a.md", kind: .event, title: "防災講座", payload: event)).scene.texts.map(\.text)
        #expect(texts.contains("12月6日（日） 10:00〜12:00"))
        #expect(texts.contains("第3委員会室"))
        #expect(texts.contains { $0.hasPrefix("イベント") })
    }

    @Test func posterFillsTheAreaBelowTheHeader() {
        let scene = compose(ContentItem(source: "media/p.png", kind: .image, title: "p", payload: PosterImage(path: "/feed/media/p.png", size: PixelSize(width: 1920, height: 1080)))).scene
        let images = scene.nodes.compactMap { if case .image(let node) = $0 { return node } else { return nil } }
        #expect(images.count == 1)
        #expect(images[0].frame.width == 1920 && images[0].frame.y > 0 && images[0].frame.y + images[0].frame.height == 1080)
    }

    @Test func fallbackIsNeverEmpty() {
        let scene = compose(nil).scene
        #expect(scene.texts.contains { $0.text == "相模原市役所" })
        #expect(scene.texts.contains { $0.text.contains("お知らせはありません") })
    }

    @Test func furiganaSitsAboveItsWordAtHalfSize() {
        let item = ContentItem(source: "news/a.md", kind: .news, title: "t", body: [.paragraph([Span("本を"), Span("選", ruby: "えら"), Span("ぶ")])])
        let texts = compose(item).scene.texts
        let base = texts.first { $0.text == "選" }!
        let ruby = texts.first { $0.text == "えら" }!
        #expect(ruby.font.size == base.font.size / 2)
        #expect(ruby.y + FixedMeasurer().height(of: ruby.font) <= base.y, "the reading is above the word")
        let measurer = FixedMeasurer()
        let baseCentre = base.x + measurer.width(of: base.text, font: base.font) / 2
        let rubyCentre = ruby.x + measurer.width(of: ruby.text, font: ruby.font) / 2
        #expect(abs(baseCentre - rubyCentre) <= 1, "centred over it")
    }

    /// A reading wider than its word at a line's start hung into the margin (a reviewer saw
    /// つくえ over 机 stand 8 px left of the text): it starts with the text there instead.
    @Test func furiganaAtALinesStartStaysInsideTheText() throws {
        let item = ContentItem(source: "news/a.md", kind: .news, title: "t", body: [.paragraph([Span("机", ruby: "つくえ"), Span("の上に置いてください。")])])
        let texts = compose(item).scene.texts
        let base = try #require(texts.first { $0.text == "机" })
        let ruby = try #require(texts.first { $0.text == "つくえ" })
        #expect(FixedMeasurer().width(of: ruby.text, font: ruby.font) > FixedMeasurer().width(of: base.text, font: base.font), "wider than its word")
        #expect(ruby.x >= base.x, "the reading at \(ruby.x), its word at \(base.x)")
    }
}

/// The ticker as many notices make it.
@Suite struct TickerBoundTests {
    /// Regression: every headline went into one line of text, drawn as one texture: ten
    /// thousand notices made a texture wider than any renderer allows. The line now holds
    /// what `Limits.tickerCharacters` allows, in short pieces.
    @Test func tenThousandHeadlinesMakeABoundedLineOfShortPieces() {
        var screen = ScreenConfig(id: "lobby")
        screen.ticker = true
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let instant = FeedTime.parseInstant("2026-11-25T10:00")!
        let headlines = (0..<10_000).map { "お知らせ その\($0)：" + String(repeating: "長", count: 150) }
        let ticker = try! #require(composer.compose(Slot(item: nil, start: instant, end: instant.addingTimeInterval(10)), at: instant, headlines: headlines).scene.ticker)
        #expect(ticker.text.count <= Limits.tickerCharacters)
        #expect(ticker.text.hasPrefix("お知らせ その0："))
        #expect(ticker.segments.allSatisfy { $0.text.count <= 24 })
        #expect(zip(ticker.segments, ticker.segments.dropFirst()).allSatisfy { $0.x < $1.x }, "pieces follow one another")
    }
}
