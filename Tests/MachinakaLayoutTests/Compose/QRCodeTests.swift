import Foundation
import MachinakaCore
import MachinakaLayout
import Testing

@Suite struct QRCodeTests {
    @Test func finderPatternsAndSize() throws {
        let code = try #require(QRCode("https://www.city.sagamihara.kanagawa.jp/"))
        // A version-v code is 17 + 4v modules a side.
        #expect((code.size - 17) % 4 == 0 && code.size >= 21)
        // The three finder patterns: a dark 7×7 ring around a light ring around a dark 3×3.
        for (ox, oy) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for i in 0..<7 {
                #expect(code.isDark(x: ox + i, y: oy) && code.isDark(x: ox + i, y: oy + 6))
                #expect(code.isDark(x: ox, y: oy + i) && code.isDark(x: ox + 6, y: oy + i))
            }
            #expect(!code.isDark(x: ox + 1, y: oy + 1) && code.isDark(x: ox + 3, y: oy + 3))
        }
        #expect(QRCode(String(repeating: "x", count: 5000)) == nil, "too long for any QR code")
    }

    @Test func slideWithALinkShowsTheCodeBesideTheText() {
        var screen = ScreenConfig(id: "lobby")
        screen.size = PixelSize(width: 1920, height: 1080)
        var item = ContentItem(source: "news/a.md", kind: .news, title: "お知らせ", body: [.paragraph([Span(String(repeating: "本文です。", count: 40))])])
        let without = SlideComposer(screen: screen, measurer: FixedMeasurer()).compose(Slot(item: item, start: .now, end: .now), at: .now).scene
        item.link = "https://www.city.sagamihara.kanagawa.jp/"
        let with = SlideComposer(screen: screen, measurer: FixedMeasurer()).compose(Slot(item: item, start: .now, end: .now), at: .now).scene
        let darkModules = with.nodes.filter { if case .fill(_, let colour) = $0 { return colour == RGBA(0, 0, 0) } else { return false } }
        #expect(darkModules.count > 20)
        #expect(with.texts.contains { $0.text.contains("More info") })
        // The text moves aside: its right edge is further left than without the code.
        let measurer = FixedMeasurer()
        func rightEdge(_ scene: Scene) -> Int { scene.texts.filter { $0.text.hasPrefix("本文") }.map { $0.x + measurer.width(of: $0.text, font: $0.font) }.max() ?? 0 }
        #expect(rightEdge(with) < rightEdge(without))
    }
}
