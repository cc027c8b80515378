import CPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// A socket, closed when the value goes; every call checked. Only what the player needs: a
/// TCP listener on the loopback address and its connections, and a datagram to a Unix socket
/// (systemd's notifications).
public final class Socket: @unchecked Sendable {
    /// The descriptor.
    public let descriptor: Int32
    /// What it is (`127.0.0.1:8080`, a client of it), for errors and injected faults.
    public let label: String

    private init(descriptor: Int32, label: String) {
        self.descriptor = descriptor
        self.label = label
    }

    deinit { close(descriptor) }

    /// A TCP socket listening on 127.0.0.1:`port` — never any other address.
    public static func listening(onLoopbackPort port: UInt16, backlog: Int32 = 16) throws -> Socket {
        let label = "127.0.0.1:\(port)"
        let socket = Socket(descriptor: try systemCall("socket", path: label) { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) },
                            label: label)
        var yes: Int32 = 1
        try systemCall("setsockopt(SO_REUSEADDR)", path: label) { setsockopt(socket.descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) }
        var address = loopback(port: port)
        try systemCall("bind", path: label) {
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        try systemCall("listen", path: label) { listen(socket.descriptor, backlog) }
        return socket
    }

    /// A port on 127.0.0.1 nothing listens on now (the kernel's pick for port 0).
    public static func freeLoopbackPort() throws -> UInt16 {
        let socket = Socket(descriptor: try systemCall("socket") { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }, label: "127.0.0.1:0")
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try systemCall("bind", path: socket.label) { bind(socket.descriptor, raw, length) }
                try systemCall("getsockname", path: socket.label) { getsockname(socket.descriptor, raw, &length) }
            }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    public static func loopbackAccepts(port: UInt16) -> Bool {
        guard let fd = try? systemCall("socket", { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }) else { return false }
        let socket = Socket(descriptor: fd, label: "127.0.0.1:\(port)")
        var address = loopback(port: port)
        return (try? systemCall("connect", path: socket.label) {
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }) != nil
    }

    /// A datagram socket for sending to a Unix socket.
    public static func unixDatagram() throws -> Socket {
        Socket(descriptor: try systemCall("socket(AF_UNIX)") { Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }, label: "unix")
    }

    /// The next connection, close-on-exec (the label's faults apply: `accept`).
    public func accept() throws -> Socket {
        let fd = try systemCall("accept", path: label) { mk_accept_cloexec(descriptor) }
        return Socket(descriptor: fd, label: label + " client")
    }

    /// Gives a blocking receive or send at most `seconds` before it fails.
    public func setTimeouts(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = try? systemCall("setsockopt", path: label) { setsockopt(descriptor, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size)) }
        }
    }

    /// Receives up to `buffer.count` bytes into it; 0 when the peer closed.
    public func receive(into buffer: inout [UInt8]) throws -> Int {
        try buffer.withUnsafeMutableBytes { raw in try systemCall("recv", path: label) { recv(descriptor, raw.baseAddress, raw.count, 0) } }
    }

    /// Sends all of `bytes` (never raising SIGPIPE); `wait: false` sends what fits now.
    public func send(_ bytes: UnsafeRawBufferPointer, wait: Bool = true) throws {
        var sent = 0
        while sent < bytes.count {
            let flags = Int32(MSG_NOSIGNAL) | (wait ? 0 : Int32(MSG_DONTWAIT))
            sent += try systemCall("send", path: label) { Glibc.send(descriptor, bytes.baseAddress! + sent, bytes.count - sent, flags) }
            if !wait { return }
        }
    }

    /// Sends one datagram to the Unix socket at `path` (a leading NUL: an abstract name),
    /// without waiting; false when it could not go.
    public func send(_ bytes: [UInt8], toUnixPath path: [UInt8]) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let sent = try? withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try systemCall("sendto", path: label) { sendto(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), raw, length) }
            }
        }
        return sent == bytes.count
    }

    /// Ends both directions: a thread blocked in `accept` or `receive` returns at once.
    public func shutdown() {
        _ = try? systemCall("shutdown", path: label) { Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
