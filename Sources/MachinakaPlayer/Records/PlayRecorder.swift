import Foundation
import Logging
import MachinakaCore
import MachinakaRecords

/// The proof of play and the alert tombstones as the loop sees them: a side job that must never
/// stop the screen. A log that cannot be opened (a full disk, a damaged file) is tried again
/// every minute while the screen plays on; plays that could not be written wait in a bounded
/// queue and are written when the log works again. Tombstones are always kept in memory, and
/// in the log's file when there is one.
public final class PlayRecorder {
    private let path: String?
    private let keepDays: Int
    private let logger: Logger
    private var log: PlayLog?
    private var nextAttempt = Date.distantPast
    private var pending: [Play] = []
    private var failing = false
    /// Cancellations and replacements remembered this run (and loaded from the log).
    public private(set) var tombstones: [CAPReference: Tombstone] = [:] {
        didSet { tombstonesGeneration += 1 }
    }
    /// Counts changes to `tombstones`: what the loop's alert board was built from is still
    /// current while this is unchanged.
    public private(set) var tombstonesGeneration = 0
    private var unsaved: [Tombstone] = []
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

    /// Opens the log if it is not open and its retry time has come; prunes it when it opens.
    private func openIfDue(now: Date) {
        guard log == nil, let path, now >= nextAttempt else { return }
        do {
            let opened = try PlayLog(path: path)
            let pruned = try opened.prune(before: now.addingTimeInterval(-Double(keepDays) * 86400))
            if pruned > 0 { logger.info("Pruned \(pruned) plays older than \(keepDays) days.") }
            for stone in try opened.tombstones(at: now) where tombstones[stone.reference] == nil {
                tombstones[stone.reference] = stone
            }
            log = opened
            if failing { logger.notice("The play log \(path) is open again; \(pending.count) waiting plays are written now.") }
            failing = false
        } catch {
            nextAttempt = now.addingTimeInterval(Self.retryInterval)
            if !failing {
                logger.error("The play log \(path) cannot be opened (\(error)); the screen plays on, plays are kept in memory and the log is tried again every minute.")
                failing = true
            }
        }
    }

    /// Starts: opens the log (or schedules the retry).
    public func start(now: Date) {
        openIfDue(now: now)
    }

    /// Records one showing, now or when the log works again.
    public func record(_ play: Play, now: Date) {
        guard path != nil else { return }
        pending.append(play)
        if pending.count > Self.maxPending { pending.removeFirst(pending.count - Self.maxPending) }
        flush(now: now)
    }

    /// Remembers what messages cancelled or replaced.
    public func remember(_ stones: [Tombstone], now: Date) {
        var changed: [Tombstone] = []
        for stone in stones where stone.until > now {
            if let known = tombstones[stone.reference], known.until >= stone.until, known.cancelled || !stone.cancelled { continue }
            tombstones[stone.reference] = stone
            changed.append(stone)
        }
        for (key, stone) in tombstones where stone.until <= now { tombstones[key] = nil }
        guard !changed.isEmpty else { return }
        unsaved += changed
        flush(now: now)
    }

    /// Writes what waits, if the log is (or can now be) open.
    public func flush(now: Date) {
        guard path != nil, !(pending.isEmpty && unsaved.isEmpty) else { return }
        openIfDue(now: now)
        guard let log else { return }
        do {
            while let play = pending.first {
                try log.record(play)
                pending.removeFirst()
            }
            try log.remember(unsaved)
            unsaved.removeAll()
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
