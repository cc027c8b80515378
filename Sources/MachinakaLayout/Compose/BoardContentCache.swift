import Foundation
import MachinakaCore

/// The content of the data boards on screen (the slide's and the panel's), and when it next
/// changes by itself, kept while it cannot change: the same item and data files, and an
/// instant before that change (`BoardHandler.nextChange`). Each composed frame built a
/// 5,000-row board's slide again from its rows and went through them again for the next
/// change (`perf`: most of composing such a frame); now that work follows the data, not the
/// frames.
final class BoardContentCache: @unchecked Sendable {
    private struct Entry {
        /// The data it was built from; compared whole on each use, which costs little when
        /// the rows are the same storage (the same version of the file), as they are on
        /// screen, and never takes a file rewritten within one clock tick for the old one.
        var data: [String: DataFile]
        /// The data files that could not be read (`SlideContext.unreadable`): a file that
        /// arrives bad changes what a board says, though its data is the same.
        var unreadable: Set<String>
        var content: SlideContent?
        var built: Date
        /// When the content changes by itself next; nil: only when its data does.
        var until: Date?
    }

    private let lock = NSLock()
    private var entries: [ContentItem: Entry] = [:]
    /// How many times a board's content was built (for tests: what the cache saved).
    private(set) var builds = 0

    /// The content `handler` gives `item` at `instant`, and when it changes next by itself
    /// (nil: only with its data), built again only when the item, its data or the board's
    /// own time says it may differ.
    func content(_ item: ContentItem, handler: any DataBoardHandler, at instant: Date, context: SlideContext) -> (content: SlideContent?, nextChange: Date?) {
        lock.lock()
        if let entry = entries[item], entry.built <= instant, entry.until.map({ instant < $0 }) ?? true, entry.data == context.data,
            entry.unreadable == context.unreadable
        {
            lock.unlock()
            return (entry.content, entry.until)
        }
        lock.unlock()
        let content = handler.slide(item, at: instant, context: context)
        let until = handler.nextChange(item, after: instant, context: context)
        lock.lock()
        builds += 1
        // A slide's board and a panel's, and the ones they replace: a few entries at most.
        if entries.count >= 8 { entries.removeAll(keepingCapacity: true) }
        entries[item] = Entry(data: context.data, unreadable: context.unreadable, content: content, built: instant, until: until)
        lock.unlock()
        return (content, until)
    }
}
