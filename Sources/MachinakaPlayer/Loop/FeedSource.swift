import Foundation
import MachinakaCore
import MachinakaSystem

/// Where the loop gets the feed from: the current state and a version that grows with each
/// change. The live player's source is inotify (`LiveFeed`); a test's is a value it replaces.
public protocol FeedSource: AnyObject, Sendable {
    var current: (feed: Feed, version: Int) { get }
}

extension LiveFeed: FeedSource {}

/// A feed that changes only when told: tests and previews.
public final class FixedFeed: FeedSource, @unchecked Sendable {
    private let lock = NSLock()
    private var state: (feed: Feed, version: Int)

    public init(_ feed: Feed) {
        state = (feed, 0)
    }

    public var current: (feed: Feed, version: Int) {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Publishes `feed` as the next version.
    public func replace(with feed: Feed) {
        lock.lock()
        state = (feed, state.version + 1)
        lock.unlock()
    }
}
