import CPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// A pipe one thread writes a byte into to wake another waiting in `Poll` (a stop, a new job).
public final class WakePipe: @unchecked Sendable {
    /// The end to wait on.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// A close-on-exec, non-blocking pipe.
    public init() throws {
        var ends: [Int32] = [-1, -1]
        try systemCall("pipe") { mk_pipe_cloexec(&ends) }
        readDescriptor = ends[0]
        writeDescriptor = ends[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the waiter. A full pipe already holds a wake: nothing is lost by dropping this one.
    public func wake() {
        var byte: UInt8 = 1
        _ = try? systemCall("write") { write(writeDescriptor, &byte, 1) }
    }

    /// Empties the pipe after a wake.
    public func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while ((try? systemCall("read") { read(readDescriptor, &bytes, bytes.count) }) ?? 0) > 0 {}
    }
}
