import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaRender

/// Where the feed and fonts are, and which screen: shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: "The feed folder (default: the repository's Content/).")
    var feed: String = RepositoryPaths.content

    @Option(help: "The screen id, a file name in screens/ without .yml (default: the first).")
    var screen: String?

    @Option(help: "The fonts folder holding fonts.yml and any added fonts (default: the repository's Fonts/).")
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

/// The repository's own folders, found from this source file, so `swift run` in a clone
/// plays the sample feed with no options.
enum RepositoryPaths {
    static let root: String = {
        let here = URL(fileURLWithPath: #filePath)
        let repository = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = repository.appendingPathComponent("Content").path
        return FileManager.default.fileExists(atPath: candidate) ? repository.path : FileManager.default.currentDirectoryPath
    }()
    static var content: String { root + "/Content" }
    static var fonts: String { root + "/Fonts" }
}
