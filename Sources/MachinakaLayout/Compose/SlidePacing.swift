import Foundation
import MachinakaCore

/// The time each slide's pages need on one screen, laid out with that screen's fonts and
/// sizes: what the rotation asks (`Pacing`) so a notice that falls into three pages stays for
/// three pages' reading, and a board for as many pages as its rows fill — not for the time its
/// playlist guessed.
///
/// In `.later` mode (the player's frame loop) nothing is laid out, nor a board's rows even
/// gathered: the answer comes from a `PaceMemo` kept across rotations, and what it lacks (or
/// what changed since: a board's new data) is listed for the layout worker to work out off the
/// loop. A slide not known yet keeps its given time; a board keeps its last known times until
/// the worker has the new ones. An alert never waits behind a new notice's line breaking or a
/// 5,000-row board.
public struct SlidePacing: Pacing, @unchecked Sendable {
    /// Whether slides are laid out at once (`check`, `plan`, `render`) or left for later.
    public enum Mode: Sendable {
        case now
        case later
    }

    public let composer: SlideComposer
    public let memo: PaceMemo
    public let instant: Date
    public let mode: Mode
    /// Whether the screen runs a ticker (it has one, and notices to put in it): the slide's
    /// area is smaller then. Worked out once for a rotation by whoever builds it.
    public let ticker: Bool
    /// What else a slide's layout on this screen depends on: its area (a panel takes part of
    /// it), the body's size, the theme and the words kept whole.
    private let screenKey: PaceMemo.ScreenKey

    public init(composer: SlideComposer, memo: PaceMemo = PaceMemo(), at instant: Date, mode: Mode = .now, ticker: Bool) {
        self.composer = composer
        self.memo = memo
        self.instant = instant
        self.mode = mode
        self.ticker = ticker
        screenKey = PaceMemo.ScreenKey(area: composer.textArea(withTicker: ticker), body: composer.scale.body, theme: composer.theme.name,
                                       words: composer.keep.fingerprint)
    }

    /// A screen runs a ticker when it has one and a notice of `feed` plays on it.
    public static func ticker(_ feed: Feed, screen: ScreenConfig) -> Bool {
        screen.ticker && feed.items.contains { $0.kind == .news && $0.targets(screen) }
    }

    public func pageTimes(of item: ContentItem, context: SlideContext) -> [TimeInterval]? {
        guard item.handler != nil else { return nil }
        let key: PaceMemo.Key, stamp: String?
        if let board = item.board {
            // A board's pages follow its rows: worked out again when its data changed, and
            // when what it shows does by the clock (the clinics of the next day at 17:00).
            key = .board(item.source, screenKey)
            let received = board.data.flatMap { context.data[$0]?.received }
            let since = ContentKinds.board(named: board.name)?.boundaries(item, context: context).filter { $0 <= instant }.max()
            stamp = "\(received?.timeIntervalSince1970 ?? 0)|\(since?.timeIntervalSince1970 ?? 0)"
        } else {
            key = .item(item.source, item.hashValue, screenKey)
            stamp = nil
        }
        let known = memo.latest(for: key)
        if let known, known.stamp == stamp { return known.times }
        let slide = PaceMemo.Pending(key: key, stamp: stamp, work: PaceMemo.Work(item: item, context: context, instant: instant, ticker: ticker, composer: composer))
        switch mode {
        case .now:
            return memo.layOut(slide, with: composer.measurer)
        case .later:
            // The last known times until the worker has the new ones.
            memo.miss(slide)
            return known?.times
        }
    }
}

/// Page times by slide and screen, kept across rotations; and the slides a rotation met that
/// were not laid out yet.
public final class PaceMemo: @unchecked Sendable {
    /// What a slide's page times are kept under: a file's path and its content's hash (a
    /// board: its name and data, worked out again by its stamp), and the screen's layout.
    public enum Key: Hashable, Sendable {
        case item(String, Int, ScreenKey)
        case board(String, ScreenKey)
    }

    /// What a slide's layout depends on besides the slide.
    public struct ScreenKey: Hashable, Sendable {
        var area: Rect
        var body: Int
        var theme: String
        var words: Int
    }

    /// What the worker needs to lay a slide out.
    struct Work: @unchecked Sendable {
        var item: ContentItem
        var context: SlideContext
        var instant: Date
        var ticker: Bool
        var composer: SlideComposer
    }

    private let lock = NSLock()
    private var known: [Key: (times: [TimeInterval]?, stamp: String?)] = [:]
    /// The keys a rotation asked for since the last `forgetUntouched()`.
    private var touched = Set<Key>()
    private var missing: [Key: (stamp: String?, work: Work)] = [:]
    /// Being laid out now: not asked for again meanwhile.
    private var inFlight: [Key: String?] = [:]
    private var changed = 0

    public init() {}

    /// How often a slide's times became known or changed: a rotation built at an older count
    /// times some slides by their given time, or by their data before last.
    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return changed
    }

    func latest(for key: Key) -> (times: [TimeInterval]?, stamp: String?)? {
        lock.lock()
        defer { lock.unlock() }
        touched.insert(key)
        return known[key]
    }

    func miss(_ slide: Pending) {
        lock.lock()
        defer { lock.unlock() }
        if let flying = inFlight[slide.key], flying == slide.stamp { return }
        missing[slide.key] = (slide.stamp, slide.work)
    }

    /// Forgets the slides no rotation asked for since the last call: those of files replaced
    /// or deleted. What a kiosk keeps follows its feed, not its months of running — and a feed
    /// of many thousand slides is kept whole, never laid out again and again.
    public func forgetUntouched() {
        lock.lock()
        defer { lock.unlock() }
        known = known.filter { touched.contains($0.key) }
        touched.removeAll(keepingCapacity: true)
    }

    /// Whether a rotation met slides not laid out yet.
    public var hasMissing: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !missing.isEmpty
    }

    /// Takes the slides missing, to be laid out (`layOut(_:with:)`) one at a time.
    public func takeMissing() -> [Pending] {
        lock.lock()
        defer { lock.unlock() }
        let pending = missing.map { Pending(key: $0.key, stamp: $0.value.stamp, work: $0.value.work) }
        for entry in missing { inFlight[entry.key] = entry.value.stamp }
        missing.removeAll()
        return pending
    }

    /// A slide to lay out for its page times.
    public struct Pending: @unchecked Sendable {
        var key: Key
        var stamp: String?
        var work: Work
    }

    /// Lays `slide` out with `measurer` (the caller's own fonts, on its own thread) and keeps
    /// its page times; the generation moves once a batch, if any changed (`finish`).
    @discardableResult
    public func layOut(_ slide: Pending, with measurer: TextMeasuring) -> [TimeInterval]? {
        let work = slide.work
        var own = SlideComposer(screen: work.composer.screen, size: PixelSize(width: work.composer.width, height: work.composer.height),
                                measurer: measurer, theme: work.composer.theme)
        own.keep = work.composer.keep
        let times = work.item.handler.flatMap { own.pageTimes(of: $0.slide(work.item, at: work.instant, context: work.context), withTicker: work.ticker) }
        lock.lock()
        defer { lock.unlock() }
        if known[slide.key] == nil || known[slide.key]?.times != times { pendingChanges += 1 }
        known[slide.key] = (times, slide.stamp)
        inFlight[slide.key] = nil
        return times
    }

    private var pendingChanges = 0

    /// Ends a batch: the generation moves (once) if anything changed; returns whether it did.
    @discardableResult
    public func finish() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard pendingChanges > 0 else { return false }
        pendingChanges = 0
        changed += 1
        return true
    }

    /// Lays out every slide missing now, on the caller's thread (tests, and jobs that wait).
    @discardableResult
    public func layOutMissing(with measurer: TextMeasuring) -> Bool {
        for slide in takeMissing() { layOut(slide, with: measurer) }
        return finish()
    }
}
