import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaRender

/// Where the feed and fonts are, and which screen: shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: "The feed folder (default: Content/ in a clone; /srv/machinaka/feed when installed from the package).")
    var feed: String = RepositoryPaths.content

    @Option(help: "The screen id, a file name in screens/ without .yml (default: the first).")
    var screen: String?

    @Option(help: "The fonts folder holding fonts.yml and any added fonts (default: Fonts/ in a clone; /usr/share/machinaka/Fonts when installed).")
    var fonts: String = RepositoryPaths.fonts

    /// The feed folder as an absolute path.
    var feedPath: String { absolute(feed) }

    /// The feed, or a `Failure` naming what is wrong with the folder.
    func loadFeed() throws -> Feed {
        do {
            return try FeedLoader().load(from: feed)
        } catch {
            throw Failure(error)
        }
    }

    /// The chosen screen of `feed`, or a `Failure` listing the ones there are.
    func screenConfig(in feed: Feed) throws -> ScreenConfig {
        guard let config = feed.screen(screen) else {
            let known = feed.screens.keys.sorted().joined(separator: ", ")
            throw Failure(.feed, "There is no screen '\(screen ?? "")' in \(self.feed)/screens (known: \(known.isEmpty ? "none" : known)).")
        }
        return config
    }

    /// The font library, or a `Failure` saying which font is missing.
    func fontLibrary() throws -> FontLibrary {
        do {
            return try FontLibrary(catalog: FontCatalog(folder: fonts))
        } catch {
            throw Failure(error)
        }
    }
}

/// `path` made absolute against the working directory: a relative path on the command line
/// means the same file however the player later changes folders.
func absolute(_ path: String) -> String {
    guard !path.hasPrefix("/") else { return path }
    return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")).standardizedFileURL.path
}

/// Parses an ISO 8601 instant for `--at` / `--from`, local times in the screen's zone.
func parseInstant(_ text: String, option: String, zone: TimeZone) throws -> Date {
    guard let date = FeedTime.parseInstant(text, timeZone: zone) else {
        throw ValidationError("\(option) '\(text)' is not a time like 2026-12-28T10:00 or 2026-12-28T10:00+09:00")
    }
    return date
}

/// Where the feed and fonts are by default: in a clone, the repository's own folders (found
/// from this source file, so `swift run` plays the sample feed with no options); installed
/// from the package, the kiosk's feed and the packaged fonts.
enum RepositoryPaths {
    /// The clone this binary was built in, if it is still there.
    static let repository: String? = {
        let here = URL(fileURLWithPath: #filePath)
        let repository = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: repository.appendingPathComponent("Content").path) ? repository.path : nil
    }()
    /// What the Debian package installs.
    static let installedFeed = "/srv/machinaka/feed"
    static let installedFonts = "/usr/share/machinaka/Fonts"

    static var root: String { repository ?? FileManager.default.currentDirectoryPath }
    static var content: String {
        if let repository { return repository + "/Content" }
        return FileManager.default.fileExists(atPath: installedFeed) ? installedFeed : root + "/Content"
    }
    static var fonts: String {
        if let repository { return repository + "/Fonts" }
        return FileManager.default.fileExists(atPath: installedFonts) ? installedFonts : root + "/Fonts"
    }
}
