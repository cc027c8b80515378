import Foundation
import Logging
import MachinakaCore
import MachinakaPOSIX

/// The table of the player's inputs: asked by the loop at each turn how every input is, it
/// restarts one that stopped (with a growing pause between attempts, on a queue of its own),
/// says which input failed and when, and whether every required one is alive — the loop feeds
/// systemd's watchdog only then, so an input stuck beyond repair ends in a restart of the
/// player, never in a screen that goes on without its alerts.
public final class InputSupervisor: @unchecked Sendable {
    /// What the loop is told at a turn.
    public struct Report: Equatable, Sendable {
        /// Each input: "ok", or what is wrong and since when (said in the status and metrics).
        public var health: [String: String]
        /// Every required input is running or degraded (not stopped): the watchdog may be fed.
        public var requiredAlive: Bool

        public init(health: [String: String], requiredAlive: Bool) {
            self.health = health
            self.requiredAlive = requiredAlive
        }
    }

    private struct Entry {
        var input: any SupervisedInput
        var required: Bool
        /// When the supervisor first saw what is wrong now, and what it was.
        var trouble: (since: Date, what: String)?
        var failedRestarts = 0
        /// When the next restart may be tried (monotonic seconds: a clock set back must not
        /// hold a restart up).
        var nextAttempt = -Double.infinity
        var restarting = false
        /// When it was last started again (monotonic seconds).
        var restartedAt: Double?
        /// Restarts run on the input's own queue: one that hangs holds up no other input.
        let queue: DispatchQueue
        /// The last restart, for the status: "restarted at … after: …".
        var lastRestart: (at: Date, after: String)?
        /// What the status says of it, and what that was worked out from: asked at every
        /// ticker frame, the words (and their dates) are made only when something changed.
        var health: (key: HealthKey, text: String)?
    }

    /// What an input's line in the status depends on.
    private struct HealthKey: Equatable {
        var condition: InputCondition
        var since: Date?
        var restartedAt: Date?
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    /// The report last given, returned as it is while nothing changed.
    private var report = Report(health: [:], requiredAlive: true)
    private let logger: Logger
    /// A thread that has not turned for this long is stuck.
    public let stallLimit: Double

    /// How long after a failed restart the next is tried: 1 s, doubling, at most a minute.
    static func backoff(after failures: Int) -> TimeInterval { min(60, pow(2, Double(max(0, failures - 1)))) }

    /// A supervisor calling a thread stuck after `stallLimit` seconds without a turn.
    public init(stallLimit: Double = 60, logger: Logger) {
        self.stallLimit = stallLimit
        self.logger = logger
    }

    /// Adds an input; a required one keeps the watchdog from being fed while it is stopped.
    public func add(_ input: any SupervisedInput, required: Bool) {
        lock.lock()
        entries.append(Entry(input: input, required: required, queue: DispatchQueue(label: "machinaka.inputs.\(input.name)")))
        lock.unlock()
    }

    /// Asks every input how it is at `now` (the loop's clock), starts again those that stopped
    /// and whose pause is over, and reports. Cheap: a lock and a question per input; words are
    /// made only when an input's condition changed.
    public func check(now: Date) -> Report {
        lock.lock()
        defer { lock.unlock() }
        var requiredAlive = true
        for index in entries.indices {
            let condition = entries[index].input.condition(stallLimit: stallLimit)
            let name = entries[index].input.name
            switch condition {
            case .running:
                if let trouble = entries[index].trouble {
                    logger.notice("Input \(name) works again (it failed at \(trouble.since.formatted(.iso8601)): \(trouble.what)).")
                    entries[index].trouble = nil
                }
                // Five quiet minutes after a restart: the next failure starts the pauses anew.
                if let last = entries[index].restartedAt, MonotonicClock.now() - last >= 300 { entries[index].failedRestarts = 0 }
            case .degraded(let what), .stopped(let what):
                if entries[index].trouble?.what != what {
                    entries[index].trouble = (entries[index].trouble?.since ?? now, what)
                    logger.error("Input \(name) fails: \(what).")
                }
                if case .stopped = condition {
                    if entries[index].required { requiredAlive = false }
                    restartIfDue(index, now: now, because: what)
                }
            }
            let key = HealthKey(condition: condition, since: entries[index].trouble?.since, restartedAt: entries[index].lastRestart?.at)
            if entries[index].health?.key != key {
                let text = Self.words(for: condition, since: key.since, lastRestart: entries[index].lastRestart)
                entries[index].health = (key, text)
                report.health[name] = text
            }
        }
        report.requiredAlive = requiredAlive
        return report
    }

    /// An input's line in the status and metrics ("ok" exactly when it runs and never restarted).
    private static func words(for condition: InputCondition, since: Date?, lastRestart: (at: Date, after: String)?) -> String {
        let since = since?.formatted(.iso8601) ?? "?"
        switch condition {
        case .running: return lastRestart.map { "ok (restarted at \($0.at.formatted(.iso8601)) after: \($0.after))" } ?? "ok"
        case .degraded(let what): return "failing since \(since): \(what)"
        case .stopped(let what): return "stopped at \(since): \(what); restarting"
        }
    }

    /// Restarts entry `index` on its queue when its pause is over (under `lock`). An input
    /// found stopped again within five minutes of its last restart counts as a failed restart:
    /// the pause grows, rather than a restart every turn.
    private func restartIfDue(_ index: Int, now: Date, because what: String) {
        let clock = MonotonicClock.now()
        guard !entries[index].restarting, clock >= entries[index].nextAttempt else { return }
        if let last = entries[index].restartedAt, clock - last < 300, entries[index].nextAttempt < last {
            entries[index].failedRestarts += 1
            entries[index].nextAttempt = last + Self.backoff(after: entries[index].failedRestarts)
            guard clock >= entries[index].nextAttempt else { return }
        }
        entries[index].restarting = true
        let input = entries[index].input
        entries[index].queue.async { [self] in
            let outcome = Result { try input.restart() }
            lock.lock()
            defer { lock.unlock() }
            guard let at = entries.firstIndex(where: { $0.input === input }) else { return }
            entries[at].restarting = false
            switch outcome {
            case .success:
                entries[at].restartedAt = MonotonicClock.now()
                entries[at].lastRestart = (now, what)
                logger.notice("Input \(input.name) started again (it had stopped: \(what)).")
            case .failure(let error):
                entries[at].failedRestarts += 1
                let pause = Self.backoff(after: entries[at].failedRestarts)
                entries[at].nextAttempt = MonotonicClock.now() + pause
                logger.error("Input \(input.name) cannot be started again (\(error)); trying again in \(Int(pause)) s.")
            }
        }
    }

    /// Waits until restarts under way are done (tests).
    public func settle() {
        lock.lock()
        let queues = entries.map(\.queue)
        lock.unlock()
        queues.forEach { $0.sync {} }
    }
}
