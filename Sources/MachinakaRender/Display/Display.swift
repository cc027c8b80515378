import MachinakaCore

/// Where frames go: a real screen or an off-screen surface. Everything above the renderer
/// talks to this, so the whole player runs the same in a test as on a kiosk.
public protocol Display: AnyObject {
    /// The frame size in pixels.
    var size: PixelSize { get }
    /// Draws `scene` and presents it; during a cross-fade, the frame it replaces is drawn over
    /// it, fading out as `transition.progress` goes from 0 to 1.
    func show(_ scene: Scene, transition: Transition?) throws
    /// Loads what `scene` will need (images) before it is shown, so a change of slide never
    /// waits on a decoder.
    func prepare(_ scene: Scene)
    /// Writes the last presented frame as a PNG file.
    func writePNG(to path: String) throws
    /// A copy of the last presented frame's pixels, to encode off the frame loop.
    func capture() throws -> FrameCapture
    /// What could not be drawn since the last call: those parts were left out of their frames
    /// and the frames shown without them.
    func takeFailures() -> [DrawFailure]
    /// Reads the output's size again and forgets what it showed (a window exposed or resized):
    /// the next frame is drawn whole.
    func refreshSize()
    /// Whether frames wait for an image still being decoded: yes for `render` and previews, no
    /// for the live player, whose frame goes out without it (an alert is never held by a decode).
    var waitsForImages: Bool { get set }
    /// Whether the last frame left out an image still being decoded: show the scene again soon.
    var imagesPending: Bool { get }
    /// How the loop waits on this output: for window-system events, or only for its own.
    var waitMode: EventPump.Mode { get }
    /// What draws the frames and why ("software (no GPU render node in /dev/dri)"), for the
    /// log and the status file.
    var rendererSummary: String { get }
    /// Clip showings that ended since the last call, with how their pictures went.
    func takeClipReports() -> [ClipReport]
}

extension Display {
    /// Outputs that draw no clips report none.
    public func takeClipReports() -> [ClipReport] { [] }
}

/// How one showing of a clip went: pictures put on screen, late (the one due was not decoded
/// yet, so the one before stayed up), and dropped (decoded, but the screen had passed them).
public struct ClipReport: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var shown: Int
    public var late: Int
    public var dropped: Int

    public init(path: String, shown: Int, late: Int, dropped: Int) {
        self.path = path
        self.shown = shown
        self.late = late
        self.dropped = dropped
    }

    public var description: String { "\(shown) pictures shown, \(late) late, \(dropped) dropped" }
}

/// One part of a frame that could not be drawn — an image that does not decode, a line the
/// font cannot render — and why. Only that part is left out: a file can spoil its own slide,
/// never the screen.
public struct DrawFailure: Equatable, Sendable, CustomStringConvertible {
    /// Which part of the frame it was in: the slide's (its item is to blame), or the panel's
    /// or the ticker's (their data or other items are, never the slide on screen).
    public enum Part: String, Sendable {
        case slide, panel, ticker
    }

    /// The image file, for an image.
    public var path: String?
    /// The part of the frame it was in.
    public var part: Part = .slide
    /// The text, for a line of text.
    public var text: String?
    /// What went wrong.
    public var reason: String

    /// Creates a failure report.
    public init(path: String? = nil, text: String? = nil, reason: String) {
        self.path = path
        self.text = text
        self.reason = reason
    }

    public var description: String {
        if let path { return "\(path): \(reason)" }
        return "text '\(String((text ?? "").prefix(40)))': \(reason)"
    }
}

/// A cross-fade in progress: the scene being replaced and how far the fade has gone.
public struct Transition: Equatable, Sendable {
    public var from: Scene
    /// 0 at the start, 1 when only the new scene shows.
    public var progress: Double

    public init(from: Scene, progress: Double) {
        self.from = from
        self.progress = min(1, max(0, progress))
    }
}

extension Display {
    /// Draws `scene` and presents it, with no transition.
    public func show(_ scene: Scene) throws {
        try show(scene, transition: nil)
    }

    public func prepare(_ scene: Scene) {}
    public func refreshSize() {}
    public var rendererSummary: String { "unknown" }
}
