import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how the player is doing (`Type=notify`): ready once the first frame is on
/// screen, alive at every turn of the frame loop — so a hung loop is killed and restarted by
/// `WatchdogSec=` — and stopping on the way out. Speaks the sd_notify datagram protocol
/// directly; does nothing when not started by systemd.
public final class ServiceNotifier: @unchecked Sendable {
    private let socket: Int32
    private var address = sockaddr_un()
    private let addressLength: socklen_t
    /// How often systemd wants to hear "alive" (half of `WatchdogSec`), if it does.
    public let watchdogInterval: TimeInterval?
    private var lastPing = Date.distantPast

    /// Reads `NOTIFY_SOCKET` and `WATCHDOG_USEC` from `environment`; nil without a socket.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        // A leading '@' names an abstract socket: a NUL byte in the path.
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            close(socket)
            return nil
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        addressLength = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        if let usec = environment["WATCHDOG_USEC"].flatMap(Double.init), usec > 0 {
            watchdogInterval = usec / 1e6 / 2
        } else {
            watchdogInterval = nil
        }
    }

    deinit { close(socket) }

    /// Sends one notification, e.g. `READY=1`.
    @discardableResult
    public func send(_ state: String) -> Bool {
        let bytes = Array(state.utf8)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                // Never wait for systemd: a full socket drops this one message, the loop goes on.
                sendto(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), address, addressLength) == bytes.count
            }
        }
    }

    /// The first frame is on screen.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// The loop turned; pings the watchdog when half its interval has passed.
    public func alive(now: Date) {
        guard let interval = watchdogInterval, now.timeIntervalSince(lastPing) >= interval / 2 || now < lastPing else { return }
        lastPing = now
        send("WATCHDOG=1")
    }

    /// A short human status for `systemctl status`.
    public func status(_ text: String) { send("STATUS=\(text)") }

    /// The player is shutting down on purpose.
    public func stopping() { send("STOPPING=1") }
}
