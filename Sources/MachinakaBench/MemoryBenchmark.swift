import Foundation
import MachinakaPOSIX
import MachinakaCore
import MachinakaRecords

/// Plays the sample feed's rotation through 100 times in a separate `machinaka play
/// --headless` process (1920×1080, the real fonts, posters, ticker, cross-fades), its clock run
/// fast, and reads the process's resident memory as it goes: it must stay flat however long a
/// kiosk plays, and under the target.
public struct MemoryBenchmark {
    public struct Result: Encodable {
        var cycles: Int
        var clockRate: Double
        var realSeconds: Double
        var rssAfterFirstCycleMB: Double
        var rssAfterHalfMB: Double
        var rssAfterAllMB: Double
        var peakRSSMB: Double
        /// Proportional set size at the end: shared library pages divided among their users.
        var pssAtEndMB: Double
        var playsRecorded: Int

        /// The figure in one line, as `bench` prints it.
        public var line: String {
            "player memory over \(cycles) plays of the sample rotation (clock ×\(Int(clockRate)), \(playsRecorded) plays recorded, \(Int(realSeconds)) s): "
                + "after the first \(String(format: "%.1f", rssAfterFirstCycleMB)) MB, halfway \(String(format: "%.1f", rssAfterHalfMB)) MB, "
                + "at the end \(String(format: "%.1f", rssAfterAllMB)) MB, peak \(String(format: "%.1f", peakRSSMB)) MB; PSS at the end \(String(format: "%.1f", pssAtEndMB)) MB"
        }
    }

    let setup: BenchSetup
    let cycles: Int

    public init(setup: BenchSetup, cycles: Int) {
        self.setup = setup
        self.cycles = cycles
    }
    /// How much faster than real time the player's clock runs.
    let rate: Double = 200

    public func run() throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-memory-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // One rotation of the city-hall screen, in seconds, from its playlist as it stands now.
        let feed = try MachinakaCore.FeedLoader().load(from: setup.content)
        guard let screen = feed.screens["city-hall-lobby"] else { throw BenchError("The sample feed has no city-hall-lobby screen.") }
        let cycle = MachinakaCore.Rotation(feed: feed, screen: screen).eligible(at: Date()).reduce(0) { $0 + $1.duration }
        let process = Process()
        process.executableURL = setup.executable
        process.arguments = ["play", "--headless", "--exit-with-parent", "--feed", setup.content, "--fonts", setup.fonts, "--screen", "city-hall-lobby",
                             "--frame-out", "", "--clock-rate", "\(rate)", "--play-log", root + "/plays.sqlite3"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        let start = Date()
        let total = Double(cycles) * cycle / rate
        var first = 0.0, half = 0.0
        while Date().timeIntervalSince(start) < total, process.isRunning {
            Thread.sleep(forTimeInterval: 0.25)
            let elapsed = Date().timeIntervalSince(start)
            if first == 0, elapsed >= cycle / rate { first = Self.resident(process.processIdentifier).current }
            if half == 0, elapsed >= total / 2 { half = Self.resident(process.processIdentifier).current }
        }
        let end = Self.resident(process.processIdentifier)
        let pss = Machine.megabytes("Pss:", in: "/proc/\(process.processIdentifier)/smaps_rollup")
        process.terminate()
        process.waitUntilExit()
        let plays = (try? MachinakaRecords.PlayLog(path: root + "/plays.sqlite3").plays(from: .distantPast, to: .distantFuture).count) ?? 0
        return Result(cycles: cycles, clockRate: rate, realSeconds: Date().timeIntervalSince(start), rssAfterFirstCycleMB: first,
                      rssAfterHalfMB: half, rssAfterAllMB: end.current, peakRSSMB: end.peak, pssAtEndMB: pss, playsRecorded: plays)
    }

    /// VmRSS and VmHWM of process `pid`, in MB.
    static func resident(_ pid: Int32) -> (current: Double, peak: Double) {
        (Machine.megabytes("VmRSS:", in: "/proc/\(pid)/status"), Machine.megabytes("VmHWM:", in: "/proc/\(pid)/status"))
    }
}
