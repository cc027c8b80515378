import ArgumentParser
import Foundation

/// `machinaka bench`: measures the player with a command, not with timed tests.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the player and print the figures (a table, or JSON).")

    @Option(help: "Items in the generated feed.")
    var items: Int = 10_000

    @Option(help: "Trials of each repeated measurement.")
    var trials: Int = 100

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        let feed = try FeedBenchmark(items: items, trials: trials).run()
        let alert = try AlertBenchmark(trials: trials, fonts: try options.fontLibrary()).run()
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(Report(date: ISO8601DateFormatter().string(from: Date()), machine: Machine.describe(), feed: feed, alert: alert)), as: UTF8.self))
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
        ] {
            print(row(name, f(stats.p50), f(stats.p99), f(stats.min), f(stats.max), "\(stats.count)"))
        }
    }

    private func f(_ value: Double) -> String { String(format: value < 1 ? "%.3f" : "%.2f", value) }

    private func row(_ columns: String...) -> String {
        let widths = [52, 9, 9, 9, 9, 5]
        return zip(columns, widths).map { column, width in
            column.count >= width ? column + " " : column + String(repeating: " ", count: width - column.count)
        }.joined()
    }

    struct Report: Encodable {
        var date: String
        var machine: String
        var feed: FeedBenchmark.Result
        var alert: AlertBenchmark.Result
    }
}

/// The machine the figures come from.
enum Machine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
