import MachinakaCore
import Testing

@Suite struct DamageTests {
    let title = TextNode(text: "年末年始の窓口業務", font: FontSpec(role: .heading, size: 80), color: RGBA(255, 255, 255), x: 100, y: 200)
    let strip = Rect(x: 0, y: 1000, width: 1920, height: 80)

    func scene(offset: Int?, title: String = "年末年始の窓口業務") -> Scene {
        var node = self.title
        node.text = title
        let ticker = offset.map {
            TickerNode(frame: strip, background: RGBA(10, 40, 90), segments: [TextNode(text: "見出し", font: FontSpec(role: .body, size: 40), color: RGBA(255, 255, 255), x: 0, y: 1010)],
                       period: 3000, offset: $0)
        }
        return Scene(width: 1920, height: 1080, background: RGBA(0, 0, 0), nodes: [.text(node)], ticker: ticker)
    }

    @Test func aMovingTickerDamagesOnlyItsStrip() {
        #expect(scene(offset: 12).damage(from: scene(offset: 4)) == .region(strip))
    }

    @Test func anUnchangedSceneNeedsNothing() {
        #expect(scene(offset: 4).damage(from: scene(offset: 4)) == .none)
        #expect(scene(offset: nil).damage(from: scene(offset: nil)) == .none)
    }

    @Test func anyOtherChangeRedrawsEverything() {
        #expect(scene(offset: 12, title: "交通規制").damage(from: scene(offset: 4)) == .all)
        #expect(scene(offset: 12).damage(from: scene(offset: nil)) == .all, "a ticker appearing")
        #expect(scene(offset: nil).damage(from: scene(offset: 4)) == .all, "a ticker going")
        var resized = scene(offset: 12)
        resized.width = 1280
        #expect(resized.damage(from: scene(offset: 4)) == .all)
        var newHeadlines = scene(offset: 12)
        newHeadlines.ticker?.segments[0].text = "新しい見出し"
        #expect(newHeadlines.damage(from: scene(offset: 4)) == .all)
    }
}
