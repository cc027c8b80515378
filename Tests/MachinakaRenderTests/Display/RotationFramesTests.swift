import Foundation
import MachinakaCore
import MachinakaLayout
@testable import MachinakaRender
import Testing

extension RenderTests {
    /// A whole rotation played off screen: no frame, at or around any change of slide, is a
    /// blank screen (all one colour) — the black gap viewers complain of in other players.
    @Suite struct RotationFramesTests {
        @Test(arguments: ["city-hall-lobby", "library-entrance"])
        func noBlankFrameBetweenItems(_ screenID: String) throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Fixtures.content)
            let screen = try #require(feed.screens[screenID])
            let size = PixelSize(width: screen.size.width / 2, height: screen.size.height / 2)
            let display = try OffscreenDisplay(size: size, fonts: fonts)
            let rotation = Rotation(feed: feed, screen: screen)
            let composer = FrameComposer(screen: screen, size: size, measurer: fonts)
            let from = FeedTime.parseInstant("2026-12-05T10:00")!
            let cycle = rotation.eligible(at: from).reduce(0) { $0 + $1.duration }
            let plan = Planner.plan(feed: feed, screen: screen, from: from, duration: cycle + 1)
            #expect(plan.count >= rotation.eligible(at: from).count)
            var checked = 0
            for entry in plan {
                for instant in [entry.start, entry.start.addingTimeInterval(0.001), entry.end.addingTimeInterval(-0.001)] {
                    let slot = rotation.slot(at: instant)
                    let scene = composer.compose(slot: slot, alerts: [], headlines: rotation.headlines(at: instant), at: instant).scene
                    try display.show(scene)
                    // Sample a grid: a blank frame would give one colour everywhere.
                    var colours = Set<RGBA>()
                    for y in stride(from: 0, to: size.height, by: size.height / 24) {
                        for x in stride(from: 0, to: size.width, by: size.width / 24) {
                            colours.insert(display.pixel(x: x, y: y))
                        }
                    }
                    #expect(colours.count > 2, "\(entry.source) at \(instant) looks blank")
                    checked += 1
                }
            }
            #expect(checked >= 3 * plan.count)
        }

        /// After a fade only the ticker is redrawn, but during it the incoming slide's lines are
        /// drawn every frame: they must fit the text budget, or each fade frame would set them again.
        @Test func everySampleSlidesTextFitsTheTextBudget() throws {
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Fixtures.content)
            let screen = try #require(feed.screens["city-hall-lobby"])
            let rotation = Rotation(feed: feed, screen: screen)
            let composer = FrameComposer(screen: screen, size: screen.size, measurer: fonts)
            let from = FeedTime.parseInstant("2026-12-05T10:00")!
            let budget = SceneRenderer.textBudget(for: screen.size)
            var densest = 0
            for entry in Planner.plan(feed: feed, screen: screen, from: from, duration: 200) {
                let at = entry.start.addingTimeInterval(0.001)
                let scene = composer.compose(slot: rotation.slot(at: at), alerts: [], headlines: rotation.headlines(at: at), at: at).scene
                let lines = scene.texts + (scene.ticker?.segments ?? [])
                densest = max(densest, lines.reduce(0) { $0 + fonts.width(of: $1.text, font: $1.font) * fonts.height(of: $1.font) * 4 })
            }
            #expect(densest > 0)
            #expect(densest <= budget, "densest slide \(densest) bytes, budget \(budget)")
        }
    }
}
