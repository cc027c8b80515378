#if canImport(Glibc)
import Glibc
#endif

/// Waiting for descriptors to become readable, checked and retried after signals.
public enum Poll {
    /// What happened on one descriptor.
    public struct Readiness: Equatable, Sendable {
        /// Data (or an end of file) can be read.
        public var readable: Bool
        /// The descriptor reported an error, a hang-up or that it is not open.
        public var failed: Bool
    }

    /// Waits until one of `descriptors` is readable or `timeout` seconds pass (nil: no limit);
    /// returns each one's readiness, or nil at the timeout. `label` names the waiter in errors
    /// and injected faults.
    public static func wait(_ descriptors: [Int32], timeout: Double?, label: String? = nil) throws -> [Readiness]? {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let milliseconds = timeout.map { Int32(min(max($0 * 1000, 0), Double(Int32.max)).rounded(.up)) } ?? -1
        let ready = try systemCall("poll", path: label) { poll(&fds, nfds_t(fds.count), milliseconds) }
        guard ready > 0 else { return nil }
        return fds.map {
            Readiness(readable: $0.revents & Int16(POLLIN) != 0, failed: $0.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0)
        }
    }
}
