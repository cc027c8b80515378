import Dispatch
import Foundation
import MachinakaPOSIX

/// Turns SIGINT and SIGTERM into a call, so the loop can stop cleanly (systemd sends SIGTERM).
public final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []

    public init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable () -> Void) {
        ProcessLife.handOver(signals: signals)
        for number in signals {
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
