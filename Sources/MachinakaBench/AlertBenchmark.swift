import Foundation
import MachinakaPOSIX
import MachinakaCore
import MachinakaRender

/// Measures what the alert promise is about: from the rename of a CAP file into `alerts/` to
/// the first presented frame that shows it, with the real player loop, real inotify and real
/// drawing (off screen, software renderer, 1920×1080).
struct AlertBenchmark {
    struct Result: Encodable {
        var trials: Int
        var renameToFrameMs: Stats
        var clearToFrameMs: Stats
        /// How long drawing and presenting one frame takes, over two seconds after the trials.
        var frameTimeMs: Stats
        /// How many of those frames had the ticker on screen. With it, most frames redraw
        /// only its strip; without it, the screen draws only when something changes (a
        /// panel's page), and each of those frames is drawn whole.
        var tickerFrames: Int
    }

    let setup: BenchSetup
    let trials: Int
    let fonts: FontLibrary
    /// With the largest data boards the limits allow on screen (`LargestBoards`): the counter
    /// hall's panel of 5,000 counters beside a rotation of 5,000 clinics and 5,000 shelters.
    var largestBoards = false
    /// The largest boards on a portrait screen (1080×1920) with the 5,000 counters in its
    /// bottom panel, instead of the counter hall's side panel.
    var portrait = false
    /// The sample feed's screen played (the largest boards need the counter hall's panel).
    var screen = "city-hall-lobby"
    /// The screen speaks each alert (ja, en) through SDL's disk audio driver.
    var speech = false
    /// Warnings already in force when each trial's alert arrives (`inForce`): a bad day's list
    /// of other alerts, each with a long list of areas, under the new one. The trial then waits
    /// for the new alert's own headline, as the screen is an alert frame already.
    var inForce = 0
    /// Before each trial's alert, `clipsDropped` new 4K clips are renamed into `media/`, the
    /// alert `clipsAhead` seconds after them: a staff member copying a campaign's films as the
    /// alert system writes. Each clip is opened and its first picture decoded when it is read;
    /// the alert must not wait for that.
    var clipsBefore = false
    static let clipsDropped = 8
    static let clipsAhead = 0.05
    /// Through the trials, a sync tool renames a notice into `news/` every millisecond (a
    /// campaign's worth of files being copied in): the watcher's batches never end of
    /// themselves, and the alert's event comes in the midst of one.
    var syncing = false

    func run() throws -> Result {
        let running: RunningPlayer
        if largestBoards, portrait {
            running = try RunningPlayer(setup: setup, screen: "tall-counters", fonts: fonts, name: "alert-boards-portrait", size: PixelSize(width: 1080, height: 1920)) {
                try LargestBoards.write(into: $0, now: Date())
                try "name: 縦\nfacility: 相模原市役所\nsize: 1080x1920\npanel: {board: counters, data: data/counters.json, position: bottom}\n"
                    .write(toFile: $0 + "/screens/tall-counters.yml", atomically: true, encoding: .utf8)
            }
        } else if largestBoards {
            running = try RunningPlayer(setup: setup, screen: "counter-hall", fonts: fonts, name: "alert-boards") { try LargestBoards.write(into: $0, now: Date()) }
        } else {
            running = try RunningPlayer(setup: setup, screen: screen, fonts: fonts, name: "alert", speech: speech)
        }
        defer { running.stop() }
        let (root, display) = (running.root, running.display)
        if inForce > 0 {
            for index in 0..<inForce {
                try warningInForce(index).write(toFile: root + "/alerts/.in-force.tmp", atomically: false, encoding: .utf8)
                try FileSystem.rename(root + "/alerts/.in-force.tmp", to: root + "/alerts/in-force-\(index).xml")
            }
            display.watched = "ほかに\(inForce - 1)件"
            guard display.waitFor(watched: true, after: 0, timeout: 30) != nil else {
                throw BenchError("The \(inForce) warnings in force were not shown within 30 s.")
            }
        }

        // The clips are made beside the copy of the feed, out of the watcher's sight.
        let clip = root + ".clip.mp4"
        if clipsBefore {
            try ClipWindowBenchmark.makeClip(clip, seconds: 2, size: "3840x2160", codec: ["-c:v", "libx264", "-preset", "veryfast"])
        }
        defer { try? FileSystem.remove(clip) }

        let sync = syncing ? SyncWriter(news: root + "/news") : nil
        defer { sync?.stop() }

        var toAlert: [Double] = [], toClear: [Double] = []
        for trial in 0..<trials {
            if clipsBefore {
                for index in 0..<Self.clipsDropped {
                    try? FileSystem.remove(root + "/media/bench-\(trial - 1)-\(index).mp4")
                    try FileManager.default.copyItem(atPath: clip, toPath: root + "/media/.bench-\(index).tmp")
                }
                for index in 0..<Self.clipsDropped {
                    try FileSystem.rename(root + "/media/.bench-\(index).tmp", to: root + "/media/bench-\(trial)-\(index).mp4")
                }
                // The watcher takes the clips as a batch of their own; the alert comes while
                // they are read.
                Thread.sleep(forTimeInterval: Self.clipsAhead)
            }
            let temporary = root + "/alerts/.incoming.tmp", target = root + "/alerts/bench.xml"
            try capMessage(trial).write(toFile: temporary, atomically: false, encoding: .utf8)
            if inForce > 0 { display.watched = "第\(trial)報" }
            let start = DispatchTime.now().uptimeNanoseconds
            try? FileSystem.rename(temporary, to: target)
            let shown = inForce > 0 ? display.waitFor(watched: true, after: start, timeout: 5) : display.waitFor(alert: true, after: start, timeout: 5)
            guard let shown else {
                throw BenchError("Trial \(trial): the alert was not presented within 5 s.")
            }
            toAlert.append(Double(shown - start) / 1e6)
            let clearStart = DispatchTime.now().uptimeNanoseconds
            try? FileSystem.remove(target)
            let cleared = inForce > 0 ? display.waitFor(watched: false, after: clearStart, timeout: 5) : display.waitFor(alert: false, after: clearStart, timeout: 5)
            guard let cleared else {
                throw BenchError("Trial \(trial): the rotation did not come back within 5 s.")
            }
            toClear.append(Double(cleared - clearStart) / 1e6)
        }
        // Frames with the ticker running: two seconds of them.
        let frames = display.drawTimes(since: DispatchTime.now().uptimeNanoseconds, waiting: 2)
        return Result(trials: trials, renameToFrameMs: Stats(toAlert), clearToFrameMs: Stats(toClear), frameTimeMs: Stats(frames.map(\.milliseconds)),
                      tickerFrames: frames.filter(\.ticker).count)
    }

    /// A message's `sent` (`ago` seconds back) and `expires` (an hour on), as CAP writes them.
    private func capTimes(sentAgo ago: TimeInterval) -> (sent: String, expires: String) {
        let now = Date()
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = FeedTime.defaultTimeZone
        return (formatter.string(from: now.addingTimeInterval(-ago)).replacingOccurrences(of: "Z", with: "+00:00"),
                formatter.string(from: now.addingTimeInterval(3600)).replacingOccurrences(of: "Z", with: "+00:00"))
    }

    private func capMessage(_ trial: Int) -> String {
        let (sent, expires) = capTimes(sentAgo: 1)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>BENCH-\(trial)-\(UUID().uuidString)</identifier>
              <sender>bench@machinaka.invalid</sender>
              <sent>\(sent)</sent>
              <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
              <info>
                <language>ja-JP</language><category>Safety</category><event>避難指示</event>
                <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
                <expires>\(expires)</expires>
                <headline>計測用の警報 第\(trial)報</headline>
                <instruction>これは計測のための警報です。</instruction>
                <area><areaDesc>相模原市全域</areaDesc></area>
              </info>
            </alert>
            """
    }

    /// A warning in force for the next hour, below the trials' evacuation order: heavy rain over
    /// a long list of areas, as JMA's warnings list every town they cover.
    private func warningInForce(_ index: Int) -> String {
        let (sent, expires) = capTimes(sentAgo: 60)
        let events = ["大雨警報（土砂災害）", "洪水警報", "暴風警報", "高齢者等避難", "大雨警報（浸水害）", "土砂災害警戒情報"]
        let towns = ["橋本", "相原", "大沢", "城山", "津久井", "相模湖", "藤野", "小山", "清新", "横山", "中央", "星が丘", "光が丘", "大野北",
                     "田名", "上溝", "大野中", "大野南", "麻溝", "新磯", "相模台", "相武台", "東林"]
        let areas = (0..<(8 + index % 12)).map { "<area><areaDesc>相模原市\(towns[(index + $0) % towns.count])地区</areaDesc></area>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>BENCH-IN-FORCE-\(index)</identifier>
              <sender>bench@machinaka.invalid</sender>
              <sent>\(sent)</sent>
              <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
              <info>
                <language>ja-JP</language><category>Met</category><event>\(events[index % events.count])</event>
                <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
                <expires>\(expires)</expires>
                <headline>\(events[index % events.count])（第\(index + 1)号）が発表されています</headline>
                <instruction>今後の情報に注意し、危険な場所に近づかないでください。</instruction>
                \(areas)
              </info>
            </alert>
            """
    }
}

/// A display that notes when each frame was presented, whether it showed an alert, and what
/// its panel said.
final class RecordingDisplay: Display, @unchecked Sendable {
    private let inner: OffscreenDisplay
    private let lock = NSLock()
    private let presented = DispatchSemaphore(value: 0)
    private var frames: [(time: UInt64, alert: Bool, panel: Set<String>, watched: Bool)] = []
    private var watchedText: String?
    /// A text whose showing each frame notes (`waitFor(watched:)`): part of one of its lines.
    var watched: String? {
        get { lock.lock(); defer { lock.unlock() }; return watchedText }
        set { lock.lock(); watchedText = newValue; lock.unlock() }
    }

    init(_ inner: OffscreenDisplay) {
        self.inner = inner
    }

    var size: PixelSize { inner.size }

    private var draws: [(time: UInt64, milliseconds: Double, ticker: Bool)] = []

    func prepare(_ scene: Scene) { inner.prepare(scene) }

    func show(_ scene: Scene, transition: Transition?) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try inner.show(scene, transition: transition)
        let now = DispatchTime.now().uptimeNanoseconds
        let isAlert = scene.texts.contains { $0.text == "緊急情報" }
        let panel = Set<String>((scene.panel?.nodes ?? []).compactMap { node -> String? in
            if case .text(let text) = node { return text.text }
            return nil
        })
        lock.lock()
        let watching = watchedText
        lock.unlock()
        let watched = watching.map { text in scene.texts.contains { $0.text.contains(text) } } ?? false
        lock.lock()
        draws.append((now, Double(now - start) / 1e6, scene.ticker != nil))
        if draws.count > 2000 { draws.removeFirst(1000) }
        frames.append((now, isAlert, panel, watched))
        if frames.count > 1000 { frames.removeFirst(500) }
        lock.unlock()
        presented.signal()
    }

    func writePNG(to path: String) throws { try inner.writePNG(to: path) }
    func capture() throws -> FrameCapture { try inner.capture() }
    var waitsForImages: Bool {
        get { inner.waitsForImages }
        set { inner.waitsForImages = newValue }
    }
    var imagesPending: Bool { inner.imagesPending }

    func takeFailures() -> [DrawFailure] { inner.takeFailures() }

    var waitMode: EventPump.Mode { inner.waitMode }

    /// The draw times of the frames presented during the next `seconds`.
    func drawTimes(since start: UInt64, waiting seconds: Double) -> [(milliseconds: Double, ticker: Bool)] {
        // A screen with no ticker draws only when something changes (a panel's page turns
        // every 8 s or more): then it waits, up to 30 s, for a few frames to time.
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64((seconds + 30) * 1e9)
        Thread.sleep(forTimeInterval: seconds)
        while true {
            lock.lock()
            let times = draws.filter { $0.time >= start }.map { (milliseconds: $0.milliseconds, ticker: $0.ticker) }
            lock.unlock()
            if times.count >= 3 || DispatchTime.now().uptimeNanoseconds > deadline { return times }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// The time of the first frame presented after `after` whose alert-ness is `alert`.
    func waitFor(alert: Bool, after: UInt64, timeout: Double) -> UInt64? {
        waitFor(after: after, timeout: timeout) { $0.alert == alert }
    }

    /// The time of the first frame presented after `after` that shows the `watched` text, or
    /// with `false`, that does not.
    func waitFor(watched shown: Bool, after: UInt64, timeout: Double) -> UInt64? {
        waitFor(after: after, timeout: timeout) { $0.watched == shown }
    }

    /// The time of the first frame presented after `after` whose panel shows `text`.
    func waitFor(panelShowing text: String, after: UInt64, timeout: Double) -> UInt64? {
        waitFor(after: after, timeout: timeout) { $0.panel.contains(text) }
    }

    private func waitFor(after: UInt64, timeout: Double, _ matches: ((time: UInt64, alert: Bool, panel: Set<String>, watched: Bool)) -> Bool) -> UInt64? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            lock.lock()
            let found = frames.first { $0.time >= after && matches($0) }?.time
            lock.unlock()
            if let found { return found }
            _ = presented.wait(timeout: .now() + .milliseconds(50))
        }
        return nil
    }
}

/// A sync tool's stream of writes: a notice renamed into place every millisecond, over fifty
/// names, on a thread of its own until stopped.
private final class SyncWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private let finished = Signal()

    init(news: String) {
        Thread { [self] in
            var count = 0
            while !isStopped {
                let name = news + "/sync-\(count % 50).md"
                try? "---\ntitle: 同期中のお知らせ \(count)\n---\n本文です。\n".write(toFile: news + "/.sync.tmp", atomically: false, encoding: .utf8)
                try? FileSystem.rename(news + "/.sync.tmp", to: name)
                count += 1
                usleep(1000)
            }
            finished.fire()
        }.start()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        finished.wait(milliseconds: 5000)
    }
}
