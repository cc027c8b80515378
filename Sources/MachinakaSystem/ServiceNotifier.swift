import Foundation
import MachinakaPOSIX

/// Tells systemd how the player is doing (`Type=notify`): ready once the first frame is on
/// screen, alive at every turn of the frame loop — so a hung loop is killed and restarted by
/// `WatchdogSec=` — and stopping on the way out. Speaks the sd_notify datagram protocol
/// directly; does nothing when not started by systemd.
public final class ServiceNotifier: @unchecked Sendable {
    private let socket: Socket
    private let address: [UInt8]
    /// How often systemd wants to hear "alive" (half of `WatchdogSec`), if it does.
    public let watchdogInterval: TimeInterval?
    private var lastPing = Date.distantPast

    /// Reads `NOTIFY_SOCKET` and `WATCHDOG_USEC` from `environment`; nil without a socket.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty, let socket = try? Socket.unixDatagram() else { return nil }
        self.socket = socket
        // A leading '@' names an abstract socket: a NUL byte in the path.
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        address = bytes
        if let usec = environment["WATCHDOG_USEC"].flatMap(Double.init), usec > 0 {
            watchdogInterval = usec / 1e6 / 2
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends one notification, e.g. `READY=1`; never waits for systemd (a full socket drops
    /// this one message, the loop goes on).
    @discardableResult
    public func send(_ state: String) -> Bool {
        socket.send(Array(state.utf8), toUnixPath: address)
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
