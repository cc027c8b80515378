import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaLayout
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
        var diagnostics = feed.diagnostics + FeedChecker.warnings(for: feed, at: instant)
        diagnostics += overflowWarnings(feed, at: instant)
        diagnostics += undecodableImages(feed)
        let sorted = diagnostics.sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
        for diagnostic in sorted {
            print(diagnostic)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        print("\(feed.items.count) items, \(feed.screens.count) screens, \(feed.playlists.count) playlists; \(errors) errors, \(warnings) warnings")
        if errors > 0 { throw Failure(.checkFoundErrors, "The feed has \(errors) error(s); the files named above are left out until fixed.") }
    }

    /// Decodes every poster and logo as the screen would: a file whose header is fine but whose
    /// data is broken is an error here, not a surprise on screen.
    private func undecodableImages(_ feed: Feed) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for item in feed.items where item.kind == .image {
            if let path = item.imagePath, let problem = ImageVerifier.problem(decoding: path) {
                found.append(Diagnostic(path: item.source, message: "\(problem); the screen would leave it out"))
            }
        }
        for screen in feed.screens.values.sorted(by: { $0.id < $1.id }) {
            if let logo = screen.logoPath, let problem = ImageVerifier.problem(decoding: logo) {
                found.append(Diagnostic(path: "screens/\(screen.id).yml", severity: .warning, message: "the logo '\(screen.logo ?? logo)' cannot be shown: \(problem)"))
            }
        }
        return found
    }

    /// Lays every played text item out on every screen it plays on, with the real fonts.
    private func overflowWarnings(_ feed: Feed, at instant: Date) -> [Diagnostic] {
        let fonts: FontLibrary
        do {
            fonts = try options.fontLibrary()
        } catch {
            FileHandle.standardError.write(Data("machinaka: text fitting was not checked: \(Failure(error).message)\n".utf8))
            return []
        }
        var warnings: [Diagnostic] = []
        var warned = Set<String>()
        for screen in feed.screens.values.sorted(by: { $0.id < $1.id }) {
            let composer = SlideComposer(screen: screen, measurer: fonts)
            for member in Rotation(feed: feed, screen: screen).members where member.item.kind != .image && !warned.contains(member.item.source) {
                let slot = Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration))
                if composer.compose(slot, at: instant).overflowed {
                    warned.insert(member.item.source)
                    warnings.append(Diagnostic(
                        path: member.item.source, severity: .warning,
                        message: "the text does not fit on screen '\(screen.id)' (\(screen.size)) even at the smallest readable size, so it is shown as pages in turn; shorten it or split it into two notices"))
                }
            }
        }
        return warnings
    }
}
