import MachinakaCore
import MachinakaLayout

/// What a composed frame does to its reader, measured with the real fonts: characters no
/// installed face has (left out on screen), text running out of the frame or of its panel,
/// lines drawn over other lines, and text below the screen's minimum size. `check` reports
/// these for every page of every slide; tests hold the sample and stress feeds to none.
public enum SceneInspection {
    /// One sentence per problem found in `scene`.
    public static func problems(in scene: Scene, fonts: FontLibrary, minimum: Int) -> [String] {
        var problems: [String] = []
        let panelTexts = Set<TextNode>((scene.panel?.nodes ?? []).compactMap { node -> TextNode? in
            if case .text(let text) = node { return text }
            return nil
        })
        let boxes = scene.texts.map { text in
            (text: text, box: Rect(x: text.x, y: text.y, width: fonts.width(of: text.text, font: text.font), height: fonts.height(of: text.font)))
        }
        for (text, box) in boxes {
            let missing = fonts.missingGlyphs(in: text.text, font: text.font)
            if !missing.isEmpty {
                problems.append("'\(String(missing))' has no glyph in any installed font and is left out of '\(text.text.prefix(30))'")
            }
            if box.x < 0 || box.y < 0 || box.x + box.width > scene.width || box.y + box.height > scene.height {
                problems.append("'\(text.text.prefix(30))' runs out of the frame")
            } else if let panel = scene.panel, panelTexts.contains(text),
                box.x < panel.frame.x || box.x + box.width > panel.frame.x + panel.frame.width + 1 || box.y + box.height > panel.frame.y + panel.frame.height + 1
            {
                problems.append("'\(text.text.prefix(30))' runs out of the panel")
            }
            if text.font.size < minimum, !text.text.allSatisfy(\.isWhitespace) {
                problems.append("'\(text.text.prefix(30))' is set at \(text.font.size) px, below the screen's minimum of \(minimum) px")
            }
        }
        // Drawn over means ink over ink: a called number is placed by its digits, and its line
        // box reaches past them into the row above or below.
        let inked = boxes.map { text, box in
            let ink = fonts.ink(of: text.text, font: text.font)
            return (text: text, box: Rect(x: box.x, y: box.y + ink.top, width: box.width, height: ink.height))
        }
        for (i, a) in inked.enumerated() {
            for b in inked[(i + 1)...] where a.box.overlaps(b.box, by: 2) {
                problems.append("'\(a.text.text.prefix(30))' is drawn over '\(b.text.text.prefix(30))'")
            }
        }
        return problems
    }
}

extension Rect {
    /// Whether the two rectangles share more than `tolerance` pixels in both directions.
    func overlaps(_ other: Rect, by tolerance: Int) -> Bool {
        min(x + width, other.x + other.width) - max(x, other.x) > tolerance && min(y + height, other.y + other.height) - max(y, other.y) > tolerance
    }
}
