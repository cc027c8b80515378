import Foundation
import Logging
import MachinakaCore
import MachinakaPOSIX
import MachinakaRender
import MachinakaSystem

/// The `play` job: a feed folder watched, an output opened, the loop run until a signal.
public enum Playback {
    /// Everything `machinaka play` can be told.
    public struct Options: Sendable {
        public var feed: String
        public var screen: String?
        public var fonts: String
        /// An output's name (`Outputs`), or `auto`: a window, else off screen unless `requireDisplay`.
        public var output = "auto"
        public var requireDisplay = false
        public var fullscreen = true
        /// Which renderer draws a window (`auto`: software unless there is a real GPU).
        public var renderer: RendererChoice = .auto
        /// Where off-screen play writes the current frame (nil: nowhere).
        public var frameOut: String?
        public var status: String?
        public var http: UInt16?
        public var clockRate: Double = 1
        public var playLog: String?
        public var keepDays = 400
        /// Alerts from an MQTT broker besides the `alerts/` folder.
        public var mqtt: MQTTAlertInput.Settings?
        /// A Prometheus text file for node_exporter's textfile collector.
        public var metricsFile: String?

        public init(feed: String, screen: String?, fonts: String) {
            self.feed = feed
            self.screen = screen
            self.fonts = fonts
        }
    }

    /// A file the job was asked to write cannot be: exit code 5.
    public struct OutputError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The screen `id` of `feed` (nil: the first), or an error listing the screens there are.
    public struct UnknownScreen: Error, CustomStringConvertible {
        public let description: String
    }

    /// Plays until SIGINT or SIGTERM.
    public static func run(_ options: Options, logger: Logger) throws {
        MemoryPolicy.apply()
        // The feed is watched from the start; the loop's pump is woken once it exists.
        let wakeTarget = WakeTarget()
        let live = try LiveFeed(folder: options.feed, onProblem: { logger.error("\($0)") }) { wakeTarget.wake() }
        defer { live.stop() }
        guard let screen = live.current.feed.screen(options.screen) else {
            let known = live.current.feed.screens.keys.sorted().joined(separator: ", ")
            throw UnknownScreen(description: "There is no screen '\(options.screen ?? "")' in \(options.feed)/screens (known: \(known.isEmpty ? "none" : known)).")
        }
        let fonts = try FontLibrary(catalog: FontCatalog(folder: options.fonts))
        let (display, frameFile) = try open(options, screen: screen, fonts: fonts, logger: logger)
        logger.notice("Renderer: \(display.rendererSummary).")
        // The live player never waits for a decode: a frame goes out without an image still
        // being decoded, and the image follows (issue 26). `render` and previews still wait.
        display.waitsForImages = false
        let pump = try EventPump(mode: display.waitMode)
        let signals = SignalWatcher { pump.requestQuit() }
        // A terminal closing (or a habit from other daemons) must not end the screen: before,
        // SIGHUP killed the player with no "Stopping.". The feed is watched live, so there is
        // nothing to read again; the signal is said and otherwise ignored.
        let hangUp = SignalWatcher([SIGHUP]) { logger.notice("SIGHUP: ignored; the feed is watched live and needs no reload. Stop the player with SIGTERM.") }
        wakeTarget.set(pump)
        let clock: any LoopClock = options.clockRate == 1 ? SystemClock() : ScaledClock(rate: options.clockRate)
        // MQTT messages that cannot be written into alerts/ show from memory meanwhile.
        let feed = HeldAlertsFeed(live)
        let player = Player(feed: feed, screenID: screen.id, display: display, measurer: fonts, clock: clock, logger: logger)
        // The table of inputs: each is asked at every turn and started again when it stops;
        // the feed watcher (which brings the alerts, MQTT's included) is required.
        let inputs = InputSupervisor(logger: logger)
        inputs.add(live, required: true)
        player.inputs = inputs
        player.frameFile = frameFile.map { FrameFileWriter(path: $0, logger: logger) }
        player.notifier = ServiceNotifier()
        player.worker = try LayoutWorker(catalog: fonts.catalog, cache: player.layoutCache) { pump.wake() }
        // A play log that cannot be opened is a side job failing: said, tried again, never a
        // reason for a dark screen.
        player.recorder = PlayRecorder(path: options.playLog, keepDays: options.keepDays, logger: logger)
        if options.status != nil || options.http != nil {
            player.status = StatusFile(path: options.status, logger: logger)
        }
        if let path = options.metricsFile {
            player.metrics = MetricsFile(path: path, logger: logger)
        }
        // Alerts aloud, where the screen asks (speech:): the speaker is opened here, on the main
        // thread; a machine without one still shows every alert, and says why it is silent.
        if let speech = screen.speech {
            var output: AudioOutput? = nil
            do {
                output = try AudioOutput()
                logger.notice("Speech: audio through \(output!.driver).")
            } catch {
                logger.error("Speech: no audio output (\(error)); alerts are shown but not heard.")
            }
            player.announcer = Announcer(output: output, synthesis: SpeechSynthesis(voice: speech.voice), logger: logger)
        }
        // Alerts from the broker are written into alerts/, where the watcher takes them.
        var mqtt: MQTTAlertInput? = nil
        if var settings = options.mqtt {
            if settings.clientID.isEmpty { settings.clientID = MQTTAlertInput.Settings.defaultClientID(screen: screen.id, machineID: MQTTAlertInput.Settings.machineID()) }
            let alerts = live.current.feed.root + "/alerts"
            try? FileManager.default.createDirectory(atPath: alerts, withIntermediateDirectories: true)
            let input = MQTTAlertInput(settings: settings, alertsFolder: alerts, report: { logger.notice("\($0)") }, onChange: { pump.wake() })
            do {
                try input.start()
            } catch {
                throw OutputError(description: "MQTT alerts cannot be received: \(error)")
            }
            inputs.add(input, required: false)
            player.mqttConnected = { input.isConnected }
            player.mqttUnwritten = { input.unwrittenCount }
            feed.holding { input.heldAlerts }
            mqtt = input
        }
        defer { mqtt?.stop() }
        var server: StatusServer? = nil
        if let http = options.http, let status = player.status {
            let broker = ScreenshotBroker()
            broker.wake = { pump.wake() }
            player.screenshots = broker
            do {
                let screenID = screen.id
                server = try StatusServer(port: http, status: status, screenshots: broker) {
                    PreviewSite.livePage(feed: live.current.feed, screenID: screenID, at: clock.now())
                }
            } catch {
                throw OutputError(description: "The status endpoint cannot listen on \(error).")
            }
            if let server { inputs.add(server.input, required: false) }
            logger.notice("Status endpoint: http://127.0.0.1:\(http)/status and /screenshot.png (loopback only).")
        }
        defer { server?.stop() }
        try withExtendedLifetime((signals, hangUp)) { try player.run(waiter: PumpWaiter(pump: pump, clock: clock)) }
    }

    /// The output asked for (or the first that opens, for `auto`), and the frame file off screen.
    private static func open(_ options: Options, screen: ScreenConfig, fonts: FontLibrary, logger: Logger) throws -> (any Display, String?) {
        let request = OutputRequest(size: screen.size, fullscreen: options.fullscreen, renderer: options.renderer)
        let display: any Display
        if options.output == "auto" {
            do {
                display = try WindowOutput().open(request, fonts: fonts)
            } catch let unavailable as WindowDisplay.Unavailable where !options.requireDisplay {
                logger.notice("No display found (\(unavailable.reason)); playing off screen instead. Use --require-display to stop here.")
                display = try OffscreenOutput().open(request, fonts: fonts)
            }
        } else if let driver = Outputs.named(options.output) {
            display = try driver.open(request, fonts: fonts)
        } else {
            throw OutputError(description: "There is no output '\(options.output)'; known: auto, \(Outputs.all.map(\.name).joined(separator: ", ")).")
        }
        guard display.waitMode == .headless, let frameFile = options.frameOut else { return (display, nil) }
        let folder = (frameFile as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(description: "The frame file \(frameFile) cannot be written: its folder cannot be made (\(error.localizedDescription)).")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw OutputError(description: "The frame file \(frameFile) cannot be written: its folder is not writable.")
        }
        logger.notice("Playing off screen: the current frame is written to \(frameFile) whenever it changes. Ctrl-C stops.")
        return (display, frameFile)
    }
}

/// Lets the feed watcher, started before the loop exists, wake the loop once it does.
private final class WakeTarget: @unchecked Sendable {
    private let lock = NSLock()
    private var pump: EventPump?

    func set(_ pump: EventPump) {
        lock.lock()
        self.pump = pump
        lock.unlock()
        pump.wake()
    }

    func wake() {
        lock.lock()
        let pump = self.pump
        lock.unlock()
        pump?.wake()
    }
}
