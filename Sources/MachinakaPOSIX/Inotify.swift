#if canImport(Glibc)
import Glibc
#endif

/// One inotify instance: its descriptor closed when the value goes, every call checked.
///
/// Made with a label (the folder it watches for), which names it in errors and lets a test
/// inject faults into this instance only.
public final class Inotify {
    /// The descriptor, to wait on with `Poll`.
    public let descriptor: Int32
    /// The folder watched, for errors and injected faults.
    public let label: String

    /// A non-blocking, close-on-exec instance.
    public init(label: String) throws {
        descriptor = try systemCall("inotify_init1", path: label) { inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK)) }
        self.label = label
    }

    deinit { close(descriptor) }

    /// Watches `path` for `mask`; returns the watch descriptor.
    public func addWatch(_ path: String, mask: UInt32) throws -> Int32 {
        try systemCall("inotify_add_watch", path: path) { inotify_add_watch(descriptor, path, mask) }
    }

    /// Stops a watch. A watch the kernel already dropped (its folder went) is no error.
    public func removeWatch(_ watch: Int32) {
        _ = try? systemCall("inotify_rm_watch", path: label) { inotify_rm_watch(descriptor, watch) }
    }

    /// Reads the events waiting into `buffer`; 0 when none are.
    public func read(into buffer: inout [UInt8]) throws -> Int {
        do {
            return try buffer.withUnsafeMutableBytes { raw in
                try systemCall("read", path: label) { Glibc.read(descriptor, raw.baseAddress, raw.count) }
            }
        } catch let error as SystemError where error.code == EAGAIN {
            return 0
        }
    }
}
