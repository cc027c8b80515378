import Foundation
import MachinakaCore

/// A text slide's laid-out pages: its label, and each page's lines (title and rule included).
public struct TextPages: Equatable, Sendable {
    /// The label above the title ("お知らせ  Notice").
    public var badge: [SceneNode]
    /// One list of nodes per page; at least one.
    public var pages: [[SceneNode]]
    /// Lines that had to break inside a unit kept whole (a name, a number with its unit),
    /// because the unit alone is wider than a line: `check` names them.
    public var forcedBreaks: [String] = []
    /// The seconds each page needs to be read (`ReadingPace`): the slide's time is shared out
    /// by them.
    public var pageTimes: [TimeInterval] = [ReadingPace.minimumPage]
    /// What could not be shown at all, in words (`Composition.leftOut`).
    public var leftOut: [String] = []
}

/// Laid-out text by slide, area and theme, shared by the frame loop and the layout worker (so
/// thread-safe), holding a few slides: the one on screen, the next, the one an alert cut.
public final class LayoutCache: @unchecked Sendable {
    /// What a slide's layout depends on besides the fonts.
    public struct Key: Hashable, Sendable {
        public var slide: TextSlide
        public var area: Rect
        public var theme: String
        /// The words the screen keeps whole (a feed's `words.txt` can change them).
        public var words: KeepTogether
    }

    /// What a data board's layout depends on besides the fonts.
    public struct BoardKey: Hashable, Sendable {
        public var board: BoardSlide
        public var area: Rect
        public var compact: Bool
        public var theme: String
        /// The screen's smallest text size.
        public var minimum: Int
        /// The screen's body size (a called number is three times it).
        public var body: Int
        /// The most pages the board's time on screen lets it show.
        public var maxPages: Int
    }

    /// What a row of the alert frame's list of other alerts depends on besides the fonts.
    struct AlertRowKey: Hashable {
        var spans: [Span]
        var language: String
        /// The row's box: its width and height (where it stands does not change its lines).
        var box: PixelSize
        /// The frame's size, which sets the unit the row's sizes are given in.
        var frame: PixelSize
        /// The smallest size the row may be set at, in units.
        var minimum: Double
        var words: KeepTogether
    }

    /// What the turn of an alert's language (`alert_languages: rotate`) depends on besides
    /// the fonts.
    struct AlertTurnKey: Hashable {
        var info: CAPInfo
        var box: Rect
        var frame: PixelSize
        var readingMinimum: Int
        var words: KeepTogether
    }

    private let lock = NSLock()
    /// The turns of the last few alerts' languages: each is a language laid out.
    private var alertTurns = Recent<AlertTurnKey, TimeInterval>(most: 16)
    private var entries: Recent<Key, TextPages>
    /// Alert rows (`Generations`).
    private var alertRows = Generations<AlertRowKey, AlertComposer.ListRow>(size: 256)
    private var boards = Recent<BoardKey, [BoardComposer.Page]>(most: 4)

    /// A cache of `capacity` layouts.
    public init(capacity: Int = 6) {
        entries = Recent(most: capacity)
    }

    /// The pages laid out for `key`, if any.
    public func pages(for key: Key) -> TextPages? {
        lock.lock()
        defer { lock.unlock() }
        return entries.take(key)
    }

    /// Keeps `pages` for `key`, forgetting the least recently used beyond the capacity.
    public func store(_ pages: TextPages, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        entries.keep(pages, for: key)
    }

    /// A data board's pages for `key`, laid out by `make` when they are not held: a panel and
    /// a board slide (the two a screen shows at once) and the versions just before them.
    public func boardPages(for key: BoardKey, make: () -> [BoardComposer.Page]) -> [BoardComposer.Page] {
        kept(in: \.boards, for: key, make: make)
    }

    /// A row of the alert list for `key`, laid out by `make` when it is not held. Without this,
    /// every alert frame laid out every row again: 30 warnings in force made a new alert's frame
    /// six times slower (`bench --alert-only`, 31 ms against 5 ms at the median).
    func alertRow(for key: AlertRowKey, make: () -> AlertComposer.ListRow) -> AlertComposer.ListRow {
        kept(in: \.alertRows, for: key, make: make)
    }

    /// The turn of an alert's language kept for `key`, or made by `make` and kept (the last
    /// sixteen languages': four alerts in four languages).
    func alertTurn(for key: AlertTurnKey, make: () -> TimeInterval) -> TimeInterval {
        kept(in: \.alertTurns, for: key, make: make)
    }

    /// The value `recent` holds for `key`, or the one `make` makes, kept there. `make` runs
    /// outside the lock: a layout never waits for another.
    private func kept<Store: KeptValues>(in store: ReferenceWritableKeyPath<LayoutCache, Store>, for key: Store.Key, make: () -> Store.Value) -> Store.Value {
        lock.lock()
        if let value = self[keyPath: store].take(key) {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = make()
        lock.lock()
        defer { lock.unlock() }
        self[keyPath: store].keep(value, for: key)
        return value
    }

    /// How many rows of the alert list are held (tests).
    public var alertRowCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return alertRows.count
    }

    /// How many layouts are held (tests).
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}

/// Values kept by key, as `LayoutCache` keeps its layouts.
protocol KeptValues {
    associatedtype Key
    associatedtype Value
    /// The value held for `key`, if any (now counted as used).
    mutating func take(_ key: Key) -> Value?
    /// Holds `value` for `key`, dropping what the store's rule drops.
    mutating func keep(_ value: Value, for key: Key)
}

/// Values in two generations: a bad day's list of alerts (dozens of warnings in force) stays
/// whole while a new alert joins it, and rows of alerts gone are dropped two turns later.
struct Generations<Key: Hashable, Value>: KeptValues {
    let size: Int
    private var newer: [Key: Value] = [:]
    private var older: [Key: Value] = [:]

    init(size: Int) {
        self.size = size
    }

    /// How many different keys are held.
    var count: Int { newer.count + older.keys.filter { newer[$0] == nil }.count }

    mutating func take(_ key: Key) -> Value? {
        if let value = newer[key] { return value }
        guard let value = older[key] else { return nil }
        newer[key] = value
        return value
    }

    mutating func keep(_ value: Value, for key: Key) {
        if newer.count >= size {
            older = newer
            newer = [:]
        }
        newer[key] = value
    }
}

/// The last few values made, the one used most recently last: what is kept of a screen's
/// slides, boards and alerts' turns (a screen shows few at once).
struct Recent<Key: Equatable, Value>: KeptValues {
    let most: Int
    private var entries: [(key: Key, value: Value)] = []

    init(most: Int) {
        self.most = most
    }

    /// The value held for `key`, now the one used most recently.
    mutating func take(_ key: Key) -> Value? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        entries.append(entry)
        return entry.value
    }

    /// How many values are held.
    var count: Int { entries.count }

    /// Holds `value` for `key` (in place of one held for it: two threads may make the same
    /// layout), dropping the least recently used past `most`.
    mutating func keep(_ value: Value, for key: Key) {
        entries.removeAll { $0.key == key }
        entries.append((key, value))
        if entries.count > most { entries.removeFirst(entries.count - most) }
    }
}
