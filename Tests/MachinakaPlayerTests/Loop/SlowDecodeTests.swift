import Foundation
import Logging
import MachinakaCore
import MachinakaRecords
@testable import MachinakaPlayer
@testable import MachinakaRender
import Testing

/// #26: drawing never waits for a decoder. Before, a frame waited up to 2 s for an image being
/// decoded, then decoded it on the loop; an alert arriving meanwhile waited too. Here every
/// decode of the test's posters is held (up to 20 s) until released, on the manual clock.
@Suite(.serialized) struct SlowDecodeTests {
    func at(_ seconds: TimeInterval) -> Date { LoopHarness.t0.addingTimeInterval(seconds) }

    @Test func aDecodeThatTakesItsTimeDelaysNeitherTheFrameNorAnAlert() throws {
        // The sample feed's posters, copied so that only this test's decodes are held.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-slow-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: LoopHarness.repository + "/Content", toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var base = try FeedLoader().load(from: folder)
        var playlist = Playlist(name: "posters")
        playlist.items = [Playlist.Entry(source: "media/*.png")]
        playlist.defaultDuration = 10
        base.playlists = [playlist]
        base.screens = base.screens.mapValues { var screen = $0; screen.transition = "none"; screen.ticker = false; return screen }
        let feed = FixedFeed(base)
        let gate = HoldGate()
        ImageDecoder.beforeDecode = { if $0.path.hasPrefix(folder) { gate.pass() } }
        defer { ImageDecoder.beforeDecode = nil; gate.open() }

        let clock = ManualClock(LoopHarness.t0)
        let display = try RecordingDisplay(size: PixelSize(width: 480, height: 270), clock: clock)
        display.waitsForImages = false
        let player = Player(feed: feed, screenID: "city-hall-lobby", display: display, measurer: try LoopHarness.fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.clockTrust = { _ in true }
        let recorder = PlayRecorder(path: folder + "/plays.sqlite", keepDays: 400, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.recorder = recorder
        let waiter = ManualWaiter(clock: clock)
        LoopHarness.alertArrives(on: waiter, feed: feed, base: base, from: at(2), until: at(5))
        var stuckWhileShown = false
        waiter.schedule(at: at(3)) {
            stuckWhileShown = gate.waitUntilHeld()
                && display.frames.contains { $0.at == at(0) && $0.scene.nodes.contains { if case .image = $0 { return true } else { return false } } }
                && display.frames.contains { $0.at == at(2) && $0.scene.texts.contains { $0.text == "避難指示" } }
            gate.open()
        }
        // The decode runs in real time, the loop on the manual clock: let the decode finish
        // (up to 30 s) once the poster is back at 5 s, drawing the scene as it is.
        waiter.schedule(at: at(6)) {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let last = display.frames.last?.scene { try? display.show(last, transition: nil) }
                if !display.imagesPending { break }
                usleep(20_000)
            }
        }
        waiter.quit(at: at(12))
        try player.run(waiter: waiter)
        #expect(stuckWhileShown, "the poster's frame at 0 s and the alert's at 2 s went out while the decode was held")
        #expect(!gate.timedOut, "no frame waited for the decoder")
        #expect(display.decodedOnLoop == 0, "nor gave up waiting and decoded on the loop (before: after 2 s)")
        #expect(!display.imagesPending, "once decoded, the poster is drawn")
        let poster = display.frames.filter { $0.at >= at(5) }.map(\.scene).first { $0.nodes.contains { if case .image = $0 { return true } else { return false } } }
        #expect(poster != nil, "the poster came back after the alert")
        // Proof of play only for what reached the screen: the poster cut at 2 s never got its
        // image on screen, so it was not shown; the one drawn after the alert was.
        recorder.close()
        let plays = try PlayLog(path: folder + "/plays.sqlite").plays(from: .distantPast, to: .distantFuture)
        #expect(!plays.contains { $0.kind == "image" && $0.start == at(0) }, "\(plays.map { ($0.source, $0.start) })")
        #expect(plays.contains { $0.kind == "image" && $0.start >= at(5) }, "\(plays.map { ($0.source, $0.start) })")
    }
}
