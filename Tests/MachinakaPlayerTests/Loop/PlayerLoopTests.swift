import Foundation
import Logging
@testable import MachinakaCore
@testable import MachinakaPlayer
import MachinakaRecords
import MachinakaSystem
import Testing

/// The loop's rules, each driven turn by turn on a manual clock: no test here sleeps.
@Suite(.serialized) struct PlayerLoopTests {
    let t0 = LoopHarness.t0

    private func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    @Test func slidesFollowEachOtherAtTheirEnds() throws {
        let feed = FixedFeed(LoopHarness.feed(["一", "二", "三"]))
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        waiter.quit(at: at(35))
        try player.run(waiter: waiter)
        let titles = display.frames.map { frame in ["一", "二", "三"].first { frame.scene.texts.map(\.text).contains($0) } ?? "?" }
        // Anchored at midnight, 10 s each: 10:00:00 starts a cycle with the first.
        #expect(titles == ["一", "二", "三", "一"], "\(titles)")
        #expect(display.frames.map(\.at) == [at(0), at(10), at(20), at(30)])
    }

    @Test func anAlertCutsInOnTheTurnItArrivesAndTheCutSlideReplaysFromItsStart() throws {
        let base = LoopHarness.feed(["一", "二"])
        let feed = FixedFeed(base)
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        // The alert arrives 3 s into the first slide and is in force for 5 s.
        waiter.schedule(at: at(3)) {
            var next = base
            next.alerts = [LoopHarness.alert("A1", from: at(3), until: at(8))]
            feed.replace(with: next)
        }
        waiter.quit(at: at(25))
        try player.run(waiter: waiter)
        let alertFrame = try #require(display.frames.first { $0.scene.texts.contains { $0.text == "避難指示" } })
        #expect(alertFrame.at == at(3), "presented on the very turn the feed changed")
        // At 8 s the alert is over: the slide it cut is shown again, whole (10 s), then the next.
        #expect(display.texts(at: at(8)).contains("一"))
        #expect(display.texts(at: at(17.9)).contains("一"))
        #expect(display.texts(at: at(18)).contains("二"))
    }

    /// A board that shows something else by the clock alone — the next day's clinics from
    /// 17:00 the evening before — is timed again then. Before, the rotation kept the time it
    /// had when the player started (an empty board's 20 s), and Sunday's 30 clinics showed
    /// their first two pages all day unless some file of the feed changed.
    @Test func aBoardIsTimedAgainWhenTheClockChangesWhatItShows() throws {
        let feed = try FeedLoader().load(from: LoopHarness.repository + "/Tests/Fixtures/review")
        let screen = try #require(feed.screens["hd"])
        let start = try #require(FeedTime.parseInstant("2026-12-05T16:58:00+09:00"))
        let clock = ManualClock(start)
        let display = try RecordingDisplay(size: screen.size, clock: clock)
        let player = Player(feed: FixedFeed(feed), screenID: "hd", display: display, measurer: try LoopHarness.fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.clockTrust = { _ in true }
        let waiter = ManualWaiter(clock: clock)
        func clinics() -> TimeInterval? { player.program?.rotation.members.first { $0.item.source.contains("clinics") }?.duration }
        let before = Box<TimeInterval?>(nil)
        waiter.schedule(at: start.addingTimeInterval(60)) { before.value = clinics() }
        waiter.quit(at: start.addingTimeInterval(10 * 60))
        try player.run(waiter: waiter)
        #expect(before.value == 20, "before 17:00 the board is empty and keeps its playlist's 20 s")
        let after = try #require(clinics())
        // Seven pages at 720p (five clinics a page), each at least 8 s.
        #expect(after >= 56, "Sunday's clinics stay \(after) s")
    }

    @Test func aReloadWaitsForTheSlideBoundary() throws {
        let feed = FixedFeed(LoopHarness.feed(["一", "二"]))
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        waiter.schedule(at: at(4)) { feed.replace(with: LoopHarness.feed(["一", "新しい", "二"])) }
        waiter.quit(at: at(25))
        try player.run(waiter: waiter)
        // The change at 4 s does not touch the slide on screen; at 10 s the next slide comes
        // from the new rotation, following the one shown.
        #expect(!display.frames.contains { $0.at > at(4) && $0.at < at(10) }, "nothing redrawn mid-slide for a reload")
        #expect(display.texts(at: at(10)).contains("新しい"))
        #expect(display.texts(at: at(20)).contains("二"))
    }

    @Test func aStaticSlideIsRedrawnOnlyWhenTheClockMinuteChanges() throws {
        let feed = FixedFeed(LoopHarness.feed(["一"], seconds: 3600))
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        waiter.quit(at: at(150))
        try player.run(waiter: waiter)
        #expect(display.frames.map(\.at) == [at(0), at(60), at(120)])
        #expect(display.texts(at: at(60)).contains { $0.hasSuffix("10:01") })
        // And the loop slept from one minute to the next: three waits, no polling.
        #expect(waiter.waits.count <= 4, "\(waiter.waits)")
    }

    /// A counter panel beside the rotation: a new counters.json is on screen on the turn it
    /// arrives, in the panel alone — the slide beside it is not touched — and the number that
    /// changed is marked for a few seconds, then the data goes stale on its own.
    @Test func aPanelUpdatesAtOnceWithoutTouchingTheSlideBesideIt() throws {
        func counters(serving: Int, updated: Date, changed: Date? = nil) -> DataFile {
            let counter = CounterData.Counter(id: "1", name: "市民課", nameEnglish: "Resident Records", serving: serving, waiting: 4,
                                              waitMinutes: 10, status: .open, servingChanged: changed)
            return DataFile(source: "data/counters.json", board: "counters", received: changed ?? updated, payload: CounterData(updated: updated, counters: [counter]))
        }
        var base = LoopHarness.feed(["一", "二"], seconds: 100)
        base.screens["lobby"]?.panel = ScreenPanel(board: "counters", settings: ["data": "data/counters.json"], position: .right)
        base.data = ["data/counters.json": counters(serving: 124, updated: t0)]
        let feed = FixedFeed(base)
        let (player, _, waiter, display) = try LoopHarness.player(feed, size: PixelSize(width: 960, height: 540))
        waiter.schedule(at: at(3)) {
            var next = base
            next.data = ["data/counters.json": counters(serving: 125, updated: at(3), changed: at(3))]
            feed.replace(with: next)
        }
        waiter.quit(at: at(190))
        try player.run(waiter: waiter)
        let first = try #require(display.frames.first)
        let update = try #require(display.frames.first { $0.at == at(3) }, "presented on the turn the data came: \(display.frames.map(\.at))")
        #expect(update.scene.nodes == first.scene.nodes, "the slide beside the panel is the same")
        #expect(update.scene.panel != first.scene.panel)
        let texts = update.scene.texts.map(\.text)
        #expect(texts.contains("125") && texts.contains("◀"), "the new number, marked: \(texts)")
        #expect(display.partialFrames >= 1, "only the panel was redrawn")
        // The mark goes after six seconds, by itself; at three minutes old the data is stale.
        #expect(display.frames.contains { $0.at == at(3 + CountersBoard.highlight) && !$0.scene.texts.contains { $0.text == "◀" } })
        let stale = try #require(display.frames.first { $0.at == at(183) }, "\(display.frames.map(\.at))")
        #expect(stale.scene.texts.contains { $0.text.contains("更新停止中") })
        // Mid-slide: the second notice (100 s from 10:01:40) is still on screen beside it.
        #expect(stale.scene.nodes.contains { if case .text(let t) = $0 { return t.text == "二" } else { return false } })
    }

    @Test func theTickerMovesEveryFrameAtSixtyASecond() throws {
        let feed = FixedFeed(LoopHarness.feed(["一"], seconds: 3600, ticker: true))
        // At 1080 pixels high the ticker moves 120 px a second: two whole pixels a frame.
        let (player, _, waiter, display) = try LoopHarness.player(feed, size: PixelSize(width: 1920, height: 1080))
        waiter.quit(at: at(1))
        try player.run(waiter: waiter)
        #expect((58...61).contains(display.frames.count), "\(display.frames.count) frames in one second")
        let offsets = display.frames.compactMap { $0.scene.ticker?.offset }
        #expect(Set(offsets).count == offsets.count, "every frame moved the ticker")
    }

    /// Each frame takes 5 ms of work here: paced on absolute deadlines, the ticker still makes
    /// 60 even steps a second (paced as "after the work, one interval", it made 46).
    @Test func framesKeepSixtyASecondWhateverEachFrameTakes() throws {
        let feed = FixedFeed(LoopHarness.feed(["一"], seconds: 3600, ticker: true))
        let (player, clock, waiter, display) = try LoopHarness.player(feed, size: PixelSize(width: 1920, height: 1080))
        display.work = { clock.advance(by: 0.005) }
        waiter.quit(at: at(2))
        try player.run(waiter: waiter)
        let lastSecond = display.frames.filter { $0.at >= at(1) && $0.at < at(2) }
        #expect((59...61).contains(lastSecond.count), "\(lastSecond.count) frames in the second second")
        let steps = zip(lastSecond, lastSecond.dropFirst()).map { $1.at.timeIntervalSince($0.at) }
        #expect(steps.allSatisfy { abs($0 - 1.0 / 60) < 0.001 }, "even steps: \(steps.prefix(5))")
    }

    @Test func eachShowingIsRecordedOnceWithItsTimes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-loop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let feed = FixedFeed(LoopHarness.feed(["一", "二", "三"]))
        let (player, _, waiter, _) = try LoopHarness.player(feed)
        player.recorder = PlayRecorder(path: folder + "/plays.sqlite", keepDays: 400, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        waiter.quit(at: at(25))
        try player.run(waiter: waiter)
        let plays = try PlayLog(path: folder + "/plays.sqlite").plays(from: .distantPast, to: .distantFuture)
        #expect(plays.map(\.source) == ["news/0.md", "news/1.md", "news/2.md"])
        #expect(plays.map(\.start) == [at(0), at(10), at(20)])
        #expect(plays.map(\.end) == [at(10), at(20), at(25)], "the last one ends when the player stops")
    }

    @Test func theWatchdogIsPingedAsOftenAsSystemdAsks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sock").path
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(socket); unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        let feed = FixedFeed(LoopHarness.feed(["一"], seconds: 3600))
        let (player, _, waiter, _) = try LoopHarness.player(feed)
        // WatchdogSec=20: pings are due every 10 s, sent every 5 s to be safe, and the loop
        // wakes at least that often.
        player.notifier = ServiceNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "20000000"])
        var messages: [String] = []
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                guard count > 0 else { break }
                messages.append(String(decoding: buffer.prefix(count), as: UTF8.self))
            }
        }
        // Read the socket as systemd would, every simulated 10 s (it holds ten datagrams).
        for second in stride(from: 10.0, through: 100, by: 10) {
            waiter.schedule(at: at(second), .timeout) { drain() }
        }
        waiter.quit(at: at(100))
        try player.run(waiter: waiter)
        drain()
        #expect(messages.first?.hasPrefix("READY=1") == true)
        let pings = messages.filter { $0 == "WATCHDOG=1" }.count
        #expect((19...21).contains(pings), "\(pings) pings in 100 s")
        #expect(messages.last == "STOPPING=1")
        #expect(zip(waiter.waits, waiter.waits.dropFirst()).allSatisfy { $1.timeIntervalSince($0) <= 5.001 }, "never asleep past half the ping interval")
    }

    @Test func untilTheClockIsTrustedOnlyTimelessItemsPlay() throws {
        var base = LoopHarness.feed(["いつでも", "期間つき"])
        base.items[1].end = FeedTime.parseInstant("2027-01-01")
        let feed = FixedFeed(base)
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        // The clock is believed from 25 s on (as when timesyncd sets it).
        player.clockTrust = { $0 >= LoopHarness.t0.addingTimeInterval(25) }
        waiter.quit(at: at(60))
        try player.run(waiter: waiter)
        let before = display.frames.filter { $0.at < at(25) }.flatMap { $0.scene.texts.map(\.text) }
        #expect(before.contains("いつでも") && !before.contains("期間つき"))
        let after = display.frames.filter { $0.at >= at(25) }.flatMap { $0.scene.texts.map(\.text) }
        #expect(after.contains("期間つき"))
    }
}

/// Regression (#25): control characters from a feed or data file went raw into the log.
@Suite struct LogEscapingTests {
    @Test func controlCharactersAreWrittenOut() {
        #expect(JournalLogHandler.escaped("ordinary 日本語 line") == "ordinary 日本語 line")
        #expect(JournalLogHandler.escaped("a\nb\r\tc") == "a\\nb\\r\\tc")
        #expect(JournalLogHandler.escaped("\u{1B}[31mred\u{0}\u{7F}\u{85}") == "\\u{1B}[31mred\\u{0}\\u{7F}\\u{85}")
        #expect(JournalLogHandler.escaped("abc\u{202E}fed\u{2029}") == "abc\\u{202E}fed\\u{2029}", "bidi overrides and separators too")
    }
}

/// Alerts held in memory by an input that could not write them show as if they were files,
/// and give way to their file once it is written.
@Suite struct HeldAlertsFeedTests {
    @Test func heldAlertsJoinTheFeedUntilTheirFileIsThere() throws {
        let cap = Data("""
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>H-1</identifier><sender>s@city.example</sender>
            <sent>2026-12-03T10:00:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><language>ja-JP</language><category>Safety</category><event>避難指示</event><urgency>Immediate</urgency>
            <severity>Extreme</severity><certainty>Observed</certainty><headline>避難指示</headline><area><areaDesc>相模原市</areaDesc></area></info></alert>
            """.utf8)
        let parsed = try AlertFormats.parse(cap)
        let held = ReceivedAlert(source: "alerts/mqtt-H-1.xml", message: parsed.message, received: parsed.message.sent, format: parsed.format)
        let inner = FixedFeed(Feed(root: "/nowhere"))
        let feed = HeldAlertsFeed(inner)
        let box = HeldBox()
        feed.holding { box.alerts }
        let before = feed.current
        #expect(before.feed.alerts.isEmpty)
        box.alerts = [held]
        let holding = feed.current
        #expect(holding.version > before.version, "a held alert is a change the loop sees")
        #expect(holding.feed.alerts.map(\.source) == ["alerts/mqtt-H-1.xml"])
        #expect(feed.current.version == holding.version, "and only once")
        // Its file is written: the file's copy counts, not both.
        var written = Feed(root: "/nowhere")
        written.alerts = [held]
        inner.replace(with: written)
        #expect(feed.current.feed.alerts.count == 1)
    }
}

final class HeldBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [ReceivedAlert] = []
    var alerts: [ReceivedAlert] {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}

/// #26's first acceptance test: the play log is written off the loop, so a disk that takes
/// its time (here: stuck until released) never delays an alert's frame. Before, the loop
/// committed the cut slide's play (SQLite, synchronous=FULL) before presenting the alert.
@Suite struct PlayLogOffTheLoopTests {
    private func at(_ seconds: TimeInterval) -> Date { LoopHarness.t0.addingTimeInterval(seconds) }

    @Test func aStuckPlayLogDoesNotDelayTheAlertFrame() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-stuck-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = LoopHarness.feed(["一", "二"])
        let feed = FixedFeed(base)
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        let recorder = PlayRecorder(path: folder + "/plays.sqlite", keepDays: 400, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let gate = HoldGate()
        recorder.beforeWrite = { gate.pass() }
        player.recorder = recorder
        // The alert arrives 3 s into the first slide: the slide's play is recorded as it is cut.
        LoopHarness.alertArrives(on: waiter, feed: feed, base: base, from: at(3), until: at(8))
        var stuckWhenShown = false
        waiter.schedule(at: at(4)) {
            // The writer must have reached the stuck disk with the cut slide's play by now.
            stuckWhenShown = gate.waitUntilHeld() && display.frames.contains { $0.at == at(3) && $0.scene.texts.contains { $0.text == "避難指示" } }
            gate.open()
        }
        waiter.quit(at: at(25))
        try player.run(waiter: waiter)
        #expect(stuckWhenShown, "the alert frame was presented at 3 s while the play log was still stuck")
        #expect(!gate.timedOut, "the loop never waited for the writer")
        recorder.close()
        let plays = try PlayLog(path: folder + "/plays.sqlite").plays(from: .distantPast, to: .distantFuture)
        let cut = try #require(plays.first, "the cut play was written once the disk came back")
        #expect(cut.source == "news/0.md" && cut.end == at(3) && cut.cutShort, "\(plays)")
    }

    /// #26: the status and metrics files are written by the effects runner after the frame,
    /// off the loop; a disk stuck under them holds neither the frame nor the alert.
    @Test func aStuckStatusAndMetricsDiskDoesNotDelayTheAlertFrame() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-stuck-status-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = LoopHarness.feed(["一", "二"])
        let feed = FixedFeed(base)
        let (player, _, waiter, display) = try LoopHarness.player(feed)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        player.status = StatusFile(path: folder + "/status.json", logger: logger)
        player.metrics = MetricsFile(path: folder + "/machinaka.prom", logger: logger)
        let gate = HoldGate()
        player.effects.beforeEach = { _ in gate.pass() }
        player.effects.keepsNames = true
        LoopHarness.alertArrives(on: waiter, feed: feed, base: base, from: at(3), until: at(8))
        var alertShownWhileStuck = false
        waiter.schedule(at: at(4)) {
            alertShownWhileStuck = gate.waitUntilHeld() && display.frames.contains { $0.at == at(3) && $0.scene.texts.contains { $0.text == "避難指示" } }
            gate.open()
        }
        waiter.quit(at: at(10))
        try player.run(waiter: waiter)
        #expect(alertShownWhileStuck, "the alert frame was presented at 3 s while the status disk was stuck")
        #expect(!gate.timedOut, "the loop never waited for the effects")
        let handed = player.effects.handedOver
        #expect(handed.first == "status" && handed.contains("metrics") && handed.filter { $0 == "status" }.count >= 3, "\(handed)")
        // Written once the disk came back, the alert's status among them.
        let status = try #require(FileManager.default.contents(atPath: folder + "/status.json").flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect((status["showing"] as? [String: Any])?["kind"] as? String == "news", "the last status: the rotation again after the alert")
        #expect(FileManager.default.fileExists(atPath: folder + "/machinaka.prom"))
    }
}

/// A value a waiter's action sets and the test reads afterwards.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
