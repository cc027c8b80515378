import Foundation
import MachinakaPOSIX
import MachinakaCore

/// A week of a kiosk's life in minutes: a separate `machinaka play --headless` process plays a
/// copy of the sample feed on a clock run `rate` times fast, while every simulated minute
/// something happens to the feed — notices added, edited, broken, fixed and removed, the poster
/// replaced, an alert arriving, updated, cancelled and its files deleted, two short clips playing
/// in the rotation — plus once the whole
/// feed folder removed and restored, and once an inotify queue overflow. It reads the player's
/// resident memory, open descriptors and threads at the start, middle and end, and the frames
/// it presented in each simulated hour: all must stay flat.
public struct SoakBenchmark {
    public struct Sample: Encodable {
        var simulatedHours: Double
        var rssMB: Double
        var fileDescriptors: Int
        var threads: Int
    }

    public struct Result: Encodable {
        var days: Double
        var clockRate: Double
        var realSeconds: Double
        var churnActions: Int
        var start: Sample
        var middle: Sample
        var end: Sample
        var peakRSSMB: Double
        /// Frames presented per simulated hour: the least, the median and the most.
        var framesPerHourMin: Int
        var framesPerHourMedian: Int
        var framesPerHourMax: Int
        var playerExited: Bool

        /// The figures as README shows them.
        public var table: String {
            var lines = [
                "machinaka bench soak — \(Machine.describe()), \(ISO8601DateFormatter().string(from: Date()))",
                "\(days) simulated days at ×\(Int(clockRate)) in \(Int(realSeconds)) s, \(churnActions) changes to the feed\(playerExited ? "; THE PLAYER EXITED" : "")",
                "                      simulated h   RSS MB   fds   threads",
            ]
            for (name, sample) in [("start (after 1 h)", start), ("middle", middle), ("end", end)] {
                lines.append(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "%11.1f %8.1f %5d %9d", sample.simulatedHours, sample.rssMB, sample.fileDescriptors, sample.threads))
            }
            lines.append("peak RSS \(String(format: "%.1f", peakRSSMB)) MB; frames presented per simulated hour: least \(framesPerHourMin), median \(framesPerHourMedian), most \(framesPerHourMax)")
            return lines.joined(separator: "\n")
        }
    }

    let setup: BenchSetup
    let days: Double
    let rate: Double

    public init(days: Double, rate: Double, setup: BenchSetup) {
        self.days = days
        self.rate = rate
        self.setup = setup
    }

    public func run(progress: (String) -> Void) throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-soak-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let feed = root + "/feed"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: setup.content, toPath: feed)
        // Two short clips in the rotation: every showing opens a decoder and a thread and
        // closes them, thousands of times a week — descriptors, threads and memory must stay flat.
        try ClipWindowBenchmark.makeClip(feed + "/media/short.mp4", seconds: 2, size: "640x360", codec: ["-c:v", "libx264", "-preset", "veryfast"])
        try ClipWindowBenchmark.makeClip(feed + "/media/shorter.webm", seconds: 1, size: "640x360", codec: ["-c:v", "libvpx-vp9", "-deadline", "realtime"])
        let playlist = feed + "/playlists/main.yml"
        try (String(contentsOfFile: playlist, encoding: .utf8) + "  - media/*.mp4\n  - media/*.webm\n").write(toFile: playlist, atomically: true, encoding: .utf8)
        let statusPath = root + "/status.json"
        let process = Process()
        process.executableURL = setup.executable
        process.arguments = ["play", "--headless", "--exit-with-parent", "--feed", feed, "--fonts", setup.fonts, "--screen", "city-hall-lobby", "--frame-out", "",
                             "--clock-rate", "\(rate)", "--play-log", root + "/plays.sqlite3", "--status", statusPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        let origin = Date()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let pid = process.processIdentifier
        func frames() -> Int? {
            FileManager.default.contents(atPath: statusPath).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["frames_presented"] as? Int
        }
        func sample() -> Sample {
            Sample(simulatedHours: Date().timeIntervalSince(origin) * rate / 3600, rssMB: MemoryBenchmark.resident(pid).current,
                   fileDescriptors: (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0,
                   threads: Int(Machine.number("Threads:", in: "/proc/\(pid)/status") ?? 0))
        }

        let churn = Churn(feed: feed, root: root, origin: origin)
        let totalMinutes = Int(days * 24 * 60)
        var startSample: Sample? = nil, middleSample: Sample? = nil
        var hourly: [Int] = []
        var lastHourFrames: Int? = nil
        var actions = 0
        for minute in 0..<totalMinutes {
            // Wait for this simulated minute on the player's clock.
            let due = origin.addingTimeInterval(Double(minute) * 60 / rate)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            guard process.isRunning else { break }
            actions += churn.act(minute: minute, days: days)
            if minute % 60 == 0 {
                if let count = frames() {
                    if let last = lastHourFrames, minute > 60 { hourly.append(count - last) }
                    lastHourFrames = count
                }
                if minute == 60 { startSample = sample() }
                if minute == totalMinutes / 2 { middleSample = sample() }
                if minute % (24 * 60) == 0, minute > 0 { progress("day \(minute / (24 * 60)) of \(Int(days)): RSS \(String(format: "%.1f", sample().rssMB)) MB") }
            }
        }
        let exited = !process.isRunning
        let endSample = sample()
        let peak = MemoryBenchmark.resident(pid).peak
        let sorted = hourly.sorted()
        return Result(days: days, clockRate: rate, realSeconds: Date().timeIntervalSince(origin), churnActions: actions,
                      start: startSample ?? endSample, middle: middleSample ?? endSample, end: endSample, peakRSSMB: peak,
                      framesPerHourMin: sorted.first ?? 0, framesPerHourMedian: sorted.isEmpty ? 0 : sorted[sorted.count / 2],
                      framesPerHourMax: sorted.last ?? 0, playerExited: exited)
    }
}

/// What happens to a feed in a minute of a busy week, by the minute.
private struct Churn {
    let feed: String
    let root: String
    let origin: Date
    static let posters = ["poster-gomi-bunbetsu.png", "poster-toshokan-fuyu.png"]

    /// Writes `text` at `relative` the way a sync tool publishes: a temporary name, a rename.
    private func publish(_ relative: String, _ data: Data) {
        let path = feed + "/" + relative
        try? data.write(to: URL(fileURLWithPath: path + ".tmp"))
        try? FileSystem.rename(path + ".tmp", to: path)
    }

    private func notice(_ title: String) -> Data {
        Data("---\ntitle: \(title)\nduration: 10s\n---\n負荷試験のお知らせです。\n".utf8)
    }

    /// A CAP time: `+09:00`, never `Z`.
    private func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = FeedTime.defaultTimeZone
        return formatter.string(from: date).replacingOccurrences(of: "Z", with: "+00:00")
    }

    /// The simulated instant of `minute` (the player's clock started with this process).
    private func at(_ minute: Int) -> Date { origin.addingTimeInterval(Double(minute) * 60 - 1) }

    private func cap(_ id: String, type: String, references: [(String, Date)], sent: Date, expires: Date) -> Data {
        let refs = references.isEmpty ? "" : "<references>" + references.map { "soak@machinaka.invalid,\($0.0),\(time($0.1))" }.joined(separator: " ") + "</references>"
        let info = type == "Cancel" ? "" : """
            <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
            <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
            <expires>\(time(expires))</expires><headline>負荷試験の警報 \(id)</headline>
            <area><areaDesc>相模原市全域</areaDesc></area></info>
            """
        return Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>\(id)</identifier><sender>soak@machinaka.invalid</sender>
            <sent>\(time(sent))</sent><status>Actual</status><msgType>\(type)</msgType><scope>Public</scope>\(refs)\(info)</alert>
            """.utf8)
    }

    /// One action for `minute`; returns how many changes it made.
    func act(minute: Int, days: Double) -> Int {
        let total = Int(days * 24 * 60)
        if minute % 360 == 3 {
            // The hostile data of #25 every six hours: every data file at the limits (5,000
            // rows), every other time stamped nine hours ahead (JST written as UTC).
            try? LargestBoards.write(into: feed, now: at(minute), stampedAhead: minute % 720 == 3 ? 9 * 3600 : 0, rotation: false)
            return 3
        }
        if minute == total / 2 {
            // The whole folder removed, then restored.
            try? FileSystem.rename(feed, to: root + "/feed.away")
            usleep(50_000)
            try? FileSystem.rename(root + "/feed.away", to: feed)
            return 2
        }
        if minute == total * 5 / 7 {
            // More events than inotify queues (16384 by default): an overflow, then a rescan.
            for index in 0..<20_000 {
                let path = feed + "/news/.overflow-\(index).tmp"
                FileManager.default.createFile(atPath: path, contents: nil)
                try? FileSystem.remove(path)
            }
            return 20_000
        }
        let cycle = minute / 10, base = cycle * 10
        let noticeName = "news/soak-\(cycle % 5).md"
        let alert = ("SOAK-\(cycle)", at(base + 6)), update = ("SOAK-\(cycle)-u", at(base + 7)), cancel = ("SOAK-\(cycle)-c", at(base + 8))
        let expires = at(base + 30)
        switch minute % 10 {
        case 0: publish(noticeName, notice("負荷試験 \(cycle)"))
        case 1: publish(noticeName, notice("負荷試験 \(cycle)（更新）"))
        case 2: publish(noticeName, Data("---\ntitle: [壊れた\n---\n".utf8))
        case 3: publish(noticeName, notice("負荷試験 \(cycle)（修正）"))
        case 4: try? FileSystem.remove(feed + "/news/soak-\((cycle + 2) % 5).md")
        case 5:
            let poster = Self.posters[cycle % 2]
            publish("media/soak-poster.png", (try? Data(contentsOf: URL(fileURLWithPath: feed + "/media/" + poster))) ?? Data())
        case 6: publish("alerts/\(alert.0).xml", cap(alert.0, type: "Alert", references: [], sent: alert.1, expires: expires))
        case 7: publish("alerts/\(update.0).xml", cap(update.0, type: "Update", references: [alert], sent: update.1, expires: expires))
        case 8: publish("alerts/\(cancel.0).xml", cap(cancel.0, type: "Cancel", references: [alert, update], sent: cancel.1, expires: expires))
        default:
            for id in [alert.0, update.0, cancel.0] { try? FileSystem.remove(feed + "/alerts/\(id).xml") }
        }
        return 1
    }
}
