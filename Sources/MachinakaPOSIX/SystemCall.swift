import CPOSIX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call that failed, with `errno` read at the moment it failed (a later call, even a
/// log line, may change it).
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The C function that failed, e.g. `open`.
    public let call: String
    /// The error number it left.
    public let code: Int32
    /// The file or folder it was given, if any.
    public let path: String?

    /// Captures the current `errno` for `call`.
    public init(_ call: String, path: String? = nil, code: Int32 = errno) {
        self.call = call
        self.code = code
        self.path = path
    }

    /// The system's words for the error, e.g. "Permission denied".
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        path.map { "\(call)(\($0)): \(reason)" } ?? "\(call): \(reason)"
    }
}

/// Runs one system call, calling it again when a signal interrupted it (`EINTR`), and turns a
/// `-1` return into a thrown `SystemError` with `errno` captured at once.
///
/// A fault a test injected for this call (and path) comes first: the call then fails as the
/// system would have made it fail (`SystemCallFaults`).
@discardableResult
public func systemCall<Result: FixedWidthInteger>(_ call: String, path: String? = nil, _ body: () -> Result) throws -> Result {
    if let code = SystemCallFaults.take(call, path: path) {
        throw SystemError(call, path: path, code: code)
    }
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(call, path: path, code: code)
    }
}

/// An open file descriptor, closed when the value goes.
public final class FileDescriptor {
    /// The descriptor number.
    public let rawValue: Int32

    /// Takes ownership of `rawValue`.
    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    deinit { close(rawValue) }

    /// `fstat` of the open file.
    public func status() throws -> stat {
        var info = stat()
        try systemCall("fstat") { fstat(rawValue, &info) }
        return info
    }

    /// Reads up to `limit` bytes from the current position; fewer at the end of the file.
    /// The buffer starts at `expected` bytes (the file's size, when known) and grows only as
    /// data comes: a 9 KB logo read under a 32 MB limit costs 9 KB, not 32 MB zeroed.
    public func read(upTo limit: Int, expected: Int = 64 * 1024) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, min(limit, max(expected, 1))))
        var count = 0
        while count < limit {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: min(limit - count, max(bytes.count, 4096))))
            }
            let room = bytes.count - count
            let got = try bytes.withUnsafeMutableBytes { raw in
                try systemCall("read") { Glibc.read(rawValue, raw.baseAddress! + count, room) }
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

/// The life of this process.
public enum ProcessLife {
    /// Ends this process (SIGTERM, handled as a stop) when the one that started it ends, so a
    /// player a benchmark started never outlives the benchmark, however that ends.
    public static func exitWithParent() throws {
        _ = try systemCall("prctl(PR_SET_PDEATHSIG)") { mk_exit_with_parent() }
    }

    /// Takes `signals` from their default action (which ends the process) and unblocks them, so
    /// that a dispatch source hears them: a parent may have left them blocked (some process
    /// launchers do), and a kiosk player must still hear systemd's SIGTERM.
    public static func handOver(signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals {
            sigaddset(&set, number)
            signal(number, SIG_IGN)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// This process's id.
    public static var id: Int32 { getpid() }

    /// Makes the calling thread yield to the others (a higher nice value, Linux's per-thread
    /// priority): a clip's decoder must never hold back the frame loop, or an alert's frame.
    public static func lowerThisThreadsPriority(by steps: Int32) {
        let thread = id_t(mk_gettid())
        _ = try? systemCall("setpriority") { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread) + steps) }
    }

    /// The kernel's clock ticks a second, the unit of /proc's CPU times.
    public static var clockTicksPerSecond: Double { Double(sysconf(Int32(_SC_CLK_TCK))) }

    /// Sets `name` in this process's environment unless it is set already (for a library
    /// that reads it, such as SDL's audio driver choice).
    public static func setEnvironmentDefault(_ name: String, _ value: String) {
        setenv(name, value, 0)
    }
}
