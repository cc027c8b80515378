import Foundation
import MachinakaCore

/// The feed with alerts an input holds in memory because it could not write them into
/// `alerts/` (a full or read-only disk): they show all the same, and give way to their file
/// once it is written.
public final class HeldAlertsFeed: FeedSource, @unchecked Sendable {
    private let inner: any FeedSource
    private let lock = NSLock()
    private var held: @Sendable () -> [ReceivedAlert] = { [] }
    private var last: (inner: Int, held: [ReceivedAlert], version: Int) = (-1, [], 0)

    public init(_ inner: any FeedSource) {
        self.inner = inner
    }

    /// Where the held alerts come from (set before the loop starts).
    public func holding(_ provider: @escaping @Sendable () -> [ReceivedAlert]) {
        lock.lock()
        held = provider
        lock.unlock()
    }

    public var current: (feed: Feed, version: Int) {
        let state = inner.current
        lock.lock()
        let extra = held()
        if state.version != last.inner || extra != last.held { last = (state.version, extra, last.version + 1) }
        let version = last.version
        lock.unlock()
        guard !extra.isEmpty else { return (state.feed, version) }
        var feed = state.feed
        let files = Set(feed.alerts.map(\.source))
        feed.alerts += extra.filter { !files.contains($0.source) }
        return (feed, version)
    }
}
