import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import MachinakaSystem

/// The `check` job: every diagnostic of the feed, the whole-feed warnings, and what only the
/// real fonts and decoders can tell — text that does not fit, images that do not decode.
public enum FeedCheck {
    /// Every diagnostic, sorted by path, line and column. Without fonts, the layout and image
    /// checks are left out (`fonts` nil).
    public static func diagnostics(of feed: Feed, at instant: Date, fonts: FontLibrary?) -> [Diagnostic] {
        var diagnostics = feed.diagnostics + FeedChecker.warnings(for: feed, at: instant) + speechWarnings(feed)
        if let fonts {
            diagnostics += slideWarnings(feed, at: instant, fonts: fonts)
            diagnostics += alertWarnings(feed, at: instant, fonts: fonts)
            diagnostics += undecodableImages(feed)
        }
        return diagnostics.sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }

    /// Each alert in `alerts/` composed as each screen shows it when it comes into force, every
    /// language turn: a warning's name that had to break inside itself (「大｜津波警報」 reads as
    /// a lower warning) is said at the alert's file.
    static func alertWarnings(_ feed: Feed, at instant: Date, fonts: FontLibrary) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var said = Set<String>()
        let preview = feed.asPreview
        for screen in feed.screens.values.sorted(by: { $0.id < $1.id }) {
            let board = preview.alertBoard(for: screen)
            let composer = FrameComposer(screen: screen, measurer: fonts, words: feed.words)
            let rotation = Rotation(feed: preview, screen: screen)
            // The instants at which each message is on screen: when it comes in, and each turn after.
            let starts = Set(board.messages.map { max($0.received, $0.message.sent) })
            for start in starts.sorted() {
                let active = board.active(at: start.addingTimeInterval(1))
                guard let lead = active.first else { continue }
                // A line is said once, of the message that brought it: the one that came in
                // when it was first seen (a warning listed under the lead, not the lead).
                let arriving = active.first { $0.start == start }?.source ?? lead.source
                // Each language in its turn (on a screen that turns whole frames by language,
                // a turn lasts as long as its pages take to read).
                for turn in composer.alerts.languageTurnStarts(active, from: start) {
                    let at = turn.addingTimeInterval(1)
                    let slot = rotation.slot(at: at)
                    let composition = composer.compose(slot: slot, alerts: board.active(at: at), headlines: [], at: at)
                    for line in composition.forcedBreaks where said.insert("\(screen.id)|\(line)").inserted {
                        warnings.append(Diagnostic(path: arriving, severity: .warning,
                                                   message: "on screen '\(screen.id)' a line had to break inside a word or a warning's name: '\(line)'; shorten the headline or the area"))
                    }
                }
            }
        }
        return warnings
    }

    /// A screen that speaks its alerts on a machine without a voice for one of its languages:
    /// its alerts would be announced by the chime alone (or without that language).
    static func speechWarnings(_ feed: Feed) -> [Diagnostic] {
        feed.screens.values.sorted { $0.id < $1.id }.flatMap { screen -> [Diagnostic] in
            guard let speech = screen.speech else { return [] }
            let (voices, missing) = Voices.table(voice: speech.voice)
            let path = "screens/\(screen.id).yml"
            var said = missing.filter { !$0.hasPrefix("no voice for other languages") || speech.languages.contains { $0 != "ja" } }
                .map { Diagnostic(path: path, severity: .warning, message: "speech: \($0); its alerts would be announced with the chime only") }
            for language in speech.languages where !voices.contains(where: { $0.speaks(language) }) && !(language == "ja" && !missing.isEmpty) {
                said.append(Diagnostic(path: path, severity: .warning, message: "speech: no voice speaks '\(language)'; alerts are not said in it"))
            }
            return said
        }
    }

    /// The pacing the player uses for `screen` (its own size), laying slides out with `fonts`,
    /// at any instant a plan asks for: a plan or a preview shows each slide for as long as the
    /// player will. One memo for all: a notice is laid out once, a board again only when it
    /// shows something else.
    public static func pacing(feed: Feed, screen: ScreenConfig, fonts: FontLibrary) -> (Date) -> SlidePacing {
        let composer = FrameComposer(screen: screen, measurer: fonts, words: feed.words).slides
        let memo = PaceMemo()
        let ticker = SlidePacing.ticker(feed, screen: screen)
        return { instant in SlidePacing(composer: composer, memo: memo, at: instant, ticker: ticker) }
    }

    /// Composes every slide on every screen it plays on, page by page, with the real fonts,
    /// and says what a reader there would meet: a character no font has, text outside its
    /// area or over other text, a break forced inside a word or name, text below the screen's
    /// minimum size, artwork that vanishes on the screen's ground, pages, and a slide shorter
    /// than its reading time. Each finding once per file and screen.
    private static func slideWarnings(_ feed: Feed, at instant: Date, fonts: FontLibrary) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var said = Set<String>()
        func warn(_ path: String, _ message: String, severity: Diagnostic.Severity = .warning) {
            guard said.insert(path + "|" + message).inserted else { return }
            warnings.append(Diagnostic(path: path, severity: severity, message: message))
        }
        for screen in feed.screens.values.sorted(by: { $0.id < $1.id }) {
            let composer = FrameComposer(screen: screen, measurer: fonts, words: feed.words)
            let pacing = SlidePacing(composer: composer.slides, at: instant, ticker: SlidePacing.ticker(feed, screen: screen))
            let rotation = Rotation(feed: feed, screen: screen, pacing: pacing)
            let scale = composer.slides.scale
            let on = "on screen '\(screen.id)'"
            if let panel = screen.panel, let member = rotation.members.first,
               let reach = composer.compose(slot: Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration)),
                                            rotation: rotation, alerts: [], at: instant).panelReach,
               reach.shown < reach.rows
            {
                // A panel turns through at most so many pages: rows past them are never seen
                // (a narrow panel of a 720p screen held one clinic a page and left 7 of 30 out).
                let advice = switch panel.position {
                case .right: "give it `position: bottom` or a larger screen, or send fewer rows"
                case .bottom: "send fewer rows, or give the board the whole screen (`position: full`)"
                case .full: "send fewer rows"
                }
                let most = BoardComposer.mostPages(compact: panel.position != .full)
                let why = reach.shown == 0
                    ? "it is too small to show a single one"
                    : "its \(reach.pages) pages\(reach.pages == most ? " are the most it turns through" : " are all it has room for")"
                warn(panel.item?.board?.reportedPath ?? "screens/\(screen.id).yml",
                     "the \(panel.board) panel \(on) shows \(reach.shown) of its \(reach.rows) rows: \(why), and the other \(reach.rows - reach.shown) are never on screen; \(advice)")
            }
            for member in rotation.members {
                let item = member.item
                // A data board is reported at its data file; another board at its own name.
                let path = item.board?.reportedPath ?? item.source
                let slot = Slot(item: item, start: instant, end: instant.addingTimeInterval(member.duration))
                guard let content = rotation.content(of: slot, at: instant) else { continue }
                let headlines = rotation.headlines(at: instant)
                let first = composer.compose(slot: slot, content: content, alerts: [], headlines: headlines, at: instant)
                let pages = first.pages
                // Each page from the instant it turns (pages share the slot by what each needs).
                for page in 0..<pages {
                    let scene = page == 0 ? first.scene : composer.compose(slot: slot, content: content, alerts: [], headlines: headlines, at: first.pageTurns[page - 1]).scene
                    for problem in SceneInspection.problems(in: scene, fonts: fonts, minimum: scale.minimum) {
                        warn(path, "\(problem) \(on)")
                    }
                }
                if let shortfall = first.boardShortfall {
                    warn(path, "the board fills \(pages + shortfall.pagesLeftOut) pages \(on), but its \(Self.format(member.duration)) s show only \(pages) of them (each needs at least \(Int(ReadingPace.minimumPage)) s, and \(ReadingPace.secondsPerRow) s a row to be scanned): the last says how many rows are left out; give it `duration: \(Int((shortfall.needed / 5).rounded(.up)) * 5)s` to show them all")
                }
                for what in first.leftOut {
                    warn(path, "\(what) \(on)")
                }
                for line in first.forcedBreaks {
                    warn(path, "'\(line)' had to be broken inside a word, name or number \(on): it is wider than a whole line there; shorten it or add a space")
                }
                if case .text = content {
                    if pages > 1 {
                        warn(path, "the text takes \(pages) pages \(on) at its text size (\(scale.body) px, \(Int(scale.millimetres(scale.body).rounded())) mm for \(Self.format(screen.viewingDistance)) m)", severity: .note)
                    }
                }
                // (The rotation laid it out already: the pacing's memo answers.)
                let needed = pacing.pageTimes(of: item, context: rotation.context)?.reduce(0, +) ?? 0
                if needed > ReadingPace.longestSlide, member.duration < needed {
                    // A page is never squeezed below the least a page stays: those that do not
                    // fit in the time it is shown are not shown at all.
                    let shown = min(pages, max(1, Int((member.duration + 0.001) / ReadingPace.minimumPage)))
                    let lost = shown < pages ? "; pages \(shown + 1)–\(pages) are never shown" : ", its pages faster than it takes to read them"
                    warn(path, "its \(pages) pages need about \(Self.format(needed.rounded(.up))) s to be read \(on), more than anyone reads in passing; it is shown for \(Self.format(member.duration)) s\(lost): shorten it, or split it into several notices")
                } else if let given = member.given {
                    // Shown longer than asked: the rotation's cycle grows, and staff should know.
                    let pace = item.board != nil
                        ? "at least \(Int(ReadingPace.minimumPage)) s a page, \(ReadingPace.secondsPerRow) s a row to scan"
                        : "at least \(Int(ReadingPace.minimumPage)) s a page, \(Int(ReadingPace.charactersPerSecond)) characters a second for older readers"
                    warn(path, "its \(pages == 1 ? "page takes" : "\(pages) pages take") about \(Self.format(member.duration)) s to read \(on) (\(pace)), so it is shown that long instead of the \(Self.format(given)) s its playlist gives it; shorten it, or give it `duration: \(Int((member.duration / 5).rounded(.up)) * 5)s`", severity: .note)
                }
                if case .image(let image) = content, let share = ImageVerifier.visibleShare(of: image.path, on: composer.slides.theme.background),
                    share < ArtworkGround.vanishing
                {
                    let theme = composer.slides.theme
                    if ArtworkGround.shared.ground(for: image, on: theme.background, alternatives: [theme.headerBackground, theme.text]) != nil {
                        warn(path, "the artwork would nearly vanish on the screen's background \(on) (only \(Int((share * 100).rounded())) % of its visible pixels stand out from it), so it is shown on a contrasting ground; add a ground to the image to choose it yourself", severity: .note)
                    } else {
                        warn(path, "the artwork nearly vanishes \(on): only \(Int((share * 100).rounded())) % of its visible pixels stand out from the screen's background (its transparent parts show that background); add a ground to the image")
                    }
                }
            }
        }
        return warnings
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
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
