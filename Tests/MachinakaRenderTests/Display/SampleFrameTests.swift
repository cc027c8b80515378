import Foundation
import MachinakaCore
import MachinakaLayout

import MachinakaRender
import Testing

extension RenderTests {
/// Every slide of the sample feed, drawn with the real fonts at both screens' sizes.
@Suite struct SampleFrameTests {
    @Test(arguments: ["city-hall-lobby", "library-entrance"])
    func everySlideRendersWithoutTofuAndWithInk(_ screenID: String) throws {
        let fonts = try Fixtures.fonts()
        let feed = try FeedLoader().load(from: Fixtures.content)
        let screen = try #require(feed.screens[screenID])
        let display = try OffscreenDisplay(size: screen.size, fonts: fonts)
        let composer = SlideComposer(screen: screen, measurer: fonts)
        let instant = FeedTime.parseInstant("2026-12-05T10:00")!
        let theme = Theme.named(screen.theme)
        let items: [ContentItem?] = Rotation(feed: feed, screen: screen).members.map(\.item) + [nil]
        for item in items {
            let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(30))
            let composition = composer.compose(slot, at: instant)
            // At the screen's one text size a long notice may take a second page, never more.
            #expect(composition.pages <= 2, "\(item?.source ?? "fallback") takes \(composition.pages) pages on \(screenID)")
            for page in 0..<composition.pages {
                let scene = composer.compose(slot, at: instant.addingTimeInterval(30 / Double(composition.pages) * (Double(page) + 0.5))).scene
                let problems = SceneInspection.problems(in: scene, fonts: fonts, minimum: composer.scale.minimum)
                #expect(problems.isEmpty, "\(item?.source ?? "fallback") page \(page + 1) on \(screenID): \(problems)")
            }
            #expect(composition.forcedBreaks.isEmpty, "\(item?.source ?? "fallback"): \(composition.forcedBreaks)")
            try display.show(composition.scene)
            // The header is drawn in its colour and the body area is never blank.
            #expect(display.pixel(x: 2, y: 2) == theme.headerBackground)
            let body = Rect(x: 0, y: screen.size.height / 8, width: screen.size.width, height: screen.size.height / 2)
            let ink = display.pixels(in: body, differingFrom: theme.background)
            #expect(ink > body.width * body.height / 100, "\(item?.source ?? "fallback") looks blank")
        }
    }
}
}
