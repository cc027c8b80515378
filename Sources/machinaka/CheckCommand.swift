import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer
import MachinakaRender

/// `machinaka check`: validates the whole feed and prints what is wrong, compiler style.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the feed folder; exit 1 when any file has an error.")

    @OptionGroup var options: CommonOptions

    @Option(help: "Judge dates as of this instant, ISO 8601 (default: now).")
    var at: String?

    func run() throws {
        let feed = try options.loadFeed()
        let instant = try at.map { try parseInstant($0, option: "--at", zone: FeedTime.defaultTimeZone) } ?? SystemClock().now()
        let fonts: FontLibrary?
        do {
            fonts = try options.fontLibrary()
        } catch {
            FileHandle.standardError.write(Data("machinaka: text fitting and images were not checked: \(Failure(error).message)\n".utf8))
            fonts = nil
        }
        let diagnostics = FeedCheck.diagnostics(of: feed, at: instant, fonts: fonts)
        for diagnostic in diagnostics {
            print(diagnostic)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let notes = diagnostics.filter { $0.severity == .note }.count
        print("\(feed.items.count) items, \(feed.screens.count) screens, \(feed.playlists.count) playlists, \(feed.data.count) data files; \(errors) errors, \(warnings) warnings\(notes > 0 ? ", \(notes) notes" : "")")
        if errors > 0 { throw Failure(.checkFoundErrors, "The feed has \(errors) error(s); the files named above are left out until fixed.") }
    }
}
