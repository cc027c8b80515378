import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX
import MachinakaRecords
import MachinakaRender
import MachinakaSystem

/// The frame loop: asks the core what to show, draws it when it changed, and says when it
/// must next be woken (the slide's end, the clock's next minute, the ticker's next frame).
///
/// One turn is `step()`; `run(waiter:)` turns and sleeps in the waiter, the loop's one place to
/// sleep. The time comes from the injected clock, so a test drives the loop with a manual
/// clock and waiter, turn by turn, with no sleep — as swift-nio's `EmbeddedEventLoop` is
/// driven — and sees exactly which frames, plays and pings follow.
///
/// A new feed state (from the watcher) takes effect at the next slide boundary — alerts at
/// once: the slide on screen is never swapped for half of anything.
public final class Player {
    private let feed: any FeedSource
    private let screenID: String?
    private let display: any Display
    private let measurer: any TextMeasuring
    private let clock: any MachinakaCore.Clock
    private let logger: Logger
    /// systemd's readiness and watchdog, when started by it.
    public var notifier: ServiceNotifier?
    /// The JSON status, when asked for.
    public var status: StatusFile?
    /// The proof of play and the alert tombstones.
    public var recorder: PlayRecorder?
    /// Screenshot requests from the HTTP endpoint, when it runs.
    public var screenshots: ScreenshotBroker?
    /// Health for Prometheus, when asked for.
    public var metrics: MetricsFile?
    /// Whether the MQTT broker is connected (nil: the player has no MQTT input).
    public var mqttConnected: (@Sendable () -> Bool)?
    /// Who says the alerts aloud (nil: a silent screen).
    public var announcer: (any AlertAnnouncing)?
    /// Chooses how the display is turned off for a screen's schedule (`PowerDrivers`; tests
    /// give their own).
    public var powerDriver: @Sendable (PowerSchedule) -> (driver: any PowerDriver, note: String) = { PowerDrivers.driver(for: $0) }
    /// The alerts for which the display was last told to be on (nil: not yet since the start).
    private var powerAsserted: String?
    /// Where the power driver runs: in order (off, then on), never on the loop.
    private let powerQueue = DispatchQueue(label: "machinaka.power")
    /// Waits until the power driver has done what it was told (tests).
    public func waitForPowerDriver() { powerQueue.sync {} }
    /// The display is off by schedule: since when, with which driver, until when.
    private var displayOff: (since: Date, until: Date?)?
    /// The driver for the screen's schedule, found once (finding it may open the X display):
    /// touched on the power queue only.
    private let resolvedDriver = ResolvedDriver()
    /// Whether the display is off by schedule now (status, metrics, tests).
    public var isDisplayOff: Bool { displayOff != nil }
    /// The schedule's answer, kept until it changes: asked on every ticker frame, worked out
    /// once per change (a calendar walk over days is not a per-frame cost).
    private var powerState: (version: Int, screen: String, from: Date, on: Bool, until: Date?)?

    /// Whether the schedule has the display on at `now`, and until when it stays so.
    private func power(_ schedule: PowerSchedule, _ program: Program, at now: Date) -> (on: Bool, until: Date?) {
        // No change within the schedule's horizon (a long closure): asked again within the hour.
        if let state = powerState, state.version == program.version, state.screen == program.screen.id, now >= state.from,
            now < (state.until ?? state.from.addingTimeInterval(3600))
        {
            return (state.on, state.until)
        }
        let extra = schedule.extraSpans(program.feed, screen: program.screen)
        let on = schedule.isOn(at: now, zone: program.screen.zone, extra: extra)
        let until = schedule.nextChange(after: now, zone: program.screen.zone, extra: extra)
        powerState = (program.version, program.screen.id, now, on, until)
        return (on, until)
    }
    /// The connection state the status and metrics last said, to say a change at once.
    private var reportedMQTT: Bool?
    /// Draw failures already said, that no item is charged with.
    private var saidFailures: Set<String> = []
    /// The last frame left out an image still being decoded.
    private var imagesPending = false
    /// How soon a frame that left out an image is shown again.
    static let imageRetryInterval: TimeInterval = 0.05
    /// How many MQTT messages wait to be written into alerts/ (shown from memory meanwhile).
    public var mqttUnwritten: (@Sendable () -> Int)?
    private var reportedUnwritten = 0
    /// The table of inputs (feed watcher, MQTT, HTTP server): asked at each turn, it restarts
    /// what stopped and says how each is — in the status and metrics as soon as that changes.
    /// The watchdog is fed only while every required input is alive.
    public var inputs: InputSupervisor?
    private var reportedInputs: [String: String] = [:]
    /// A required input is stopped: the watchdog is not fed (said once per stop).
    private var watchdogWithheld = false
    /// The composer for the program on screen, made again only when the program's feed or the
    /// display's size changes: making one sets up the screen's type scale and the words kept
    /// whole, which is not work for every ticker frame.
    private var cachedComposer: (key: ComposerKey, composer: FrameComposer)?
    private struct ComposerKey: Equatable {
        var version: Int
        var screen: String
        var size: PixelSize
    }

    private func composer(for program: Program) -> FrameComposer {
        let key = ComposerKey(version: program.version, screen: program.screen.id, size: display.size)
        if let cachedComposer, cachedComposer.key == key { return cachedComposer.composer }
        let composer = FrameComposer(screen: program.screen, size: display.size, measurer: measurer, cache: layoutCache, words: program.feed.words)
        cachedComposer = (key, composer)
        return composer
    }

    /// What the alert board was built from, and the board.
    private struct BoardKey: Equatable {
        var version: Int
        var screen: String
        var tombstones: Int
    }
    private var cachedBoard: (key: BoardKey, board: AlertBoard)?
    /// The problems with files in alerts/ said last, and for which feed state.
    private var alertDiagnostics: [Diagnostic] = []
    private var alertsDiagnosedVersion = -1
    /// Lays out the next slide off the loop (nil: on the loop, as it is needed).
    public var worker: LayoutWorker?
    /// Keeps the current frame in a PNG file whenever it changes (off-screen play); it encodes
    /// and writes off the loop.
    public var frameFile: FrameFileWriter?
    /// Whether the kiosk's clock can be believed at an instant.
    public var clockTrust: @Sendable (Date) -> Bool = ClockTrust.isTrusted
    /// Slides' text laid out once, by the worker ahead of time or here.
    public let layoutCache = LayoutCache()
    /// Frames presented since the start, and when the last was.
    public private(set) var framesPresented = 0
    private var lastPresented: Date?
    /// When the metrics file wants writing next.
    private var metricsDue = Date.distantPast
    /// Carries out what the turns decide (files written, memory given back), off the loop.
    public let effects = EffectsRunner()
    /// What this turn decided to be done: handed to `effects` when the turn ends.
    private var decided: [EffectsRunner.Effect] = []

    /// How long a cross-fade between slides lasts.
    public static let fadeDuration: TimeInterval = 0.4
    /// How long before a slide ends the next one is laid out and its images decoded.
    public static let prepareAhead: TimeInterval = 1.5
    /// How long an item that could not be drawn stays out before it is tried again.
    public static let leftOutFor: TimeInterval = 3600
    /// The ticker's frame rate.
    public static let tickerFrameInterval: TimeInterval = 1.0 / 60
    /// A still slide is presented again this often: "no frame for two minutes" then means a
    /// stuck loop or a lost display, never a long slide (monitoring alerts on it), and a
    /// display that dropped its contents gets them back. Once a minute costs nothing.
    public static let keepAliveInterval: TimeInterval = 60

    /// Creates a player of `feed` on the screen `screenID` (nil: the feed's first), drawing on
    /// `display` with text measured by `measurer`, at the times `clock` gives.
    public init(feed: any FeedSource, screenID: String?, display: any Display, measurer: any TextMeasuring,
                clock: any MachinakaCore.Clock, logger: Logger) {
        self.feed = feed
        self.screenID = screenID
        self.display = display
        self.measurer = measurer
        self.clock = clock
        self.logger = logger
    }

    // MARK: - State between turns

    /// What the loop plays from: one feed state and the rotation built from it.
    private struct Program {
        var version: Int
        var feed: Feed
        var screen: ScreenConfig
        var rotation: Rotation
        var clockTrusted: Bool
    }

    /// What the still part of a frame depends on, besides the clock.
    private struct FrameKey: Equatable {
        var slot: Slot
        var alerts: [String]
        var version: Int
        var size: PixelSize
        /// The newest feed state, for a frame that shows data live (a panel, a data board, the
        /// shelters of an evacuation order); 0 for one that does not.
        var live: Int
    }

    /// One item left out of the rotation.
    private struct LeftOut {
        var item: ContentItem?
        var reason: String
        var until: Date
    }

    private var program: Program?
    /// The core's rule for what follows what, alerts included (the same one `plan` replays).
    private var sequence = SlideSequence()
    private var shown: Scene?
    /// The slot last announced in the log, and the alerts.
    private var announced: Slot?
    private var shownAlerts: [String] = []
    private var fade: (from: Scene, start: Date)?
    private var preparedFor: Date?
    private var started = Date.distantPast
    private var lastReload = Date.distantPast
    private var base: Scene?
    private var baseKey: FrameKey?
    private var baseDeadline = Date.distantPast
    /// Set when what is on screen changed: the heap's free pages go back once the frame is up.
    private var trimDue = false
    /// What is on screen since when, to be recorded when it goes.
    private var onScreen: (key: String, play: Play, due: Date)?
    /// Whether a frame of the showing on screen was presented with nothing left out pending.
    private var onScreenDrawnWhole = false
    /// Items left out because a part of them could not be drawn, by source: kept out until
    /// their file changes or `leftOutFor` passes, then tried again.
    private var leftOut: [String: LeftOut] = [:]
    /// A logo that could not be drawn: the header goes on without it.
    private var brokenLogo: String?
    /// The frame file could not be written last time (said once, not on every frame).
    private var frameFileFailing = false
    /// The feed version whose tombstones were last remembered.
    private var tombstonesVersion = -1

    // MARK: - The loop

    /// Turns and sleeps until the waiter says to quit; then records the last showing.
    public func run(waiter: any Waiter) throws {
        while true {
            guard let deadline = try step() else { return }
            switch waiter.wait(until: deadline) {
            case .quit:
                finish()
                return
            case .redraw:
                redrawWhole()
            case .timeout, .wake:
                continue
            }
        }
    }

    /// The window was exposed or resized: its pixels are not to be trusted, the next frame is
    /// drawn whole, at the size it has now.
    public func redrawWhole() {
        display.refreshSize()
        shown = nil
    }

    /// Stops: systemd is told, and the showing on screen is recorded as ending now.
    public func finish() {
        logger.info("Stopping.")
        notifier?.stopping()
        finishShowing(at: clock.now(), cutShort: false)
        // The last play and the last frame handed over are written when the player has stopped.
        recorder?.close()
        frameFile?.flush()
        settleEffects()
    }

    /// One turn of the loop: what is on screen now, drawn if it changed; returns when the loop
    /// must turn again (nil: there is no screen to play, the feed has none).
    @discardableResult
    public func step() throws -> Date? {
        // Whatever the turn decided is carried out after it — after its frame is presented.
        defer { handOverEffects() }
        let now = clock.now()
        let state = feed.current
        if program == nil {
            guard start(state, now: now) else { return nil }
        }
        guard var program else { return nil }
        // Alerts come from the newest feed state at once; slides change only at a boundary.
        // The board is built again only when the feed or the tombstones changed: not on every
        // ticker frame.
        // Tombstones a late open of the play log found (off the loop) join those in memory.
        recorder?.adoptLoaded()
        let boardKey = BoardKey(version: state.version, screen: program.screen.id, tombstones: recorder?.tombstonesGeneration ?? 0)
        let board: AlertBoard
        if let cached = cachedBoard, cached.key == boardKey {
            board = cached.board
        } else {
            board = state.feed.alertBoard(for: program.screen, tombstones: recorder.map { Array($0.tombstones.values) } ?? [])
            cachedBoard = (boardKey, board)
        }
        if state.version != tombstonesVersion, let recorder {
            // What this feed state cancels or replaces is remembered beyond its files.
            recorder.remember(board.tombstonesSet(by: now), now: now)
            tombstonesVersion = state.version
        }
        let alerts = board.active(at: now)
        announcer?.update(alerts: alerts, screen: program.screen, data: state.feed.data, at: now)
        // A refused alert message is said at once — in the log and the status — not at the
        // slide's end as other feed changes are: whoever sent it must know it did not show.
        var alertFilesChanged = false
        if state.version != alertsDiagnosedVersion {
            // Files that do not parse, and messages the board refused or held (untrusted,
            // unsigned, sent from a clock far ahead).
            let diagnostics = state.feed.diagnostics.filter(\.concernsAlertFile) + board.problems
            report(diagnostics, since: alertDiagnostics)
            alertFilesChanged = diagnostics != alertDiagnostics
            alertDiagnostics = diagnostics
            alertsDiagnosedVersion = state.version
        }
        var slotOver = sequence.isOver(at: now)
        let trusted = clockTrust(now)
        if trusted != program.clockTrusted, let next = makeProgram(from: state, previous: program, clockTrusted: trusted, now: now) {
            logger.notice(trusted ? "The clock is set: the full rotation plays." : "The clock went back before the release date: only timeless content plays.")
            program = next
            sequence.restart()
            slotOver = true
        }
        if slotOver || !alerts.isEmpty, state.version != program.version || leftOut.values.contains(where: { $0.until <= now }),
            let next = makeProgram(from: state, previous: program, clockTrusted: trusted, now: now)
        {
            report(next.feed.diagnostics.filter { !$0.concernsAlertFile }, since: program.feed.diagnostics)
            logger.info("Feed changed: \(next.rotation.members.count) items now play on '\(next.screen.id)'.")
            program = next
            lastReload = now
        }
        self.program = program
        // Outside the building's hours, with no alert, the display is off and nothing is drawn;
        // an alert (the feed watcher wakes the loop) turns it on at once.
        if let schedule = program.screen.power, alerts.isEmpty, !power(schedule, program, at: now).on {
            var deadline = sleepDisplay(schedule, program: program, state: state, now: now)
            // An alert that comes into force later (an `effective` time, a sender's clock held)
            // wakes the screen on its second, not at the next watchdog turn.
            if let change = board.nextChange(after: now) { deadline = min(deadline, max(change, now.addingTimeInterval(0.001))) }
            return deadline
        }
        if displayOff != nil {
            wakeDisplay(because: alerts.first.map { "alert \($0.message.identifier)" } ?? "opening hours", now: now)
        } else if let schedule = program.screen.power {
            // The display may have been left off by an earlier run (a restart in the night, a
            // crash) or by hand: it is told to be on at the first turn and for each new alert.
            let alertsKey = alerts.map(\.source).joined(separator: "|")
            if powerAsserted != alertsKey {
                powerAsserted = alertsKey
                tellDisplay(on: true, schedule: schedule, saying: "Display on")
            }
        }
        let slot = sequence.slot(at: now, in: program.rotation, alertOn: !alerts.isEmpty)
        announce(slot, alerts: alerts)
        noteShowing(slot: slot, alerts: alerts, screen: program.screen, now: now)
        let composer = composer(for: program)
        // The still part of the frame is laid out only when it can have changed; between
        // those moments only the ticker moves.
        // Data shows live: a new counters.json is on screen at once, not at the slide's end.
        let showsData = program.screen.panel != nil || slot.item?.handler is any DataBoardHandler || !alerts.isEmpty
        let key = FrameKey(slot: slot, alerts: alerts.map(\.source), version: program.version, size: display.size, live: showsData ? state.version : 0)
        let recomposed = key != baseKey || now >= baseDeadline || base == nil
        if recomposed {
            let composition = composer.compose(slot: slot, rotation: program.rotation, alerts: alerts, data: state.feed.data, at: now)
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
        let keepAliveDue = lastPresented.map { now.timeIntervalSince($0) >= Self.keepAliveInterval } ?? true
        if scene != shown || transition != nil || keepAliveDue {
            try present(scene, transition: transition, slot: slot, state: state, trusted: trusted, now: now)
        }
        prepareNext(after: slot, alerts: alerts, composer: composer, now: now)
        let (mqttChanged, inputsAlive) = checkInputs(now: now)
        if recomposed || mqttChanged || alertFilesChanged {
            updateStatus(slot: slot, alerts: alerts, state: state, now: now)
        }
        if trimDue, transition == nil {
            // After the fade, when the old slide's textures and snapshot are gone.
            decided.append(.returnFreeMemory)
            trimDue = false
        }
        feedWatchdog(now: now, inputsAlive: inputsAlive)
        if let metrics, recomposed || mqttChanged || alertFilesChanged || now >= metricsDue {
            metricsDue = planMetrics(metrics, metricsReading(program: program, state: state, alerts: alerts, kind: alerts.isEmpty ? slot.kind.rawValue : "alert",
                                                             source: alerts.first?.source ?? slot.item?.source ?? ""), now: now)
        }
        if let screenshots, screenshots.hasRequests {
            screenshots.serve(from: display)
        }
        // A moving ticker wants the next frame; otherwise sleep until the next change — but
        // never longer than the watchdog allows.
        let moving = self.shown?.ticker != nil || transition != nil
        let frameInterval = moving ? Self.tickerFrameInterval : (notifier?.watchdogInterval ?? .infinity) / 2
        var deadline = min(baseDeadline, moving ? Self.nextTick(after: now) : now.addingTimeInterval(frameInterval))
        if metrics != nil { deadline = min(deadline, max(metricsDue, now.addingTimeInterval(0.001))) }
        if imagesPending { deadline = min(deadline, now.addingTimeInterval(Self.imageRetryInterval)) }
        // Closing time turns the display off on the minute, not at the next slide's end.
        if let schedule = program.screen.power, let change = power(schedule, program, at: now).until { deadline = min(deadline, change) }
        if let lastPresented { deadline = min(deadline, max(now.addingTimeInterval(0.001), lastPresented.addingTimeInterval(Self.keepAliveInterval))) }
        if preparedFor != slot.end, slot.item != nil {
            deadline = min(deadline, max(now.addingTimeInterval(0.001), slot.end.addingTimeInterval(-Self.prepareAhead)))
        }
        return deadline
    }

    // MARK: - Effects

    /// The status is written (off the loop) when it changed.
    private func planStatus(_ status: StatusFile, _ content: StatusFile.Content, now: Date) {
        if status.changes(to: content) { decided.append(.writeStatus(status, content, at: now)) }
    }

    /// The metrics are written (off the loop) when due; the next instant they want asking.
    private func planMetrics(_ metrics: MetricsFile, _ reading: MetricsFile.Reading, now: Date) -> Date {
        let (due, next) = metrics.plan(reading, now: now)
        if due { decided.append(.writeMetrics(metrics, reading, at: now)) }
        return next
    }

    private func handOverEffects() {
        guard !decided.isEmpty else { return }
        effects.run(decided)
        decided.removeAll(keepingCapacity: true)
    }

    /// Waits until the effects handed over so far are carried out (tests, and the stop).
    public func settleEffects() {
        handOverEffects()
        effects.settle()
    }

    // MARK: - Inputs and the watchdog

    /// Asks the inputs how they are (the supervisor restarts what stopped); returns whether
    /// what the status says of them changed, and whether every required one is alive.
    private func checkInputs(now: Date) -> (changed: Bool, alive: Bool) {
        let report = inputs?.check(now: now)
        let mqttNow = mqttConnected?()
        let unwritten = mqttUnwritten?() ?? 0
        let health = report?.health ?? [:]
        let changed = mqttNow != reportedMQTT || unwritten != reportedUnwritten || health != reportedInputs
        reportedMQTT = mqttNow
        reportedUnwritten = unwritten
        reportedInputs = health
        return (changed, report?.requiredAlive ?? true)
    }

    /// Tells systemd the player is alive — unless a required input is stopped and not yet
    /// started again: then the watchdog runs out and systemd restarts the player, rather than
    /// leave a screen that plays on without its alerts.
    private func feedWatchdog(now: Date, inputsAlive: Bool) {
        guard inputsAlive else {
            if !watchdogWithheld {
                logger.critical("A required input has stopped (\(reportedInputs.filter { $0.value.hasPrefix("stopped") }.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; "))); the watchdog is not fed until it runs again.")
            }
            watchdogWithheld = true
            return
        }
        if watchdogWithheld { logger.notice("Every required input runs again; the watchdog is fed.") }
        watchdogWithheld = false
        notifier?.alive(now: now)
    }

    // MARK: - Display power

    /// Off by schedule: the driver turns the display off (or the player draws black once), the
    /// off period is recorded like a showing, and the loop sleeps until the schedule turns it
    /// on — still telling the watchdog it is alive and keeping the metrics fresh, so sleep is
    /// never mistaken for a hang.
    private func sleepDisplay(_ schedule: PowerSchedule, program: Program, state: (feed: Feed, version: Int), now: Date) -> Date {
        let until = power(schedule, program, at: now).until
        if displayOff == nil {
            finishShowing(at: now, cutShort: false)
            // Black first, whatever the driver: the screen is dark at once, and stays dark if
            // the driver fails (said in the log). The driver runs on a queue of its own: a
            // program that hangs (up to its 15 s) never holds the loop — nor an alert after it.
            try? display.show(Scene(width: display.size.width, height: display.size.height, background: RGBA(0, 0, 0)), transition: nil)
            tellDisplay(on: false, schedule: schedule, saying: "Display off by schedule", until: until)
            displayOff = (now, until)
            onScreen = ("power|off|\(now.timeIntervalSince1970)", Play(screen: program.screen.id, kind: "display-off", source: "power:schedule",
                                                                       title: "画面オフ（営業時間外）", start: now, end: now, cutShort: false), until ?? .distantFuture)
            onScreenDrawnWhole = true
            // Whatever comes next is drawn whole.
            shown = nil
            base = nil
            baseKey = nil
            fade = nil
            updateOffStatus(program: program, state: state, now: now)
        }
        powerAsserted = nil
        // Inputs that fail overnight are said overnight, not at opening.
        let (changed, inputsAlive) = checkInputs(now: now)
        if changed { updateOffStatus(program: program, state: state, now: now) }
        feedWatchdog(now: now, inputsAlive: inputsAlive)
        if let metrics, now >= metricsDue { metricsDue = planMetrics(metrics, metricsReading(program: program, state: state, alerts: [], kind: "display-off", source: "power:schedule"), now: now) }
        var deadline = min(until ?? .distantFuture, now.addingTimeInterval((notifier?.watchdogInterval ?? 60) / 2))
        if metrics != nil { deadline = min(deadline, max(metricsDue, now.addingTimeInterval(0.001))) }
        return deadline
    }

    /// On again: the driver turns the display on, the off period is recorded, and the next
    /// frame is drawn whole.
    private func wakeDisplay(because reason: String, now: Date) {
        guard let off = displayOff else { return }
        // The frame is drawn on this very turn; the display comes on as fast as its driver can
        // (a CEC television takes seconds), never holding the alert's frame back.
        tellDisplay(on: true, schedule: program?.screen.power, saying: "Display on (\(reason))")
        logger.notice("Display on: \(reason) (off since \(off.since.formatted(.iso8601))).")
        finishShowing(at: now, cutShort: false)
        displayOff = nil
        display.refreshSize()
        shown = nil
    }

    /// Tells the display, on the power queue, to be on or off, with the schedule's driver
    /// (found there once and kept while the schedule is the same).
    private func tellDisplay(on: Bool, schedule: PowerSchedule?, saying what: String, until: Date? = nil) {
        let logger = self.logger, resolve = powerDriver, cache = resolvedDriver
        powerQueue.async {
            guard let (driver, note) = cache.driver(for: schedule, resolve) else { return }
            if !on { logger.notice("\(what) (\(note)) until \(until?.formatted(.iso8601) ?? "further notice").") }
            do {
                try on ? driver.on() : driver.off()
            } catch {
                logger.error("\(what): \(driver.name) failed (\(error)); \(on ? "the screen is drawn all the same" : "the screen shows black instead").")
            }
        }
    }

    private func updateOffStatus(program: Program, state: (feed: Feed, version: Int), now: Date) {
        guard let status else { return }
        planStatus(status, StatusFile.Content(
            screen: program.screen.id, showing: StatusFile.Showing(kind: "display-off", source: "power:schedule", title: "off (schedule)"),
            alerts: [], feedErrors: state.feed.diagnostics.filter { $0.severity == .error }.map(\.description),
            feedVersion: state.version, lastReload: lastReload, version: StatusFile.version, started: started,
            framesPresented: framesPresented, mqtt: mqttConnected.map { $0() ? "connected" : "disconnected" }, renderer: display.rendererSummary,
            alertProblems: alertDiagnostics.map(\.description), mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs,
            speech: announcer?.health, displayPower: "off (schedule)"), now: now)
    }

    private func metricsReading(program: Program, state: (feed: Feed, version: Int), alerts: [ActiveAlert], kind: String, source: String) -> MetricsFile.Reading {
        var reading = MetricsFile.Reading(
            screen: program.screen.id, framesPresented: framesPresented, lastFrame: lastPresented,
            showingKind: kind, showingSource: source,
            alertsActive: alerts.count, feedFilesRefused: state.feed.diagnostics.filter { $0.severity == .error }.count + leftOut.count,
            lastReload: lastReload, mqttConnected: mqttConnected?(), started: started,
            alertsRefused: alertDiagnostics.filter { $0.severity == .error }.count, mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs)
        reading.displayOff = displayOff != nil
        return reading
    }

    /// The next instant on the ticker's absolute grid of 1/60 s: frames paced by deadlines on the
    /// grid, not by "now plus an interval", keep 60 steps a second whatever each frame's work
    /// took (after the work plus a whole interval, the ticker had run at 57).
    static func nextTick(after now: Date) -> Date {
        let seconds = now.timeIntervalSinceReferenceDate
        let index = (seconds / tickerFrameInterval).rounded(.down) + 1
        return Date(timeIntervalSinceReferenceDate: index * tickerFrameInterval)
    }

    /// The first turn: the program from the feed as it is, or false when the feed has no screen.
    private func start(_ state: (feed: Feed, version: Int), now: Date) -> Bool {
        let trusted = clockTrust(now)
        if !trusted {
            logger.warning("The clock reads \(now.formatted(.iso8601)), before this player's release: only content valid at any time plays until the clock is set.")
        }
        recorder?.start(now: now)
        guard let first = makeProgram(from: state, previous: nil, clockTrusted: trusted, now: now) else { return false }
        program = first
        started = now
        lastReload = now
        report(first.feed.diagnostics.filter { !$0.concernsAlertFile }, since: [])
        logger.info("Playing \(first.rotation.members.count) items on screen '\(first.screen.id)' (\(display.size)).")
        return true
    }

    private func makeProgram(from state: (feed: Feed, version: Int), previous: Program?, clockTrusted: Bool, now: Date) -> Program? {
        guard var screen = state.feed.screen(screenID) ?? previous?.screen else { return nil }
        if state.feed.screen(screenID) == nil {
            logger.error("The screen '\(screenID ?? "")' is no longer in the feed; keeping its previous settings.")
        }
        // An item left out comes back when its file changed or its time out is over.
        for (source, out) in leftOut where out.until <= now || state.feed.items.first(where: { $0.source == source }) != out.item {
            leftOut[source] = nil
        }
        if let logo = brokenLogo, screen.logoPath == logo { screen.logoPath = nil } else { brokenLogo = nil }
        var playable = state.feed
        if !leftOut.isEmpty { playable.items.removeAll { leftOut[$0.source] != nil } }
        return Program(version: state.version, feed: state.feed, screen: screen,
                       rotation: Rotation(feed: playable, screen: screen, clockTrusted: clockTrusted), clockTrusted: clockTrusted)
    }

    private func announce(_ slot: Slot, alerts: [ActiveAlert]) {
        if slot != announced {
            if alerts.isEmpty {
                logger.info("Now showing \(slot.kind.rawValue) \(slot.item?.source ?? "(fallback)") until \(slot.end.formatted(.iso8601))")
            }
            announced = slot
        }
        let sources = alerts.map(\.source)
        if sources != shownAlerts {
            if alerts.isEmpty {
                logger.notice("Alerts over; the rotation resumes.")
            } else {
                logger.critical("ALERT on screen: \(alerts.map { "\($0.message.identifier) (\($0.source))" }.joined(separator: ", "))")
            }
            shownAlerts = sources
        }
    }

    /// Draws and presents; whatever could not be drawn is left out, and its item with it.
    private func present(_ scene: Scene, transition: Transition?, slot: Slot, state: (feed: Feed, version: Int), trusted: Bool, now: Date) throws {
        let stillChanged = shown.map { $0.nodes != scene.nodes || $0.background != scene.background || $0.panel != scene.panel } ?? true
        let first = framesPresented == 0
        try display.show(scene, transition: transition)
        framesPresented += 1
        lastPresented = now
        let failures = display.takeFailures()
        if !failures.isEmpty, let program, leaveOut(failures, slot: slot, program: program, now: now),
            let next = makeProgram(from: state, previous: program, clockTrusted: trusted, now: now)
        {
            // The slide on screen could not be drawn whole: the next one follows now.
            self.program = next
            if let item = slot.item, leftOut[item.source] != nil {
                sequence.endCurrent(at: now)
                // It was not shown: no proof of play for it.
                if onScreen?.play.source == item.source { onScreen = nil }
            }
            baseKey = nil
        }
        if first {
            logger.info("First frame presented.")
            notifier?.ready(status: "playing on screen '\(program?.screen.id ?? "")'")
        }
        shown = scene
        // An image still being decoded was left out of this frame (the live player never
        // waits for one): the scene is shown again shortly, with it once it is there.
        imagesPending = display.imagesPending
        if imagesPending { shown = nil } else { onScreenDrawnWhole = true }
        if stillChanged, let frameFile { writeFrame(to: frameFile) }
    }

    /// The next slide is laid out, and its images decoded, while this one is still on screen,
    /// after this frame is presented, never before it.
    private func prepareNext(after slot: Slot, alerts: [ActiveAlert], composer: FrameComposer, now: Date) {
        guard let program else { return }
        if alerts.isEmpty, now >= slot.end.addingTimeInterval(-Self.prepareAhead), preparedFor != slot.end, slot.item != nil {
            let next = program.rotation.slot(following: slot, at: slot.end)
            // With the headlines it will have: without its ticker the slide's frames are
            // taller, and an image decoded for those would be decoded again at the real size.
            if let worker {
                worker.prepare(next, rotation: program.rotation, size: display.size, at: slot.end)
            } else {
                display.prepare(composer.compose(slot: next, rotation: program.rotation, alerts: [], at: slot.end).scene)
            }
            preparedFor = slot.end
        }
        if let ahead = worker?.takeReady() {
            display.prepare(ahead)
        }
    }

    private func updateStatus(slot: Slot, alerts: [ActiveAlert], state: (feed: Feed, version: Int), now: Date) {
        guard let status, let program else { return }
        planStatus(status, StatusFile.Content(
            screen: program.screen.id,
            showing: alerts.first.map { StatusFile.Showing(kind: "alert", source: $0.source, title: $0.headline) }
                ?? StatusFile.Showing(kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item?.title ?? program.screen.facility),
            alerts: alerts.map { StatusFile.Alert(identifier: $0.message.identifier, source: $0.source, headline: $0.headline) },
            feedErrors: state.feed.diagnostics.filter { $0.severity == .error }.map(\.description)
                + leftOut.keys.sorted().map { "\($0):1:1: error: left out of the rotation: \(leftOut[$0]!.reason)" },
            feedVersion: state.version, lastReload: lastReload, version: StatusFile.version, started: started,
            framesPresented: framesPresented, mqtt: mqttConnected.map { $0() ? "connected" : "disconnected" },
            renderer: display.rendererSummary,
            alertProblems: alertDiagnostics.map(\.description), mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs,
            speech: announcer?.health, displayPower: program.screen.power == nil ? nil : "on"), now: now)
    }

    // MARK: - Proof of play

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
        onScreenDrawnWhole = false
    }

    private func finishShowing(at now: Date, cutShort: Bool) {
        // A slide whose image never got onto the screen (still decoding all its time, or
        // failing) was not shown: no proof of play for it.
        guard onScreenDrawnWhole else {
            onScreen = nil
            return
        }
        guard var previous = onScreen?.play, let recorder else { return }
        previous.end = now
        previous.cutShort = cutShort
        recorder.record(previous, now: now)
        onScreen = nil
    }

    // MARK: - What could not be drawn

    /// Leaves out what could not be drawn, each reported once; true when the rotation must
    /// be rebuilt without it.
    private func leaveOut(_ failures: [DrawFailure], slot: Slot, program: Program, now: Date) -> Bool {
        var changed = false
        for failure in failures {
            if let path = failure.path, path == program.screen.logoPath {
                logger.error("\(program.screen.id): the logo \(path) cannot be drawn (\(failure.reason)); the header is shown without it.")
                brokenLogo = path
                changed = true
                continue
            }
            // Only a failure in the slide's own part is the slide's item's: a line of the panel
            // (a counters.json name) or of the ticker leaves out that line, never the notice
            // beside it (before, it was left out for an hour).
            let item = failure.path.flatMap { path in program.feed.items.first { $0.poster?.path == path } } ?? (failure.part == .slide ? slot.item : nil)
            guard let item, item.kind != .board, leftOut[item.source] == nil else {
                // Said once (a ticker piece fails on every frame it is in view).
                if saidFailures.count < 256, saidFailures.insert(failure.description + failure.part.rawValue).inserted {
                    logger.error("Part of the \(failure.part.rawValue) could not be drawn and is left out: \(failure)")
                }
                continue
            }
            logger.error("\(item.source):1:1: error: left out of the rotation for now: \(failure.reason)")
            leftOut[item.source] = LeftOut(item: item, reason: failure.reason, until: now.addingTimeInterval(Self.leftOutFor))
            changed = true
        }
        return changed
    }

    // MARK: - Logs and files

    /// Logs the diagnostics that are new, so the journal says what staff must fix, once.
    private func report(_ diagnostics: [Diagnostic], since previous: [Diagnostic]) {
        let old = Set(previous)
        for diagnostic in diagnostics where !old.contains(diagnostic) {
            switch diagnostic.severity {
            case .error: logger.error("\(diagnostic)")
            case .warning: logger.warning("\(diagnostic)")
            case .note: logger.info("\(diagnostic)")
            }
        }
    }

    /// Hands a copy of the frame to the file's writer: only the copy is made on the loop.
    private func writeFrame(to writer: FrameFileWriter) {
        do {
            writer.write(try display.capture())
            frameFileFailing = false
        } catch {
            if !frameFileFailing { logger.error("Could not copy the frame for \(writer.path): \(error); the screen plays on.") }
            frameFileFailing = true
        }
    }
}

/// The power driver of the schedule last asked for, kept while the schedule is the same: used on
/// the player's power queue only.
final class ResolvedDriver: @unchecked Sendable {
    private var kept: (schedule: PowerSchedule, driver: any PowerDriver, note: String)?

    /// The driver for `schedule` (the last one's when the screen no longer has a schedule).
    func driver(for schedule: PowerSchedule?, _ resolve: (PowerSchedule) -> (driver: any PowerDriver, note: String)) -> (any PowerDriver, String)? {
        guard let schedule else { return kept.map { ($0.driver, $0.note) } }
        if let kept, kept.schedule == schedule { return (kept.driver, kept.note) }
        let (driver, note) = resolve(schedule)
        kept = (schedule, driver, note)
        return (driver, note)
    }
}
