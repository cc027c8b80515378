import CSDL2
import MachinakaCore

/// What every display drawing with an SDL renderer shares: the scene renderer (fills, text,
/// images, caches), showing and preparing scenes, and the parts left out of frames. The
/// window and the memory surface differ only in where the renderer draws and how a frame is
/// presented and read back.
public class RendererDisplay: Display {
    public internal(set) var size: PixelSize
    let renderer: OpaquePointer
    let scenes: SceneRenderer

    init(size: PixelSize, renderer: OpaquePointer, fonts: FontLibrary, retainsPixels: Bool) {
        self.size = size
        self.renderer = renderer
        scenes = SceneRenderer(renderer: renderer, fonts: fonts, frame: size, retainsPixels: retainsPixels)
    }

    public func show(_ scene: Scene, transition: Transition?) throws {
        try scenes.draw(scene, transition: transition)
        SDL_RenderPresent(renderer)
    }

    public func prepare(_ scene: Scene) {
        scenes.prepare(scene)
    }

    public func takeClipReports() -> [ClipReport] {
        scenes.clips.takeReports()
    }

    public func takeFailures() -> [DrawFailure] {
        scenes.takeFailures()
    }

    public func refreshSize() {
        scenes.invalidate()
    }

    public var waitMode: EventPump.Mode { .headless }

    public var waitsForImages: Bool {
        get { scenes.waitsForImages }
        set { scenes.waitsForImages = newValue }
    }

    public var imagesPending: Bool { scenes.imagesPending }

    /// Frames drawn whole and frames finished by redrawing what changed, since the start.
    public var drawCounts: (whole: Int, partial: Int) { (scenes.wholeFrames, scenes.partialFrames) }

    /// What draws the frames, and why.
    public var rendererSummary: String { "software, off screen" }

    public func writePNG(to path: String) throws {
        fatalError("a display writes its own PNG")
    }

    public func capture() throws -> FrameCapture {
        fatalError("a display captures its own frame")
    }
}
