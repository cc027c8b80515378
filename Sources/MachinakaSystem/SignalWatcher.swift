import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a call, so the loop can stop cleanly (systemd sends SIGTERM).
public final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []

    public init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable () -> Void) {
        // A parent may have left these blocked (some process launchers do); a kiosk player
        // must still hear systemd's SIGTERM.
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals {
            sigaddset(&set, number)
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
