import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// Alert frames drawn with the real fonts, in every language Sagamihara's screens rotate.
    @Suite struct AlertFrameTests {
        static let fixtures = Fixtures.root + "/Tests/Fixtures/alerts"

        private func alert(at instant: Date) throws -> [ActiveAlert] {
            let message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-evacuation.xml")))
            var screen = ScreenConfig(id: "lobby")
            screen.languages = ["ja", "en", "zh", "ko"]
            let board = AlertBoard(messages: [ReceivedAlert(source: "alerts/a.xml", message: message, received: message.sent)], policy: screen.alertPolicy)
            return board.active(at: instant)
        }

        @Test(arguments: [(0, "en-US"), (1, "zh-CN"), (2, "ko-KR")])
        func eachLanguageRendersBesideTheJapaneseWithoutTofu(_ step: Int, _ language: String) throws {
            let fonts = try Fixtures.fonts()
            let sent = FeedTime.parseInstant("2026-11-25T14:30:00+09:00")!
            let instant = sent.addingTimeInterval(Double(step) * AlertComposer.languageInterval + 1)
            let alerts = try alert(at: instant)
            #expect(alerts.count == 1)
            var screen = ScreenConfig(id: "lobby")
            screen.languages = ["ja", "en", "zh", "ko"]
            let scene = AlertComposer(screen: screen, measurer: fonts).compose(alerts, at: instant)
            let other = try #require(AlertComposer.otherIndex(alerts[0], at: instant))
            let info = alerts[0].infos[other]
            #expect(info.language == language)
            let all = scene.texts.map(\.text).joined()
            #expect(all.contains(alerts[0].infos[0].headline!), "the Japanese stays on screen")
            #expect(all.replacingOccurrences(of: " ", with: "").contains(info.headline!.replacingOccurrences(of: " ", with: "")), "and the \(language) beside it")
            for text in scene.texts {
                #expect(fonts.missingGlyphs(in: text.text, font: text.font) == [], "tofu in \(language): \(text.text)")
            }
            let display = try OffscreenDisplay(size: screen.size, fonts: fonts)
            try display.show(scene)
            // 【警戒レベル4】: the band and the body's edges in the level's purple.
            #expect(display.pixel(x: 2, y: 2) == RGBA(170, 0, 170))
            #expect(display.pixel(x: 2, y: 400) == RGBA(170, 0, 170))
            #expect(display.pixels(in: Rect(x: 40, y: 160, width: 1840, height: 300), differingFrom: display.pixel(x: 40, y: 160)) > 20_000, "text in the body")
            if let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"] {
                try display.writePNG(to: directory + "/alert-\(language).png")
            }
        }

        @Test func everyCJKHeadlineOfTheCorpusHasItsGlyphs() throws {
            let fonts = try Fixtures.fonts()
            let corpus = Fixtures.root + "/Tests/Fixtures/cap"
            var checked = 0
            for folder in ["valid", "multilang", "signed", "spec-examples"] {
                for name in try FileManager.default.contentsOfDirectory(atPath: corpus + "/" + folder) where !name.hasSuffix(".pem") {
                    guard let message = try? CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + folder + "/" + name))) else { continue }
                    for info in message.infos where ["ja", "zh", "ko"].contains(info.language.prefix(2).lowercased()) {
                        for text in [info.headline, info.event, info.instruction, info.areas.first?.description].compactMap({ $0 }) {
                            for role in FontSpec.Role.allCases {
                                #expect(fonts.missingGlyphs(in: text, font: FontSpec(role: role, lang: info.language, size: 40)) == [], "\(name) \(info.language): \(text)")
                            }
                            checked += 1
                        }
                    }
                }
            }
            // Our own ja/zh/ko sample, whose Korean the corpus lacks.
            let sample = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/sagamihara-evacuation.xml")))
            for info in sample.infos {
                for text in [info.headline, info.instruction, info.senderName, info.areas.first?.description].compactMap({ $0 }) {
                    #expect(fonts.missingGlyphs(in: text, font: FontSpec(role: .alert, bold: true, lang: info.language, size: 40)) == [], "\(info.language): \(text)")
                    checked += 1
                }
            }
            #expect(checked >= 12)
        }

        /// JMA's R06 samples and live reports, each drawn for a screen of the first area in
        /// force, at 1080p and in portrait: the band in the level's colour, no tofu in any of the
        /// four languages, the Japanese name whole on screen.
        @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920)])
        func everyR06ReportDrawsInItsLevelsColour(_ size: PixelSize) throws {
            let fonts = try Fixtures.fonts()
            let folder = Fixtures.root + "/Tests/Fixtures/jma-r06"
            var drawn = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".xml") {
                let message = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))).message
                guard let first = message.infos.first, let code = first.areas.first?.geocodes.first else { continue }
                var screen = ScreenConfig(id: "lobby")
                screen.size = size
                screen.languages = ["ja", "en", "zh", "ko"]
                if code.name == "JMA" { screen.jmaAreas = [code.value] } else { screen.jmaRivers = [code.value] }
                screen.jmaAdvisories = true
                let board = AlertBoard(messages: [ReceivedAlert(source: "alerts/" + name, message: message, received: message.sent, format: "JMA")], policy: screen.alertPolicy)
                for step in 0..<3 {
                    let instant = message.sent.addingTimeInterval(Double(step) * AlertComposer.languageInterval + 1)
                    let alerts = board.active(at: instant)
                    let alert = try #require(alerts.first, "\(name)")
                    let scene = AlertComposer(screen: screen, measurer: fonts).compose(alerts, at: instant)
                    let all = scene.texts.map(\.text).joined()
                    #expect(all.contains(alert.infos[0].event), "\(name): the Japanese name whole")
                    for text in scene.texts {
                        #expect(fonts.missingGlyphs(in: text.text, font: text.font) == [], "\(name): tofu in \(text.text)")
                    }
                    let display = try OffscreenDisplay(size: screen.size, fonts: fonts)
                    try display.show(scene)
                    if let level = alert.level, let colour = AlertComposer.levelColours[level] {
                        #expect(display.pixel(x: 2, y: 2) == colour.fill, "\(name): level \(level)")
                    }
                    if step == 0, let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"] {
                        try display.writePNG(to: directory + "/r06-\(size.width)x\(size.height)-\(name.replacingOccurrences(of: ".xml", with: "")).png")
                    }
                }
                drawn += 1
            }
            #expect(drawn >= 10)
        }

        @Test func japaneseHeadlinesOfJMASamplesHaveTheirGlyphs() throws {
            // JMA's 防災情報XML is not CAP, but its Japanese is what a future adapter will show.
            let fonts = try Fixtures.fonts()
            let folder = Fixtures.root + "/Tests/Fixtures/cap/jma-xml"
            var checked = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let xml = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                for match in xml.components(separatedBy: "<Text>").dropFirst() {
                    let text = String(match.prefix { $0 != "<" }).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !text.isEmpty else { continue }
                    #expect(fonts.missingGlyphs(in: text, font: FontSpec(role: .alert, lang: "ja", size: 40)) == [], "\(name): \(text)")
                    checked += 1
                }
            }
            #expect(checked > 0)
        }
    }
}
