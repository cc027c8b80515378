import Foundation
import MachinakaPOSIX

/// Measures `machinaka play` on a real window, as a kiosk without a GPU runs it: under an X
/// server (its own Xvfb unless a display is given), for each renderer choice — `auto` (on this
/// hardware, SDL's software renderer) and `gpu` (Mesa's llvmpipe standing in for a GPU) —
/// first frame, CPU of the player **and** the X server with the ticker and on a still slide,
/// and the player's PSS; then a 1080p30 clip, beside mpv playing the same file.
public struct WindowBenchmark {
    public struct Row: Encodable {
        var renderer: String
        var firstFrameMs: Stats
        var tickerPlayerPercent: Double
        var tickerXServerPercent: Double
        var staticPlayerPercent: Double
        var staticXServerPercent: Double
        var pssMB: Double
    }

    public struct Result: Encodable {
        var display: String
        var windowSeconds: Double
        var rows: [Row]
        /// The 1080p30 clip, through the player and through mpv.
        var clip: [ClipWindowBenchmark.Row]

        /// The figures as README shows them.
        public var table: String {
            var lines = [
                "machinaka bench --window — \(Machine.describe()), \(ISO8601DateFormatter().string(from: Date()))",
                "X server \(display), 1920×1080 window, the same notice; CPU over \(Int(windowSeconds)) s as % of one core, player + X server",
                "renderer   first frame p50/p99   ticker CPU (player + X)    still CPU (player + X)    PSS",
            ]
            for row in rows {
                lines.append(row.renderer.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(format: "%5.0f / %5.0f ms      %5.2f %% + %5.2f %%         %5.2f %% + %5.2f %%         %5.1f MB",
                             row.firstFrameMs.p50, row.firstFrameMs.p99, row.tickerPlayerPercent, row.tickerXServerPercent,
                             row.staticPlayerPercent, row.staticXServerPercent, row.pssMB))
            }
            if !clip.isEmpty {
                lines.append("1080p30 H.264 8 Mb/s clip, one whole showing; CPU over \(Int(windowSeconds)) s from 2 s in (% of one core); pictures from the player's report / mpv's counters")
                lines.append("player              CPU (player + X)        PSS        shown   late   dropped")
                for row in clip {
                    lines.append(row.player.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + String(format: "%5.1f %% + %5.1f %%      %6.1f MB   ", row.playerPercent, row.xServerPercent, row.pssMB)
                        + (row.shown.map { String(format: "%5d", $0) } ?? "    –") + String(format: "   %4d   %7d", row.late, row.dropped))
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    let setup: BenchSetup
    let starts: Int
    let window: Double
    let display: String?

    /// Whether to measure only the 1080p clip (and mpv beside it).
    let onlyClip: Bool

    public init(setup: BenchSetup, starts: Int, window: Double, display: String?, onlyClip: Bool = false) {
        self.onlyClip = onlyClip
        self.setup = setup
        self.starts = starts
        self.window = window
        self.display = display
    }

    public func run(progress: (String) -> Void) throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-window-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let still = try ProcessBenchmark.makeStillFeed(in: root, setup: setup)
        let server = try display.map { XServer(existing: $0) } ?? XServer.start()
        defer { server.stop() }
        var rows: [Row] = []
        for renderer in onlyClip ? [] : ["auto", "gpu"] {
            progress("--renderer \(renderer) on \(server.display)")
            var bench = ProcessBenchmark(setup: setup, starts: starts, window: window)
            bench.playArguments = ["--output", "window", "--renderer", renderer]
            bench.environment = ["DISPLAY": server.display, "SDL_VIDEODRIVER": "x11"]
            var firstFrames: [Double] = []
            for _ in 0..<starts {
                let (process, milliseconds) = try bench.launch(feed: still, screen: "ticker", frameOut: "")
                firstFrames.append(milliseconds)
                process.terminate()
                process.waitUntilExit()
            }
            let ticker = try bench.cpuPercent(feed: still, screen: "ticker", frameOut: "", also: server.pid)
            let still = try bench.cpuPercent(feed: still, screen: "still", frameOut: "", also: server.pid)
            rows.append(Row(renderer: renderer, firstFrameMs: Stats(firstFrames), tickerPlayerPercent: ticker.cpu, tickerXServerPercent: ticker.alsoCPU,
                            staticPlayerPercent: still.cpu, staticXServerPercent: still.alsoCPU, pssMB: ticker.pssMB))
        }
        let clip = try ClipWindowBenchmark(setup: setup, window: window).run(in: root, server: server, progress: progress)
        return Result(display: server.display, windowSeconds: window, rows: rows, clip: clip)
    }
}

/// An X server for the window benchmark: Xvfb started here on a free display number, or one
/// that is already running (then its pid is found, for its CPU time).
public final class XServer {
    public let display: String
    public let pid: Int32?
    private let process: Process?

    init(existing display: String) {
        self.display = display
        process = nil
        pid = Self.pid(of: display)
    }

    private init(display: String, process: Process) {
        self.display = display
        self.process = process
        pid = process.processIdentifier
    }

    /// Starts Xvfb at 1920×1080 on the first free display from :90 and waits for its socket.
    public static func start() throws -> XServer {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/Xvfb") else { throw BenchError("Xvfb is not installed (apt-get install xvfb)") }
        let number = (90..<200).first { !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\($0)") && !FileManager.default.fileExists(atPath: "/tmp/.X\($0)-lock") } ?? 90
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/Xvfb")
        process.arguments = [":\(number)", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)"), Date() < deadline { usleep(20_000) }
        guard process.isRunning else { throw BenchError("Xvfb :\(number) did not start") }
        return XServer(display: ":\(number)", process: process)
    }

    public func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The pid of the X server serving `display`, from its lock file.
    static func pid(of display: String) -> Int32? {
        let number = display.split(separator: ":").last.map { $0.split(separator: ".").first ?? $0 } ?? ""
        return (try? String(contentsOfFile: "/tmp/.X\(number)-lock", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
