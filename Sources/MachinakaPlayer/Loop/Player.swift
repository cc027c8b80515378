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
    let feed: any FeedSource
    let screenID: String?
    let display: any Display
    let measurer: any TextMeasuring
    let clock: any MachinakaCore.Clock
    let logger: Logger
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
    var powerAsserted: String?
    /// Where the power driver runs: in order (off, then on), never on the loop.
    let powerQueue = DispatchQueue(label: "machinaka.power")
    /// Waits until the power driver has done what it was told (tests).
    public func waitForPowerDriver() { powerQueue.sync {} }
    /// The display is off by schedule: since when, with which driver, until when.
    var displayOff: (since: Date, until: Date?)?
    /// The driver for the screen's schedule, found once (finding it may open the X display):
    /// touched on the power queue only.
    let resolvedDriver = ResolvedDriver()
    /// Whether the display is off by schedule now (status, metrics, tests).
    public var isDisplayOff: Bool { displayOff != nil }
    /// The schedule's answer, kept until it changes: asked on every ticker frame, worked out
    /// once per change (a calendar walk over days is not a per-frame cost).
    var powerState: (version: Int, screen: String, from: Date, on: Bool, until: Date?)?

    /// The connection state the status and metrics last said, to say a change at once.
    var reportedMQTT: Bool?
    /// Draw failures already said, that no item is charged with.
    var saidFailures: Set<String> = []
    /// The last frame left out an image still being decoded.
    var imagesPending = false
    /// How soon a frame that left out an image is shown again.
    static let imageRetryInterval: TimeInterval = 0.05
    /// How many MQTT messages wait to be written into alerts/ (shown from memory meanwhile).
    public var mqttUnwritten: (@Sendable () -> Int)?
    var reportedUnwritten = 0
    /// The table of inputs (feed watcher, MQTT, HTTP server): asked at each turn, it restarts
    /// what stopped and says how each is — in the status and metrics as soon as that changes.
    /// The watchdog is fed only while every required input is alive.
    public var inputs: InputSupervisor?
    var reportedInputs: [String: String] = [:]
    /// A required input is stopped: the watchdog is not fed (said once per stop).
    var watchdogWithheld = false
    /// The composer for the program on screen, made again only when the program's feed or the
    /// display's size changes: making one sets up the screen's type scale and the words kept
    /// whole, which is not work for every ticker frame.
    var cachedComposer: (key: ComposerKey, composer: FrameComposer)?
    struct ComposerKey: Equatable {
        var version: Int
        var screen: String
        var size: PixelSize
    }

    func composer(for program: Program) -> FrameComposer {
        let key = ComposerKey(version: program.version, screen: program.screen.id, size: display.size)
        if let cachedComposer, cachedComposer.key == key { return cachedComposer.composer }
        var composer = FrameComposer(screen: program.screen, size: display.size, measurer: measurer, cache: layoutCache, words: program.feed.words)
        composer.slides.artworkGround = ArtworkGround.shared.chooser
        cachedComposer = (key, composer)
        return composer
    }

    /// What the alert board was built from, and the board.
    struct BoardKey: Equatable {
        var version: Int
        var screen: String
        var tombstones: Int
    }
    var cachedBoard: (key: BoardKey, board: AlertBoard)?
    /// The problems with files in alerts/ said last, and for which feed state.
    var alertDiagnostics: [Diagnostic] = []
    var alertsDiagnosedVersion = -1
    /// Lays out the next slide off the loop (nil: on the loop, as it is needed).
    public var worker: LayoutWorker?
    /// Keeps the current frame in a PNG file whenever it changes (off-screen play); it encodes
    /// and writes off the loop.
    public var frameFile: FrameFileWriter?
    /// Whether the kiosk's clock can be believed at an instant.
    public var clockTrust: @Sendable (Date) -> Bool = ClockTrust.isTrusted
    /// Slides' text laid out once, by the worker ahead of time or here.
    public let layoutCache = LayoutCache()
    /// How long each slide's pages need on this screen, laid out once (by the worker).
    let paceMemo = PaceMemo()
    /// Frames presented since the start, and when the last was.
    public private(set) var framesPresented = 0
    var lastPresented: Date?
    /// When the metrics file wants writing next.
    var metricsDue = Date.distantPast
    /// Carries out what the turns decide (files written, memory given back), off the loop.
    public let effects = EffectsRunner()
    /// What this turn decided to be done: handed to `effects` when the turn ends.
    var decided: [EffectsRunner.Effect] = []

    /// How long a cross-fade between slides lasts.
    public static let fadeDuration: TimeInterval = 0.4
    /// How long before a slide ends the next one is laid out and its images decoded.
    public static let prepareAhead: TimeInterval = 1.5
    /// How long an item that could not be drawn stays out before it is tried again.
    public static let leftOutFor: TimeInterval = 3600
    /// The ticker's frame rate.
    public static let tickerFrameInterval: TimeInterval = TickerNode.stepInterval
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
    struct Program {
        var version: Int
        var feed: Feed
        var screen: ScreenConfig
        var rotation: Rotation
        var clockTrusted: Bool
        /// The pace memo's generation the rotation was built at: a newer one knows more
        /// slides' reading times.
        var paced: Int
        /// When a board next shows something else by the clock alone: the rotation is built
        /// again then, so its pages are timed by what it shows (not by yesterday's rota).
        var repace: Date?
    }

    /// What the still part of a frame depends on, besides the clock.
    struct FrameKey: Equatable {
        var slot: Slot
        var alerts: [String]
        var version: Int
        var size: PixelSize
        /// The newest feed state, for a frame that shows data live (a panel, a data board, the
        /// shelters of an evacuation order); 0 for one that does not.
        var live: Int
    }

    /// One item left out of the rotation.
    struct LeftOut {
        var item: ContentItem?
        var reason: String
        var until: Date
    }

    var program: Program?
    /// The core's rule for what follows what, alerts included (the same one `plan` replays).
    var sequence = SlideSequence()
    var shown: Scene?
    /// The slot last announced in the log, and the alerts.
    var announced: Slot?
    var shownAlerts: [String] = []
    var fade: (from: Scene, start: Date)?
    var preparedFor: Date?
    var started = Date.distantPast
    var lastReload = Date.distantPast
    var base: Scene?
    var baseKey: FrameKey?
    var baseDeadline = Date.distantPast
    /// Set when what is on screen changed: the heap's free pages go back once the frame is up.
    var trimDue = false
    /// What is on screen since when, to be recorded when it goes.
    var onScreen: (key: String, play: Play, due: Date)?
    /// Whether a frame of the showing on screen was presented with nothing left out pending.
    var onScreenDrawnWhole = false
    /// Items left out because a part of them could not be drawn, by source: kept out until
    /// their file changes or `leftOutFor` passes, then tried again.
    var leftOut: [String: LeftOut] = [:]
    /// A logo that could not be drawn: the header goes on without it.
    var brokenLogo: String?
    /// The frame file could not be written last time (said once, not on every frame).
    var frameFileFailing = false
    /// The feed version whose tombstones were last remembered.
    var tombstonesVersion = -1

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
        if slotOver || !alerts.isEmpty,
            state.version != program.version || leftOut.values.contains(where: { $0.until <= now }) || paceMemo.generation != program.paced
                || program.repace.map { $0 <= now } == true,
            let next = makeProgram(from: state, previous: program, clockTrusted: trusted, now: now)
        {
            report(next.feed.diagnostics.filter { !$0.concernsAlertFile }, since: program.feed.diagnostics)
            if next.version != program.version {
                logger.info("Feed changed: \(next.rotation.members.count) items now play on '\(next.screen.id)'.")
            } else if next.paced != program.paced {
                let longer = next.rotation.members.filter { $0.given != nil }.count
                logger.info("Reading times laid out: \(longer) slides stay longer than their playlist gives them, to be read.")
            }
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
            let composition = composer.compose(slot: slot, rotation: program.rotation, alerts: alerts, data: state.feed.data,
                                               unreadable: state.feed.unreadableData, at: now)
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
        // A clip shows the picture due now; the loop wakes for the next (below).
        scene.clip = scene.clip?.at(now)
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
        // What moves says when it next changes (the ticker its next step, a clip its next
        // picture), a fade runs on the ticker's grid; otherwise sleep until the next change —
        // but never longer than the watchdog allows.
        var deadline = min(baseDeadline, now.addingTimeInterval((notifier?.watchdogInterval ?? .infinity) / 2))
        if let motion = scene.nextMotion(after: now) { deadline = min(deadline, motion) }
        if transition != nil { deadline = min(deadline, Self.nextTick(after: now)) }
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

    /// The next instant on the ticker's absolute grid of 1/60 s (`TickerNode.nextStep(after:)`).
    static func nextTick(after now: Date) -> Date {
        TickerNode.nextStep(after: now)
    }

    /// The first turn: the program from the feed as it is, or false when the feed has no screen.
    func start(_ state: (feed: Feed, version: Int), now: Date) -> Bool {
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

    func makeProgram(from state: (feed: Feed, version: Int), previous: Program?, clockTrusted: Bool, now: Date) -> Program? {
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
        // Slides stay as long as their pages take to read. With a worker, the loop never lays
        // out for that: what the memo lacks keeps its given time until the worker has it.
        let generation = paceMemo.generation
        let composer = FrameComposer(screen: screen, size: display.size, measurer: measurer, cache: layoutCache, words: state.feed.words)
        let pacing = SlidePacing(composer: composer.slides, memo: paceMemo, at: now, mode: worker == nil ? .now : .later,
                                 ticker: SlidePacing.ticker(playable, screen: screen))
        let rotation = Rotation(feed: playable, screen: screen, clockTrusted: clockTrusted, pacing: pacing)
        paceMemo.forgetUntouched()
        if paceMemo.hasMissing { worker?.pace(paceMemo) }
        return Program(version: state.version, feed: state.feed, screen: screen, rotation: rotation, clockTrusted: clockTrusted, paced: generation,
                       repace: rotation.nextBoardChange(after: now))
    }

    func announce(_ slot: Slot, alerts: [ActiveAlert]) {
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
    func present(_ scene: Scene, transition: Transition?, slot: Slot, state: (feed: Feed, version: Int), trusted: Bool, now: Date) throws {
        let stillChanged = shown.map { $0.nodes != scene.nodes || $0.background != scene.background || $0.panel != scene.panel } ?? true
        let first = framesPresented == 0
        try display.show(scene, transition: transition)
        framesPresented += 1
        lastPresented = now
        for report in display.takeClipReports() {
            let source = program?.feed.items.first { $0.clip?.path == report.path }?.source ?? report.path
            logger.info("\(source): showing ended: \(report)")
        }
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
    func prepareNext(after slot: Slot, alerts: [ActiveAlert], composer: FrameComposer, now: Date) {
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
        } else if !alerts.isEmpty, preparedFor != nil, let base {
            // An alert cut the slide: what was prepared for its end (a clip decoding ahead) goes.
            display.prepare(base)
            preparedFor = nil
        }
        // A layout finished while an alert is up is not prepared: it would start the next
        // slide's clip decoding under the alert.
        if let ahead = worker?.takeReady(), alerts.isEmpty {
            display.prepare(ahead)
        }
    }
}
