import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// Checks, on a real window, that frames finished by presenting only what changed show what a
/// whole redraw shows: a frame of a screen is drawn, its ticker moved `frames` steps (each
/// presented the way the renderer presents a ticker step: the strip alone on the software
/// path, through the frame texture on a GPU), the window system's pixels captured; then the
/// same last frame is drawn whole and captured again. The captures are compared by the caller.
public enum WindowCheck {
    /// What was drawn, and how.
    public struct Result: Encodable, Sendable {
        public var renderer: String
        /// Ticker steps presented as rectangles (software path).
        public var stripPresents: Int
        /// Frames drawn whole, start to finish, over the ticker steps (a GPU's redraw count).
        public var wholeFramesDuringTicker: Int
        public var frames: Int
    }

    /// Runs the check on the current display; `capture(path)` copies the window system's
    /// pixels into the file `path`: `start` before the ticker moves (so a caller can see it did),
    /// `before` after its steps, `after` once the same frame is drawn whole.
    public static func run(feed: Feed, screen: ScreenConfig, at instant: Date, renderer choice: RendererChoice, frames: Int, fonts: FontLibrary,
                           start: String, before: String, after: String, capture: (String) throws -> Void) throws -> Result {
        let display = try WindowDisplay(size: screen.size, fullscreen: false, renderer: choice, fonts: fonts)
        let frame = Preview.frame(feed: feed, screen: screen, at: instant, size: display.size, fonts: fonts)
        let (scene, composer) = (frame.composition.scene, frame.composer)
        guard let ticker = scene.ticker else { throw Playback.OutputError(description: "Screen '\(screen.id)' has no ticker to move.") }
        // The window manager-less X server maps the window at once; a few whole frames first.
        for _ in 0..<3 {
            display.refreshSize()
            try display.show(scene)
            usleep(50_000)
        }
        try capture(start)
        let wholeBefore = display.drawCounts.whole
        var last = scene
        for step in 1...max(1, frames) {
            last.ticker = composer.slides.advance(ticker, to: instant.addingTimeInterval(Double(step) / 60))
            try display.show(last)
        }
        let result = Result(renderer: display.rendererSummary, stripPresents: display.stripPresents,
                            wholeFramesDuringTicker: display.drawCounts.whole - wholeBefore, frames: frames)
        try capture(before)
        display.refreshSize()
        try display.show(last)
        try capture(after)
        return result
    }
}
