import Foundation
import MachinakaRender

/// Hands a screenshot request from the HTTP server to the frame loop, which alone may touch
/// the display, and the PNG back.
public final class ScreenshotBroker: @unchecked Sendable {
    /// One waiting request: signalled when its PNG (or nothing) is there.
    private final class Waiter {
        let done = DispatchSemaphore(value: 0)
        var png: Data?
    }

    private let lock = NSLock()

    public init() {}
    private var waiting: [Waiter] = []
    /// Called to wake the loop when a request arrives.
    public var wake: @Sendable () -> Void = {}

    /// A PNG of the frame on screen, or nil if the loop did not answer within 2 s. Blocks the
    /// server's thread, never the loop.
    public func take() -> Data? {
        let waiter = Waiter()
        lock.lock()
        waiting.append(waiter)
        lock.unlock()
        wake()
        if waiter.done.wait(timeout: .now() + 2) == .timedOut {
            lock.lock()
            defer { lock.unlock() }
            // Answered in the meantime after all, or given up on.
            guard let index = waiting.firstIndex(where: { $0 === waiter }) else { return waiter.png }
            waiting.remove(at: index)
            return nil
        }
        return waiter.png
    }

    /// Whether a request is waiting; the loop checks this each turn.
    public var hasRequests: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !waiting.isEmpty
    }

    /// Called by the loop: writes the current frame and answers every waiting request.
    public func serve(from display: any Display) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-screenshot-\(getpid()).png").path
        defer { unlink(path) }
        let png = (try? display.writePNG(to: path)).flatMap { FileManager.default.contents(atPath: path) }
        lock.lock()
        let answered = waiting
        waiting.removeAll()
        for waiter in answered { waiter.png = png }
        lock.unlock()
        answered.forEach { $0.done.signal() }
    }
}
