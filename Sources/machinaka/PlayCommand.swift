import ArgumentParser
import Foundation
import Logging
import MachinakaCore
import MachinakaRecords
import MachinakaRender
import MachinakaSystem

/// `machinaka play`: the main job, playing the feed on the screen until stopped.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: "Play the feed on the display (full screen on a kiosk).")

    @OptionGroup var options: CommonOptions

    @Flag(help: "Render off screen and write the current frame to --frame-out (no display needed).")
    var headless = false

    @Flag(help: "Fail when no display is found instead of falling back to --headless (for kiosks).")
    var requireDisplay = false

    @Flag(help: "Open a window of the screen's size instead of going full screen.")
    var windowed = false

    @Flag(help: "Use SDL's software renderer (no GPU needed).")
    var software = false

    @Option(help: "Where --headless writes the current frame (an empty value: nowhere).")
    var frameOut: String = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka/frame.png").path

    @Option(help: "Keep a JSON status file here, rewritten whenever what is on screen changes.")
    var status: String?

    @Option(help: "Serve GET /status and GET /screenshot.png on 127.0.0.1 at this port (off unless given).")
    var http: UInt16?

    @Option(help: ArgumentHelp("Run the player's clock this many times faster than real time (benchmarks only).", visibility: .hidden))
    var clockRate: Double = 1

    @Option(help: "Record every showing in this SQLite file (proof of play).")
    var playLog: String?

    @Option(help: "Delete recorded plays older than this many days (with --play-log).")
    var keepDays: Int = 400

    func validate() throws {
        guard keepDays >= 1, keepDays <= 36_500 else { throw ValidationError("--keep-days must be from 1 to 36500") }
        guard clockRate > 0, clockRate.isFinite, clockRate <= 100_000 else { throw ValidationError("--clock-rate must be more than 0") }
    }

    func run() throws {
        let logger = Logger(label: "machinaka")
        let frameOut = self.frameOut.isEmpty ? "" : absolute(self.frameOut)
        MemoryPolicy.apply()
        // The feed is watched from the start; the loop's pump is woken once it exists.
        let wakeTarget = WakeTarget()
        let live: LiveFeed
        do {
            live = try LiveFeed(folder: options.feedPath, onProblem: { logger.error("\($0)") }) { wakeTarget.wake() }
        } catch {
            throw Failure(error)
        }
        defer { live.stop() }
        let screen = try options.screenConfig(in: live.current.feed)
        let fonts = try options.fontLibrary()
        let display: Display
        var frameFile: String? = nil
        do {
            if headless {
                display = try OffscreenDisplay(size: screen.size, fonts: fonts)
                frameFile = frameOut.isEmpty ? nil : frameOut
            } else {
                do {
                    display = try WindowDisplay(size: screen.size, fullscreen: !windowed, software: software, fonts: fonts)
                } catch let unavailable as WindowDisplay.Unavailable where !requireDisplay {
                    logger.notice("No display found (\(unavailable.reason)); playing off screen instead. Use --require-display to stop here.")
                    display = try OffscreenDisplay(size: screen.size, fonts: fonts)
                    frameFile = frameOut.isEmpty ? nil : frameOut
                }
            }
            if let frameFile {
                do {
                    try FileManager.default.createDirectory(atPath: (frameFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                } catch {
                    throw Failure(.output, "The frame file \(frameFile) cannot be written: its folder cannot be made (\(error.localizedDescription)).")
                }
                guard FileManager.default.isWritableFile(atPath: (frameFile as NSString).deletingLastPathComponent) else {
                    throw Failure(.output, "The frame file \(frameFile) cannot be written: its folder is not writable.")
                }
                logger.notice("Playing off screen: the current frame is written to \(frameFile) whenever it changes. Ctrl-C stops.")
            }
            let pump = try EventPump(mode: display is WindowDisplay ? .window : .headless)
            let signals = SignalWatcher { pump.requestQuit() }
            wakeTarget.set(pump)
            let clock: any MachinakaCore.Clock = clockRate == 1 ? SystemClock() : ScaledClock(rate: clockRate)
            let player = Player(live: live, screenID: screen.id, display: display, fonts: fonts, pump: pump, clock: clock, frameFile: frameFile, logger: logger)
            player.notifier = ServiceNotifier()
            player.worker = try LayoutWorker(catalog: fonts.catalog, cache: player.layoutCache) { pump.wake() }
            // A play log that cannot be opened is a side job failing: said, tried again, never
            // a reason for a dark screen.
            player.recorder = PlayRecorder(path: playLog.map(absolute), keepDays: keepDays, logger: logger)
            if status != nil || http != nil {
                player.status = StatusFile(path: status.map(absolute), logger: logger)
            }
            var server: StatusServer? = nil
            if let http, let statusFile = player.status {
                let broker = ScreenshotBroker()
                broker.wake = { pump.wake() }
                player.screenshots = broker
                do {
                    server = try StatusServer(port: http, status: statusFile, screenshots: broker)
                } catch {
                    throw Failure(.output, "The status endpoint cannot listen on \(error).")
                }
                logger.notice("Status endpoint: http://127.0.0.1:\(http)/status and /screenshot.png (loopback only).")
            }
            defer { server?.stop() }
            try withExtendedLifetime(signals) { try player.run() }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(error)
        }
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
