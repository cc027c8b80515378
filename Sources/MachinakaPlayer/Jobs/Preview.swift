import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// The `render --at` job: the exact frame a screen would show at an instant, by the code the
/// player runs (the rotation's slot, the alerts, the composer), written as a PNG.
public enum Preview {
    /// What was rendered, in a line for the person who asked.
    public struct Rendered: Sendable {
        public var description: String
    }

    /// Renders the frame of `screen` at `instant` to the PNG file `out`, at `size`.
    public static func render(feed: Feed, screen: ScreenConfig, at instant: Date, size: PixelSize, fonts: FontLibrary, out: String) throws -> Rendered {
        let display = try OffscreenDisplay(size: size, fonts: fonts)
        let frame = Self.frame(feed: feed, screen: screen, at: instant, size: size, fonts: fonts)
        try display.show(frame.composition.scene)
        do {
            try display.writePNG(to: out)
        } catch let error as SDLError {
            throw Playback.OutputError(description: "The frame could not be written to \(out): \(error.reason).")
        }
        return Rendered(description: "\(out): \(size) frame of screen '\(screen.id)' at \(instant.formatted(.iso8601)): \(frame.shown)")
    }

    /// The frame `screen` shows at `instant` — its slot, the alerts in force (every message in
    /// alerts/ counted as received at its `sent` time), composed as the player composes — with
    /// the composer that made it and what it shows, in words.
    static func frame(feed: Feed, screen: ScreenConfig, at instant: Date, size: PixelSize, fonts: FontLibrary)
        -> (composition: Composition, composer: FrameComposer, shown: String)
    {
        let preview = feed.asPreview
        var composer = FrameComposer(screen: screen, size: size, measurer: fonts, words: feed.words)
        composer.slides.artworkGround = ArtworkGround.shared.chooser
        let rotation = Rotation(feed: preview, screen: screen, pacing: SlidePacing(composer: composer.slides, at: instant, ticker: SlidePacing.ticker(preview, screen: screen)))
        let slot = rotation.slot(at: instant)
        let alerts = preview.alertBoard(for: screen).active(at: instant)
        let composition = composer.compose(slot: slot, rotation: rotation, alerts: alerts, at: instant)
        let shown = alerts.first.map { "alert \($0.source) (\($0.message.identifier))" } ?? "\(slot.kind.rawValue) \(slot.item?.source ?? "")"
        return (composition, composer, shown)
    }
}
