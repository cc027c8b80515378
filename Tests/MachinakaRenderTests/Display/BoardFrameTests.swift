import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// The data boards of `Tests/Fixtures/boards` drawn for real, off screen, on every screen of
    /// that feed (1080p, portrait, 720p dark, a counter display, panels at the right and the
    /// bottom), fresh and stale, page by page: read from the scene with the real fonts and
    /// from the pixels.
    @Suite struct BoardFrameTests {
        static let feedFolder = Fixtures.root + "/Tests/Fixtures/boards"
        /// Ten seconds after the counters were written: fresh.
        static let fresh = FeedTime.parseInstant("2026-12-06T10:15:40+09:00")!
        /// An hour later: counters and shelters both stale.
        static let stale = FeedTime.parseInstant("2026-12-06T11:15:40+09:00")!
        static let screens = ["landscape", "portrait", "hd", "counters-full", "panel-right", "panel-bottom", "panel-right-portrait"]

        /// Every page of every board on `screenID` at `instant`, composed as the player does:
        /// each board's item in a slot of 15 s from `instant`, at instants a page apart.
        static func frames(_ screenID: String, at instant: Date, fonts: FontLibrary, folder: String = feedFolder) throws -> [(board: String, scene: Scene)] {
            let feed = try FeedLoader().load(from: folder)
            #expect(!feed.hasErrors, "\(feed.diagnostics)")
            let screen = try #require(feed.screens[screenID])
            let composer = FrameComposer(screen: screen, measurer: fonts, cache: LayoutCache())
            // Each board stays as long as its pages take to read, as the player plays it.
            let rotation = Rotation(feed: feed, screen: screen, pacing: SlidePacing(composer: composer.slides, at: instant, ticker: SlidePacing.ticker(feed, screen: screen)))
            var frames: [(String, Scene)] = []
            for member in rotation.members {
                let slot = Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration))
                // Pages share the slot, each at least 8 s; a panel turns on the clock, a page
                // every 8 s or more: a frame every 2.5 s for two minutes sees every page of both.
                let span = screen.panel == nil ? member.duration : max(member.duration, 120)
                for step in 0..<Int((span / 2.5).rounded(.up)) {
                    let at = instant.addingTimeInterval(Double(step) * 2.5)
                    frames.append((member.item.source, composer.compose(slot: slot, rotation: rotation, alerts: [], at: at).scene))
                }
            }
            return frames
        }

        /// The panel of a review screen (`Tests/Fixtures/review`) at each of `instants`, beside
        /// the rotation's first slide: its frame and its texts.
        static func reviewPanels(_ screenID: String, at instants: [Date], fonts: FontLibrary) throws -> [(frame: Rect, texts: [TextNode])] {
            let feed = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/review")
            let screen = try #require(feed.screens[screenID])
            let composer = FrameComposer(screen: screen, measurer: fonts, cache: LayoutCache())
            let rotation = Rotation(feed: feed, screen: screen)
            let member = try #require(rotation.members.first)
            let slot = Slot(item: member.item, start: Self.fresh, end: Self.fresh.addingTimeInterval(300))
            return try instants.map { instant in
                let panel = try #require(composer.compose(slot: slot, rotation: rotation, alerts: [], at: instant).scene.panel)
                return (panel.frame, panel.nodes.compactMap { node -> TextNode? in if case .text(let text) = node { return text } else { return nil } })
            }
        }

        static func boxes(_ scene: Scene, fonts: FontLibrary) -> [(text: TextNode, box: Rect)] {
            scene.texts.map { ($0, Rect(x: $0.x, y: $0.y, width: fonts.width(of: $0.text, font: $0.font), height: fonts.height(of: $0.font))) }
        }

        /// The colour under a text's centre: the last fill drawn there (the panel's own above
        /// the slide's), else the panel's or the frame's ground.
        static func ground(of box: Rect, in scene: Scene) -> RGBA {
            let (x, y) = (box.x + box.width / 2, box.y + box.height / 2)
            var colour = scene.background
            for node in scene.nodes {
                if case .fill(let rect, let fill) = node, rect.contains(x: x, y: y) { colour = fill }
            }
            if let panel = scene.panel, panel.frame.contains(x: x, y: y) {
                colour = panel.background
                for node in panel.nodes {
                    if case .fill(let rect, let fill) = node, rect.contains(x: x, y: y) { colour = fill }
                }
            }
            return colour
        }

        @Test(arguments: screens)
        func everyBoardFitsReadsAndDrawsOnEveryScreen(_ screenID: String) throws {
            let fonts = try Fixtures.fonts()
            for instant in [Self.fresh, Self.stale] {
                for (board, scene) in try Self.frames(screenID, at: instant, fonts: fonts) {
                    let label = "\(screenID) \(board) at \(instant == Self.fresh ? "fresh" : "stale")"
                    let boxes = Self.boxes(scene, fonts: fonts)
                    for (text, box) in boxes {
                        #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= scene.width && box.y + box.height <= scene.height, "\(label): '\(text.text)' leaves the frame")
                        if let panel = scene.panel, scene.panel?.nodes.contains(.text(text)) == true {
                            #expect(panel.frame.contains(x: box.x, y: box.y) && box.x + box.width <= panel.frame.x + panel.frame.width + 1
                                    && box.y + box.height <= panel.frame.y + panel.frame.height + 1, "\(label): '\(text.text)' leaves the panel")
                        }
                        // Japanese is never cut; only an over-long English line may end in "…".
                        let japanese = text.text.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
                        #expect(!(japanese && text.text.contains("…")), "\(label): '\(text.text)' was cut")
                        #expect(fonts.missingGlyphs(in: text.text, font: text.font) == [], "\(label): tofu in '\(text.text)'")
                        let body = Double(min(scene.width, scene.height)) / 1080 * 36
                        let needed = Double(text.font.size) >= 1.5 * body ? 4.5 : 7
                        let ratio = text.color.contrast(with: Self.ground(of: box, in: scene))
                        #expect(ratio >= needed, "\(label): '\(text.text)' at \(String(format: "%.1f", ratio)):1")
                    }
                    // Overlaps by the glyphs' ink, which is what a reader sees drawn over
                    // something: a called number is placed by its digits, and its line box
                    // reaches past them.
                    let inked = boxes.map { text, box in
                        let ink = fonts.ink(of: text.text, font: text.font)
                        return (text: text, box: Rect(x: box.x, y: box.y + ink.top, width: box.width, height: ink.height))
                    }
                    for (i, a) in inked.enumerated() {
                        for b in inked[(i + 1)...] where a.box.intersects(b.box, tolerance: 2) {
                            Issue.record("\(label): '\(a.text.text)' overlaps '\(b.text.text)'")
                        }
                    }
                }
            }
        }

        /// What a resident must be able to read, on some page of each board.
        @Test(arguments: screens)
        func everyCounterClinicAndShelterIsOnSomePage(_ screenID: String) throws {
            let fonts = try Fixtures.fonts()
            let frames = try Self.frames(screenID, at: Self.fresh, fonts: fonts)
            func shown(_ board: String) -> String {
                "|" + frames.filter { $0.board.hasPrefix("board:\(board)") }.flatMap(\.scene.texts).map(\.text).joined(separator: "|") + "|"
            }
            func panelShown() -> String {
                "|" + frames.compactMap(\.scene.panel).flatMap(\.nodes).compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }.joined(separator: "|") + "|"
            }
            let counters = screenID.hasPrefix("panel") || screenID == "counters-full" ? panelShown() : shown("counters")
            for number in ["1024", "57", "211", "88", "9", "402"] {
                #expect(counters.contains("|\(number)|"), "\(screenID): counter number \(number)")
            }
            #expect(counters.contains("待ち 38人　約75分") || counters.contains("待ち 38人"), "\(screenID): the wait")
            #expect(counters.contains("受付一時停止中") && counters.contains("本日の受付は終了"), "\(screenID): paused and closed")
            guard screenID != "counters-full" else { return }
            let clinics = shown("clinics").replacingOccurrences(of: "|", with: "")
            for name in ["相模原中央クリニック", "南台ファミリークリニック", "こどもクリニックさがみはら", "橋本こどもクリニック", "中央外科整形外科", "さがみ歯科医院", "淵野辺耳鼻咽喉科", "さがみ調剤薬局"] {
                #expect(clinics.contains(name), "\(screenID): clinic \(name)")
            }
            #expect(!clinics.contains("翌日クリニック"), "\(screenID): tomorrow's clinic is not today's")
            #expect(clinics.contains("042-000-0001"), "\(screenID): a phone number, whole")
            let shelters = shown("shelters")
            for name in ["緑ヶ丘公民館", "中央第一小学校", "相模川南中学校", "南台体育館"] {
                #expect(shelters.contains(name), "\(screenID): shelter \(name)")
            }
            #expect(!shelters.contains("清新地区センター"), "\(screenID): a closed shelter is not listed")
        }

        /// The sample feed's shelters, stopped on 3 December, in the counter hall's table: a
        /// row's 「最終更新 12月3日 10:10」 was a little too wide for its column and took two lines
        /// (最終更新 | 12月3日 10:10) where 9:55 fitted one — rows of three lines, the board on
        /// two pages. Text that fits one line at 0.85 of its size or more is set so.
        @Test func aStaleStampALittleTooWideStaysOnItsLine() throws {
            let fonts = try Fixtures.fonts()
            let at = FeedTime.parseInstant("2026-12-07T10:00:00+09:00")!
            let shelters = try Self.frames("counter-hall", at: at, fonts: fonts, folder: Fixtures.root + "/Content").filter { $0.board.contains("shelters") }
            // The board's own texts: left of the counters panel (which has pages of its own).
            let texts = shelters.flatMap { frame in frame.scene.texts.filter { $0.x < frame.scene.panel?.frame.x ?? .max } }
            let stamps = texts.filter { $0.text.hasPrefix("最終更新") }
            #expect(stamps.count >= 3 && stamps.allSatisfy { $0.text.contains("12月3日") }, "\(stamps.map(\.text))")
            let name = try #require(texts.first { $0.text == "中央第一小学校" })
            #expect(stamps.allSatisfy { $0.font.size * 100 >= name.font.size * 85 }, "\(stamps.map { ($0.text, $0.font.size) }) beside \(name.font.size)")
            #expect(!texts.contains { $0.text.hasPrefix("12月3日") }, "no stamp's time on a line of its own")
            #expect(!texts.contains { $0.text.hasPrefix("2 / ") }, "all four on one page")
        }

        @Test func staleDataShowsNoEstimateAnywhere() throws {
            let fonts = try Fixtures.fonts()
            for screenID in Self.screens {
                let all = try Self.frames(screenID, at: Self.stale, fonts: fonts).flatMap(\.scene.texts).map(\.text).joined(separator: "|")
                #expect(all.contains("更新停止中"), "\(screenID)")
                #expect(!all.contains("約75分") && !all.contains("75 min") && !all.contains("120 / 400人"), "\(screenID): an old estimate shown as current")
            }
        }

        /// The review's twenty counters, long names and their English, in a portrait screen's
        /// bottom panel: before, the band squeezed their numbers to the size of the words and
        /// drew 1024 over 「待ち 38人」. Every number stays three times the words, apart from
        /// them, and every counter is on some page.
        @Test func aLowPanelOfLongNamesKeepsItsNumbersLargeAndApart() throws {
            let fonts = try Fixtures.fonts()
            var seen = Set<String>()
            var pages = Set<String>()
            // Fresh for two and a half minutes, then an hour on: stale, said on a chip.
            let instants = (0..<75).map { Self.fresh.addingTimeInterval(Double($0) * 2) } + [Self.stale]
            for (_, texts) in try Self.reviewPanels("portrait-panel", at: instants, fonts: fonts) {
                seen.formUnion(texts.map(\.text))
                pages.formUnion(texts.map(\.text).filter { $0.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil })
                let names = texts.filter { $0.text.contains("番") }
                let numbers = texts.filter { !$0.text.isEmpty && $0.text.allSatisfy(\.isNumber) }
                let words = try #require(names.map(\.font.size).max(), "a counter's name on every page")
                #expect(!numbers.isEmpty)
                for number in numbers {
                    #expect(number.font.size >= 3 * words, "'\(number.text)' at \(number.font.size) px beside words of \(words) px")
                }
                let inked = texts.map { text in
                    let ink = fonts.ink(of: text.text, font: text.font)
                    return (text: text.text, box: Rect(x: text.x, y: text.y + ink.top, width: fonts.width(of: text.text, font: text.font), height: ink.height))
                }
                for (i, a) in inked.enumerated() {
                    for b in inked[(i + 1)...] where a.box.intersects(b.box, tolerance: 2) {
                        Issue.record("'\(a.text)' overlaps '\(b.text)'")
                    }
                }
            }
            #expect(pages.count > 1, "the panel turns its pages: \(pages)")
            #expect(seen.contains { $0.contains("更新停止中") }, "stale data said as such")
            // A name's number after a space, or first on a line of its own (11番 under 1番's).
            let all = "|" + seen.joined(separator: "|")
            for counter in 1...20 {
                #expect(all.contains(" \(counter)番") || all.contains("|\(counter)番"), "counter \(counter) on some page")
            }
        }

        /// The review's 30 clinics and 40 shelters in a panel at a screen's side: before, a
        /// phone number broke (042-|000-0009: its column kept its share while the hours beside
        /// it could have gone one range above the other) and the legend of the screen's own
        /// area ran over the page number and out of the panel.
        /// At a portrait screen's side (about 330 px) every cell takes a line of its own: the
        /// phone was set over the hours; then it parted after a hyphen (042-|000-0021) while
        /// it was indented under the clinic's name. And in a portrait screen's bottom panel (`shelters-bottom`, `clinics-bottom`), where
        /// a row's cells now stand side by side.
        @Test(arguments: ["clinics-right", "shelters-right", "clinics-right-portrait", "shelters-bottom", "clinics-bottom", "clinics-right-hd"])
        func aTablePanelKeepsItsNumbersWholeAndItsTextApart(_ screenID: String) throws {
            let fonts = try Fixtures.fonts()
            var pages = Set<String>()
            for panel in try Self.reviewPanels(screenID, at: (0..<60).map { Self.fresh.addingTimeInterval(Double($0) * 4) }, fonts: fonts) {
                let texts = panel.texts
                pages.formUnion(texts.map(\.text).filter { $0.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil })
                for text in texts where text.text.hasPrefix("042") {
                    #expect(text.text.range(of: #"^042-\d{3}-\d{4}$"#, options: .regularExpression) != nil, "\(screenID): '\(text.text)' broken")
                }
                let inked = texts.map { text in
                    let ink = fonts.ink(of: text.text, font: text.font)
                    return (text: text.text, box: Rect(x: text.x, y: text.y + ink.top, width: fonts.width(of: text.text, font: text.font), height: ink.height))
                }
                for (i, a) in inked.enumerated() {
                    #expect(a.box.x >= panel.frame.x && a.box.x + a.box.width <= panel.frame.x + panel.frame.width + 1,
                            "\(screenID): '\(a.text)' leaves the panel")
                    for b in inked[(i + 1)...] where a.box.intersects(b.box, tolerance: 2) {
                        Issue.record("\(screenID): '\(a.text)' overlaps '\(b.text)'")
                    }
                }
            }
            #expect(pages.count > 1, "\(screenID): the panel turns its pages: \(pages)")
        }

        /// The review's 30 clinics at a portrait screen's side: the legend of the screen's own
        /// area stood beside the page number a word or two a line (この｜施設の｜地区 In｜this｜area),
        /// and the title's English ended in "…" (Holiday clinics on duty today, Sun 6…). Each
        /// language of the legend now has its line above the number's, and the English wraps.
        @Test func aSidePanelAtAPortraitScreenSaysItsLegendAndEnglishWhole() throws {
            let fonts = try Fixtures.fonts()
            var legends = 0
            for (_, texts) in try Self.reviewPanels("clinics-right-portrait", at: (0..<60).map { Self.fresh.addingTimeInterval(Double($0) * 4) }, fonts: fonts) {
                #expect(!texts.contains { $0.text.hasSuffix("…") }, "\(texts.map(\.text))")
                guard texts.contains(where: { $0.text == "この施設の地区" }) else { continue }
                legends += 1
                let english = try #require(texts.first { $0.text == "In this area" }, "\(texts.map(\.text))")
                let number = try #require(texts.first { $0.text.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil })
                #expect(english.y + english.font.size <= number.y + 2, "the legend above the page number")
            }
            #expect(legends > 0, "a page shows clinics of the screen's own area")
        }

        /// The review's 40 shelters in a portrait screen's bottom panel: each took two lines
        /// (its name, then its status and bar under it), three a page, fourteen pages. Now a
        /// shelter's name, status and numbers stand on one line — only a long status's English
        /// goes under it; the page number stands at the end of the title's line and the legend
        /// at the end of the time's, not on a line of their own at the foot: five a page, eight
        /// pages, and every shelter is on some page.
        @Test func aSheltersPanelAtAPortraitFootSetsEachShelterOnALine() throws {
            let fonts = try Fixtures.fonts()
            var pages: [String: Int] = [:]
            var seen = Set<String>()
            var total = 0
            for (_, texts) in try Self.reviewPanels("shelters-bottom", at: (0..<60).map { Self.fresh.addingTimeInterval(Double($0) * 4) }, fonts: fonts) {
                let number = try #require(texts.last { $0.text.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil })
                let page = number.text
                total = try #require(Int(page.split(separator: "/")[1].trimmingCharacters(in: .whitespaces)))
                let baseline = { (text: TextNode) in text.y + fonts.height(of: text.font) * 4 / 5 }
                let title = try #require(texts.first { $0.text == "避難所の開設状況" })
                let time = try #require(texts.first { $0.text.hasSuffix("現在  As of 10:10") })
                let legend = try #require(texts.first { $0.text.hasPrefix("この施設の地区") })
                #expect(abs(baseline(number) - baseline(title)) <= 3, "\(page) on the title's line: \(number) \(title)")
                #expect(abs(legend.y - time.y) <= 6 && legend.x > time.x, "the legend on the time's line: \(legend) \(time)")
                let labels = texts.filter { $0.text.range(of: #"^\d+ / \d+人$"#, options: .regularExpression) != nil }
                pages[page] = labels.count
                for label in labels {
                    // The shelter's name and its status word on the line of its numbers.
                    let line = texts.filter { abs(($0.y + fonts.height(of: $0.font) / 2) - (label.y + fonts.height(of: label.font) / 2)) <= 6 }.map(\.text)
                    let name = try #require(line.first { $0.contains("第") }, "\(page): '\(label.text)' has its shelter beside it: \(line)")
                    #expect(line.contains { $0.hasPrefix("開設") || $0 == "満員" }, "\(page): \(name)'s status on its line: \(line)")
                    seen.insert(name)
                }
            }
            #expect(total <= 8, "40 shelters on \(total) pages")
            #expect(pages.count == total, "every page seen: \(pages.keys.sorted())")
            for (page, count) in pages where !page.hasPrefix("\(total) /") {
                #expect(count >= 5, "page \(page) shows \(count) shelters")
            }
            #expect(seen.count == 40, "every shelter on some page: \(seen.count)")
        }

        /// The review's 30 clinics in a portrait screen's bottom panel: the title's English took
        /// a line of its own (the line was 11 px too short), and a page held two clinics — 20
        /// pages. The title is set a little smaller beside its English, which gives a page room
        /// for a department's heading with two clinics and the next department's first: 15
        /// pages. Without the line of column headings (a clinic, its phone and its hours say
        /// what they are), a page holds a department's three: 10 pages, every clinic on one.
        @Test func aClinicsPanelAtAPortraitFootHasItsTitleAndEnglishOnOneLine() throws {
            let fonts = try Fixtures.fonts()
            var seen = Set<String>()
            var pages = Set<String>()
            for (_, texts) in try Self.reviewPanels("clinics-bottom", at: (0..<80).map { Self.fresh.addingTimeInterval(Double($0) * 4) }, fonts: fonts) {
                let title = try #require(texts.first { $0.text.hasSuffix("の休日当番医") })
                let english = try #require(texts.first { $0.text.hasPrefix("Holiday clinics") })
                let baseline = { (text: TextNode) in text.y + fonts.height(of: text.font) * 4 / 5 }
                #expect(abs(baseline(title) - baseline(english)) <= 2 && english.x > title.x, "the English beside the title: \(title) \(english)")
                #expect(title.font.size > english.font.size, "the title larger than its English")
                #expect(!texts.contains { $0.text.hasPrefix("電話") }, "no column headings: \(texts.map(\.text))")
                pages.formUnion(texts.map(\.text).filter { $0.range(of: #"^\d+ / \d+$"#, options: .regularExpression) != nil })
                seen.formUnion(texts.compactMap { $0.text.firstMatch(of: /中央(\d+)-\d+-\d+/).map { String($0.1) } })
            }
            #expect(pages.count <= 10, "\(pages.count) pages")
            #expect(seen.count == 30, "every clinic on some page: \(seen.count)")
        }

        /// The review's 30 clinics at a 720p screen's side: a page held one clinic under three
        /// lines of column headings that stood over nothing (every cell is on a line of its own
        /// there), and 24 pages left 7 clinics out. Without the headings every clinic is on some
        /// page, and no page says rows were left out.
        @Test func aSidePanelAt720pShowsEveryClinic() throws {
            let fonts = try Fixtures.fonts()
            var seen = Set<String>()
            for (_, texts) in try Self.reviewPanels("clinics-right-hd", at: (0..<120).map { Self.fresh.addingTimeInterval(Double($0) * 4) }, fonts: fonts) {
                #expect(!texts.contains { $0.text.contains("not shown") }, "\(texts.map(\.text))")
                #expect(!texts.contains { $0.text.hasPrefix("電話") }, "no column headings: \(texts.map(\.text))")
                // Each clinic by its address (相模原市南区中央17-3-2: clinic 17), whole on its line.
                seen.formUnion(texts.compactMap { $0.text.firstMatch(of: /中央(\d+)-\d+-\d+/).map { String($0.1) } })
            }
            #expect(seen.count == 30, "every clinic on some page: \(seen.sorted())")
        }

        /// The review's 30 clinics on a 720p slide took ten pages of three: every clinic's name
        /// and address missed their one line by about 10 px while the hours column kept room
        /// for two spans on one line, and the label took a line of its own above the title.
        /// Now a clinic with one span of hours stands on one line, the label at the end of the
        /// status line, and the board takes seven pages.
        @Test func clinicsAt720pStandOnALineEach() throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/review")
            let screen = try #require(feed.screens["hd"])
            let composer = FrameComposer(screen: screen, measurer: fonts, cache: LayoutCache())
            let rotation = Rotation(feed: feed, screen: screen)
            let member = try #require(rotation.members.first { $0.item.source.contains("clinics") })
            let slot = Slot(item: member.item, start: Self.fresh, end: Self.fresh.addingTimeInterval(600))
            let first = composer.compose(slot: slot, rotation: rotation, alerts: [], at: Self.fresh)
            #expect(first.pages <= 7, "\(first.pages) pages")
            var checked = 0
            for page in 0..<first.pages {
                let texts = composer.compose(slot: slot, rotation: rotation, alerts: [], at: Self.fresh.addingTimeInterval(Double(page) * 600 / Double(first.pages) + 1)).scene.texts
                let title = try #require(texts.first { $0.text.hasSuffix("の休日当番医") })
                let badge = try #require(texts.first { $0.text == "医療  Medical" })
                #expect(badge.y > title.y, "the label beside a line under the title, not above it")
                for name in texts where name.text.firstMatch(of: /クリニック\d+$/) != nil {
                    // The row's hours beside its name: one span, so the address stands on the name's line.
                    let line = texts.filter { abs($0.y - name.y) <= name.font.size / 2 }
                    guard line.contains(where: { $0.text.firstMatch(of: /^\d{1,2}:\d\d-\d\d:\d\d$/) != nil }),
                        !texts.contains(where: { $0.text.hasPrefix("13:00") && abs($0.y - name.y) <= name.font.size * 2 })
                    else { continue }
                    #expect(line.contains { $0.text.hasPrefix("相模原市") }, "\(name.text): its address on its line")
                    checked += 1
                }
            }
            #expect(checked >= 15, "\(checked) clinics of one span checked")
        }

        /// The fee table as cards in a slide beside a portrait screen's right panel: beside
        /// their labels the values had too little room, and read 「042-754-｜1111」,
        /// 「8:30〜｜17:15」 and 「問い合わ｜せ」. Each label now stands above its value there,
        /// and nothing breaks.
        @Test func cardsBesideAPortraitPanelSetEachValueWhole() throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/review")
            let screen = try #require(feed.screens["clinics-right-portrait"])
            let composer = FrameComposer(screen: screen, measurer: fonts, cache: LayoutCache(), words: feed.words)
            let rotation = Rotation(feed: feed, screen: screen)
            let member = try #require(rotation.members.first { $0.item.source == "news/01-fees.md" })
            let slot = Slot(item: member.item, start: Self.fresh, end: Self.fresh.addingTimeInterval(600))
            let content = try #require(rotation.content(of: slot, at: Self.fresh))
            let first = composer.compose(slot: slot, content: content, alerts: [], headlines: [], at: Self.fresh)
            #expect(first.forcedBreaks.isEmpty, "\(first.forcedBreaks)")
            var phones = 0
            for page in 0..<first.pages {
                let at = (page == 0 ? Self.fresh : first.pageTurns[page - 1]).addingTimeInterval(0.5)
                let texts = composer.compose(slot: slot, content: content, alerts: [], headlines: [], at: at).scene.texts
                    .filter { $0.x < (composer.slides.panelFrame(withTicker: true)?.x ?? .max) }
                    .map(\.text)
                #expect(!texts.contains { $0.hasSuffix("-") || $0.hasSuffix("〜") || $0 == "問い合わ" }, "page \(page + 1): \(texts)")
                phones += texts.filter { $0.range(of: #"^042-754-\d{4}$"#, options: .regularExpression) != nil }.count
            }
            #expect(phones == 6, "every phone number whole: \(phones)")
        }

        @Test func framesHaveInkWhereTheBoardIs() throws {
            let fonts = try Fixtures.fonts()
            for screenID in Self.screens {
                let (board, scene) = try #require(try Self.frames(screenID, at: Self.fresh, fonts: fonts).first)
                let display = try OffscreenDisplay(size: PixelSize(width: scene.width, height: scene.height), fonts: fonts)
                try display.show(scene)
                let body = Rect(x: 0, y: scene.height / 4, width: scene.width, height: scene.height / 2)
                #expect(display.pixels(in: body, differingFrom: scene.background) > body.width * body.height / 50, "\(screenID) \(board): blank")
                #expect(display.takeFailures().isEmpty)
                if let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"] {
                    try display.writePNG(to: directory + "/board-\(screenID).png")
                }
            }
        }
    }
}
