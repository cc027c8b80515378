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
            let composition = composer.compose(Slot(item: item, start: instant, end: instant.addingTimeInterval(10)), at: instant)
            #expect(!composition.overflowed, "\(item?.source ?? "fallback") does not fit on \(screenID)")
            for text in composition.scene.texts {
                #expect(fonts.missingGlyphs(in: text.text, font: text.font) == [], "tofu in \(item?.source ?? "fallback"): \(text.text)")
            }
            try display.show(composition.scene)
            // The header is drawn in its colour and the body area is never blank.
            #expect(display.pixel(x: 2, y: 2) == theme.headerBackground)
            let body = Rect(x: 0, y: screen.size.height / 8, width: screen.size.width, height: screen.size.height / 2)
            let ink = display.pixels(in: body, differingFrom: item?.kind == .image ? theme.posterBackground : theme.background)
            #expect(ink > body.width * body.height / 100, "\(item?.source ?? "fallback") looks blank")
        }
    }
}
}
