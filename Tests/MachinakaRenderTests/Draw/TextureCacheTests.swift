import MachinakaCore
@testable import MachinakaRender
import Testing

extension RenderTests {
@Suite struct TextureCacheTests {
    @Test func memoryStaysWithinTheBudget() throws {
        let fonts = try Fixtures.fonts()
        let display = try OffscreenDisplay(size: PixelSize(width: 400, height: 100), fonts: fonts)
        // A year of clock texts: each minute a new string; the cache must not keep them all.
        for minute in 0..<600 {
            let text = "2026年11月25日 \(minute / 60):\(minute % 60)"
            try display.show(Scene(width: 400, height: 100, background: RGBA(255, 255, 255), nodes: [
                .text(TextNode(text: text, font: FontSpec(role: .body, size: 40), color: RGBA(0, 0, 0), x: 0, y: 0)),
            ]))
        }
        let cache = display.textCacheForTesting
        #expect(cache.residentBytes <= cache.budget)
        #expect(cache.count < 600)
    }
}
}
