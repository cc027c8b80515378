import Foundation
import MachinakaPOSIX

/// The thread that reads a live feed's files other than its alerts. What is handed to it while
/// it reads is gathered into its next turn, so a burst of changes is read once, and nothing it
/// reads stands in an alert's way (alerts are read on the watcher's thread).
final class FeedReader: @unchecked Sendable {
    /// What to read.
    enum Work: Sendable, Equatable {
        /// Files or folders changed, created or removed (feed-relative).
        case paths(Set<String>)
        /// Everything again: the watcher lost track.
        case rescan
        /// The folder now at the feed's path, read whole.
        case folder(String)

        /// `self`, then `next`, as one turn: a whole read takes in any paths.
        func then(_ next: Work) -> Work {
            switch (self, next) {
            case (_, .folder): return next
            case (.folder, _): return self
            case (.rescan, _), (_, .rescan): return .rescan
            case (.paths(let earlier), .paths(let later)): return .paths(earlier.union(later))
            }
        }
    }

    private let condition = NSCondition()
    private var pending: Work?
    private var stopped = false
    /// When the turn under way began (monotonic seconds), nil between turns.
    private var turnStarted: Double?

    /// Starts the thread, which calls `perform` with each turn's work.
    func start(_ perform: @escaping @Sendable (Work) -> Void) {
        let thread = Thread { [self] in run(perform) }
        thread.name = "machinaka.feed-reader"
        thread.start()
    }

    /// Adds `work` to the next turn.
    func hand(_ work: Work) {
        condition.lock()
        pending = pending.map { $0.then(work) } ?? work
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after its turn under way; what is pending is dropped.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// How long the turn under way has been reading, or nil when the reader waits for work.
    var secondsReading: Double? {
        condition.lock()
        defer { condition.unlock() }
        return turnStarted.map { MonotonicClock.now() - $0 }
    }

    private func run(_ perform: @Sendable (Work) -> Void) {
        while true {
            condition.lock()
            while pending == nil, !stopped { condition.wait() }
            guard !stopped, let work = pending else {
                condition.unlock()
                return
            }
            pending = nil
            turnStarted = MonotonicClock.now()
            condition.unlock()
            perform(work)
            condition.lock()
            turnStarted = nil
            condition.unlock()
        }
    }
}
