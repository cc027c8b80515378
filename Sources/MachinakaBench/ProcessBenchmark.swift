import Foundation
import MachinakaPOSIX

/// Measures `machinaka play` as a kiosk runs it — a separate process, off screen with the
/// software renderer at 1920×1080 — from the outside: start to first frame, CPU time over a
/// fixed window, peak resident memory.
struct ProcessBenchmark {
    struct Result: Encodable {
        var firstFrameMs: Stats
        var cpuStaticPercent: Double
        /// The same static slide beside a counter panel whose data does not change.
        var cpuStaticPanelPercent: Double
        var cpuTickerPercent: Double
        var peakRSSMegabytes: Double
        var windowSeconds: Double
    }

    let setup: BenchSetup
    let starts: Int
    let window: Double
    /// How the player is started: off screen (`--headless`), or on a window with a renderer.
    var playArguments = ["--headless"]
    /// Added to the player's environment (DISPLAY, SDL_VIDEODRIVER for a window).
    var environment: [String: String] = [:]

    init(setup: BenchSetup, starts: Int, window: Double) {
        self.setup = setup
        self.starts = starts
        self.window = window
    }

    func run() throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-process-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: setup.content, toPath: root + "/sample")
        let still = try Self.makeStillFeed(in: root, setup: setup)

        var firstFrames: [Double] = []
        for _ in 0..<starts {
            let (process, milliseconds) = try launch(feed: root + "/sample", screen: "city-hall-lobby", frameOut: root + "/frame.png")
            firstFrames.append(milliseconds)
            process.terminate()
            process.waitUntilExit()
        }
        // No frame files here: encoding a PNG is the preview's cost, not the kiosk's.
        let staticCPU = try cpuPercent(feed: still, screen: "still", frameOut: "").cpu
        let panelCPU = try cpuPercent(feed: still, screen: "panel", frameOut: "").cpu
        let tickerCPU = try cpuPercent(feed: still, screen: "ticker", frameOut: "").cpu
        // Peak memory over the whole sample rotation: posters, fades, the ticker.
        let peak = try cpuPercent(feed: root + "/sample", screen: "city-hall-lobby", frameOut: "").peakMB
        return Result(firstFrameMs: Stats(firstFrames), cpuStaticPercent: staticCPU, cpuStaticPanelPercent: panelCPU, cpuTickerPercent: tickerCPU, peakRSSMegabytes: peak, windowSeconds: window)
    }

    /// A feed of one notice and three screens showing it: `still` (no ticker: the static
    /// case), `ticker` (the ticker's own cost, whatever else would play), `panel` (beside a
    /// counter panel whose file does not change: the panel's cost at rest).
    static func makeStillFeed(in root: String, setup: BenchSetup) throws -> String {
        let still = root + "/still"
        for folder in ["screens", "playlists", "news", "data"] {
            try FileManager.default.createDirectory(atPath: still + "/" + folder, withIntermediateDirectories: true)
        }
        try "name: 静止画面\nfacility: 相模原市役所\nticker: false\n".write(toFile: still + "/screens/still.yml", atomically: true, encoding: .utf8)
        try "name: 文字放送\nfacility: 相模原市役所\nticker: true\n".write(toFile: still + "/screens/ticker.yml", atomically: true, encoding: .utf8)
        try "name: 窓口\nfacility: 相模原市役所\nticker: false\npanel: {board: counters, data: data/counters.json}\n"
            .write(toFile: still + "/screens/panel.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: setup.content + "/data/counters.json", toPath: still + "/data/counters.json")
        try "items:\n  - news/*.md\n".write(toFile: still + "/playlists/main.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: setup.content + "/news/2026-12-nenmatsu-nenshi.md", toPath: still + "/news/one.md")
        return still
    }

    /// Starts the player and waits for it to say it presented its first frame.
    /// `log`, when given, keeps what the player says after its first frame.
    func launch(feed: String, screen: String, frameOut: String, log: LogTail? = nil) throws -> (Process, Double) {
        let process = Process()
        process.executableURL = setup.executable
        process.arguments = ["play"] + playArguments + ["--exit-with-parent", "--feed", feed, "--screen", screen, "--frame-out", frameOut, "--fonts", setup.fonts]
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try ChildProcess.run(process)
        var buffer = Data()
        let handle = errors.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { throw BenchError("The player exited before presenting a frame.") }
            buffer.append(chunk)
            if String(decoding: buffer, as: UTF8.self).contains("First frame presented") { break }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        // Keep draining the log so the player never blocks on a full pipe.
        (log ?? LogTail()).drain(handle)
        return (process, elapsed)
    }

    /// CPU used by a running player over the window, as % of one core, and its peak RSS; with
    /// `also`, that process's CPU over the same window (the X server), and the player's PSS.
    func cpuPercent(feed: String, screen: String, frameOut: String, also: Int32? = nil) throws -> (cpu: Double, peakMB: Double, alsoCPU: Double, pssMB: Double) {
        let (process, _) = try launch(feed: feed, screen: screen, frameOut: frameOut)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // Past start-up work, and past the first slide change (15 s slides): the layout worker
        // opens its own fonts then, once — some 0.3 s of CPU that is not the steady state.
        Thread.sleep(forTimeInterval: 16)
        let pid = process.processIdentifier
        let ticks = ProcessLife.clockTicksPerSecond
        let before = try cpuTicks(pid), start = DispatchTime.now().uptimeNanoseconds
        let alsoBefore = try also.map(cpuTicks) ?? 0
        Thread.sleep(forTimeInterval: window)
        let after = try cpuTicks(pid), seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let alsoAfter = try also.map(cpuTicks) ?? 0
        return (Double(after - before) / ticks / seconds * 100, MemoryBenchmark.resident(pid).peak,
                Double(alsoAfter - alsoBefore) / ticks / seconds * 100, Machine.megabytes("Pss:", in: "/proc/\(pid)/smaps_rollup"))
    }

    func cpuTicks(_ pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces): utime is 14th, stime 15th.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }
}

/// What a child process wrote, kept while it runs, for a benchmark to read lines from.
final class LogTail: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    /// Reads `handle` to its end on a thread of its own, keeping what comes.
    func drain(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                append(chunk)
            }
        }.start()
    }

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits (up to `timeout` seconds) until `count` lines contain `marker`; the `count`th, or nil.
    func waitForLine(containing marker: String, count: Int = 1, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let lines = text.split(separator: "\n").filter { $0.contains(marker) }
            if lines.count >= count { return String(lines[count - 1]) }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }
}
