import Foundation
import MachinakaRender

/// Hands a screenshot request from the HTTP server to the frame loop, which alone may touch
/// the display, and the PNG back. The loop only copies the frame's pixels; the PNG is encoded
/// on a queue of its own. However many clients poll, the loop copies at most one frame a
/// second: a request within `freshFor` of the last PNG is answered with it.
public final class ScreenshotBroker: @unchecked Sendable {
    /// One waiting request: signalled when its PNG (or nothing) is there.
    private final class Waiter {
        let done = DispatchSemaphore(value: 0)
        var png: Data?
    }

    /// How long a PNG answers later requests (seconds).
    public static let freshFor: Double = 1

    private let lock = NSLock()
    private var waiting: [Waiter] = []
    private var latest: (png: Data, at: UInt64)?
    private var encoding = false
    private let encoder = DispatchQueue(label: "machinaka.screenshots", qos: .utility)
    /// Called to wake the loop when a request arrives.
    public var wake: @Sendable () -> Void = {}

    public init() {}

    private static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A PNG of the frame on screen, or nil if none came within 5 s. Blocks the server's
    /// thread, never the loop.
    public func take() -> Data? {
        let waiter = Waiter()
        lock.lock()
        if let latest, Double(Self.uptime() - latest.at) / 1e9 < Self.freshFor {
            lock.unlock()
            return latest.png
        }
        waiting.append(waiter)
        lock.unlock()
        wake()
        if waiter.done.wait(timeout: .now() + 5) == .timedOut {
            lock.lock()
            defer { lock.unlock() }
            // Answered in the meantime after all, or given up on.
            guard let index = waiting.firstIndex(where: { $0 === waiter }) else { return waiter.png }
            waiting.remove(at: index)
            return nil
        }
        return waiter.png
    }

    /// Whether a request waits for a frame the loop has not yet copied.
    public var hasRequests: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !waiting.isEmpty && !encoding
    }

    /// Called by the loop: copies the current frame, and encodes it and answers every waiting
    /// request off the loop.
    public func serve(from display: any Display) {
        let capture = try? display.capture()
        lock.lock()
        encoding = true
        lock.unlock()
        encoder.async { [self] in
            let png = try? capture?.png()
            lock.lock()
            let answered = waiting
            waiting.removeAll()
            if let png { latest = (png, Self.uptime()) }
            encoding = false
            for waiter in answered { waiter.png = png }
            lock.unlock()
            answered.forEach { $0.done.signal() }
        }
    }
}
