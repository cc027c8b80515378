import ArgumentParser
import Foundation

/// `machinaka bench`: measures the player with a command, not with timed tests.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the player and print the figures.",
        subcommands: [AllFigures.self, SoakCommand.self], defaultSubcommand: AllFigures.self)
}

/// `machinaka bench soak`: a simulated week of a kiosk's life, with churn every minute.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Play a simulated week with feed churn every simulated minute; report memory, descriptors, threads and frames.")

    @Option(help: "Simulated days.")
    var days: Double = 7

    @Option(help: "How many times faster than real time the player's clock runs.")
    var rate: Double = 1000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard days > 0, days <= 60, rate >= 1, rate <= 5000 else { throw ValidationError("--days 0…60, --rate 1…5000") }
    }

    func run() throws {
        let result = try SoakBenchmark(days: days, rate: rate).run { FileHandle.standardError.write(Data(("soak: " + $0 + "\n").utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("machinaka bench soak — \(Machine.describe()), \(ISO8601DateFormatter().string(from: Date()))")
        print("\(result.days) simulated days at ×\(Int(result.clockRate)) in \(Int(result.realSeconds)) s, \(result.churnActions) changes to the feed\(result.playerExited ? "; THE PLAYER EXITED" : "")")
        print("                      simulated h   RSS MB   fds   threads")
        for (name, sample) in [("start (after 1 h)", result.start), ("middle", result.middle), ("end", result.end)] {
            print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%11.1f %8.1f %5d %9d", sample.simulatedHours, sample.rssMB, sample.fileDescriptors, sample.threads))
        }
        print("peak RSS \(String(format: "%.1f", result.peakRSSMB)) MB; frames presented per simulated hour: least \(result.framesPerHourMin), median \(result.framesPerHourMedian), most \(result.framesPerHourMax)")
    }
}

/// `machinaka bench` with no subcommand: every figure README reports.
struct AllFigures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Measure the player and print the figures (a table, or JSON).")

    @Option(help: "Items in the generated feed.")
    var items: Int = 10_000

    @Option(help: "Trials of each repeated measurement.")
    var trials: Int = 100

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var options: CommonOptions

    @Option(help: "Cold starts of the player for the first-frame figure.")
    var starts: Int = 5

    @Option(help: "Seconds over which CPU use is measured.")
    var window: Double = 30

    @Option(help: "Times the sample rotation is played through (clock run 200× fast) for the memory figure.")
    var cycles: Int = 100

    @Flag(help: "Only the layout figures (longest notice, longest alert).")
    var layoutOnly = false

    func run() throws {
        if layoutOnly {
            let layout = try LayoutBenchmark(trials: min(trials, 30), fonts: try options.fontLibrary()).run()
            print("longest notice laid out: p50 \(f(layout.longestNoticeMs.p50)) ms, p99 \(f(layout.longestNoticeMs.p99)) ms")
            print("longest alert laid out:  p50 \(f(layout.longestAlertMs.p50)) ms, p99 \(f(layout.longestAlertMs.p99)) ms")
            return
        }
        let feed = try FeedBenchmark(items: items, trials: trials).run()
        let alert = try AlertBenchmark(trials: trials, fonts: try options.fontLibrary()).run()
        let process = try ProcessBenchmark(starts: starts, window: window).run()
        let memory = try MemoryBenchmark(cycles: cycles).run()
        let summary = Summary(
            firstFrameMs: process.firstFrameMs.p50, alertLatencyP50Ms: alert.renameToFrameMs.p50, alertLatencyP99Ms: alert.renameToFrameMs.p99,
            frameTimeP50Ms: alert.frameTimeMs.p50, frameTimeP99Ms: alert.frameTimeMs.p99,
            cpuStaticPct: process.cpuStaticPercent, cpuTickerPct: process.cpuTickerPercent, peakRssMb: process.peakRSSMegabytes,
            feedLoad10kMs: feed.loadMs.p50, replanMs: feed.replanMs.p50,
            machine: Machine.describe(), date: ISO8601DateFormatter().string(from: Date()))
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(Report(summary: summary, feed: feed, alert: alert, process: process, memory: memory)), as: UTF8.self))
            return
        }
        print("machinaka bench — \(Machine.describe()), \(ISO8601DateFormatter().string(from: Date()))")
        print("")
        print(row("measurement", "p50 ms", "p99 ms", "min", "max", "n"))
        for (name, stats) in [
            ("feed load, \(feed.items) items (cold, whole folder)", feed.loadMs),
            ("feed update after one file changed", feed.updateMs),
            ("re-plan: rotation rebuilt + next slot", feed.replanMs),
            ("rename into news/ → new feed state (inotify)", feed.renameToStateMs),
            ("plan 24 h of the 10,000-item feed", feed.plan24hMs),
            ("decide the next slot (10,000 items)", feed.nextSlotMs),
            ("CAP renamed into alerts/ → alert frame presented", alert.renameToFrameMs),
            ("alert file removed → rotation frame presented", alert.clearToFrameMs),
            ("frame time (draw + present), ticker running", alert.frameTimeMs),
            ("start → first frame presented (cold process)", process.firstFrameMs),
        ] {
            print(row(name, f(stats.p50), f(stats.p99), f(stats.min), f(stats.max), "\(stats.count)"))
        }
        print("")
        print("CPU, static slide (no ticker), \(Int(window)) s: \(String(format: "%.2f", process.cpuStaticPercent)) % of one core")
        print("CPU, 60 fps ticker over the same slide, \(Int(window)) s: \(String(format: "%.2f", process.cpuTickerPercent)) % of one core")
        print("peak resident memory (VmHWM), \(Int(window)) s of the sample rotation: \(String(format: "%.1f", process.peakRSSMegabytes)) MB")
        print("player memory over \(memory.cycles) plays of the sample rotation (clock ×\(Int(memory.clockRate)), \(memory.playsRecorded) plays recorded, \(Int(memory.realSeconds)) s): after the first \(String(format: "%.1f", memory.rssAfterFirstCycleMB)) MB, halfway \(String(format: "%.1f", memory.rssAfterHalfMB)) MB, at the end \(String(format: "%.1f", memory.rssAfterAllMB)) MB, peak \(String(format: "%.1f", memory.peakRSSMB)) MB; PSS at the end \(String(format: "%.1f", memory.pssAtEndMB)) MB")
        print("All at 1920×1080 with SDL's software renderer, off screen; the player runs as a separate `machinaka play --headless` process for the last four figures.")
    }

    private func f(_ value: Double) -> String { String(format: value < 1 ? "%.3f" : "%.2f", value) }

    private func row(_ columns: String...) -> String {
        let widths = [52, 9, 9, 9, 9, 5]
        return zip(columns, widths).map { column, width in
            column.count >= width ? column + " " : column + String(repeating: " ", count: width - column.count)
        }.joined()
    }

    /// The keys the benchmark issue asked for, medians unless named otherwise.
    struct Summary: Encodable {
        var firstFrameMs, alertLatencyP50Ms, alertLatencyP99Ms, frameTimeP50Ms, frameTimeP99Ms: Double
        var cpuStaticPct, cpuTickerPct, peakRssMb, feedLoad10kMs, replanMs: Double
        var machine: String
        var date: String

        enum CodingKeys: String, CodingKey {
            case firstFrameMs = "first_frame_ms", alertLatencyP50Ms = "alert_latency_p50_ms", alertLatencyP99Ms = "alert_latency_p99_ms"
            case frameTimeP50Ms = "frame_time_p50_ms", frameTimeP99Ms = "frame_time_p99_ms", cpuStaticPct = "cpu_static_pct"
            case cpuTickerPct = "cpu_ticker_pct", peakRssMb = "peak_rss_mb", feedLoad10kMs = "feed_load_10k_ms", replanMs = "replan_ms"
            case machine, date
        }
    }

    struct Report: Encodable {
        var summary: Summary
        var feed: FeedBenchmark.Result
        var alert: AlertBenchmark.Result
        var process: ProcessBenchmark.Result
        var memory: MemoryBenchmark.Result

        func encode(to encoder: Encoder) throws {
            // The summary's keys at the top level, the details beside them.
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(feed, forKey: .feed)
            try container.encode(alert, forKey: .alert)
            try container.encode(process, forKey: .process)
            try container.encode(memory, forKey: .memory)
        }

        enum Keys: String, CodingKey { case feed, alert, process, memory }
    }
}

/// The machine the figures come from, and what the benchmarks read of processes on it.
enum Machine {
    /// This very executable, to start players from.
    static var executable: URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : (Bundle.main.executableURL ?? url)
    }

    /// The first number after `key` in a /proc table (`VmRSS:\t 61234 kB`), or nil.
    static func number(_ key: String, in file: String) -> Double? {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(key) }
            .flatMap { $0.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first.flatMap { Double($0) } }
    }

    /// A `key: value kB` field of a process's /proc status file (or any /proc table), in MB.
    static func megabytes(_ key: String, in file: String) -> Double {
        (number(key, in: file) ?? 0) / 1024
    }

    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
