import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer

/// `machinaka preview`: the static site staff open to see the days ahead on every screen.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Write a static site (HTML and images, no script) of what every screen will show: timeline, slides, mistakes, alerts, data.")

    @OptionGroup var options: CommonOptions

    @Option(help: "The folder to write the site into (made if missing; thumbnails there are reused).")
    var out: String

    @Option(help: "The first instant, ISO 8601 (default: now).")
    var from: String?

    @Option(help: "How many days to show (1–14).")
    var days: Int = 7

    @Option(help: "A play log (play --play-log) to show what was shown in the last day.")
    var playLog: String?

    func run() throws {
        guard (1...14).contains(days) else { throw ValidationError("--days must be between 1 and 14.") }
        let feed = try options.loadFeed()
        let fonts = try options.fontLibrary()
        let zone = feed.screens.values.first?.zone ?? FeedTime.defaultTimeZone
        let start = try from.map { try parseInstant($0, option: "--from", zone: zone) } ?? SystemClock().now()
        do {
            let outcome = try PreviewSite.write(feed: feed, from: start, days: days, fonts: fonts, out: absolute(out), playLog: playLog.map(absolute))
            print("\(out)/index.html: \(outcome.screens) screens, \(outcome.slides) slides; \(outcome.rendered) thumbnails drawn, \(outcome.reused) kept, in \(String(format: "%.1f", outcome.seconds)) s")
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(.output, "The preview could not be written to \(out): \(error)")
        }
    }
}
