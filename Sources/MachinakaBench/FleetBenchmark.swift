import Foundation
import MachinakaPOSIX
import MachinakaSystem

/// A city's fleet on one machine: a real Mosquitto on a loopback port and N players, each a
/// separate `machinaka play` with its own copy of a feed, screen id and MQTT client id. The
/// benchmark publishes alerts, updates and cancels as the alert system would
/// (`mosquitto_pub -q 1 -r`) and times each publish to the moment every screen presented it —
/// seen through the screens' status files, which the player rewrites right after the frame.
/// Then the broker is restarted and the same is measured for an alert published as it comes
/// back.
public struct FleetBenchmark {
    public struct Result: Encodable {
        var screens: Int
        var rounds: Int
        /// Publish → presented on a screen, over every screen and message.
        var publishToPresentedMs: Stats
        /// Screen-messages that never showed within the time allowed.
        var missed: Int
        /// The same for the alert, update and cancel published as the restarted broker came back.
        var afterRestartMs: Stats
        var missedAfterRestart: Int
        /// From `play` started to every screen connected.
        var fleetStartSeconds: Double
        var totalPSSMB: Double
        var totalRSSMB: Double
        var playersExited: Int

        /// The figures as README shows them.
        public var table: String {
            func row(_ stats: Stats) -> String { String(format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d screen-messages)", stats.p50, stats.p99, stats.max, stats.count) }
            return [
                "machinaka bench fleet — \(Machine.describe()), \(ISO8601DateFormatter().string(from: Date()))",
                "\(screens) players, one Mosquitto; \(rounds) rounds of alert → update → cancel, published QoS 1 retained",
                "publish → presented: \(row(publishToPresentedMs)); missed \(missed)",
                "broker restarted, alert, update and cancel published as it returns: \(row(afterRestartMs)); missed \(missedAfterRestart)",
                String(format: "every screen connected %.1f s after start; players' memory: PSS %.0f MB in all (%.1f MB each), RSS %.0f MB",
                       fleetStartSeconds, totalPSSMB, totalPSSMB / Double(max(screens, 1)), totalRSSMB),
                playersExited > 0 ? "\(playersExited) PLAYERS EXITED" : "no player exited",
            ].joined(separator: "\n")
        }
    }

    let setup: BenchSetup
    let screens: Int
    let rounds: Int

    public init(screens: Int, rounds: Int, setup: BenchSetup) {
        self.screens = screens
        self.rounds = rounds
        self.setup = setup
    }

    public func run(progress: (String) -> Void) throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-fleet-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let statusFolder = root + "/status"
        try FileManager.default.createDirectory(atPath: statusFolder, withIntermediateDirectories: true)
        // A screen at rest, as most are when an alert comes: one notice, no ticker.
        let template = try ProcessBenchmark.makeStillFeed(in: root, setup: setup)
        let broker = try MosquittoBroker()
        try broker.start()
        let fleet = FleetStatus(folder: statusFolder)
        let watcher = try FolderWatcher(path: statusFolder, ignoring: { !$0.hasSuffix(".json") }) { batch in
            fleet.changed(batch.paths)
        }
        defer { watcher.stop() }

        progress("starting \(screens) players")
        let started = DispatchTime.now().uptimeNanoseconds
        var players: [Process] = []
        defer {
            for player in players where player.isRunning { player.terminate() }
            for player in players { player.waitUntilExit() }
        }
        for index in 0..<screens {
            let feed = root + "/screen-\(index)"
            try FileManager.default.copyItem(atPath: template, toPath: feed)
            let process = Process()
            process.executableURL = setup.executable
            process.arguments = [
                "play", "--headless", "--exit-with-parent", "--feed", feed, "--screen", "still", "--frame-out", "", "--fonts", setup.fonts,
                "--status", statusFolder + "/screen-\(index).json", "--mqtt", broker.url, "--mqtt-client-id", "screen-\(index)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try ChildProcess.run(process)
            players.append(process)
        }
        guard fleet.waitUntil(all: screens, seconds: 120, { $0.mqtt == "connected" }) else {
            throw BenchError("Only \(fleet.count { $0.mqtt == "connected" }) of \(screens) players connected within 120 s.")
        }
        let fleetStart = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        var latencies: [Double] = []
        var missed = 0
        for round in 1...rounds {
            progress("round \(round) of \(rounds)")
            let id = "FLEET-\(round)-\(UUID().uuidString.prefix(6))"
            for step in Self.steps(id) {
                let (times, lost) = try publish(step, broker: broker, fleet: fleet, seconds: 30)
                latencies += times
                missed += lost
                let stats = Stats(times)
                progress(String(format: "%@: p50 %.0f ms, max %.0f ms, missed %d", step.identifier, stats.p50, stats.max, lost))
            }
            for step in Self.steps(id) { try broker.publish("machinaka/alerts/" + step.identifier, payload: Data()) }
        }

        progress("restarting the broker")
        broker.stop()
        _ = fleet.waitUntil(all: screens, seconds: 30) { $0.mqtt == "disconnected" }
        try broker.start()
        let id = "RESTART-\(UUID().uuidString.prefix(6))"
        var restart: [Double] = []
        var missedRestart = 0
        for step in Self.steps(id) {
            let (times, lost) = try publish(step, broker: broker, fleet: fleet, seconds: 90)
            restart += times
            missedRestart += lost
            if lost > 0 { progress("\(lost) screens missed \(step.identifier)") }
        }

        var pss = 0.0, rss = 0.0
        for player in players where player.isRunning {
            pss += Machine.megabytes("Pss:", in: "/proc/\(player.processIdentifier)/smaps_rollup")
            rss += Machine.megabytes("VmRSS:", in: "/proc/\(player.processIdentifier)/status")
        }
        return Result(screens: screens, rounds: rounds, publishToPresentedMs: Stats(latencies), missed: missed, afterRestartMs: Stats(restart),
                      missedAfterRestart: missedRestart, fleetStartSeconds: fleetStart, totalPSSMB: pss, totalRSSMB: rss,
                      playersExited: players.filter { !$0.isRunning }.count)
    }

    /// One message the alert system publishes, and what every screen shows once it has it.
    struct Step {
        var identifier: String
        var payload: Data
        var shown: @Sendable (FleetStatus.Screen) -> Bool
    }

    /// An alert, its update, its cancel.
    static func steps(_ id: String) -> [Step] {
        let sender = "bousai@city.sagamihara.kanagawa.jp"
        let sent = capTime(Date())
        let update = id + "-U", cancel = id + "-C"
        return [
            Step(identifier: id, payload: cap(id, type: "Alert", sent: sent, headline: "相模川沿いに避難指示", references: nil)) { $0.alerts.contains(id) },
            Step(identifier: update, payload: cap(update, type: "Update", sent: sent, headline: "相模川・境川沿いに避難指示", references: "\(sender),\(id),\(sent)")) {
                $0.alerts.contains(update)
            },
            Step(identifier: cancel, payload: cap(cancel, type: "Cancel", sent: sent, headline: "避難指示を解除", references: "\(sender),\(update),\(sent)")) {
                $0.kind != "alert"
            },
        ]
    }

    /// Every message of one story carries the same `sent`: the references name it exactly.
    static func cap(_ identifier: String, type: String, sent: String, headline: String, references: String?) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>\(identifier)</identifier><sender>bousai@city.sagamihara.kanagawa.jp</sender>
              <sent>\(sent)</sent><status>Actual</status><msgType>\(type)</msgType><scope>Public</scope>
              \(references.map { "<references>\($0)</references>" } ?? "")
              <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
                <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
                <headline>\(headline)</headline><instruction>直ちに避難してください。</instruction>
                <area><areaDesc>相模原市中央区</areaDesc></area>
              </info>
            </alert>
            """.utf8)
    }

    /// A time as CAP 1.2 writes it: seconds, with the zone as an offset (+09:00, never Z).
    static func capTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
        return formatter.string(from: date)
    }

    /// Publishes `step` and waits until every screen shows it: the milliseconds to each, and
    /// how many screens did not within `seconds`.
    private func publish(_ step: Step, broker: MosquittoBroker, fleet: FleetStatus, seconds: Double) throws -> (times: [Double], missed: Int) {
        fleet.expect(step.shown)
        let start = Date()
        guard try broker.publish("machinaka/alerts/" + step.identifier, payload: step.payload) == 0 else {
            throw BenchError("mosquitto_pub could not publish \(step.identifier)")
        }
        _ = fleet.waitUntil(all: screens, seconds: seconds, step.shown)
        let reached = fleet.reachedSince(start)
        return (reached, screens - reached.count)
    }
}

/// What each screen's status file says, read when inotify says it was replaced, and when each
/// screen first met the condition being waited for.
final class FleetStatus: @unchecked Sendable {
    struct Screen {
        var kind = ""
        var alerts: Set<String> = []
        var mqtt = ""
    }

    private let folder: String
    private let lock = NSCondition()
    private var screens: [String: Screen] = [:]
    private var condition: (@Sendable (Screen) -> Bool)?
    /// Screen → when its status file was written meeting `condition` first (the file's
    /// modification time: the watcher delivers changes in batches, the file's time is exact).
    private var reached: [String: Date] = [:]

    init(folder: String) {
        self.folder = folder
    }

    /// Reads the status files named in `paths`.
    func changed(_ paths: Set<String>) {
        var read: [String: (screen: Screen, written: Date)] = [:]
        for path in paths where path.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + path),
                let written = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + path))?[.modificationDate] as? Date,
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { continue }
            var screen = Screen()
            screen.kind = (object["showing"] as? [String: Any])?["kind"] as? String ?? ""
            screen.alerts = Set((object["alerts"] as? [[String: Any]] ?? []).compactMap { $0["identifier"] as? String })
            screen.mqtt = object["mqtt"] as? String ?? ""
            read[path] = (screen, written)
        }
        lock.lock()
        for (path, (screen, written)) in read {
            screens[path] = screen
            if let condition, reached[path] == nil, condition(screen) { reached[path] = written }
        }
        lock.broadcast()
        lock.unlock()
    }

    /// Starts timing a new condition.
    func expect(_ condition: @escaping @Sendable (Screen) -> Bool) {
        lock.lock()
        self.condition = condition
        reached = [:]
        lock.unlock()
    }

    /// Screens meeting `condition` now.
    func count(_ condition: (Screen) -> Bool) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return screens.values.filter(condition).count
    }

    /// Waits until `all` screens meet `condition`, up to `seconds`.
    func waitUntil(all: Int, seconds: Double, _ condition: (Screen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while screens.values.filter(condition).count < all {
            if !lock.wait(until: deadline) { return screens.values.filter(condition).count >= all }
        }
        return true
    }

    /// Milliseconds from `start` to each screen meeting the condition.
    func reachedSince(_ start: Date) -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return reached.values.map { max(0, $0.timeIntervalSince(start) * 1000) }
    }
}
