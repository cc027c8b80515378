import Foundation
import MachinakaCore
import MachinakaRender

/// `machinaka bench`: every figure README reports, as a table or one JSON object.
public enum Benchmarks {
    /// What to run and how often.
    public struct Options: Sendable {
        public var items = 10_000
        public var trials = 100
        public var starts = 5
        public var window: Double = 30
        public var cycles = 100

        public init() {}
    }

    /// The keys the benchmark issue asked for, medians unless named otherwise.
    public struct Summary: Encodable {
        var firstFrameMs, alertLatencyP50Ms, alertLatencyP99Ms, frameTimeP50Ms, frameTimeP99Ms: Double
        var cpuStaticPct, cpuStaticPanelPct, cpuTickerPct, peakRssMb, feedLoad10kMs, replanMs: Double
        var boardUpdateP50Ms, boardUpdateP99Ms: Double
        var alertLatencyLargestBoardsP99Ms: Double
        var longestNoticeLayoutP99Ms, longestAlertLayoutP99Ms: Double
        var machine: String
        var date: String

        enum CodingKeys: String, CodingKey {
            case firstFrameMs = "first_frame_ms", alertLatencyP50Ms = "alert_latency_p50_ms", alertLatencyP99Ms = "alert_latency_p99_ms"
            case frameTimeP50Ms = "frame_time_p50_ms", frameTimeP99Ms = "frame_time_p99_ms", cpuStaticPct = "cpu_static_pct"
            case cpuTickerPct = "cpu_ticker_pct", peakRssMb = "peak_rss_mb", feedLoad10kMs = "feed_load_10k_ms", replanMs = "replan_ms"
            case longestNoticeLayoutP99Ms = "longest_notice_layout_p99_ms", longestAlertLayoutP99Ms = "longest_alert_layout_p99_ms"
            case cpuStaticPanelPct = "cpu_static_panel_pct", boardUpdateP50Ms = "board_update_p50_ms", boardUpdateP99Ms = "board_update_p99_ms"
            case alertLatencyLargestBoardsP99Ms = "alert_latency_largest_boards_p99_ms"
            case machine, date
        }
    }

    /// Every figure, with the details behind the summary.
    public struct Report: Encodable {
        var summary: Summary
        var feed: FeedBenchmark.Result
        var alert: AlertBenchmark.Result
        var alertBesideLargestBoards: AlertBenchmark.Result
        var board: BoardBenchmark.Result
        var layout: LayoutBenchmark.Result
        var process: ProcessBenchmark.Result
        var memory: MemoryBenchmark.Result

        public func encode(to encoder: Encoder) throws {
            // The summary's keys at the top level, the details beside them.
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(feed, forKey: .feed)
            try container.encode(alert, forKey: .alert)
            try container.encode(alertBesideLargestBoards, forKey: .alertLargestBoards)
            try container.encode(board, forKey: .board)
            try container.encode(layout, forKey: .layout)
            try container.encode(process, forKey: .process)
            try container.encode(memory, forKey: .memory)
        }

        enum Keys: String, CodingKey { case feed, alert, board, layout, process, memory, alertLargestBoards = "alert_largest_boards" }

        /// The report as README's tables show it.
        public var table: String {
            var lines = ["machinaka bench — \(summary.machine), \(summary.date)", "", row("measurement", "p50 ms", "p99 ms", "min", "max", "n")]
            for (name, stats) in [
                ("feed load, \(feed.items) items (cold, whole folder)", feed.loadMs),
                ("feed update after one file changed", feed.updateMs),
                ("re-plan: rotation rebuilt + next slot", feed.replanMs),
                ("rename into news/ → new feed state (inotify)", feed.renameToStateMs),
                ("plan 24 h of the 10,000-item feed", feed.plan24hMs),
                ("decide the next slot (10,000 items)", feed.nextSlotMs),
                ("CAP renamed into alerts/ → alert frame presented", alert.renameToFrameMs),
                ("alert file removed → rotation frame presented", alert.clearToFrameMs),
                ("the same, 5,000-row boards and panel on screen", alertBesideLargestBoards.renameToFrameMs),
                ("frame time (draw + present), ticker running", alert.frameTimeMs),
                ("counters.json renamed → counter panel presented", board.renameToPanelMs),
                ("lay out the longest notice a file may hold", layout.longestNoticeMs),
                ("lay out the longest alert a file may hold", layout.longestAlertMs),
                ("the same alert in Japanese and English", layout.longestBilingualAlertMs),
                ("the same in turns by language, 10 s in", layout.longestRotatedAlertMs),
                ("start → first frame presented (cold process)", process.firstFrameMs),
            ] {
                lines.append(row(name, f(stats.p50), f(stats.p99), f(stats.min), f(stats.max), "\(stats.count)"))
            }
            lines += [
                "",
                "CPU, static slide (no ticker), \(Int(process.windowSeconds)) s: \(String(format: "%.2f", process.cpuStaticPercent)) % of one core",
                "CPU, the same beside a counter panel that does not change, \(Int(process.windowSeconds)) s: \(String(format: "%.2f", process.cpuStaticPanelPercent)) % of one core",
                "CPU, 60 fps ticker over the same slide, \(Int(process.windowSeconds)) s: \(String(format: "%.2f", process.cpuTickerPercent)) % of one core",
                "peak resident memory (VmHWM), \(Int(process.windowSeconds)) s of the sample rotation: \(String(format: "%.1f", process.peakRSSMegabytes)) MB",
                memory.line,
                "All at 1920×1080 with SDL's software renderer, off screen; the player runs as a separate `machinaka play --headless` process for the last four figures.",
            ]
            return lines.joined(separator: "\n")
        }
    }

    /// The alert figures alone, one line each: on the sample screen, beside the largest data
    /// boards the limits allow, and the other cases below (those whose name holds `matching`).
    public static func alertLines(setup: BenchSetup, trials: Int, fonts: FontLibrary, inForce: Int = 30, matching: String? = nil) throws -> [String] {
        // The new alert leads a list of the others: at least two in force make one.
        let inForce = max(2, inForce)
        let base = AlertBenchmark(setup: setup, trials: trials, fonts: fonts)
        func with(_ change: (inout AlertBenchmark) -> Void) -> AlertBenchmark {
            var bench = base
            change(&bench)
            return bench
        }
        let cases: [(String, AlertBenchmark)] = [
            ("sample feed, city-hall-lobby (ja, en)", base),
            ("sample feed, counter-hall (ja, en, zh, ko; counter panel)", with { $0.screen = "counter-hall" }),
            ("counter-hall, 5,000-row clinics and shelters boards beside a 5,000-counter panel", with { $0.screen = "counter-hall"; $0.largestBoards = true }),
            ("portrait 1080×1920, 5,000-row clinics and shelters boards above a 5,000-counter panel at its foot",
             with { $0.largestBoards = true; $0.portrait = true }),
            ("city-hall-lobby speaking each alert in ja and en (Open JTalk, espeak-ng, SDL disk audio)", with { $0.speech = true }),
            ("city-hall-lobby with \(inForce) warnings in force (8–19 areas each) listed under the new alert", with { $0.inForce = inForce }),
            ("city-hall-lobby, \(AlertBenchmark.clipsDropped) new 4K H.264 clips renamed into media/ \(Int(AlertBenchmark.clipsAhead * 1000)) ms before the alert",
             with { $0.clipsBefore = true }),
            ("city-hall-lobby, a sync renaming a notice into news/ every millisecond through the trials", with { $0.syncing = true }),
        ]
        return try cases.filter { matching == nil || $0.0.contains(matching!) }.map { name, bench in
            let result = try bench.run()
            return "CAP renamed → alert frame presented, \(name), \(result.trials) trials: p50 \(f(result.renameToFrameMs.p50)) ms, "
                + "p99 \(f(result.renameToFrameMs.p99)) ms, max \(f(result.renameToFrameMs.max)) ms; alert removed → rotation p99 \(f(result.clearToFrameMs.p99)) ms; "
                + "frames drawn after the trials: \(result.frameTimeMs.count), \(result.tickerFrames) with the ticker (without it a frame is drawn whole, "
                + "when a page turns), p50 \(f(result.frameTimeMs.p50)) ms, p99 \(f(result.frameTimeMs.p99)) ms"
        }
    }

    /// Runs every benchmark.
    public static func all(_ options: Options, setup: BenchSetup, fonts: FontLibrary) throws -> Report {
        let feed = try FeedBenchmark(items: options.items, trials: options.trials).run()
        let alert = try AlertBenchmark(setup: setup, trials: options.trials, fonts: fonts).run()
        let alertBesideLargestBoards = try AlertBenchmark(setup: setup, trials: options.trials, fonts: fonts, largestBoards: true).run()
        let board = try BoardBenchmark(setup: setup, trials: options.trials, fonts: fonts).run()
        let layout = try LayoutBenchmark(trials: min(options.trials, 30), fonts: fonts).run()
        let process = try ProcessBenchmark(setup: setup, starts: options.starts, window: options.window).run()
        let memory = try MemoryBenchmark(setup: setup, cycles: options.cycles).run()
        let summary = Summary(
            firstFrameMs: process.firstFrameMs.p50, alertLatencyP50Ms: alert.renameToFrameMs.p50, alertLatencyP99Ms: alert.renameToFrameMs.p99,
            frameTimeP50Ms: alert.frameTimeMs.p50, frameTimeP99Ms: alert.frameTimeMs.p99,
            cpuStaticPct: process.cpuStaticPercent, cpuStaticPanelPct: process.cpuStaticPanelPercent, cpuTickerPct: process.cpuTickerPercent,
            peakRssMb: process.peakRSSMegabytes, feedLoad10kMs: feed.loadMs.p50, replanMs: feed.replanMs.p50,
            boardUpdateP50Ms: board.renameToPanelMs.p50, boardUpdateP99Ms: board.renameToPanelMs.p99,
            alertLatencyLargestBoardsP99Ms: alertBesideLargestBoards.renameToFrameMs.p99,
            longestNoticeLayoutP99Ms: layout.longestNoticeMs.p99, longestAlertLayoutP99Ms: layout.longestAlertMs.p99,
            machine: Machine.describe(), date: ISO8601DateFormatter().string(from: Date()))
        return Report(summary: summary, feed: feed, alert: alert, alertBesideLargestBoards: alertBesideLargestBoards, board: board, layout: layout, process: process, memory: memory)
    }

    /// `value` as JSON with snake-case keys, sorted.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func f(_ value: Double) -> String { String(format: value < 1 ? "%.3f" : "%.2f", value) }

    static func row(_ columns: String...) -> String {
        let widths = [52, 9, 9, 9, 9, 5]
        return zip(columns, widths).map { column, width in
            column.count >= width ? column + " " : column + String(repeating: " ", count: width - column.count)
        }.joined()
    }
}
