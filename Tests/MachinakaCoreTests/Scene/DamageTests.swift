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
        #expect(scene(offset: 12).damage(from: scene(offset: 4)) == .regions([strip]))
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

    func withPanel(_ scene: Scene, number: String, frame: Rect? = nil) -> Scene {
        var scene = scene
        let frame = frame ?? Rect(x: 1300, y: 104, width: 620, height: 896)
        scene.panel = PanelNode(frame: frame, background: RGBA(238, 242, 247),
                                nodes: [.text(TextNode(text: number, font: FontSpec(role: .heading, bold: true, size: 120), color: RGBA(0, 0, 0), x: frame.x + 40, y: frame.y + 200))])
        return scene
    }

    @Test func aPanelWhoseDataChangedDamagesOnlyThePanel() {
        let panel = Rect(x: 1300, y: 104, width: 620, height: 896)
        #expect(withPanel(scene(offset: nil), number: "125").damage(from: withPanel(scene(offset: nil), number: "124")) == .regions([panel]))
        #expect(withPanel(scene(offset: nil), number: "124").damage(from: withPanel(scene(offset: nil), number: "124")) == .none)
        // With the ticker moving in the same frame: both, and nothing else.
        #expect(withPanel(scene(offset: 12), number: "125").damage(from: withPanel(scene(offset: 4), number: "124")) == .regions([panel, strip]))
    }

    @Test func aPanelAppearingMovingOrGoingRedrawsEverything() {
        #expect(withPanel(scene(offset: nil), number: "1").damage(from: scene(offset: nil)) == .all)
        #expect(scene(offset: nil).damage(from: withPanel(scene(offset: nil), number: "1")) == .all)
        #expect(withPanel(scene(offset: nil), number: "1", frame: Rect(x: 0, y: 700, width: 1920, height: 300))
            .damage(from: withPanel(scene(offset: nil), number: "1")) == .all)
        // The slide beside it changing is a new frame whatever the panel does.
        #expect(withPanel(scene(offset: nil, title: "交通規制"), number: "1").damage(from: withPanel(scene(offset: nil), number: "1")) == .all)
    }
}
