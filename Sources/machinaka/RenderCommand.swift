import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer

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
            print(try Preview.render(feed: feed, screen: screen, at: instant, size: frameSize, fonts: fonts, out: absolute(out)).description)
        } catch {
            throw Failure(error)
        }
    }
}
