import Foundation
import MachinakaPOSIX

/// A 1080p30 H.264 clip (8 Mb/s, made here with Debian's `ffmpeg`) played in a window: the
/// player with each renderer, then the same file through `mpv --vo=x11` on the same X server.
/// Each plays the clip start to end (the player: its second showing, the first being joined
/// under way); CPU (player + X server) is read over `window` seconds from 2 s in, PSS at its
/// end; pictures shown, late and dropped are the player's own report of the showing (its log)
/// and mpv's `frame-drop-count` / `vo-delayed-frame-count`.
struct ClipWindowBenchmark {
    struct Row: Encodable {
        var player: String
        var playerPercent: Double
        var xServerPercent: Double
        var pssMB: Double
        var shown: Int?
        var late: Int
        var dropped: Int
    }

    let setup: BenchSetup
    let window: Double

    /// The clip's length: the measured window and some room on either side.
    var clipSeconds: Int { Int(window.rounded(.up)) + 6 }

    func run(in root: String, server: XServer, progress: (String) -> Void) throws -> [Row] {
        let feed = root + "/clip"
        for folder in ["screens", "playlists", "media"] {
            try FileManager.default.createDirectory(atPath: feed + "/" + folder, withIntermediateDirectories: true)
        }
        let clip = feed + "/media/film.mp4"
        progress("making a \(clipSeconds) s 1080p30 H.264 clip")
        try Self.makeClip(clip, seconds: clipSeconds, size: "1920x1080", codec: ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M", "-maxrate", "8M", "-bufsize", "16M"])
        try "name: 映像\nfacility: 相模原市役所\nticker: false\ntransition: none\n".write(toFile: feed + "/screens/clip.yml", atomically: true, encoding: .utf8)
        try "items:\n  - media/film.mp4\n".write(toFile: feed + "/playlists/main.yml", atomically: true, encoding: .utf8)

        var rows: [Row] = []
        for renderer in ["auto", "gpu"] {
            progress("clip, --renderer \(renderer)")
            var bench = ProcessBenchmark(setup: setup, starts: 1, window: window)
            bench.playArguments = ["--output", "window", "--renderer", renderer]
            bench.environment = ["DISPLAY": server.display, "SDL_VIDEODRIVER": "x11"]
            let log = LogTail()
            let (process, _) = try bench.launch(feed: feed, screen: "clip", frameOut: "", log: log)
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            // The rotation's slots are set on the clock, so the player joins a showing under
            // way (a seek, then catching up): measured is the next showing, whole.
            let marker = "media/film.mp4: showing ended"
            guard log.waitForLine(containing: marker, timeout: Double(clipSeconds) + 30) != nil else { throw BenchError("the clip's first showing never ended") }
            let cpu = try measure(process.processIdentifier, also: server.pid, bench: bench)
            let line = log.waitForLine(containing: marker, count: 2, timeout: Double(clipSeconds) + 30) ?? ""
            let numbers = Self.numbers(in: line, after: ["pictures shown", "late", "dropped"])
            rows.append(Row(player: "machinaka \(renderer)", playerPercent: cpu.player, xServerPercent: cpu.x, pssMB: cpu.pss,
                            shown: numbers[0], late: numbers[1] ?? -1, dropped: numbers[2] ?? -1))
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/mpv") {
            progress("clip, mpv --vo=x11")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/mpv")
            process.arguments = ["--vo=x11", "--no-audio", "--no-config", "--msg-level=all=error,statusline=status",
                                 "--term-status-msg=STAT drop=${frame-drop-count} delayed=${vo-delayed-frame-count}", clip]
            process.environment = ProcessInfo.processInfo.environment.merging(["DISPLAY": server.display]) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            let log = LogTail()
            try ChildProcess.run(process)
            log.drain(out.fileHandleForReading)
            let bench = ProcessBenchmark(setup: setup, starts: 1, window: window)
            let cpu = try measure(process.processIdentifier, also: server.pid, bench: bench)
            process.waitUntilExit()
            let status = log.text.replacingOccurrences(of: "\r", with: "\n").split(separator: "\n").last { $0.contains("STAT drop=") }.map(String.init) ?? ""
            let numbers = Self.numbers(in: status, after: ["drop=", "delayed="], before: true)
            rows.append(Row(player: "mpv --vo=x11", playerPercent: cpu.player, xServerPercent: cpu.x, pssMB: cpu.pss, shown: nil,
                            late: numbers[1] ?? -1, dropped: numbers[0] ?? -1))
        } else {
            progress("mpv is not installed: no comparison (apt-get install mpv)")
        }
        return rows
    }

    /// CPU of `pid` and the X server over the window from 2 s in, as % of one core, and PSS.
    private func measure(_ pid: Int32, also: Int32?, bench: ProcessBenchmark) throws -> (player: Double, x: Double, pss: Double) {
        Thread.sleep(forTimeInterval: 2)
        let ticks = ProcessLife.clockTicksPerSecond
        let before = try bench.cpuTicks(pid), xBefore = try also.map(bench.cpuTicks) ?? 0
        let start = DispatchTime.now().uptimeNanoseconds
        Thread.sleep(forTimeInterval: window)
        let after = try bench.cpuTicks(pid), xAfter = try also.map(bench.cpuTicks) ?? 0
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let pss = Machine.megabytes("Pss:", in: "/proc/\(pid)/smaps_rollup")
        return (Double(after - before) / ticks / seconds * 100, Double(xAfter - xBefore) / ticks / seconds * 100, pss)
    }

    /// The whole numbers next to each label in `line`: before it ("1800 pictures shown") or,
    /// with `before` true, after it ("drop=0").
    static func numbers(in line: String, after labels: [String], before: Bool = false) -> [Int?] {
        labels.map { label in
            guard let range = line.range(of: label) else { return nil }
            if before {
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
            let head = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            return Int(String(head.reversed().prefix { $0.isNumber }.reversed()))
        }
    }

    /// A test-pattern clip made with Debian's `ffmpeg` (30 fps, 4:2:0).
    static func makeClip(_ path: String, seconds: Int, size: String, codec: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") else { throw BenchError("ffmpeg is not installed (apt-get install ffmpeg)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=\(size):r=30:d=\(seconds)"] + codec + ["-pix_fmt", "yuv420p", path]
        try ChildProcess.run(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("ffmpeg could not make \(path) (\(process.terminationStatus))") }
    }
}
