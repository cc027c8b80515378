import Foundation
import Logging
import MachinakaCore
import MachinakaPlayer
@testable import MachinakaRender

/// A display that draws for real (off screen, SDL's software renderer) and notes, for each
/// frame, the player's clock and the scene: what a test reads back.
final class RecordingDisplay: Display {
    private let inner: OffscreenDisplay
    private let clock: ManualClock
    private(set) var frames: [(at: Date, scene: Scene)] = []
    /// Runs after each frame is presented: a test can spend clock time drawing.
    var work: () -> Void = {}

    init(size: PixelSize, clock: ManualClock) throws {
        inner = try OffscreenDisplay(size: size, fonts: try LoopHarness.fonts())
        self.clock = clock
    }

    var size: PixelSize { inner.size }
    var waitMode: EventPump.Mode { .headless }
    func show(_ scene: Scene, transition: Transition?) throws {
        try inner.show(scene, transition: transition)
        frames.append((clock.now(), scene))
        work()
    }
    func prepare(_ scene: Scene) { inner.prepare(scene) }
    func writePNG(to path: String) throws { try inner.writePNG(to: path) }
    func capture() throws -> FrameCapture { try inner.capture() }
    var waitsForImages: Bool {
        get { inner.waitsForImages }
        set { inner.waitsForImages = newValue }
    }
    var imagesPending: Bool { inner.imagesPending }
    /// Images the renderer decoded on the loop's thread (after waiting for the decoder).
    var decodedOnLoop: Int { inner.decodedOnLoopForTesting }
    func takeFailures() -> [DrawFailure] { inner.takeFailures() }

    /// Clip showings decoding now.
    var clipShowings: Int { inner.clipShowingsForTesting }

    /// Frames finished by redrawing only what changed (the ticker's strip, a panel).
    var partialFrames: Int { inner.partialFramesForTesting }

    /// The texts of the frame presented last at or before `instant`.
    func texts(at instant: Date) -> [String] {
        (frames.last { $0.at <= instant }?.scene.texts ?? []).map(\.text)
    }
}

/// Builds feeds and players for loop tests: the player's own code, its clock and waiter manual.
enum LoopHarness {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// A library of its own for each caller: SDL_ttf's fonts keep glyph caches that two
    /// threads must not share, and the tests run side by side (one library shared by all of
    /// them crashed a CI run in `FontLibrary.face(for:)`).
    static func fonts() throws -> FontLibrary {
        try FontLibrary(catalog: FontCatalog(folder: repository + "/Fonts"))
    }

    /// 2026-12-01 10:00 in Tokyo, a Tuesday.
    static let t0 = FeedTime.parseInstant("2026-12-01T10:00")!

    /// A feed of notices `titles`, each on screen for `seconds`, on one screen without a ticker
    /// or fades (so each slide is one frame and tests read frames exactly).
    static func feed(_ titles: [String], seconds: TimeInterval = 10, ticker: Bool = false) -> Feed {
        var screen = ScreenConfig(id: "lobby")
        screen.ticker = ticker
        screen.transition = "none"
        screen.size = PixelSize(width: 480, height: 270)
        var playlist = Playlist(name: "main")
        playlist.items = [Playlist.Entry(source: "news/*.md")]
        playlist.defaultDuration = seconds
        let items = titles.enumerated().map { index, title in
            ContentItem(source: "news/\(index).md", kind: .news, title: title, body: [.paragraph([Span("本文")])])
        }
        return Feed(root: "/feed", screens: ["lobby": screen], playlists: [playlist], items: items)
    }

    /// An alert in force from `from` until `until`, received at `from`.
    static func alert(_ id: String, from: Date, until: Date, headline: String = "避難指示") -> ReceivedAlert {
        let info = CAPInfo(language: "ja-JP", categories: ["Safety"], event: "避難指示", responseTypes: ["Evacuate"], urgency: .immediate,
                           severity: .extreme, certainty: .observed, eventCodes: [], effective: nil, onset: nil, expires: until,
                           senderName: "相模原市", headline: headline, description: nil, instruction: "避難してください", web: nil, contact: nil,
                           areas: [CAPArea(description: "相模原市", polygons: [], circles: [], geocodes: [])])
        let message = CAPMessage(version: "1.2", identifier: id, sender: "test@city.sagamihara.kanagawa.jp", sent: from, status: .actual,
                                 messageType: .alert, scope: .public, note: nil, references: [], infos: [info])
        return ReceivedAlert(source: "alerts/\(id).xml", message: message, received: from)
    }

    /// A player of `feed` at `t0`, with a manual clock and waiter, drawing for real.
    static func player(_ feed: any FeedSource, size: PixelSize = PixelSize(width: 480, height: 270)) throws
        -> (player: Player, clock: ManualClock, waiter: ManualWaiter, display: RecordingDisplay)
    {
        let clock = ManualClock(t0)
        let display = try RecordingDisplay(size: size, clock: clock)
        let player = Player(feed: feed, screenID: "lobby", display: display, measurer: try fonts(), clock: clock,
                            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        player.clockTrust = { _ in true }
        return (player, clock, ManualWaiter(clock: clock), display)
    }
}

/// Holds a side job's work (a play-log write, an image decode) until opened — at most 20 s,
/// after which it goes on and notes it: a loop that waited for that work would have sat the
/// 20 s out. Loop tests use it to show the loop never waits for its side jobs.
final class HoldGate: @unchecked Sendable {
    private let opened = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var released = false
    private var entered = 0
    private var waitedOut = false

    /// Called by the held work.
    func pass() {
        lock.lock()
        entered += 1
        let open = released
        lock.unlock()
        guard !open else { return }
        if opened.wait(timeout: .now() + 20) == .timedOut {
            lock.lock()
            waitedOut = true
            lock.unlock()
        } else {
            opened.signal()  // the next held piece of work goes through too
        }
    }

    func open() {
        lock.lock()
        released = true
        lock.unlock()
        opened.signal()
    }

    /// Work waiting at the gate now (0 once open).
    var held: Int { lock.lock(); defer { lock.unlock() }; return released ? 0 : entered }
    /// Whether some work waited the whole 20 s.
    var timedOut: Bool { lock.lock(); defer { lock.unlock() }; return waitedOut }

    /// Waits (real time, up to a minute) until some work is held; whether it is.
    func waitUntilHeld() -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while held == 0, Date() < deadline { usleep(1000) }
        return held > 0
    }
}

extension LoopHarness {
    /// At `from` (on the waiter's clock), `feed` becomes `base` with one alert in force until `until`.
    static func alertArrives(on waiter: ManualWaiter, feed: FixedFeed, base: Feed, from: Date, until: Date) {
        waiter.schedule(at: from) {
            var next = base
            next.alerts = [alert("A1", from: from, until: until)]
            feed.replace(with: next)
        }
    }
}
