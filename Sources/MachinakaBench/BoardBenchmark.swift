import Foundation
import MachinakaPOSIX
import MachinakaCore
import MachinakaRender

/// Measures the counter panel's promise: from the rename of a new `data/counters.json` to the
/// first presented frame whose panel shows the new number — the real player loop on the
/// sample feed's counter-hall screen (a notice beside the panel, the ticker running), real
/// inotify, real drawing off screen at 1920×1080.
public struct BoardBenchmark {
    public struct Result: Encodable {
        var trials: Int
        var renameToPanelMs: Stats

        /// The figure as one line.
        public var line: String {
            "counters.json renamed → counter panel presented, \(trials) trials: p50 \(Benchmarks.f(renameToPanelMs.p50)) ms, p99 \(Benchmarks.f(renameToPanelMs.p99)) ms, max \(Benchmarks.f(renameToPanelMs.max)) ms"
        }
    }

    let setup: BenchSetup
    let trials: Int
    let fonts: FontLibrary

    public init(setup: BenchSetup, trials: Int, fonts: FontLibrary) {
        self.setup = setup
        self.trials = trials
        self.fonts = fonts
    }

    public func run() throws -> Result {
        let running = try RunningPlayer(setup: setup, screen: "counter-hall", fonts: fonts, name: "board")
        defer { running.stop() }
        let (root, display) = (running.root, running.display)

        var latencies: [Double] = []
        for trial in 0..<trials {
            // What a ticket machine does: the whole file written beside, then renamed into place.
            let serving = 1000 + trial
            let temporary = root + "/data/.counters.json.tmp", target = root + "/data/counters.json"
            try countersJSON(serving: serving).write(toFile: temporary, atomically: false, encoding: .utf8)
            let start = DispatchTime.now().uptimeNanoseconds
            try? FileSystem.rename(temporary, to: target)
            guard let shown = display.waitFor(panelShowing: String(serving), after: start, timeout: 5) else {
                throw BenchError("Trial \(trial): the panel did not show \(serving) within 5 s.")
            }
            latencies.append(Double(shown - start) / 1e6)
            // As often as a busy counter calls: a few times a second at most.
            Thread.sleep(forTimeInterval: 0.2)
        }
        return Result(trials: trials, renameToPanelMs: Stats(latencies))
    }

    private func countersJSON(serving: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = FeedTime.defaultTimeZone
        let updated = formatter.string(from: Date()).replacingOccurrences(of: "Z", with: "+00:00")
        return """
            {"updated": "\(updated)", "counters": [
              {"id": "1", "name": "市民課 住民票・戸籍", "name_en": "Resident Records", "serving": \(serving), "waiting": 8, "wait_minutes": 15, "status": "open"},
              {"id": "2", "name": "保険年金課 国民健康保険", "name_en": "National Health Insurance", "serving": 211, "waiting": 12, "wait_minutes": 25, "status": "open"}]}
            """
    }
}
