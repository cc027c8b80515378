import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// `Tests/Fixtures/stress`, every page of every slide on four screens (1080p, portrait,
    /// 720p dark, 4K read from 8 m), with the real fonts: nothing missing, out of place, drawn
    /// over other text or below the screen's minimum size. With `MACHINAKA_FRAMES=DIR` the
    /// frames are written there to look at.
    @Suite struct StressFeedTests {
        static let folder = Fixtures.root + "/Tests/Fixtures/stress"
        static let instant = FeedTime.parseInstant("2026-12-05T10:00")!

        /// Each member's pages on `screenID`: (source, page, scene, composition).
        static func pages(_ screenID: String, fonts: FontLibrary) throws -> [(source: String, page: Int, scene: Scene, composition: Composition)] {
            let feed = try FeedLoader().load(from: folder)
            let screen = try #require(feed.screens[screenID])
            let rotation = Rotation(feed: feed, screen: screen)
            let composer = FrameComposer(screen: screen, measurer: fonts, words: feed.words)
            var result: [(String, Int, Scene, Composition)] = []
            for member in rotation.members {
                let slot = Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration))
                let content = rotation.content(of: slot, at: instant)
                let first = composer.compose(slot: slot, content: content, alerts: [], headlines: rotation.headlines(at: instant), at: instant)
                // Pages take shares of the slot by what each needs: a frame every half second,
                // each page at its first.
                result.append((member.item.source, 0, first.scene, first))
                var at = instant.addingTimeInterval(0.5)
                var last = first.scene.texts
                while first.pages > 1, at < slot.end, result.last.map({ $0.0 != member.item.source || $0.1 < first.pages - 1 }) ?? true {
                    let composition = composer.compose(slot: slot, content: content, alerts: [], headlines: rotation.headlines(at: instant), at: at)
                    // The header's clock is not the page: its texts below the header are.
                    let texts = composition.scene.texts.filter { $0.y > 120 }
                    if texts != last.filter({ $0.y > 120 }) {
                        result.append((member.item.source, (result.last?.1 ?? 0) + 1, composition.scene, composition))
                        last = composition.scene.texts
                    }
                    at = at.addingTimeInterval(0.5)
                }
            }
            return result
        }

        @Test(arguments: ["hall", "portrait", "small-dark", "far-4k"])
        func everyPageIsWholeReadableAndInPlace(_ screenID: String) throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Self.folder)
            let screen = try #require(feed.screens[screenID])
            let minimum = SlideComposer(screen: screen, measurer: fonts).scale.minimum
            let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"]
            let display = try directory.map { _ in try OffscreenDisplay(size: screen.size, fonts: fonts) }
            for (source, page, scene, composition) in try Self.pages(screenID, fonts: fonts) {
                let problems = SceneInspection.problems(in: scene, fonts: fonts, minimum: minimum)
                #expect(problems.isEmpty, "\(screenID) \(source) page \(page + 1): \(problems)")
                #expect(composition.forcedBreaks.isEmpty, "\(screenID) \(source): \(composition.forcedBreaks)")
                if let display, let directory {
                    try display.show(scene)
                    let name = source.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_")
                    try display.writePNG(to: "\(directory)/stress-\(screenID)-\(name)-\(page + 1).png")
                }
            }
        }

        @Test func twelveEventsArePagedNotDropped() throws {
            let fonts = try Fixtures.fonts()
            let boards = try Self.pages("hall", fonts: fonts).filter { $0.source == "board:upcoming-events" }
            #expect(boards.count >= 2, "more events than one page holds: pages")
            let shown = boards.flatMap(\.scene.texts).map(\.text).joined(separator: "|")
            for title in ["おはなし会", "書き初め教室", "防災講座", "クリスマスコンサート", "こども将棋大会", "健康体操", "映画上映会", "手話講座", "パソコン教室", "料理教室", "朗読会", "写真展"] {
                #expect(shown.contains(title), "\(title) is on no page")
            }
            #expect(shown.contains("1 / \(boards.count)"))
            // Saturdays in blue, Sundays and holidays in red, and the words say which day.
            let texts = boards.flatMap(\.scene.texts)
            let sunday = try #require(texts.first { $0.text.hasPrefix("12月6日（日）") })
            #expect(sunday.color == Theme.standard.holiday)
        }

        @Test func aTransparentPosterShowsTheScreensGroundNotBlack() throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Self.folder)
            let screen = try #require(feed.screens["hall"])
            let page = try #require(try Self.pages("hall", fonts: fonts).first { $0.source == "media/03-transparent-dark.png" })
            let display = try OffscreenDisplay(size: screen.size, fonts: fonts)
            try display.show(page.scene)
            // A transparent corner of the poster area shows the theme's white, and the black
            // artwork stands on it.
            #expect(display.pixel(x: screen.size.width / 2, y: screen.size.height / 5) == Theme.standard.background)
            let dark = display.pixels(in: Rect(x: 0, y: 200, width: screen.size.width, height: 600), differingFrom: Theme.standard.background)
            #expect(dark > 10_000, "the dark line art is visible")
            // `check` says which posters vanish where.
            #expect((ImageVerifier.visibleShare(of: Self.folder + "/media/03-transparent-dark.png", on: Theme.dark.background) ?? 1) < 0.1)
            #expect((ImageVerifier.visibleShare(of: Self.folder + "/media/03-transparent-dark.png", on: Theme.standard.background) ?? 0) > 0.9)
            #expect(ImageVerifier.visibleShare(of: Self.folder + "/media/01-wide-banner.png", on: Theme.standard.background) == nil, "an opaque image covers its ground")
        }

        /// Issue 29: light line art on a white screen played as a blank slide.
        @Test func aPosterThatWouldVanishOnTheScreensGroundGetsOneItStandsOutOn() throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Self.folder)
            let path = Self.folder + "/media/04-transparent-light.png"
            #expect((ImageVerifier.visibleShare(of: path, on: Theme.standard.background) ?? 1) < ArtworkGround.vanishing, "the test needs art that vanishes on white")
            for (screenID, theme) in [("hall", Theme.standard), ("small-dark", Theme.dark)] {
                let screen = try #require(feed.screens[screenID])
                var composer = FrameComposer(screen: screen, measurer: fonts, words: feed.words)
                composer.slides.artworkGround = ArtworkGround().chooser
                let item = try #require(feed.items.first { $0.source == "media/04-transparent-light.png" })
                let at = Self.instant
                let scene = composer.compose(slot: Slot(item: item, start: at, end: at.addingTimeInterval(10)), alerts: [], headlines: [], at: at).scene
                // The fill under the poster: the last fill before its image.
                let index = try #require(scene.nodes.firstIndex { if case .image = $0 { return true } else { return false } })
                guard case .fill(_, let ground)? = scene.nodes[..<index].last else {
                    Issue.record("no ground under the poster on \(screenID)")
                    continue
                }
                let share = ImageVerifier.visibleShare(of: path, on: ground) ?? 0
                #expect(share >= ArtworkGround.vanishing, "\(screenID): on \(ground) only \(share) stands out")
                if (ImageVerifier.visibleShare(of: path, on: theme.background) ?? 1) >= ArtworkGround.vanishing {
                    #expect(ground == theme.background, "\(screenID): art that shows on the screen's ground keeps it")
                }
            }
        }

        @Test func furiganaInATitleAreReadingsNotMarkup() throws {
            let fonts = try Fixtures.fonts()
            let page = try #require(try Self.pages("hall", fonts: fonts).first { $0.source == "news/10-easy-japanese.md" })
            let texts = page.scene.texts.map(\.text)
            #expect(!texts.contains { $0.contains("{") || $0.contains("|") }, "\(texts)")
            #expect(texts.contains("じしん") && texts.contains("地震"))
            // The ticker shows the base text only.
            #expect(page.scene.ticker?.text.contains("地震が起きたときは") == true)
        }
    }
}
