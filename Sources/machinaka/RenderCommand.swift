import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// `machinaka render`: the exact frame a screen would show at an instant, as a PNG.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Write the frame a screen would show at an instant to a PNG file.")

    @OptionGroup var options: CommonOptions

    @Option(help: "The instant, ISO 8601; local times are in the screen's time zone (default: now).")
    var at: String?

    @Option(help: "The frame size, e.g. 1920x1080 (default: the screen's size).")
    var size: String?

    @Option(help: "The PNG file to write.")
    var out: String

    func run() throws {
        let feed = try options.loadFeed()
        let screen = try options.screenConfig(in: feed)
        let instant = try at.map { try parseInstant($0, option: "--at", zone: screen.zone) } ?? SystemClock().now()
        var frameSize = screen.size
        if let size {
            guard let parsed = PixelSize(parsing: size) else {
                throw ValidationError("--size '\(size)' is not a size like 1920x1080")
            }
            guard parsed.isScreenSize else {
                throw ValidationError("--size '\(size)' is outside the screen sizes a player draws (\(PixelSize.screenSizeRange))")
            }
            frameSize = parsed
        }
        let fonts = try options.fontLibrary()
        do {
            let display = try OffscreenDisplay(size: frameSize, fonts: fonts)
            // A preview counts every message in alerts/ as received at its `sent` time.
            let preview = feed.asPreview
            let rotation = Rotation(feed: preview, screen: screen)
            let slot = rotation.slot(at: instant)
            let alerts = preview.alertBoard(for: screen).active(at: instant)
            let composition = FrameComposer(screen: screen, size: frameSize, measurer: fonts)
                .compose(slot: slot, alerts: alerts, headlines: rotation.headlines(at: instant), at: instant)
            try display.show(composition.scene)
            try display.writePNG(to: out)
            let shown = alerts.first.map { "alert \($0.source) (\($0.message.identifier))" } ?? "\(slot.kind.rawValue) \(slot.item?.source ?? "")"
            print("\(out): \(frameSize) frame of screen '\(screen.id)' at \(ISO8601DateFormatter().string(from: instant)): \(shown)")
        } catch let error as SDLError where error.call.hasPrefix("IMG_SavePNG") {
            throw Failure(.output, "The frame could not be written to \(out): \(error.reason).")
        } catch {
            throw Failure(error)
        }
    }
}
