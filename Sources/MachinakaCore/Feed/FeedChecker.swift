import Foundation

/// Warnings about a feed as a whole, at an instant: things that parse but will surprise the
/// person who wrote them (a notice that has ended, a poster too small for its screen, a file
/// no playlist plays, a screen id that does not exist).
public enum FeedChecker {
    /// Below this fraction of the screen in both directions a poster looks blurred.
    static let smallImageFraction = 0.5

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
            if let end = item.end, end <= instant {
                warn("this ended on \(Self.day(end.addingTimeInterval(-1))) and is no longer shown; delete the file or change 'end'")
            } else if let event = item.event, event.end <= instant {
                warn("this event is over (\(Self.day(event.end.addingTimeInterval(-1)))) and is no longer shown; delete the file")
            } else if !screens.isEmpty, !played.contains(item.source) {
                warn("no playlist plays this file on any screen (check the playlists' items and the file's screens/tags)")
            }
            if let size = item.imageSize {
                for screen in screens where item.targets(screen) && played.contains(item.source) {
                    let fit = min(Double(screen.size.width) / Double(size.width), Double(screen.size.height) / Double(size.height))
                    if fit > 1 / smallImageFraction {
                        warn("the image is \(size.width)×\(size.height); on screen '\(screen.id)' (\(screen.size)) it is enlarged \(String(format: "%.1f", fit))× and will look blurred")
                        break
                    }
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
        return warnings
    }

    private static func day(_ date: Date) -> String {
        let calendar = FeedTime.calendar(in: FeedTime.defaultTimeZone)
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
