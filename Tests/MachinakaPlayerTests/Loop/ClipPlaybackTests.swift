import Foundation
import Logging
import MachinakaCore
@testable import MachinakaPlayer
@testable import MachinakaRender
import Testing

/// #30: clips in the rotation, gapless. The loop runs on the manual clock paced to real time
/// (the clips decode on their own threads in real time, as on a kiosk), with the ticker on so
/// the loop turns every 1/60 s; each presented frame's pixels are read back where the clip plays.
@Suite(.serialized) struct ClipPlaybackTests {
    /// Waits in real time as long as the manual clock advances: decoding threads get the time
    /// a kiosk's screen would give them.
    final class RealTimeWaiter: Waiter {
        let manual: ManualWaiter
        let clock: ManualClock
        init(clock: ManualClock) {
            self.clock = clock
            manual = ManualWaiter(clock: clock)
        }
        func wait(until deadline: Date) -> LoopEvent {
            let span = min(deadline.timeIntervalSince(clock.now()), 0.1)
            if span > 0 { usleep(UInt32(span * 1_000_000)) }
            let event = manual.wait(until: deadline)
            // A real loop wakes a little after its deadline (here 0.3 ms): a slide prepared
            // for its planned start begins that much later (a regression: its clip was then
            // not found prepared, and the switch showed black until it was decoded again).
            clock.set(clock.now().addingTimeInterval(0.0003))
            return event
        }
    }

    static func makeClip(_ name: String, colour: String, codec: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=\(colour):s=320x180:r=30:d=2"] + codec + [folder + "/media/" + name]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A feed of two clips of two seconds and a notice (8 s: no page is shown for less), in
    /// `order`, on a 480×270 screen with a ticker.
    static func feed(order: [String] = ["media/a.mp4", "media/b.webm", "news/notice.md"]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-clips-\(UUID().uuidString)").path
        for sub in ["media", "news", "screens", "playlists"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        try makeClip("a.mp4", colour: "0xC03020", codec: ["-c:v", "libx264", "-pix_fmt", "yuv420p"], in: folder)
        try makeClip("b.webm", colour: "0x2040C0", codec: ["-c:v", "libvpx-vp9", "-deadline", "realtime"], in: folder)
        try "---\ntitle: 窓口のお知らせ\n---\n本日は通常どおり開いています。\n".write(toFile: folder + "/news/notice.md", atomically: true, encoding: .utf8)
        try "name: ロビー\nsize: 480x270\ntime_zone: Asia/Tokyo\nticker: true\ntransition: none\n".write(toFile: folder + "/screens/lobby.yml", atomically: true, encoding: .utf8)
        try ("default_duration: 2s\nitems:\n" + order.map { "  - \($0)\n" }.joined()).write(toFile: folder + "/playlists/main.yml", atomically: true, encoding: .utf8)
        return folder
    }

    static func close(_ a: RGBA, _ b: RGBA) -> Bool {
        abs(Int(a.r) - Int(b.r)) < 40 && abs(Int(a.g) - Int(b.g)) < 40 && abs(Int(a.b) - Int(b.b)) < 40
    }

    @Test func twoClipsAndASlideSwitchWithNoBlackOrStaleFrame() throws {
        // The notice from 0 to 8 s, a to 10, b to 12: the loop joins it 6 s in.
        let folder = try Self.feed(order: ["news/notice.md", "media/a.mp4", "media/b.webm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try FeedLoader().load(from: folder)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.items.filter { $0.kind == .clip }.map { $0.duration } == [2, 2])
        let start = LoopHarness.t0.addingTimeInterval(6)
        let clock = ManualClock(start)
        let display = try RecordingDisplay(size: PixelSize(width: 480, height: 270), clock: clock)
        display.waitsForImages = false
        let player = Player(feed: FixedFeed(loaded), screenID: "lobby", display: display, measurer: try LoopHarness.fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.clockTrust = { _ in true }
        // What each presented frame shows at the middle of the slide area.
        var seen: [(at: Date, clip: String?, pixel: RGBA, pending: Bool)] = []
        display.work = {
            guard let capture = try? display.capture(), let scene = display.frames.last?.scene else { return }
            seen.append((clock.now(), scene.clip.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                         capture.pixel(x: 240, y: 130), display.imagesPending))
        }
        let waiter = RealTimeWaiter(clock: clock)
        waiter.manual.quit(at: LoopHarness.t0.addingTimeInterval(12.6))
        try player.run(waiter: waiter)

        // The slot boundaries: the rotation anchors its slots on the clock, so read them
        // from the frames: where what is shown changes.
        let red = RGBA(0xC0, 0x30, 0x20), blue = RGBA(0x20, 0x40, 0xC0)
        var switches: [Int] = []
        for index in seen.indices.dropFirst() where seen[index].clip != seen[index - 1].clip { switches.append(index) }
        #expect(switches.count >= 3, "notice→a, a→b, b→notice: \(switches.map { seen[$0].clip ?? "notice" })")
        for index in seen.indices {
            let frame = seen[index]
            let after = frame.at.timeIntervalSince(LoopHarness.t0)
            switch frame.clip {
            case "a.mp4"?:
                #expect(Self.close(frame.pixel, red) && !frame.pending, "frame at \(after) s: \(frame.pixel)")
            case "b.webm"?:
                #expect(Self.close(frame.pixel, blue) && !frame.pending, "frame at \(after) s: \(frame.pixel)")
            default:
                #expect(!Self.close(frame.pixel, red) && !Self.close(frame.pixel, blue), "the notice at \(after) s shows a clip's picture: \(frame.pixel)")
            }
        }
        // Each switch went out on the slot's boundary (the slots are 2 s from the start), on
        // the first 1/60 s turn: nothing was waited for; the frame before it was the old
        // slot's, at most one clip picture (1/30 s) earlier.
        for index in switches {
            let at = seen[index].at.timeIntervalSince(LoopHarness.t0)
            #expect(abs(at - (at / 2).rounded() * 2) < 0.02, "the switch at \(at) s")
            #expect(seen[index].at.timeIntervalSince(seen[index - 1].at) < 0.034, "the frame before the switch at \(at) s")
        }
    }

    @Test func anAlertTakesTheScreenFromAPlayingClipAtOnceAndItsDecoderStops() throws {
        let folder = try Self.feed()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try FeedLoader().load(from: folder)
        let feed = FixedFeed(loaded)
        let clock = ManualClock(LoopHarness.t0)
        let display = try RecordingDisplay(size: PixelSize(width: 480, height: 270), clock: clock)
        display.waitsForImages = false
        let player = Player(feed: feed, screenID: "lobby", display: display, measurer: try LoopHarness.fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.clockTrust = { _ in true }
        let waiter = RealTimeWaiter(clock: clock)
        let arrival = LoopHarness.t0.addingTimeInterval(1.01)
        var playingBefore = 0
        waiter.manual.schedule(at: arrival) {
            playingBefore = display.clipShowings
            var next = loaded
            next.alerts = [LoopHarness.alert("A1", from: arrival, until: arrival.addingTimeInterval(60))]
            feed.replace(with: next)
        }
        waiter.manual.quit(at: arrival.addingTimeInterval(0.5))
        try player.run(waiter: waiter)
        #expect(playingBefore >= 1, "the clip was playing")
        #expect(display.frames.contains { $0.at < arrival && $0.scene.clip != nil })
        let first = try #require(display.frames.first { $0.at >= arrival })
        #expect(first.at.timeIntervalSince(arrival) < 0.001, "the alert's frame went out on the turn it arrived")
        #expect(first.scene.clip == nil && first.scene.texts.contains { $0.text.contains("避難指示") })
        #expect(display.clipShowings == 0, "the cut showing's decoder is closed")
    }

    /// Log lines, kept (the test reads what the player said).
    final class Said: LogHandler, @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lock.lock()
            lines.append(event.message.description)
            lock.unlock()
        }
    }

    @Test func aClipDamagedAfterTheFeedWasReadLeavesOutOnlyItselfNamedOnce() throws {
        let folder = try Self.feed()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try FeedLoader().load(from: folder)
        // Written over in place after it was read (the feed is not read again here).
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: folder + "/media/b.webm"))
        let clock = ManualClock(LoopHarness.t0)
        let display = try RecordingDisplay(size: PixelSize(width: 480, height: 270), clock: clock)
        display.waitsForImages = false
        let said = Said()
        let player = Player(feed: FixedFeed(loaded), screenID: "lobby", display: display, measurer: try LoopHarness.fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in said })
        player.clockTrust = { _ in true }
        let waiter = RealTimeWaiter(clock: clock)
        // a from 0 to 2 s, b fails at 2, the notice to about 10, a again.
        waiter.manual.quit(at: LoopHarness.t0.addingTimeInterval(11.5))
        try player.run(waiter: waiter)
        let named = said.lines.filter { $0.contains("media/b.webm") && $0.contains("left out") }
        #expect(named.count == 1, "\(said.lines)")
        #expect(named.first?.contains("not a video file") == true, "\(named)")
        // The others went on: the notice right after the failed showing, the other clip again.
        let later = display.frames.filter { $0.at > LoopHarness.t0.addingTimeInterval(2.1) }
        #expect(later.contains { $0.scene.clip == nil && $0.scene.texts.contains { $0.text.contains("窓口") } })
        #expect(later.contains { $0.scene.clip?.path.hasSuffix("a.mp4") == true })
        #expect(!later.contains { $0.scene.clip?.path.hasSuffix("b.webm") == true && $0.at > LoopHarness.t0.addingTimeInterval(2.5) })
    }
}
