import Foundation
import MachinakaPOSIX

/// Carries out what a turn of the loop decided, after its frame is presented and off the loop:
/// files written (status, metrics), the heap's free pages given back. The loop only decides —
/// whether the status changed, whether the metrics are due — and hands the effects over in
/// one list per turn; a slow or stuck disk then holds this queue, never a frame or an alert.
///
/// (The proof of play, the frame file and the power driver have queues of their own, for the
/// same reason; the watchdog's ping is a non-blocking datagram sent on the loop, because it
/// must say the loop itself is alive.)
public final class EffectsRunner: @unchecked Sendable {
    /// One thing a turn decided to be done.
    public enum Effect: Sendable {
        /// The status changed: encode it, keep it for the HTTP endpoint, write its file.
        case writeStatus(StatusFile, StatusFile.Content, at: Date)
        /// The metrics are due: render them and write their file.
        case writeMetrics(MetricsFile, MetricsFile.Reading, at: Date)
        /// What was on screen changed: give the heap's free pages back.
        case returnFreeMemory

        /// A short name, for tests and the log.
        public var name: String {
            switch self {
            case .writeStatus: "status"
            case .writeMetrics: "metrics"
            case .returnFreeMemory: "trim"
            }
        }
    }

    private let queue = DispatchQueue(label: "machinaka.effects", qos: .utility)
    private let lock = NSLock()
    private var handed: [String] = []
    /// Tests: runs on the queue before each effect (a slow or stuck disk).
    public var beforeEach: (@Sendable (Effect) -> Void)?
    /// Tests: keep the names of the effects handed over, in order.
    public var keepsNames = false

    public init() {}

    /// Hands one turn's effects over, in order; returns at once.
    public func run(_ effects: [Effect]) {
        guard !effects.isEmpty else { return }
        if keepsNames {
            lock.lock()
            handed += effects.map(\.name)
            lock.unlock()
        }
        let before = beforeEach
        queue.async {
            for effect in effects {
                before?(effect)
                Self.carryOut(effect)
            }
        }
    }

    /// The names of the effects handed over so far (with `keepsNames`).
    public var handedOver: [String] {
        lock.lock()
        defer { lock.unlock() }
        return handed
    }

    /// Waits until everything handed over is done: the player's stop, and tests.
    public func settle() { queue.sync {} }

    private static func carryOut(_ effect: Effect) {
        switch effect {
        case .writeStatus(let file, let content, let at): file.write(content, now: at)
        case .writeMetrics(let file, let reading, let at): file.write(reading, now: at)
        case .returnFreeMemory: MemoryPolicy.returnFreeMemory()
        }
    }
}
