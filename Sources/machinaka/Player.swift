import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import MachinakaRecords
import MachinakaSystem

/// The frame loop: asks the core what to show, draws it when it changed, and sleeps until the
/// next deadline (the slide's end or the clock's next minute) or an event.
///
/// A new feed state (from the watcher) takes effect at the next slide boundary: the slide on
/// screen is never swapped for half of anything.
final class Player {
    private let live: LiveFeed
    private let screenID: String?
    private let display: Display
    private let fonts: FontLibrary
    private let pump: EventPump
    private let clock: any MachinakaCore.Clock
    private let frameFile: String?
    private let logger: Logger
    /// systemd's readiness and watchdog, when started by it.
    var notifier: ServiceNotifier?
    /// The JSON status file, when asked for.
    var status: StatusFile?
    /// The proof of play, when kept.
    var playLog: PlayLog?
    /// Screenshot requests from the HTTP endpoint, when it runs.
    var screenshots: ScreenshotBroker?
    /// What is on screen since when, to be recorded when it goes.
    private var onScreen: (key: String, play: Play, due: Date)?

    init(live: LiveFeed, screenID: String?, display: Display, fonts: FontLibrary, pump: EventPump,
         clock: any MachinakaCore.Clock, frameFile: String?, logger: Logger) {
        self.live = live
        self.screenID = screenID
        self.display = display
        self.fonts = fonts
        self.pump = pump
        self.clock = clock
        self.frameFile = frameFile
        self.logger = logger
    }

    /// What the loop plays from: one feed state and the rotation built from it.
    private struct Program {
        var version: Int
        var feed: Feed
        var screen: ScreenConfig
        var rotation: Rotation
        var clockTrusted: Bool
    }

    private func program(from state: (feed: Feed, version: Int), previous: Program?, clockTrusted: Bool) -> Program? {
        guard let screen = state.feed.screen(screenID) ?? previous?.screen else { return nil }
        if state.feed.screen(screenID) == nil {
            logger.error("The screen '\(screenID ?? "")' is no longer in the feed; keeping its previous settings.")
        }
        return Program(version: state.version, feed: state.feed, screen: screen,
                       rotation: Rotation(feed: state.feed, screen: screen, clockTrusted: clockTrusted), clockTrusted: clockTrusted)
    }

    func run() throws {
        let trustedAtStart = ClockTrust.isTrusted(clock.now())
        if !trustedAtStart {
            logger.warning("The clock reads \(clock.now().formatted(.iso8601)), before this player's release: only content valid at any time plays until the clock is set.")
        }
        guard var program = program(from: live.current, previous: nil, clockTrusted: trustedAtStart) else { return }
        report(program.feed.diagnostics, since: [])
        logger.info("Playing \(program.rotation.members.count) items on screen '\(program.screen.id)' (\(display.size)).")
        var shown: Scene? = nil
        /// The core's rule for what follows what, alerts included (the same one `plan` replays).
        var sequence = SlideSequence()
        /// The slot last announced in the log.
        var announced: Slot? = nil
        var shownAlerts: [String] = []
        var announcedFirstFrame = false
        var fade: (from: Scene, start: Date)? = nil
        var preparedFor: Date? = nil
        let started = clock.now()
        var lastReload = started
        var base: Scene? = nil
        var baseKey: FrameKey? = nil
        var baseDeadline = Date.distantPast
        /// Set when what is on screen changed: the heap's free pages go back once the frame is up.
        var trimDue = false
        while true {
            let now = clock.now()
            let state = live.current
            // Alerts come from the newest feed state at once; slides change only at a boundary.
            let board = state.feed.alertBoard(for: program.screen)
            let alerts = board.active(at: now)
            var slotOver = sequence.isOver(at: now)
            let trusted = ClockTrust.isTrusted(now)
            if trusted != program.clockTrusted, let next = self.program(from: state, previous: program, clockTrusted: trusted) {
                logger.notice(trusted ? "The clock is set: the full rotation plays." : "The clock went back before the release date: only timeless content plays.")
                program = next
                sequence.restart()
                slotOver = true
            }
            if slotOver || !alerts.isEmpty, state.version != program.version, let next = self.program(from: state, previous: program, clockTrusted: trusted) {
                report(next.feed.diagnostics, since: program.feed.diagnostics)
                logger.info("Feed changed: \(next.rotation.members.count) items now play on '\(next.screen.id)'.")
                program = next
                lastReload = now
            }
            let slot = sequence.slot(at: now, in: program.rotation, alertOn: !alerts.isEmpty)
            if slot != announced {
                if alerts.isEmpty {
                    logger.info("Now showing \(slot.kind.rawValue) \(slot.item?.source ?? "(fallback)") until \(slot.end.formatted(.iso8601))")
                }
                announced = slot
            }
            let alertSources = alerts.map(\.source)
            if alertSources != shownAlerts {
                if alerts.isEmpty {
                    logger.notice("Alerts over; the rotation resumes.")
                } else {
                    logger.critical("ALERT on screen: \(alerts.map { "\($0.message.identifier) (\($0.source))" }.joined(separator: ", "))")
                }
                shownAlerts = alertSources
            }
            noteShowing(slot: slot, alerts: alerts, screen: program.screen, now: now)
            let composer = FrameComposer(screen: program.screen, size: display.size, measurer: fonts)
            // The still part of the frame is laid out only when it can have changed; between
            // those moments only the ticker moves.
            let key = FrameKey(slot: slot, alerts: alertSources, version: program.version, size: display.size)
            // What the status says changes only with the still frame; not every ticker frame.
            let recomposed = key != baseKey || now >= baseDeadline || base == nil
            if recomposed {
                let headlines = alerts.isEmpty ? program.rotation.headlines(at: now) : []
                let composition = composer.compose(slot: slot, alerts: alerts, headlines: headlines, at: now)
                // A new slide cross-fades from the old one; an alert cuts in at once.
                if program.screen.transition == "fade", let previous = shown, let old = baseKey,
                    old.slot != key.slot, alerts.isEmpty, old.alerts.isEmpty, previous.nodes != composition.scene.nodes
                {
                    fade = (previous, now)
                }
                base = composition.scene
                if baseKey?.slot != key.slot || baseKey?.alerts != key.alerts { trimDue = true }
                baseKey = key
                baseDeadline = composer.nextChange(slot: slot, alerts: alerts, board: board, after: now, composition: composition)
            }
            var scene = base!
            if let ticker = scene.ticker {
                scene.ticker = composer.slides.advance(ticker, to: now)
            }
            var transition: Transition? = nil
            if let (from, start) = fade {
                let progress = now.timeIntervalSince(start) / Self.fadeDuration
                if progress < 1, alerts.isEmpty { transition = Transition(from: from, progress: progress) } else { fade = nil }
            }
            if scene != shown || transition != nil {
                let stillChanged = shown.map { $0.nodes != scene.nodes || $0.background != scene.background } ?? true
                try display.show(scene, transition: transition)
                if shown == nil, !announcedFirstFrame {
                    logger.info("First frame presented.")
                    notifier?.ready(status: "playing on screen '\(program.screen.id)'")
                    announcedFirstFrame = true
                }
                shown = scene
                if stillChanged, let frameFile { writeFrame(to: frameFile) }
            }
            // The next slide's images are decoded while this one is still on screen,
            // after this frame is presented, never before it.
            if alerts.isEmpty, now >= slot.end.addingTimeInterval(-Self.prepareAhead), preparedFor != slot.end, slot.item != nil {
                let next = program.rotation.slot(following: slot, at: slot.end)
                // With the headlines it will have: without its ticker the slide's frames are
                // taller, and an image decoded for those would be decoded again at the real size.
                display.prepare(composer.compose(slot: next, alerts: [], headlines: program.rotation.headlines(at: slot.end), at: slot.end).scene)
                preparedFor = slot.end
            }
            if recomposed {
                status?.update(StatusFile.Content(
                    screen: program.screen.id,
                    showing: alerts.first.map { StatusFile.Showing(kind: "alert", source: $0.source, title: $0.headline) }
                        ?? StatusFile.Showing(kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item?.title ?? program.screen.facility),
                    alerts: alerts.map { StatusFile.Alert(identifier: $0.message.identifier, source: $0.source, headline: $0.headline) },
                    feedErrors: state.feed.diagnostics.filter { $0.severity == .error }.map(\.description),
                    feedVersion: state.version, lastReload: lastReload, version: StatusFile.version, started: started), now: now)
            }
            if trimDue, transition == nil {
                // After the fade, when the old slide's textures and snapshot are gone.
                MemoryPolicy.returnFreeMemory()
                trimDue = false
            }
            notifier?.alive(now: now)
            if let screenshots, screenshots.hasRequests {
                screenshots.serve(from: display)
            }
            // A moving ticker wants the next frame; otherwise sleep until the next change — but
            // never longer than the watchdog allows.
            let frameInterval = scene.ticker == nil && transition == nil ? (notifier?.watchdogInterval ?? .infinity) / 2 : 1.0 / 60
            var deadline = min(baseDeadline, now.addingTimeInterval(frameInterval))
            if preparedFor != slot.end, slot.item != nil {
                deadline = min(deadline, max(now.addingTimeInterval(0.001), slot.end.addingTimeInterval(-Self.prepareAhead)))
            }
            // A benchmark's fast clock shortens the real sleep in proportion.
            let rate = (clock as? ScaledClock)?.rate ?? 1
            let wait = Int((deadline.timeIntervalSince(clock.now()) * 1000 / rate).rounded(.up))
            switch pump.wait(milliseconds: max(1, wait)) {
            case .quit:
                logger.info("Stopping.")
                notifier?.stopping()
                finishShowing(at: clock.now(), cutShort: false)
                return
            case .redraw:
                if let window = display as? WindowDisplay { window.refreshSize() }
                shown = nil
            case .timeout, .wake:
                continue
            }
        }
    }

    /// Records the previous showing when what is on screen changes.
    private func noteShowing(slot: Slot, alerts: [ActiveAlert], screen: ScreenConfig, now: Date) {
        let play: Play
        let key: String
        let due: Date
        if let lead = alerts.first {
            key = "alert|\(lead.source)"
            play = Play(screen: screen.id, kind: lead.isAllClear ? "all-clear" : "alert", source: lead.source,
                        title: lead.headline, start: now, end: now, cutShort: false)
            due = lead.end
        } else {
            key = "\(slot.kind.rawValue)|\(slot.item?.source ?? "")|\(slot.start.timeIntervalSince1970)"
            play = Play(screen: screen.id, kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item?.title ?? screen.facility,
                        start: now, end: now, cutShort: false)
            due = slot.end
        }
        guard onScreen?.key != key else { return }
        // An item whose time was not up when an alert took the screen was cut short.
        let cut = !alerts.isEmpty && onScreen.map { !$0.play.kind.hasPrefix("alert") && $0.due > now } == true
        finishShowing(at: now, cutShort: cut)
        onScreen = (key, play, due)
    }

    private func finishShowing(at now: Date, cutShort: Bool) {
        guard var previous = onScreen?.play, let playLog else { return }
        previous.end = now
        previous.cutShort = cutShort
        do {
            try playLog.record(previous)
        } catch {
            logger.error("The play could not be recorded: \(error)")
        }
        onScreen = nil
    }

    /// How long a cross-fade between slides lasts.
    static let fadeDuration: TimeInterval = 0.4
    /// How long before a slide ends the next one's images are decoded.
    static let prepareAhead: TimeInterval = 1.5

    /// What the still part of a frame depends on, besides the clock.
    private struct FrameKey: Equatable {
        var slot: Slot
        var alerts: [String]
        var version: Int
        var size: PixelSize
    }

    /// Logs the diagnostics that are new, so the journal says what staff must fix, once.
    private func report(_ diagnostics: [Diagnostic], since previous: [Diagnostic]) {
        let old = Set(previous)
        for diagnostic in diagnostics where !old.contains(diagnostic) {
            if diagnostic.severity == .error {
                logger.error("\(diagnostic)")
            } else {
                logger.warning("\(diagnostic)")
            }
        }
    }

    /// Writes the frame beside its final name and renames it, so a viewer never reads half a PNG.
    private func writeFrame(to path: String) {
        let temporary = path + ".tmp"
        do {
            try display.writePNG(to: temporary)
            _ = rename(temporary, path)
        } catch {
            logger.error("Could not write the frame to \(path): \(error)")
        }
    }
}
