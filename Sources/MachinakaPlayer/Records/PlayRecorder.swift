import Foundation
import Logging
import MachinakaCore
import MachinakaRecords

/// The proof of play and the alert tombstones as the loop sees them: a side job that must never
/// stop the screen, nor delay it. The loop only hands plays and tombstones over; a queue of the
/// recorder's own writes them to SQLite (one transaction each, `synchronous=FULL`), so a slow or
/// stuck disk never holds an alert's frame. A log that cannot be opened (a full disk, a damaged
/// file) is tried again every minute while the screen plays on; plays that could not be written
/// wait in a bounded queue and are written when the log works again. Tombstones are always kept
/// in memory, on the loop, and in the log's file when there is one.
public final class PlayRecorder: @unchecked Sendable {
    private let path: String?
    private let keepDays: Int
    private let logger: Logger
    /// Where the log is opened and written: never the loop.
    private let queue = DispatchQueue(label: "machinaka.play-log", qos: .utility)
    /// Guards what the loop and the queue share: `pending`, `unsaved`, `loaded`.
    private let lock = NSLock()
    // The queue's own:
    private var log: PlayLog?
    private var nextAttempt = Date.distantPast
    private var failing = false
    // Shared, under `lock`:
    private var pending: [Play] = []
    private var unsaved: [Tombstone] = []
    /// Tombstones read from the log by an open after the start, for the loop to adopt.
    private var loaded: [Tombstone] = []
    /// Tests: runs before each write on the queue (a slow or stuck disk).
    var beforeWrite: (@Sendable () -> Void)?
    /// Cancellations and replacements remembered this run (and loaded from the log). The
    /// loop's alone.
    public private(set) var tombstones: [CAPReference: Tombstone] = [:] {
        didSet { tombstonesGeneration += 1 }
    }
    /// Counts changes to `tombstones`: what the loop's alert board was built from is still
    /// current while this is unchanged.
    public private(set) var tombstonesGeneration = 0
    /// Plays kept while the log cannot be written: a day of 15-second slides.
    public static let maxPending = 6_000
    /// How long to wait before trying a failed log again.
    public static let retryInterval: TimeInterval = 60

    /// A recorder writing to `path` (nil: plays are not kept, tombstones only in memory).
    public init(path: String?, keepDays: Int, logger: Logger) {
        self.path = path
        self.keepDays = keepDays
        self.logger = logger
    }

    /// Whether a log file was asked for.
    public var isKeeping: Bool { path != nil }

    /// Starts: opens the log (or schedules the retry) and adopts the tombstones it holds. It
    /// waits for the open — once, before the first frame — so that an alert cancelled before a
    /// restart is known to be cancelled when the first frame is composed.
    public func start(now: Date) {
        queue.sync { openIfDue(now: now) }
        adoptLoaded()
    }

    /// Records one showing, now or when the log works again (written off the loop).
    public func record(_ play: Play, now: Date) {
        guard path != nil else { return }
        lock.lock()
        pending.append(play)
        if pending.count > Self.maxPending { pending.removeFirst(pending.count - Self.maxPending) }
        lock.unlock()
        schedule(now: now)
    }

    /// Remembers what messages cancelled or replaced: at once in memory, in the log's file off
    /// the loop.
    public func remember(_ stones: [Tombstone], now: Date) {
        adoptLoaded()
        var changed: [Tombstone] = []
        for stone in stones where stone.until > now {
            if let known = tombstones[stone.reference], known.until >= stone.until, known.cancelled || !stone.cancelled { continue }
            tombstones[stone.reference] = stone
            changed.append(stone)
        }
        for (key, stone) in tombstones where stone.until <= now { tombstones[key] = nil }
        guard !changed.isEmpty, path != nil else { return }
        lock.lock()
        unsaved += changed
        lock.unlock()
        schedule(now: now)
    }

    /// Takes over tombstones a later open of the log found (the loop calls this each turn; it
    /// costs a lock when there are none).
    public func adoptLoaded() {
        lock.lock()
        let found = loaded
        loaded.removeAll()
        lock.unlock()
        for stone in found where tombstones[stone.reference] == nil {
            tombstones[stone.reference] = stone
        }
    }

    /// Waits until everything handed over so far is written, or could not be: the player's
    /// stop, and tests.
    public func close() {
        queue.sync {}
    }

    private func schedule(now: Date) {
        queue.async { [self] in write(now: now) }
    }

    // MARK: - On the queue

    /// Opens the log if it is not open and its retry time has come; prunes it when it opens.
    private func openIfDue(now: Date) {
        guard log == nil, let path, now >= nextAttempt else { return }
        do {
            let opened = try PlayLog(path: path)
            let pruned = try opened.prune(before: now.addingTimeInterval(-Double(keepDays) * 86400))
            if pruned > 0 { logger.info("Pruned \(pruned) plays older than \(keepDays) days.") }
            let stones = try opened.tombstones(at: now)
            lock.lock()
            loaded += stones
            let waiting = pending.count
            lock.unlock()
            log = opened
            if failing { logger.notice("The play log \(path) is open again; \(waiting) waiting plays are written now.") }
            failing = false
        } catch {
            nextAttempt = now.addingTimeInterval(Self.retryInterval)
            if !failing {
                logger.error("The play log \(path) cannot be opened (\(error)); the screen plays on, plays are kept in memory and the log is tried again every minute.")
                failing = true
            }
        }
    }

    /// Writes what waits, if the log is (or can now be) open.
    private func write(now: Date) {
        lock.lock()
        let nothing = pending.isEmpty && unsaved.isEmpty
        lock.unlock()
        guard path != nil, !nothing else { return }
        openIfDue(now: now)
        guard let log else { return }
        beforeWrite?()
        do {
            while true {
                lock.lock()
                guard let play = pending.first else {
                    lock.unlock()
                    break
                }
                lock.unlock()
                try log.record(play)
                lock.lock()
                if pending.first == play { pending.removeFirst() }
                lock.unlock()
            }
            lock.lock()
            let stones = unsaved
            lock.unlock()
            try log.remember(stones)
            lock.lock()
            unsaved.removeFirst(min(stones.count, unsaved.count))
            lock.unlock()
        } catch {
            if !failing {
                logger.error("The play log \(path ?? "") cannot be written (\(error)); plays are kept in memory (up to \(Self.maxPending)) and written when it works again.")
                failing = true
            }
            // Reopen later: the file may have been replaced or the disk freed.
            self.log = nil
            nextAttempt = now.addingTimeInterval(Self.retryInterval)
        }
    }
}
