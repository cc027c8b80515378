import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// Reference scenes drawn off screen and compared with committed PNGs. Each reference was
    /// looked at before it was committed. To update them after a deliberate change of design:
    ///
    ///     MACHINAKA_UPDATE_GOLDEN=1 swift test --filter GoldenImageTests
    ///
    /// then look at every changed PNG in Tests/MachinakaRenderTests/Golden/ before committing.
    @Suite struct GoldenImageTests {
        static let folder = Fixtures.root + "/Tests/MachinakaRenderTests/Golden"
        static let instant = FeedTime.parseInstant("2026-11-25T10:00")!

        /// The reference scenes: name, screen size (half of the panel, to keep the files small), item.
        static let cases: [(String, PixelSize, String)] = [
            ("long-japanese-notice", PixelSize(width: 960, height: 540), "news/2026-12-nenmatsu-nenshi.md"),
            ("mixed-ja-en-title", PixelSize(width: 960, height: 540), "news/foreign-residents-consultation.md"),
            ("portrait-poster", PixelSize(width: 540, height: 960), "media/poster-toshokan-fuyu.png"),
            ("portrait-event", PixelSize(width: 540, height: 960), "events/2026-12-12-ohanashikai.md"),
            ("overflowing-text", PixelSize(width: 960, height: 540), "overflow"),
            ("alert-japanese", PixelSize(width: 960, height: 540), "alert"),
            ("alert-two-portrait", PixelSize(width: 540, height: 960), "alert-two"),
            ("alert-without-level", PixelSize(width: 960, height: 540), "alert-plain"),
            ("jma-landslide-en", PixelSize(width: 960, height: 540), "jma-0"),
            ("jma-landslide-zh", PixelSize(width: 960, height: 540), "jma-1"),
            ("jma-landslide-ko", PixelSize(width: 960, height: 540), "jma-2"),
            ("furigana-portrait", PixelSize(width: 540, height: 960), "news/2026-12-toshokan-fuyuyasumi.md"),
            ("board-counters", PixelSize(width: 960, height: 540), "boards:landscape:counters"),
            ("board-shelters-portrait", PixelSize(width: 540, height: 960), "boards:portrait:shelters"),
            ("board-clinics-dark", PixelSize(width: 960, height: 540), "boards:hd:clinics"),
            ("panel-right", PixelSize(width: 960, height: 540), "boards:panel-right:clinics"),
            ("alert-with-shelters", PixelSize(width: 960, height: 540), "boards:landscape:alert"),
            ("stress-table", PixelSize(width: 960, height: 540), "stress:hall:news/04-table.md"),
            ("stress-events-board", PixelSize(width: 960, height: 540), "stress:hall:board:upcoming-events"),
            ("stress-two-columns-portrait", PixelSize(width: 540, height: 960), "stress:portrait:news/03-long-list.md"),
            ("stress-emoji-and-ruby-title", PixelSize(width: 960, height: 540), "stress:hall:news/11-emoji.md"),
        ]

        private func scene(_ name: String, size: PixelSize, source: String, fonts: FontLibrary) throws -> Scene {
            let feed = try FeedLoader().load(from: Fixtures.content)
            var screen = try #require(feed.screens[size.isPortrait ? "library-entrance" : "city-hall-lobby"])
            screen.size = size
            let composer = FrameComposer(screen: screen, size: size, measurer: fonts)
            let headlines = ["年末年始の窓口業務のお知らせ", "道路工事に伴う夜間通行止め"]
            if source.hasPrefix("stress:") {
                // The stress feed (Tests/Fixtures/stress), an item's first page.
                let parts = source.split(separator: ":", maxSplits: 2).map(String.init)
                let stress = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/stress")
                var screen = try #require(stress.screens[parts[1]])
                screen.size = size
                let rotation = Rotation(feed: stress, screen: screen)
                let at = FeedTime.parseInstant("2026-12-05T10:00")!
                let member = try #require(rotation.members.first { $0.item.source == parts[2] })
                return FrameComposer(screen: screen, size: size, measurer: fonts, words: stress.words)
                    .compose(slot: Slot(item: member.item, start: at, end: at.addingTimeInterval(60)), rotation: rotation, alerts: [], at: at).scene
            }
            if source.hasPrefix("boards:") {
                // The data boards' fixture feed, its counters just written (10:15:30), a
                // board's first page, or the evacuation order with the open shelters listed.
                let parts = source.split(separator: ":").map(String.init)
                let boards = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/boards")
                var screen = try #require(boards.screens[parts[1]])
                screen.size = size
                screen.languages = ["ja", "en", "zh", "ko"]
                let at = FeedTime.parseInstant("2026-12-06T10:15:40+09:00")!
                let composer = FrameComposer(screen: screen, size: size, measurer: fonts)
                // Each board as long as its pages take to scan, as the player plays it.
                let rotation = Rotation(feed: boards, screen: screen, pacing: SlidePacing(composer: composer.slides, at: at, ticker: SlidePacing.ticker(boards, screen: screen)))
                if parts[2] == "alert" {
                    let message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml")))
                    let alerts = AlertBoard(messages: [ReceivedAlert(source: "alerts/e.xml", message: message, received: message.sent)], policy: screen.alertPolicy)
                        .active(at: message.sent.addingTimeInterval(1))
                    return composer.compose(slot: Slot(item: nil, start: at, end: at), rotation: rotation, alerts: alerts, at: at).scene
                }
                let member = try #require(rotation.members.first { $0.item.source.hasPrefix("board:\(parts[2])") })
                return composer.compose(slot: Slot(item: member.item, start: at, end: at.addingTimeInterval(member.duration)), rotation: rotation, alerts: [], at: at).scene
            }
            switch source {
            case "overflow":
                let body = Array(repeating: Block.paragraph([Span(String(repeating: "この文章は一枚のスライドには収まりきらないほど長いお知らせの例です。", count: 6))]), count: 5)
                let item = ContentItem(source: "news/long.md", kind: .news, title: "とても長いお知らせ", body: body)
                return composer.compose(slot: Slot(item: item, start: Self.instant, end: Self.instant), alerts: [], headlines: headlines, at: Self.instant).scene
            case "alert", "alert-two", "alert-plain":
                // The evacuation order (in ja, en, zh, ko on a screen that shows them), with the
                // landslide order beside it, or reworded without its level.
                screen.languages = ["ja", "en", "zh", "ko"]
                let folder = Fixtures.root + "/Tests/Fixtures/alerts/"
                var messages = [try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "sagamihara-evacuation.xml")))]
                if source == "alert-two" { messages.append(try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "sagamihara-landslide.xml")))) }
                if source == "alert-plain" {
                    messages[0].infos = messages[0].infos.map { var info = $0; info.headline = info.headline.map { String($0.drop { $0 != "】" && $0 != "]" }.dropFirst()) }; return info }
                }
                let board = AlertBoard(messages: messages.map { ReceivedAlert(source: "alerts/\($0.identifier).xml", message: $0, received: $0.sent) }, policy: screen.alertPolicy)
                let at = FeedTime.parseInstant("2026-11-25T14:40:01+09:00")!
                return FrameComposer(screen: screen, size: size, measurer: fonts).compose(slot: Slot(item: nil, start: at, end: at), alerts: board.active(at: at), headlines: [], at: at).scene
            case "jma-0", "jma-1", "jma-2":
                // JMA's レベル４土砂災害危険警報 sample on a screen for 小田原市, in each phase.
                screen.languages = ["ja", "en", "zh", "ko"]
                screen.jmaAreas = ["1420600"]
                let (message, format) = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/cap/jma-xml/17_04_01_250630_VXWW50.xml")))
                let board = AlertBoard(messages: [ReceivedAlert(source: "alerts/jma.xml", message: message, received: message.sent, format: format)], policy: screen.alertPolicy)
                let at = message.sent.addingTimeInterval(1 + Double(Int(source.suffix(1))!) * AlertComposer.languageInterval)
                return FrameComposer(screen: screen, size: size, measurer: fonts).compose(slot: Slot(item: nil, start: at, end: at), alerts: board.active(at: at), headlines: [], at: at).scene
            default:
                let item = try #require(feed.items.first { $0.source == source })
                return composer.compose(slot: Slot(item: item, start: Self.instant, end: Self.instant), alerts: [], headlines: headlines, at: Self.instant).scene
            }
        }

        @Test(arguments: cases.map(\.0))
        func matchesItsReference(_ name: String) throws {
            let (_, size, source) = try #require(Self.cases.first { $0.0 == name })
            let fonts = try Fixtures.fonts()
            let display = try OffscreenDisplay(size: size, fonts: fonts)
            try display.show(try scene(name, size: size, source: source, fonts: fonts))
            let path = Self.folder + "/\(name).png"
            if ProcessInfo.processInfo.environment["MACHINAKA_UPDATE_GOLDEN"] == "1" {
                try display.writePNG(to: path)
                return
            }
            #expect(FileManager.default.fileExists(atPath: path), "no reference \(path); see the suite's comment to make it")
            let differing = try display.differingPixels(fromPNG: path)
            // Up to 0.2 % of pixels may differ (anti-aliasing across FreeType versions).
            #expect(differing <= size.width * size.height / 500, "\(name): \(differing) pixels differ from \(path)")
        }
    }
}
