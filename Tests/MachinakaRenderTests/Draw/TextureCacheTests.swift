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
        @Test func decodesOnAnotherThreadScaledToItsFrameAndHandsOverOnce() throws {
            let decoder = ImageDecoder()
            // The 1920×1080 poster filling a portrait frame: cut to the frame's shape, scaled down.
            let request = ImageDecoder.Request(ImageNode(path: Fixtures.content + "/media/poster-gomi-bunbetsu.png",
                                                         frame: Rect(x: 0, y: 0, width: 300, height: 400), mode: .fill))
            decoder.request(request)
            decoder.request(request)  // already on its way: not decoded twice
            var size: PixelSize? = nil
            let deadline = Date().addingTimeInterval(30)
            while size == nil, Date() < deadline {
                size = decoder.takeSizeForTesting(request)
                if size == nil { usleep(2000) }
            }
            #expect(try #require(size) == PixelSize(width: 300, height: 400))
            #expect(decoder.takeSizeForTesting(request) == nil, "a surface is handed over once")
        }

        @Test func fitKeepsTheWholeImageInsideTheFrame() {
            let landscape = ImageGeometry(imageWidth: 1920, imageHeight: 1080, frameWidth: 1000, frameHeight: 1000, mode: .fit)
            #expect(landscape.source == Rect(x: 0, y: 0, width: 1920, height: 1080))
            #expect(landscape.size == PixelSize(width: 1000, height: 563))
            // A small logo in a big frame grows to meet the frame's shorter side.
            let logo = ImageGeometry(imageWidth: 240, imageHeight: 240, frameWidth: 960, frameHeight: 120, mode: .fit)
            #expect(logo.size == PixelSize(width: 120, height: 120))
        }

        @Test func fillCoversTheFrameAndCutsTheOverflowEvenly() {
            let portraitFrame = ImageGeometry(imageWidth: 1920, imageHeight: 1080, frameWidth: 1080, frameHeight: 1920, mode: .fill)
            #expect(portraitFrame.size == PixelSize(width: 1080, height: 1920))
            #expect(portraitFrame.source == Rect(x: 656, y: 0, width: 608, height: 1080))
            let same = ImageGeometry(imageWidth: 1920, imageHeight: 1080, frameWidth: 1920, frameHeight: 1080, mode: .fill)
            #expect(same.source == Rect(x: 0, y: 0, width: 1920, height: 1080))
            #expect(same.size == PixelSize(width: 1920, height: 1080))
        }

        @Test func aPreparedImageIsNotDecodedOnTheLoopButAnotherFrameSizeIs() throws {
            let display = try OffscreenDisplay(size: PixelSize(width: 960, height: 540), fonts: try Fixtures.fonts())
            let path = Fixtures.content + "/media/poster-gomi-bunbetsu.png"
            func scene(height: Int) -> Scene {
                Scene(width: 960, height: 540, background: RGBA(0, 0, 0), nodes: [.image(ImageNode(path: path, frame: Rect(x: 0, y: 0, width: 960, height: height), mode: .fill))])
            }
            display.prepare(scene(height: 500))
            try display.show(scene(height: 500))  // waits for the decode under way if need be
            #expect(display.decodedOnLoopForTesting == 0)
            // Prepared for one frame, shown in another (a slide prepared without its ticker): the
            // decode ahead was for nothing, and the loop decodes again.
            display.prepare(scene(height: 540))
            try display.show(scene(height: 520))
            #expect(display.decodedOnLoopForTesting == 1)
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
