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

    public init(composer: SlideComposer, memo: PaceMemo = PaceMemo(), at instant: Date, mode: Mode = .now) {
        self.composer = composer
        self.memo = memo
        self.instant = instant
        self.mode = mode
    }

    public func pageTimes(of item: ContentItem, context: SlideContext) -> [TimeInterval]? {
        guard item.handler != nil else { return nil }
        // A ticker runs along the bottom when the screen has one and notices to put in it.
        let ticker = composer.screen.ticker && context.items.contains { $0.kind == .news }
        switch mode {
        case .now:
            return Self.times(of: item, context: context, at: instant, ticker: ticker, composer: composer)
        case .later:
            let size = PixelSize(width: composer.width, height: composer.height)
            let key: PaceMemo.Key, stamp: Date?
            if let board = item.board {
                // A board's pages follow its rows: worked out again when its data changed.
                key = .board(item.source, size: size, ticker: ticker)
                stamp = board.data.flatMap { context.data[$0]?.received }
            } else {
                key = .item(item, size: size, ticker: ticker)
                stamp = nil
            }
            let known = memo.latest(for: key)
            if known == nil || known?.stamp != stamp {
                memo.miss(key, stamp: stamp, work: PaceMemo.Work(item: item, context: context, instant: instant, ticker: ticker, composer: composer))
            }
            return known?.times
        }
    }

    /// What `composer` says `item`'s pages need, laid out now.
    static func times(of item: ContentItem, context: SlideContext, at instant: Date, ticker: Bool, composer: SlideComposer) -> [TimeInterval]? {
        guard let handler = item.handler else { return nil }
        return composer.pageTimes(of: handler.slide(item, at: instant, context: context), withTicker: ticker)
    }
}

/// Page times by slide and screen, kept across rotations; and the slides a rotation met that
/// were not laid out yet.
public final class PaceMemo: @unchecked Sendable {
    /// What a slide's page times are kept under.
    public enum Key: Hashable, Sendable {
        case item(ContentItem, size: PixelSize, ticker: Bool)
        case board(String, size: PixelSize, ticker: Bool)
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
    private var known: [Key: (times: [TimeInterval]?, stamp: Date?)] = [:]
    private var missing: [Key: (stamp: Date?, work: Work)] = [:]
    private var changed = 0

    public init() {}

    /// How often a slide's times became known or changed: a rotation built at an older count
    /// times some slides by their given time, or by their data before last.
    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return changed
    }

    func latest(for key: Key) -> (times: [TimeInterval]?, stamp: Date?)? {
        lock.lock()
        defer { lock.unlock() }
        return known[key]
    }

    func miss(_ key: Key, stamp: Date?, work: Work) {
        lock.lock()
        defer { lock.unlock() }
        missing[key] = (stamp, work)
    }

    /// Whether a rotation met slides not laid out yet.
    public var hasMissing: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !missing.isEmpty
    }

    /// Lays out the slides missing, with `measurer` (the caller's own fonts, on its own
    /// thread); returns how many changed what the memo knew.
    @discardableResult
    public func layOutMissing(with measurer: TextMeasuring) -> Int {
        lock.lock()
        let pending = missing
        missing.removeAll()
        lock.unlock()
        var changes = 0
        for (key, entry) in pending {
            let work = entry.work
            var own = SlideComposer(screen: work.composer.screen, size: PixelSize(width: work.composer.width, height: work.composer.height),
                                    measurer: measurer, theme: work.composer.theme)
            own.keep = work.composer.keep
            let times = SlidePacing.times(of: work.item, context: work.context, at: work.instant, ticker: work.ticker, composer: own)
            lock.lock()
            // Slides of older feeds are not kept for ever: a kiosk runs for months.
            if known.count > 4096 { known.removeAll(keepingCapacity: true) }
            if known[key]?.times != times || known[key] == nil {
                changes += 1
                changed += 1
            }
            known[key] = (times, entry.stamp)
            lock.unlock()
        }
        return changes
    }
}
