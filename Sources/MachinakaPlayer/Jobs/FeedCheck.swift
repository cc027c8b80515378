import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// The `check` job: every diagnostic of the feed, the whole-feed warnings, and what only the
/// real fonts and decoders can tell — text that does not fit, images that do not decode.
public enum FeedCheck {
    /// Every diagnostic, sorted by path, line and column. Without fonts, the layout and image
    /// checks are left out (`fonts` nil).
    public static func diagnostics(of feed: Feed, at instant: Date, fonts: FontLibrary?) -> [Diagnostic] {
        var diagnostics = feed.diagnostics + FeedChecker.warnings(for: feed, at: instant)
        if let fonts {
            diagnostics += overflowWarnings(feed, at: instant, fonts: fonts)
            diagnostics += undecodableImages(feed)
        }
        return diagnostics.sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }

    /// Lays every played text item out on every screen it plays on, with the real fonts.
    private static func overflowWarnings(_ feed: Feed, at instant: Date, fonts: FontLibrary) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var warned = Set<String>()
        for screen in feed.screens.values.sorted(by: { $0.id < $1.id }) {
            let composer = SlideComposer(screen: screen, measurer: fonts)
            let rotation = Rotation(feed: feed, screen: screen)
            for member in rotation.members where !warned.contains(member.item.source) {
                let slot = Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration))
                guard case .text? = rotation.content(of: slot, at: instant) else { continue }
                if composer.compose(slot, content: rotation.content(of: slot, at: instant), at: instant).overflowed {
                    warned.insert(member.item.source)
                    warnings.append(Diagnostic(
                        path: member.item.source, severity: .warning,
                        message: "the text does not fit on screen '\(screen.id)' (\(screen.size)) even at the smallest readable size, so it is shown as pages in turn; shorten it or split it into two notices"))
                }
            }
        }
        return warnings
    }

    /// Decodes every poster and logo as the screen would: a file whose header is fine but whose
    /// data is broken is an error here, not a surprise on screen.
    private static func undecodableImages(_ feed: Feed) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for item in feed.items {
            if let path = item.poster?.path, let problem = ImageVerifier.problem(decoding: path) {
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
}
