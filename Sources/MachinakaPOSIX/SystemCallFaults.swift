import Synchronization

/// Failures injected into named system calls, so that what happens when one fails is tested
/// rather than assumed: "the next 3 `inotify_init1` for this feed fail with EMFILE", "the next
/// `read` of its inotify descriptor stalls for 5 s, then fails with EIO".
///
/// A fault names a call and, usually, a path prefix (a test's own folder, a port's label), so
/// tests running side by side never trip over each other's faults. Armed only by tests: when
/// none is armed, checking costs one atomic load.
public enum SystemCallFaults {
    /// One injected failure.
    public struct Fault: Sendable {
        /// The call, as `systemCall` names it (`inotify_init1`, `read`, `accept`).
        public var call: String
        /// Only calls whose path starts with this (nil: any call of that name).
        public var path: String?
        /// The error number the call fails with (0: it stalls, then goes ahead).
        public var code: Int32
        /// How many more calls it hits.
        public var remaining: Int
        /// How long the call hangs first, as a stuck disk or a stuck driver would.
        public var stall: Double
    }

    private static let armed = Atomic<Int>(0)
    private static let faults = Mutex<[Fault]>([])

    /// Makes the next `times` calls of `call` (on a path under `path`) fail with `code`, each
    /// after hanging `stall` seconds; a `code` of 0 only hangs.
    public static func inject(_ call: String, path: String? = nil, code: Int32, times: Int = 1, stall: Double = 0) {
        faults.withLock { $0.append(Fault(call: call, path: path, code: code, remaining: times, stall: stall)) }
        armed.add(1, ordering: .sequentiallyConsistent)
    }

    /// Removes every fault injected for `path` (nil: all): a test's clean-up.
    public static func clear(path: String? = nil) {
        let removed = faults.withLock { list -> Int in
            let before = list.count
            list.removeAll { path == nil || $0.path == path }
            return before - list.count
        }
        if removed > 0 { armed.subtract(removed, ordering: .sequentiallyConsistent) }
    }

    /// How many calls a fault for `call` on `path` has still to hit (0: used up or none).
    public static func remaining(_ call: String, path: String? = nil) -> Int {
        faults.withLock { list in list.filter { $0.call == call && $0.path == path }.reduce(0) { $0 + $1.remaining } }
    }

    /// The error number the call must fail with now (nil: none; it runs), after any stall.
    static func take(_ call: String, path: String?) -> Int32? {
        guard armed.load(ordering: .relaxed) > 0 else { return nil }
        let hit = faults.withLock { list -> Fault? in
            guard let index = list.firstIndex(where: { fault in
                fault.call == call && fault.remaining > 0 && (fault.path.map { prefix in path.map { $0.hasPrefix(prefix) } ?? false } ?? true)
            }) else { return nil }
            list[index].remaining -= 1
            return list[index]
        }
        guard let hit else { return nil }
        if hit.stall > 0 { sleepFor(hit.stall) }
        return hit.code == 0 ? nil : hit.code
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Sleeps the calling thread (a stall a test injected).
private func sleepFor(_ seconds: Double) {
    var time = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var left = timespec()
    while nanosleep(&time, &left) == -1, errno == EINTR { time = left }
}
