import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// The alert frame as a resident reads it, at every size a screen has, in every phase of
    /// the language rotation, with one, two and five alerts in force: checked from the scene
    /// (boxes measured with the real fonts) and from the pixels.
    @Suite struct AlertLayoutTests {
        static let fixtures = Fixtures.root + "/Tests/Fixtures/alerts"
        static let sizes = [PixelSize(width: 1280, height: 720), PixelSize(width: 1920, height: 1080), PixelSize(width: 3840, height: 2160),
                            PixelSize(width: 1080, height: 1920), PixelSize(width: 720, height: 1280)]
        static let sent = FeedTime.parseInstant("2026-11-25T14:40:00+09:00")!

        static func screen(_ size: PixelSize) -> ScreenConfig {
            var screen = ScreenConfig(id: "lobby")
            screen.languages = ["ja", "en", "zh", "ko"]
            screen.size = size
            return screen
        }

        /// The evacuation order (ja/en/zh/ko), the landslide order (ja/en) and three more made
        /// from it; the first `count` of them, as the board orders them.
        /// `info` with a headline, an instruction and 100 areas at what a file may hold.
        static func atItsLimits(_ info: inout CAPInfo) {
            info.headline = String(String(repeating: "相模川沿いの地域に避難指示", count: 30).prefix(Limits.alertHeadlineCharacters))
            info.instruction = String(String(repeating: "直ちに安全な場所へ避難してください。", count: 120).prefix(Limits.alertTextCharacters))
            info.areas = (0..<100).map { CAPArea(description: "相模原市緑区地区\($0)", polygons: [], circles: [], geocodes: []) }
        }

        static func alerts(_ count: Int, at instant: Date) throws -> [ActiveAlert] {
            var messages = [try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/sagamihara-evacuation.xml"))),
                            try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/sagamihara-landslide.xml")))]
            let more = [("中央区の一部に高齢者等避難", "中央区 上溝・田名の浸水想定区域", "3"), ("南区の低地に避難指示", "南区 麻溝台・新戸の低地", "4"),
                        ("相模原市全域に大雨注意報", "相模原市全域", "2")]
            for (index, (headline, area, level)) in more.enumerated() {
                var message = messages[1]
                message.identifier = "EXTRA-\(index)"
                message.infos = message.infos.map { info in
                    var info = info
                    if info.language.hasPrefix("ja") {
                        info.headline = headline
                        info.areas = [CAPArea(description: area, polygons: [], circles: [], geocodes: [])]
                    }
                    info.parameters = [CAPValue(name: "警戒レベル", value: level)]
                    return info
                }
                messages.append(message)
            }
            let received = messages.prefix(count).map { ReceivedAlert(source: "alerts/\($0.identifier).xml", message: $0, received: $0.sent) }
            return AlertBoard(messages: Array(received), policy: screen(sizes[1]).alertPolicy).active(at: instant)
        }

        /// Each text node's box, by the real fonts.
        static func boxes(_ scene: Scene, fonts: FontLibrary) -> [(text: TextNode, box: Rect)] {
            scene.texts.map { ($0, Rect(x: $0.x, y: $0.y, width: fonts.width(of: $0.text, font: $0.font), height: fonts.height(of: $0.font))) }
        }

        /// The colour a text stands on: the last fill drawn under its centre, else the background.
        static func ground(of box: Rect, in scene: Scene) -> RGBA {
            var colour = scene.background
            for node in scene.nodes {
                if case .fill(let rect, let fill) = node, rect.contains(x: box.x + box.width / 2, y: box.y + box.height / 2) { colour = fill }
            }
            return colour
        }

        @Test(arguments: [1, 2, 5])
        func onePageAtEverySizeInEveryLanguageWithNothingOverlappingCutOrMoving(_ count: Int) throws {
            let fonts = try Fixtures.fonts()
            for size in Self.sizes {
                let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
                var fillsOfFirstPhase: [SceneNode]? = nil
                // Four phases of the language rotation, 8 s apart.
                for phase in 0..<4 {
                    let instant = Self.sent.addingTimeInterval(1 + Double(phase) * AlertComposer.languageInterval)
                    let alerts = try Self.alerts(count, at: instant)
                    #expect(alerts.count == count)
                    let scene = composer.compose(alerts, at: instant)
                    let boxes = Self.boxes(scene, fonts: fonts)
                    let label = "\(size), \(count) alerts, phase \(phase)"
                    for (text, box) in boxes {
                        #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height, "\(label): '\(text.text)' leaves the frame")
                        #expect(!text.text.contains("…"), "\(label): '\(text.text)' was cut")
                        // WCAG AAA: 7:1, or 4.5:1 for text 1.5× the body size (36 units) or more.
                        let body = Double(min(size.width, size.height)) / 1080 * 36
                        let needed = Double(text.font.size) >= 1.5 * body ? 4.5 : 7
                        let ratio = text.color.contrast(with: Self.ground(of: box, in: scene))
                        #expect(ratio >= needed, "\(label): '\(text.text)' at \(String(format: "%.1f", ratio)):1")
                    }
                    for (i, a) in boxes.enumerated() {
                        for b in boxes[(i + 1)...] where a.box.intersects(b.box, tolerance: 1) {
                            Issue.record("\(label): '\(a.text.text)' overlaps '\(b.text.text)'")
                        }
                    }
                    // Japanese on screen in every phase: the leading alert's headline, whole.
                    let all = scene.texts.map(\.text).joined()
                    let lead = alerts[0].infos[0]
                    #expect(lead.language.hasPrefix("ja"))
                    for field in [lead.headline!, lead.instruction!, lead.areas.map(\.description).joined(separator: "、"), lead.senderName!, "2026年11月25日"] {
                        #expect(all.replacingOccurrences(of: " ", with: "").contains(field.replacingOccurrences(of: " ", with: "")), "\(label): '\(field)' is not whole on screen")
                    }
                    // Every other alert is named with its headline and area (on some page; with
                    // five, the list takes turns — checked below).
                    if count == 2 {
                        // Compared without spaces: a line that breaks at a space drops it.
                        let second = alerts[1].infos[0]
                        let unspaced = all.replacingOccurrences(of: " ", with: "")
                        #expect(unspaced.contains(second.headline!.replacingOccurrences(of: " ", with: ""))
                                && unspaced.contains(second.areas[0].description.replacingOccurrences(of: " ", with: "")), "\(label): the second alert is named")
                    }
                    // The fills that make the regions (the list's level chips turn with its pages).
                    let list = composer.regions(for: alerts).list
                    let fills = scene.nodes.filter { node in
                        guard case .fill(let rect, _) = node else { return false }
                        return list.map { !($0.contains(x: rect.x, y: rect.y) && rect.width < $0.width) } ?? true
                    }
                    if let first = fillsOfFirstPhase {
                        #expect(fills == first, "\(label): the layout moved when the language changed")
                    } else {
                        fillsOfFirstPhase = fills
                    }
                }
            }
        }

        @Test func withFiveAlertsTheListTakesTurnsAndNamesEveryOne() throws {
            let fonts = try Fixtures.fonts()
            for size in Self.sizes {
                let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
                var named = Set<String>()
                var instant = Self.sent.addingTimeInterval(1)
                let alerts = try Self.alerts(5, at: instant)
                for _ in 0..<4 {
                    let all = composer.compose(alerts, at: instant).texts.map(\.text).joined().replacingOccurrences(of: " ", with: "")
                    for alert in alerts.dropFirst() where all.contains(alert.infos[0].headline!.replacingOccurrences(of: " ", with: ""))
                        && all.contains(alert.infos[0].areas[0].description.replacingOccurrences(of: " ", with: "")) {
                        named.insert(alert.message.identifier)
                    }
                    instant = instant.addingTimeInterval(AlertComposer.pageInterval)
                }
                #expect(named.count == 4, "\(size): \(named)")
            }
        }

        /// Issue 28: JMA's 土砂災害警戒情報 was banded 「警戒レベル4 避難指示」 — the city's order,
        /// which JMA does not issue. JMA's information says it is JMA's, and its level an equivalent.
        @Test func jmasWarningIsLabelledAsJMAsNotAsTheCitysOrder() throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            var screen = Self.screen(size)
            screen.jmaAreas = ["1420600"]
            let (message, format) = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/cap/jma-xml/17_04_01_250630_VXWW50.xml")))
            let instant = message.sent.addingTimeInterval(1)
            let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/jma.xml", message: message, received: message.sent, format: format)], policy: screen.alertPolicy).active(at: instant)
            let lead = try #require(alerts.first)
            #expect(lead.isFromJMA && lead.level == 4)
            let scene = AlertComposer(screen: screen, measurer: fonts).compose(alerts, at: instant)
            let band = scene.texts.map(\.text).filter { $0.contains("気象庁") }.joined(separator: "|")
            // JMA's 2025 name carries its level (レベル4土砂災害危険警報): said once, as JMA's.
            #expect(band.contains("気象庁") && band.contains("レベル4土砂災害危険警報") && !band.contains("相当"), "\(band)")
            #expect(!band.contains("避難指示"), "the city's order is not JMA's: \(band)")
            // The city's own CAP keeps its order's name.
            var city = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-landslide.xml")))
            city.infos = city.infos.map { var info = $0; info.parameters = [CAPValue(name: "警戒レベル", value: "4")]; return info }
            let cityAlerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/c.xml", message: city, received: city.sent)], policy: screen.alertPolicy).active(at: Self.sent.addingTimeInterval(1))
            let cityScene = AlertComposer(screen: screen, measurer: fonts).compose(cityAlerts, at: Self.sent.addingTimeInterval(1))
            #expect(cityScene.texts.contains { $0.text.contains("警戒レベル4") && $0.text.contains("避難指示") && !$0.text.contains("相当") })
            // A JMA report whose name has no level (the older 土砂災害警戒情報) says its level as an equivalent.
            var older = message
            older.infos = older.infos.map { var info = $0; if info.language.hasPrefix("ja") { info.event = "土砂災害警戒情報" }; return info }
            let olderAlerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/old.xml", message: older, received: older.sent, format: format)], policy: screen.alertPolicy).active(at: instant)
            let olderBand = AlertComposer(screen: screen, measurer: fonts).compose(olderAlerts, at: instant).texts.map(\.text).filter { $0.contains("気象庁") }.joined()
            #expect(olderBand.contains("警戒レベル4相当") && olderBand.contains("土砂災害警戒情報") && !olderBand.contains("避難指示"), "\(olderBand)")
        }

        /// Issue 28: levels told apart without colour. Under a deuteranopia simulation (Machado
        /// et al. 2009, severity 1) the level-3 red and level-2 yellow became one olive; each
        /// band now carries the level as a numeral, readable on its box, and the fills differ
        /// in lightness where hue is lost.
        @Test func eachLevelIsANumeralReadableWithoutColour() throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            func deuteranope(_ c: RGBA) -> RGBA {
                func lin(_ v: UInt8) -> Double { let x = Double(v) / 255; return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
                func enc(_ x: Double) -> UInt8 { let y = max(0, min(1, x)); return UInt8((y <= 0.0031308 ? y * 12.92 : 1.055 * pow(y, 1 / 2.4) - 0.055) * 255 + 0.5) }
                let (r, g, b) = (lin(c.r), lin(c.g), lin(c.b))
                return RGBA(enc(0.367322 * r + 0.860646 * g - 0.227968 * b), enc(0.280085 * r + 0.672501 * g + 0.047413 * b), enc(-0.011820 * r + 0.042940 * g + 0.968881 * b))
            }
            for level in 1...5 {
                var message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-landslide.xml")))
                message.infos = message.infos.map { var info = $0; info.parameters = [CAPValue(name: "警戒レベル", value: "\(level)")]; return info }
                let instant = Self.sent.addingTimeInterval(1)
                let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/l.xml", message: message, received: message.sent)], policy: Self.screen(size).alertPolicy).active(at: instant)
                let scene = AlertComposer(screen: Self.screen(size), measurer: fonts).compose(alerts, at: instant)
                let colours = try #require(AlertComposer.levelColours[level])
                let numeral = try #require(scene.texts.first { $0.text == "\(level)" }, "level \(level): a numeral in the band")
                #expect(numeral.y < 200 && numeral.font.size >= 60, "large, in the band: \(numeral.font.size) px at y \(numeral.y)")
                // Readable on its box for everyone: the contrast survives the simulation.
                #expect(deuteranope(numeral.color).contrast(with: deuteranope(colours.text)) >= 4.5, "level \(level)")
            }
            // The band text still reads on every fill as a deuteranope sees it.
            for (level, colours) in AlertComposer.levelColours {
                #expect(deuteranope(colours.fill).contrast(with: deuteranope(colours.text)) >= 4.5, "level \(level)")
            }
        }

        /// Issue 28: a 大津波警報 had a generic black band over a red body. JMA's tsunami warnings
        /// come in JMA's colours (大津波警報 purple, 津波警報 red, 注意報 yellow), named in the band.
        @Test(arguments: [("210", "大津波警報", 4), ("300", "津波警報", 3), ("330", "津波注意報", 2)])
        func tsunamiWarningsWearJMAsColours(area: String, name: String, scheme: Int) throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            var screen = Self.screen(size)
            screen.jmaAreas = [area]
            screen.jmaAdvisories = true
            let (message, format) = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/cap/jma-xml/32-39_11_02_250206_VTSE41.xml")))
            let instant = message.sent.addingTimeInterval(1)
            let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/t.xml", message: message, received: message.sent, format: format)], policy: screen.alertPolicy).active(at: instant)
            let lead = try #require(alerts.first, "\(name) in force for area \(area)")
            #expect(AlertComposer.tsunamiName(lead) == name)
            let scene = AlertComposer(screen: screen, measurer: fonts).compose(alerts, at: instant)
            #expect(scene.texts.contains { $0.text.contains("気象庁") && $0.text.contains(name) }, "named in the band")
            let display = try OffscreenDisplay(size: size, fonts: fonts)
            try display.show(scene)
            let colour = try #require(AlertComposer.levelColours[scheme]).fill
            #expect(display.pixel(x: 4, y: 4) == colour, "the band in JMA's colour")
            #expect(display.pixel(x: 4, y: 540) == colour, "and the body's edge")
        }

        /// Issue 28: an alert without a level had a red body, read as level 3.
        @Test func anAlertWithoutALevelStandsOnTheNeutralGround() throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            var message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-landslide.xml")))
            message.infos = message.infos.map { var info = $0; info.parameters = []; info.headline = "熱中症警戒アラート"; info.description = nil; return info }
            let instant = Self.sent.addingTimeInterval(1)
            let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/h.xml", message: message, received: message.sent)], policy: Self.screen(size).alertPolicy).active(at: instant)
            #expect(alerts.first?.level == nil)
            let scene = AlertComposer(screen: Self.screen(size), measurer: fonts).compose(alerts, at: instant)
            #expect(scene.background == AlertComposer.levelGround, "\(scene.background)")
        }

        /// Issue 28: with several alerts the other languages came in fragments at 14–19 px, below
        /// the player's own minimum. Now, at every size, with one, two and four alerts, in every
        /// language's turn: the headline is there, and nothing in the other-language region is
        /// smaller than the screen's reading size.
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1280, height: 720), PixelSize(width: 1080, height: 1920), PixelSize(width: 3840, height: 2160)])
        func everyLanguageIsReadableWithSeveralAlerts(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            for count in [1, 2, 4] {
                let instant = Self.sent.addingTimeInterval(1)
                let alerts = try Self.alerts(count, at: instant)
                let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
                let regions = composer.regions(for: alerts)
                let other = try #require(regions.other, "\(size) \(count): a region for the other languages")
                for step in 0..<(alerts[0].infos.count - 1) {
                    let turnStart = alerts[0].start.addingTimeInterval(Double(step) * AlertComposer.languageInterval)
                    let at = turnStart.addingTimeInterval(0.5)
                    let scene = composer.compose(alerts, at: at)
                    let inside = scene.texts.filter { other.contains(x: $0.x, y: $0.y) && $0.text != "●" && !$0.text.contains("○") }
                    let body = inside.dropFirst()  // the first is the label ("English  EMERGENCY ALERT")
                    #expect(!body.isEmpty, "\(size) \(count) alerts, turn \(step): text in the other language")
                    let smallest = body.map(\.font.size).min() ?? 0
                    // Never below 70 % of the Japanese instruction above.
                    if let japanese = alerts[0].infos[0].instruction,
                        let jaSize = scene.texts.first(where: { regions.main.contains(x: $0.x, y: $0.y) && $0.text.count > 3 && japanese.contains($0.text) })?.font.size {
                        #expect(Double(smallest) >= Double(jaSize) * 0.7 - 1, "\(size) \(count), turn \(step): \(smallest) px against the Japanese instruction's \(jaSize) px")
                    }
                    if let label = inside.first {
                        #expect(label.font.size <= body.map(\.font.size).max() ?? 0, "\(size) \(count): the label is not bigger than the message")
                        // A message in pages says so, and its turn begins on page 1 and ends on the last.
                        if let slash = label.text.lastIndex(of: "/"), let pages = Int(label.text[label.text.index(after: slash)...]) {
                            #expect(label.text.hasSuffix(" 1/\(pages)"), "\(size) \(count): \(label.text)")
                            let end = composer.compose(alerts, at: turnStart.addingTimeInterval(AlertComposer.languageInterval - 0.2)).texts
                            #expect(end.contains { $0.text.hasSuffix(" \(pages)/\(pages)") }, "\(size) \(count): the last page within the turn")
                        }
                    }
                    #expect(smallest >= composer.readingMinimum, "\(size) \(count) alerts, turn \(step): \(smallest) px < \(composer.readingMinimum) px")
                    let info = alerts[0].infos[1 + step]
                    let headline = info.headline ?? info.event
                    #expect(body.contains { headline.hasPrefix($0.text.trimmingCharacters(in: .whitespaces).prefix(6)) }, "\(size) \(count): the headline's start is on screen: \(body.map(\.text).prefix(3))")
                }
            }
        }

        /// Issue 28: a message too long for its region even at the reading size pages within its
        /// language's turn — page 1 (the headline) first, the last before the turn ends — and
        /// its label says which page is up.
        @Test func aLongMessageInAnotherLanguagePagesWithinItsTurnAndSaysSo() throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1280, height: 720)
            let instant = Self.sent.addingTimeInterval(1)
            var alerts = try Self.alerts(4, at: instant)
            alerts[0].infos = alerts[0].infos.map { info in
                var info = info
                if info.language.hasPrefix("en") { info.instruction = String(repeating: "Go to the nearest evacuation shelter now and stay there until the all-clear. ", count: 6) }
                return info
            }
            let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
            let english = try #require(alerts[0].infos.firstIndex { $0.language.hasPrefix("en") })
            let turnStart = alerts[0].start.addingTimeInterval(Double(english - 1) * AlertComposer.languageInterval)
            func label(_ at: Date) -> String? {
                composer.compose(alerts, at: at).texts.first { $0.text.hasPrefix("English") }?.text
            }
            let first = try #require(label(turnStart.addingTimeInterval(0.5)))
            let slash = try #require(first.lastIndex(of: "/"), "paged: \(first)")
            let pages = try #require(Int(first[first.index(after: slash)...]))
            #expect(pages > 1 && first.hasSuffix(" 1/\(pages)"), "\(first)")
            #expect(label(turnStart.addingTimeInterval(AlertComposer.languageInterval - 0.5))?.hasSuffix(" \(pages)/\(pages)") == true, "the last page within the turn")
        }

        /// The longest alert a file may hold set its Japanese instruction at 14 units and its
        /// areas at 11 to fit one page: unreadable from a bench. Now nothing in the leading
        /// alert is below the screen's reading size; it goes over pages under its headline,
        /// each staying as long as it takes to read (the frame's next change is the page's
        /// turn), the last line of its region says which page is up, and the last page ends
        /// with the last area.
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1280, height: 720), PixelSize(width: 1080, height: 1920)])
        func theLongestAlertIsReadAtTheReadingSizeOverPagesThatSaySo(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            var alerts = try Self.alerts(1, at: Self.sent.addingTimeInterval(1))
            Self.atItsLimits(&alerts[0].infos[0])
            let frames = FrameComposer(screen: Self.screen(size), measurer: fonts)
            let composer = frames.alerts
            let main = composer.regions(for: alerts).main
            let slot = Slot(item: nil, start: alerts[0].start, end: alerts[0].start.addingTimeInterval(3600))
            func lead(_ at: Date) -> (texts: [TextNode], next: Date?) {
                let composition = frames.compose(slot: slot, content: nil, alerts: alerts, headlines: [], at: at)
                return (composition.scene.texts.filter { main.contains(x: $0.x, y: $0.y) }, composition.nextChange)
            }
            let label = try #require(lead(alerts[0].start.addingTimeInterval(0.5)).texts.first { $0.text.hasPrefix("1 / ") }, "\(size): the page is said")
            let pages = try #require(Int(label.text.dropFirst(4)))
            #expect(pages > 1, "\(size)")
            var at = alerts[0].start.addingTimeInterval(0.5)
            let headline = try #require(lead(at).texts.first?.text)
            for page in 0..<pages {
                let (texts, next) = lead(at)
                let body = texts.filter { !$0.text.contains(" / ") }
                // The headline heads every page: whoever looks up learns what this is.
                #expect(body.first?.text == headline && alerts[0].infos[0].headline?.hasPrefix(headline) == true, "\(size) page \(page + 1): \(body.first?.text ?? "")")
                #expect(body.allSatisfy { $0.font.size >= composer.readingMinimum }, "\(size) page \(page + 1): \(body.map(\.font.size).min() ?? 0) px < \(composer.readingMinimum) px")
                #expect(texts.contains { $0.text == "\(page + 1) / \(pages)" }, "\(size) page \(page + 1)")
                // The page number stands below the text, over none of it.
                if let number = texts.first(where: { $0.text.contains(" / ") }) {
                    #expect(body.allSatisfy { $0.y + fonts.height(of: $0.font) <= number.y + 2 }, "\(size) page \(page + 1): text over the page number")
                }
                if page == pages - 1 { #expect(body.last?.text.hasSuffix("地区99") == true, "\(size): the last page ends with the last area: \(body.last?.text ?? "")") }
                // It stays as long as its text takes to read, and the frame wakes when it turns.
                let turn = try #require(next, "\(size) page \(page + 1): when it turns")
                // (The headline, on every page, is read once: not counted again.)
                let fullHeadline = alerts[0].infos[0].headline ?? ""
                let characters = body.filter { !fullHeadline.contains($0.text) }.map { $0.text.filter { !$0.isWhitespace }.count }.reduce(0, +)
                #expect(turn.timeIntervalSince(at) + 0.5 >= ReadingPace.page(characters: characters) - 1, "\(size) page \(page + 1): \(turn.timeIntervalSince(at)) s for \(characters) characters")
                at = turn.addingTimeInterval(0.5)
            }
            #expect(lead(at).texts.contains { $0.text == "1 / \(pages)" }, "\(size): after the last page, the first again")
        }

        /// The longest alert a file may hold, listed under another: its row was fitted down to
        /// 24 units (13 px in portrait). It pages within its row instead, never below the
        /// screen's reading size.
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1280, height: 720), PixelSize(width: 1080, height: 1920), PixelSize(width: 3840, height: 2160)])
        func aLongAlertInTheListIsReadAtTheReadingSize(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            var alerts = try Self.alerts(2, at: Self.sent.addingTimeInterval(1))
            Self.atItsLimits(&alerts[1].infos[0])
            let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
            let list = try #require(composer.regions(for: alerts).list, "\(size): a list")
            for second in stride(from: 0.5, to: 40, by: 8) {
                let rows = composer.compose(alerts, at: alerts[0].start.addingTimeInterval(second)).texts
                    .filter { list.contains(x: $0.x, y: $0.y) }.dropFirst()  // the first is the list's label
                #expect(!rows.isEmpty && rows.allSatisfy { $0.font.size >= composer.readingMinimum },
                        "\(size) at +\(second) s: \(rows.map(\.font.size).min() ?? 0) px < \(composer.readingMinimum) px")
            }
        }

        /// The list of other alerts turned a page every 8 s, and a row too long for its box
        /// turned within itself every 8 s too: an alert with the longest headline a file may
        /// hold, listed fourth, showed a page of it for 8 s. Now each of a row's pages stays as long
        /// as it takes to read, a list page as long as all its rows take, and the frame's next
        /// change is never later than what changes in the list (the loop would miss it).
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920)])
        func theListOfOtherAlertsStaysAsLongAsItTakesToRead(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            var alerts = try Self.alerts(5, at: Self.sent.addingTimeInterval(1))
            let long = size.width > size.height ? 3 : 4  // on the list's second page (two rows a page; four in portrait)
            Self.atItsLimits(&alerts[long].infos[0])
            alerts[long].infos[0].areas.removeLast(80)  // still pages within its row; a shorter walk
            let frames = FrameComposer(screen: Self.screen(size), measurer: fonts)
            let list = try #require(frames.alerts.regions(for: alerts).list)
            let slot = Slot(item: nil, start: alerts[0].start, end: alerts[0].start.addingTimeInterval(3600))
            /// The list's label and what each of its row boxes shows, and when the frame says it next changes.
            func read(_ at: Date) throws -> (label: String, rows: [String], next: Date) {
                let composition = frames.compose(slot: slot, content: nil, alerts: alerts, headlines: [], at: at)
                let texts = composition.scene.texts.filter { list.contains(x: $0.x, y: $0.y) }
                let label = try #require(texts.first)
                let top = label.y + fonts.height(of: label.font)
                let perPage = size.width > size.height ? 2 : 4
                let rowHeight = (list.y + list.height - top) / perPage
                var rows = [String](repeating: "", count: perPage)
                for text in texts.dropFirst() { rows[min(perPage - 1, max(0, (text.y - top) / rowHeight))] += text.text }
                // When the loop wakes next: the composition's own next change, or the language's turn.
                let languageTurn = AlertComposer.nextLanguageChange(alerts[0], after: at)
                return (label.text, rows, min(composition.nextChange ?? languageTurn, languageTurn))
            }
            func characters(_ text: String) -> Int { text.filter { !$0.isWhitespace }.count }
            var at = alerts[0].start.addingTimeInterval(0.5)
            var shown = try read(at)
            // When each row's content and the list's page came up (the first ones are cut short by the test's start).
            var rowSince = [Date?](repeating: nil, count: shown.rows.count), pageSince: Date? = nil
            var pageText = Set(shown.rows)
            var rowPages = 0, listPages = 0
            let pagesToSee = size.width > size.height ? 2 : 0
            while at < alerts[0].start.addingTimeInterval(900), listPages < pagesToSee || rowPages < 4 {
                let next = shown.next
                // Nothing in the list changes before the frame said it would.
                let before = try read(next.addingTimeInterval(-0.25))
                #expect(before.label == shown.label && before.rows == shown.rows, "\(size) +\(Int(at.timeIntervalSince(alerts[0].start))) s: the list changed before \(next)")
                let after = try read(next.addingTimeInterval(0.25))
                for index in shown.rows.indices where after.rows[index] != shown.rows[index] || after.label != shown.label {
                    if let since = rowSince[index], !shown.rows[index].isEmpty {
                        let need = ReadingPace.page(characters: characters(shown.rows[index]))
                        #expect(next.timeIntervalSince(since) >= need - 0.5, "\(size): a row of \(characters(shown.rows[index])) characters stayed \(next.timeIntervalSince(since)) s, needs \(need)")
                        rowPages += 1
                    }
                    rowSince[index] = next
                }
                if after.label != shown.label {
                    if let since = pageSince {
                        let need = ReadingPace.page(characters: pageText.reduce(0) { $0 + characters($1) })
                        #expect(next.timeIntervalSince(since) >= need - 0.5, "\(size): a list page stayed \(next.timeIntervalSince(since)) s, needs \(need) s")
                        listPages += 1
                    }
                    pageSince = next
                    pageText = []
                }
                pageText.formUnion(after.rows)
                at = next.addingTimeInterval(0.25)
                shown = after
                shown.next = try read(at).next
            }
            // (In portrait the four others fit one list page: only the long row turns.)
            #expect(listPages >= pagesToSee && rowPages >= 4, "\(size): seen \(listPages) list pages and \(rowPages) row pages")
        }

        /// The open shelters under an evacuation order keep their names when a row's status is
        /// long (a stale row says how old its word is): on a portrait screen the names were cut
        /// to "…" alone. Each name shows whole here, or at least two fifths of the row's width.
        @Test(arguments: Self.sizes)
        func aShelterKeepsItsNameBesideALongStatus(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            let alerts = try Self.alerts(1, at: Self.sent.addingTimeInterval(1))
            let stale = "情報を確認中  更新時刻が未来 12月3日 10:10（Time ahead: 3 Dec 10:10）"
            let shelters = BoardSlide(badge: "防災  Disaster", title: "避難所の開設状況", subtitle: "Open evacuation shelters", style: .table,
                                      columns: [BoardSlide.Column("避難所  Shelter", weight: 2), BoardSlide.Column("状況  Status", weight: 1)],
                                      rows: (0..<4).map { BoardSlide.Row([.text("中央第\($0)小学校（中央区）"), .text(stale), .bar(fraction: 0.4, label: "残り180人 / 300人", tone: .good)]) },
                                      empty: "")
            let composer = AlertComposer(screen: Self.screen(size), measurer: fonts)
            let region = try #require(composer.regions(for: alerts, shelters: shelters.rows.count).shelters)
            let texts = composer.compose(alerts, at: alerts[0].start.addingTimeInterval(1), shelters: shelters).texts
                .filter { region.contains(x: $0.x, y: $0.y) }
            let names = texts.filter { $0.font.bold && !$0.text.contains("Open shelters") }
            #expect(names.count >= 3, "\(size): \(texts.map(\.text))")
            for name in names {
                #expect(name.text.hasPrefix("中央第") || name.text.hasPrefix("▶ 中央第"), "\(size): '\(name.text)'")
            }
        }

        /// A headline in another language is never split over pages: at 720p, with a second
        /// alert and open shelters below, the English page read "…areas along the Sagami" and
        /// the next "River". Each language's region is read at every half second of its turn,
        /// at every size: wherever a piece of the headline shows, the whole of it does.
        @Test(arguments: Self.sizes)
        func aHeadlineInAnotherLanguageIsNeverSplitOverPages(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            let alerts = try Self.alerts(2, at: Self.sent.addingTimeInterval(1))
            let shelters = BoardSlide(badge: "防災  Disaster", title: "避難所の開設状況", subtitle: "Open evacuation shelters", style: .table,
                                      columns: [BoardSlide.Column("避難所  Shelter", weight: 2), BoardSlide.Column("状況  Status", weight: 1)],
                                      rows: (0..<12).map { BoardSlide.Row([.text("南台第\($0)中学校", secondary: "南区"), .text("開設", secondary: "Open", tone: .good)]) },
                                      empty: "")
            // A small screen read from close by (a branch office's 32-inch at 3 m), as the
            // one that showed it; its reading size is larger for its pixels.
            var screen = Self.screen(size)
            screen.diagonal = 32
            screen.viewingDistance = 3
            let composer = AlertComposer(screen: screen, measurer: fonts)
            let region = try #require(composer.regions(for: alerts, shelters: shelters.rows.count).other)
            let lead = alerts[0]
            for index in 1..<lead.infos.count {
                let headline = try #require(lead.infos[index].headline).filter { !$0.isWhitespace }
                var whole = 0
                for half in 0..<Int(AlertComposer.languageInterval * 2) {
                    let at = lead.start.addingTimeInterval(Double(index - 1) * AlertComposer.languageInterval + Double(half) / 2 + 0.25)
                    let texts = composer.compose(alerts, at: at, shelters: shelters).texts.filter { region.contains(x: $0.x, y: $0.y) }
                    // Below the label (the language's name, and the dots beside it), in order.
                    let label = try #require(texts.map(\.y).min())
                    let lines = texts.filter { $0.y > label }.map { $0.text.filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
                    // A page whose top is any piece of the headline holds all of it, first.
                    guard let top = lines.first, headline.contains(top) else { continue }
                    var read = ""
                    for line in lines {
                        guard read != headline, headline.hasPrefix(read + line) else { break }
                        read += line
                    }
                    #expect(read == headline, "\(size) \(lead.infos[index].language) at +\(Double(half) / 2)s: \(lines)")
                    whole += 1
                }
                #expect(whole > 0, "\(size) \(lead.infos[index].language): the headline shows in its turn")
            }
        }

        /// Issue 28: no warning name broken across lines in any alert frame — read from the laid-
        /// out lines of CAP, JMA and tsunami frames at four sizes with one, two and four alerts:
        /// where one line ends and the next begins, no term may be split.
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1280, height: 720), PixelSize(width: 1080, height: 1920), PixelSize(width: 3840, height: 2160)])
        func noWarningNameIsBrokenInAnyFrame(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            let terms = ["大津波警報", "津波警報", "津波注意報", "大雨特別警報", "土砂災害警戒情報", "土砂災害危険警報", "大雨危険警報", "緊急安全確保",
                         "避難指示", "高齢者等避難", "警戒レベル", "ください"]
            var screen = Self.screen(size)
            screen.jmaAreas = ["210", "1420600"]
            var sets: [[ActiveAlert]] = []
            for count in [1, 2, 4] { sets.append(try Self.alerts(count, at: Self.sent.addingTimeInterval(1))) }
            for file in ["32-39_11_02_250206_VTSE41.xml", "17_04_01_250630_VXWW50.xml"] {
                let (message, format) = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/cap/jma-xml/" + file)))
                sets.append(AlertBoard(messages: [ReceivedAlert(source: "alerts/" + file, message: message, received: message.sent, format: format)],
                                       policy: screen.alertPolicy).active(at: message.sent.addingTimeInterval(1)))
            }
            var pairs = 0
            for alerts in sets where !alerts.isEmpty {
                for step in 0..<max(1, alerts[0].infos.count) {
                    let at = alerts[0].start.addingTimeInterval(Double(step) * AlertComposer.languageInterval + 0.5)
                    let texts = AlertComposer(screen: screen, measurer: fonts).compose(alerts, at: at).texts
                    // Consecutive lines of one block: the next starts at the same x, lower down.
                    for (line, next) in zip(texts, texts.dropFirst()) where next.x == line.x && next.y > line.y && next.y - line.y < line.font.size * 2 {
                        pairs += 1
                        for term in terms {
                            for cut in 1..<term.count {
                                let head = String(term.prefix(cut)), tail = String(term.dropFirst(cut))
                                #expect(!(line.text.hasSuffix(head) && next.text.hasPrefix(tail)), "\(size): '\(term)' broken: '\(line.text)' | '\(next.text)'")
                            }
                        }
                    }
                }
            }
            #expect(pairs > 20, "line pairs read: \(pairs)")
        }

        /// Issue 28: the all-clear card's other-language region was titled "EMERGENCY ALERT".
        @Test func anAllClearSaysSoInEveryLanguage() throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            var message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-evacuation.xml")))
            message.infos = message.infos.map { var info = $0; info.responseTypes = ["AllClear"]; return info }
            let instant = message.sent.addingTimeInterval(1)
            let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/a.xml", message: message, received: message.sent)], policy: Self.screen(size).alertPolicy).active(at: instant)
            #expect(alerts.first?.isAllClear == true)
            var titles: [String] = []
            for step in 0..<4 {
                let at = instant.addingTimeInterval(Double(step) * AlertComposer.languageInterval)
                titles += AlertComposer(screen: Self.screen(size), measurer: fonts).compose(alerts, at: at).texts.map(\.text)
            }
            #expect(!titles.contains { $0.contains("EMERGENCY") || $0.contains("紧急警报") || $0.contains("긴급 경보") }, "\(titles.filter { $0.count < 40 })")
            #expect(titles.contains { $0.contains("ALL CLEAR") })
        }

        @Test(arguments: [1, 2, 3, 4, 5])
        func theLevelsColourFillsTheBandAndFramesTheBody(_ level: Int) throws {
            let fonts = try Fixtures.fonts()
            let size = PixelSize(width: 1920, height: 1080)
            var message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-landslide.xml")))
            message.infos = message.infos.map { var info = $0; info.parameters = [CAPValue(name: "警戒レベル", value: "\(level)")]; return info }
            let instant = Self.sent.addingTimeInterval(1)
            let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/l.xml", message: message, received: message.sent)], policy: Self.screen(size).alertPolicy).active(at: instant)
            #expect(alerts.first?.level == level)
            let scene = AlertComposer(screen: Self.screen(size), measurer: fonts).compose(alerts, at: instant)
            #expect(scene.texts.contains { $0.text.contains("警戒レベル\(level)") && $0.text.contains(AlertLevel.actions[level]!) })
            let display = try OffscreenDisplay(size: size, fonts: fonts)
            try display.show(scene)
            let colour = try #require(AlertComposer.levelColours[level]).fill
            #expect(display.pixel(x: 4, y: 4) == colour, "the band")
            #expect(display.pixel(x: 4, y: 540) == colour, "the left edge of the body")
            #expect(display.pixel(x: 1915, y: 540) == colour, "the right edge of the body")
            if let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"] {
                try display.writePNG(to: directory + "/alert-level-\(level).png")
            }
        }

        @Test func levelsAreReadFromParametersAndFromTheTextInEveryLanguage() {
            func info(_ headline: String, parameters: [CAPValue] = []) -> CAPInfo {
                CAPInfo(language: "ja", categories: ["Met"], event: "避難指示", responseTypes: [], urgency: .immediate, severity: .severe, certainty: .likely,
                        eventCodes: [], effective: nil, onset: nil, expires: nil, senderName: nil, headline: headline, description: nil,
                        instruction: nil, web: nil, contact: nil, areas: [], parameters: parameters)
            }
            #expect(AlertLevel.of([info("【警戒レベル4】相模川沿いに避難指示")]) == 4)
            #expect(AlertLevel.of([info("【警戒レベル５】緊急安全確保")]) == 5, "full-width digit")
            #expect(AlertLevel.of([info("[Alert level 3] Elderly evacuate")]) == 3)
            #expect(AlertLevel.of([info("【警戒级别4】相模川沿岸地区发布避难指示")]) == 4)
            #expect(AlertLevel.of([info("[경계 레벨 4] 대피 지시")]) == 4)
            #expect(AlertLevel.of([info("避難指示", parameters: [CAPValue(name: "AlertLevel", value: "5")])]) == 5)
            #expect(AlertLevel.of([info("【警戒レベル3】", parameters: [CAPValue(name: "警戒レベル", value: "レベル4")])]) == 4, "the parameter wins")
            #expect(AlertLevel.of([info("The sea level may rise 3 m")]) == nil)
            #expect(AlertLevel.of([info("レベル45")]) == nil)
            #expect(AlertLevel.of([info("大雨注意報")]) == nil)
        }

        @Test func everyLevelColourKeepsItsTextReadable() {
            for (level, colour) in AlertComposer.levelColours {
                // The band's words are large (72 units): 4.5:1 is the bar; the body's text sits
                // on the dark ground, not on the colour.
                #expect(colour.text.contrast(with: colour.fill) >= 4.5, "level \(level)")
            }
        }
    }
}

extension Rect {
    /// Whether the two rectangles share more than `tolerance` pixels in both directions.
    func intersects(_ other: Rect, tolerance: Int) -> Bool {
        min(x + width, other.x + other.width) - max(x, other.x) > tolerance && min(y + height, other.y + other.height) - max(y, other.y) > tolerance
    }
}
