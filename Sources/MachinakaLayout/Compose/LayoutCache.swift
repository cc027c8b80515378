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

    private let lock = NSLock()
    private var entries: [(key: Key, pages: TextPages)] = []
    /// Alert rows in two generations: a bad day's list (dozens of warnings in force) stays
    /// whole while a new alert joins it, and rows of alerts gone are dropped two turns later.
    private var alertRows: [AlertRowKey: AlertComposer.ListRow] = [:]
    private var olderAlertRows: [AlertRowKey: AlertComposer.ListRow] = [:]
    private static let alertRowsPerGeneration = 256
    private var boards: [(key: BoardKey, pages: [BoardComposer.Page])] = []
    private let capacity: Int

    /// A cache of `capacity` layouts.
    public init(capacity: Int = 6) {
        self.capacity = capacity
    }

    /// The pages laid out for `key`, if any.
    public func pages(for key: Key) -> TextPages? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        entries.append(entry)
        return entry.pages
    }

    /// Keeps `pages` for `key`, forgetting the least recently used beyond the capacity.
    public func store(_ pages: TextPages, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, pages))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// A data board's pages for `key`, laid out by `make` when they are not held: a panel and
    /// a board slide (the two a screen shows at once) and the versions just before them.
    public func boardPages(for key: BoardKey, make: () -> [BoardComposer.Page]) -> [BoardComposer.Page] {
        lock.lock()
        if let index = boards.firstIndex(where: { $0.key == key }) {
            let entry = boards.remove(at: index)
            boards.append(entry)
            lock.unlock()
            return entry.pages
        }
        lock.unlock()
        let pages = make()
        lock.lock()
        defer { lock.unlock() }
        boards.append((key, pages))
        if boards.count > 4 { boards.removeFirst(boards.count - 4) }
        return pages
    }

    /// A row of the alert list for `key`, laid out by `make` when it is not held. Without this,
    /// every alert frame laid out every row again: 30 warnings in force made a new alert's frame
    /// six times slower (`bench --alert-only`, 31 ms against 5 ms at the median).
    func alertRow(for key: AlertRowKey, make: () -> AlertComposer.ListRow) -> AlertComposer.ListRow {
        lock.lock()
        if let row = alertRows[key] {
            lock.unlock()
            return row
        }
        if let row = olderAlertRows[key] {
            alertRows[key] = row
            lock.unlock()
            return row
        }
        lock.unlock()
        let row = make()
        lock.lock()
        defer { lock.unlock() }
        if alertRows.count >= Self.alertRowsPerGeneration {
            olderAlertRows = alertRows
            alertRows = [:]
        }
        alertRows[key] = row
        return row
    }

    /// How many rows of the alert list are held (tests).
    public var alertRowCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return alertRows.count + olderAlertRows.keys.filter { alertRows[$0] == nil }.count
    }

    /// How many layouts are held (tests).
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
