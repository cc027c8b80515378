import ArgumentParser
import Foundation
import MachinakaCore

/// `machinaka check`: validates the whole feed and prints what is wrong, compiler style.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the feed folder; exit 1 when any file has an error.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let feed = try options.loadFeed()
        let sorted = feed.diagnostics.sorted { ($0.path, $0.line, $0.column) < ($1.path, $1.line, $1.column) }
        for diagnostic in sorted {
            print(diagnostic)
        }
        let errors = feed.diagnostics.filter { $0.severity == .error }.count
        let warnings = feed.diagnostics.count - errors
        print("\(feed.items.count) items, \(feed.screens.count) screens, \(feed.playlists.count) playlists; \(errors) errors, \(warnings) warnings")
        if errors > 0 { throw Failure(.checkFoundErrors, "The feed has \(errors) error(s); the files named above are left out until fixed.") }
    }
}
