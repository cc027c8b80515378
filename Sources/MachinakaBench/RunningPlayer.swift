import Foundation
import MachinakaPOSIX
import Logging
import MachinakaCore
import MachinakaPlayer
import MachinakaRender
import MachinakaSystem

/// The real player over a copy of the sample feed, on its own thread as `play` runs it: real
/// inotify, a layout worker, real drawing off screen at 1920×1080 into a `RecordingDisplay`
/// that notes when each frame was presented. The benchmark thread plays the outside world.
final class RunningPlayer {
    /// The copy of the feed, to write into.
    let root: String
    let display: RecordingDisplay
    private let pump: EventPump
    private let live: LiveFeed
    private let finished = Signal()
    /// The player's play log, beside the copy of the feed.
    private let playLog: String

    /// Starts playing `screen` and waits for its first frame; `prepare` may change the copy of
    /// the feed first.
    /// With `speech`, the screen speaks its alerts (ja, en) through SDL's disk audio driver, as
    /// a kiosk with a speaker would: synthesis and mixing run beside the loop.
    init(setup: BenchSetup, screen: String, fonts: FontLibrary, name: String, speech: Bool = false, size: PixelSize = PixelSize(width: 1920, height: 1080),
         prepare: (String) throws -> Void = { _ in }) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-\(name)-bench-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: setup.content, toPath: root)
        try prepare(root)
        if speech {
            let file = root + "/screens/\(screen).yml"
            try (String(contentsOfFile: file, encoding: .utf8) + "\nspeech: {languages: [ja, en], repeat: 1}\n").write(toFile: file, atomically: true, encoding: .utf8)
        }
        display = RecordingDisplay(try OffscreenDisplay(size: size, fonts: fonts))
        // As `play` runs: a frame never waits for a decode.
        display.waitsForImages = false
        pump = try EventPump(mode: .headless)
        let pump = self.pump
        live = try LiveFeed(folder: root) { pump.wake() }
        let logger = Logger(label: "machinaka.bench") { _ in SwiftLogNoOpLogHandler() }
        let player = Player(feed: live, screenID: screen, display: display, measurer: fonts, clock: SystemClock(), logger: logger)
        // A play log, as the shipped unit keeps one (`--play-log`): its writes are part of what
        // an alert's frame must not wait for.
        playLog = root + ".plays.sqlite3"
        player.recorder = PlayRecorder(path: playLog, keepDays: 400, logger: logger)
        player.worker = try LayoutWorker(catalog: fonts.catalog, cache: player.layoutCache) { pump.wake() }
        if speech {
            ProcessLife.setEnvironmentDefault("SDL_AUDIODRIVER", "disk")
            ProcessLife.setEnvironmentDefault("SDL_DISKAUDIOFILE", root + ".audio.raw")
            player.announcer = Announcer(output: try AudioOutput(), synthesis: SpeechSynthesis(), logger: logger)
        }
        nonisolated(unsafe) let waiter = PumpWaiter(pump: pump, clock: SystemClock())
        nonisolated(unsafe) let loop = player
        let finished = self.finished
        Thread {
            try? loop.run(waiter: waiter)
            finished.fire()
        }.start()
        guard display.waitFor(alert: false, after: 0, timeout: 30) != nil else {
            stop()
            throw BenchError("The player did not present a first frame within 30 s.")
        }
    }

    /// Stops the player and removes the copy of the feed.
    func stop() {
        pump.requestQuit()
        finished.wait(milliseconds: 5000)
        live.stop()
        try? FileManager.default.removeItem(atPath: root)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: playLog + suffix) }
        try? FileManager.default.removeItem(atPath: root + ".audio.raw")
    }
}
