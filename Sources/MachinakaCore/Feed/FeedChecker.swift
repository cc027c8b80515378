import Foundation

/// Warnings about a feed as a whole, at an instant: things that parse but will surprise the
/// person who wrote them (a notice that has ended, a poster too small for its screen, a file
/// no playlist plays, a screen id that does not exist).
public enum FeedChecker {
    public static func warnings(for feed: Feed, at instant: Date) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let screens = feed.screens.values.sorted { $0.id < $1.id }
        let known = Set(feed.screens.keys)
        let knownList = known.sorted().joined(separator: ", ")
        let played = Set(screens.flatMap { Rotation(feed: feed, screen: $0).members.map(\.item.source) })

        for item in feed.items {
            func warn(_ message: String) {
                warnings.append(Diagnostic(path: item.source, severity: .warning, message: message))
            }
            for id in item.screens where !known.contains(id) {
                warn("'screens' names '\(id)', which is not a screen in screens/ (known: \(knownList.isEmpty ? "none" : knownList))")
            }
            let kindWarnings = item.handler?.check(item, in: feed, screens: screens.filter { played.contains(item.source) && item.targets($0) }, at: instant) ?? []
            if let end = item.end, end <= instant {
                warn("this ended on \(ClockText.isoDay(end.addingTimeInterval(-1))) and is no longer shown; delete the file or change 'end'")
            } else if !kindWarnings.isEmpty, !item.isValid(at: instant) {
                // The kind says why it is over (an event that has ended).
            } else if !screens.isEmpty, !played.contains(item.source) {
                warn("no playlist plays this file on any screen (check the playlists' items and the file's screens/tags)")
            }
            warnings += kindWarnings
        }
        // Alerts a screen that trusts only its senders would refuse, named with the reason.
        for screen in screens where !screen.trustedFingerprints.isEmpty {
            for alert in feed.alerts {
                if let problem = alert.trustProblem(screen.alertPolicy.trustedSigners) {
                    warnings.append(Diagnostic(path: alert.source, severity: .warning, message: "refused on screen '\(screen.id)' (trusted_senders): \(problem)"))
                }
            }
        }
        for playlist in feed.playlists {
            for id in playlist.screens where !known.contains(id) {
                warnings.append(Diagnostic(
                    path: "playlists/\(playlist.name).yml", severity: .warning,
                    message: "'screens' names '\(id)', which is not a screen in screens/ (known: \(knownList.isEmpty ? "none" : knownList))"))
            }
            for entry in playlist.items where entry.board == nil && !feed.items.contains(where: { entry.matches($0.source) }) {
                warnings.append(Diagnostic(
                    path: "playlists/\(playlist.name).yml", severity: .warning,
                    message: "the entry '\(entry.source)' matches no file in the feed"))
            }
        }
        // A table in a panel at a portrait screen's side has about a third of its width: a
        // clinic takes five lines or more (its name, address, phone and hours each on its own),
        // two or three a page.
        for screen in screens where screen.size.isPortrait {
            guard let panel = screen.panel, panel.position == .right, panel.board != "counters" else { continue }
            warnings.append(Diagnostic(path: "screens/\(screen.id).yml", severity: .warning,
                                       message: "the \(panel.board) panel at the right of this portrait screen is about a third of its width: each row takes several lines; give it `position: bottom`"))
        }
        // Boards that name a data file the feed does not have (yet), or one another board reads.
        var boards: [(path: String, item: ContentItem)] = playlists(feed).flatMap { name, entries in entries.compactMap { $0.boardItem.map { ("playlists/\(name).yml", $0) } } }
        boards += screens.compactMap { screen in screen.panel?.item.map { ("screens/\(screen.id).yml", $0) } }
        for (path, item) in boards {
            guard let handler = item.handler as? any DataBoardHandler, let file = item.board?.data else { continue }
            if let data = feed.data[file] {
                if data.board != handler.boardName {
                    warnings.append(Diagnostic(path: path, severity: .warning, message: "the \(handler.boardName) board names \(file), which holds \(data.board) data"))
                }
            } else if !feed.diagnostics.contains(where: { $0.path == file }) {
                warnings.append(Diagnostic(path: path, severity: .warning, message: "the \(handler.boardName) board names \(file), which is not in the feed (yet): the board shows nothing until it is"))
            }
        }
        return warnings
    }

    private static func playlists(_ feed: Feed) -> [(String, [Playlist.Entry])] {
        feed.playlists.map { ($0.name, $0.items) }
    }

}
