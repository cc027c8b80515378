import Foundation
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

    @Suite struct ImageDecoderTests {
        @Test func decodesOnAnotherThreadAndHandsOverOnce() throws {
            let decoder = ImageDecoder()
            let path = Fixtures.content + "/media/poster-gomi-bunbetsu.png"
            decoder.request(path)
            decoder.request(path)  // already on its way: not decoded twice
            var size: (width: Int, height: Int)? = nil
            let deadline = Date().addingTimeInterval(5)
            while size == nil, Date() < deadline {
                size = decoder.takeSizeForTesting(path)
                if size == nil { usleep(2000) }
            }
            let decoded = try #require(size)
            #expect(decoded.width == 1920 && decoded.height == 1080)
            #expect(decoder.takeSizeForTesting(path) == nil, "a surface is handed over once")
        }

        @Test func preparedPosterDrawsTheSame() throws {
            let display = try OffscreenDisplay(size: PixelSize(width: 960, height: 540), fonts: try Fixtures.fonts())
            let scene = Scene(width: 960, height: 540, background: RGBA(0, 0, 0), nodes: [
                .image(ImageNode(path: Fixtures.content + "/media/poster-gomi-bunbetsu.png", frame: Rect(x: 0, y: 0, width: 960, height: 540))),
            ])
            display.prepare(scene)
            usleep(300_000)
            try display.show(scene)
            let p = display.pixel(x: 5, y: 5)
            #expect(abs(Int(p.g) - 0x6B) < 8, "\(p)")
        }
    }
}
