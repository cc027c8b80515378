import Foundation

/// Which face a run of text is set in, by role rather than by file: the renderer's font
/// library maps it to a file through the `FontCatalog`.
public struct FontSpec: Equatable, Hashable, Sendable {
    /// What the text is for.
    public enum Role: String, Sendable, CaseIterable, Codable {
        case body, heading, alert
    }

    public var role: Role
    public var bold: Bool
    /// The language of the text (`ja`, `en`, `zh`, `ko`…), which picks the script's face.
    public var lang: String
    /// The size in pixels.
    public var size: Int

    /// Creates a font specification.
    public init(role: Role, bold: Bool = false, lang: String = "ja", size: Int) {
        self.role = role
        self.bold = bold
        self.lang = lang
        self.size = size
    }
}

/// A single line of text placed on screen; layout has already broken and fitted it.
public struct TextNode: Equatable, Hashable, Sendable {
    public var text: String
    public var font: FontSpec
    public var color: RGBA
    /// The top left of the line's box.
    public var x: Int, y: Int

    /// Creates a text node.
    public init(text: String, font: FontSpec, color: RGBA, x: Int, y: Int) {
        self.text = text
        self.font = font
        self.color = color
        self.x = x
        self.y = y
    }
}

/// An image file placed in a frame.
public struct ImageNode: Equatable, Hashable, Sendable {
    /// How the image meets its frame.
    public enum Mode: String, Sendable {
        /// Whole image visible, letterboxed.
        case fit
        /// Frame covered, image cropped.
        case fill
    }

    /// Absolute path of a file inside the feed.
    public var path: String
    public var frame: Rect
    public var mode: Mode
    /// Which version of the file: a file changed in place is decoded again.
    public var version: Int64

    /// Creates an image node.
    public init(path: String, frame: Rect, mode: Mode = .fit, version: Int64 = 0) {
        self.path = path
        self.frame = frame
        self.mode = mode
        self.version = version
    }
}

/// One element of a scene, drawn in order.
public enum SceneNode: Equatable, Hashable, Sendable {
    case fill(Rect, RGBA)
    case text(TextNode)
    case image(ImageNode)

    /// The same node `dx` to the right and `dy` down: what layout does to a block it set at
    /// the origin once it knows where the block goes.
    public func moved(dx: Int, dy: Int) -> SceneNode {
        switch self {
        case .fill(var rect, let colour):
            rect.x += dx
            rect.y += dy
            return .fill(rect, colour)
        case .text(var text):
            text.x += dx
            text.y += dy
            return .text(text)
        case .image(var image):
            image.frame.x += dx
            image.frame.y += dy
            return .image(image)
        }
    }
}

/// A line of headlines scrolling right to left in a strip: the one part of a frame that moves.
///
/// The line is held as short pieces, each placed along it, so only the pieces in view are drawn
/// and no texture is wider than a few hundred characters, however many headlines there are.
public struct TickerNode: Equatable, Hashable, Sendable {
    /// The strip.
    public var frame: Rect
    public var background: RGBA
    /// The pieces of the line, `x` measured from the line's start, `y` in the frame.
    public var segments: [TextNode]
    /// The width of the line plus the gap before it repeats.
    public var period: Int
    /// How far the line has scrolled, in pixels (0 ..< period).
    public var offset: Int

    /// Creates a ticker.
    public init(frame: Rect, background: RGBA, segments: [TextNode], period: Int, offset: Int) {
        self.frame = frame
        self.background = background
        self.segments = segments
        self.period = period
        self.offset = offset
    }

    /// The whole line's text (tests, checks).
    public var text: String { segments.map(\.text).joined() }

    /// How often the line steps: 60 times a second.
    public static let stepInterval: TimeInterval = 1.0 / 60

    /// The next instant on an absolute grid of `stepInterval`: frames paced by deadlines on
    /// the grid, not by "now plus an interval", keep 60 steps a second whatever each frame's
    /// work took (after the work plus a whole interval, the ticker had run at 57).
    public static func nextStep(after now: Date) -> Date {
        let index = (now.timeIntervalSinceReferenceDate / stepInterval).rounded(.down) + 1
        return Date(timeIntervalSinceReferenceDate: index * stepInterval)
    }
}

/// A part of the frame that changes on its own (a data panel): drawn over its opaque ground,
/// never outside its frame, so a new number redraws the panel and nothing else.
public struct PanelNode: Equatable, Hashable, Sendable {
    public var frame: Rect
    public var background: RGBA
    public var nodes: [SceneNode]

    /// Creates a panel.
    public init(frame: Rect, background: RGBA, nodes: [SceneNode]) {
        self.frame = frame
        self.background = background
        self.nodes = nodes
    }
}

/// Everything the renderer needs to draw one frame, and nothing it has to decide.
public struct Scene: Equatable, Hashable, Sendable {
    /// The frame size in pixels.
    public var width: Int, height: Int
    public var background: RGBA
    public var nodes: [SceneNode]
    /// A playing clip, drawn over the nodes (its slide's ground is among them).
    public var clip: ClipNode?
    /// A data panel, drawn over the nodes.
    public var panel: PanelNode?
    /// The scrolling ticker, drawn over the nodes.
    public var ticker: TickerNode?

    /// Creates a scene.
    public init(width: Int, height: Int, background: RGBA, nodes: [SceneNode] = [], clip: ClipNode? = nil, panel: PanelNode? = nil, ticker: TickerNode? = nil) {
        self.width = width
        self.height = height
        self.background = background
        self.nodes = nodes
        self.clip = clip
        self.panel = panel
        self.ticker = ticker
    }

    /// When something in the scene moves by itself next, after `now`: the ticker's next step,
    /// a clip's next picture, whichever is sooner; nil when nothing moves. The loop wakes then,
    /// and `damage(from:)` redraws only what moved.
    public func nextMotion(after now: Date) -> Date? {
        let step = ticker.map { _ in TickerNode.nextStep(after: now) }
        guard let picture = clip?.nextPicture(after: now) else { return step }
        return min(step ?? picture, picture)
    }

    /// Every text line in the scene, the panel's included, in drawing order (tests, checks).
    public var texts: [TextNode] {
        (nodes + (panel?.nodes ?? [])).compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }
}
