import Foundation
import MachinakaRender
import MachinakaSystem

/// The local HTTP endpoint: `GET /status` (the status JSON) and `GET /screenshot.png` (the
/// frame on screen). Bound to 127.0.0.1 only, and only when `--http PORT` is given: nobody
/// but someone already on the kiosk can read it, and nothing can be sent to the screen.
final class StatusServer {
    private let server: LoopbackHTTPServer

    init(port: UInt16, status: StatusFile, screenshots: ScreenshotBroker) throws {
        server = try LoopbackHTTPServer(port: port) { path in
            switch path {
            case "/status":
                guard let json = status.json else { return .init(status: 503, body: Data("starting\n".utf8)) }
                return .init(status: 200, contentType: "application/json", body: json)
            case "/screenshot.png":
                guard let png = screenshots.take() else { return .init(status: 503, body: Data("no frame within 2 s\n".utf8)) }
                return .init(status: 200, contentType: "image/png", body: png)
            default:
                return .init(status: 404, body: Data("only /status and /screenshot.png are served\n".utf8))
            }
        }
        server.start()
    }

    func stop() {
        server.stop()
    }
}

/// Hands a screenshot request from the HTTP server to the frame loop, which alone may touch
/// the display, and the PNG back.
final class ScreenshotBroker: @unchecked Sendable {
    /// One waiting request: signalled when its PNG (or nothing) is there.
    private final class Waiter {
        let done = DispatchSemaphore(value: 0)
        var png: Data?
    }

    private let lock = NSLock()
    private var waiting: [Waiter] = []
    /// Called to wake the loop when a request arrives.
    var wake: @Sendable () -> Void = {}

    /// A PNG of the frame on screen, or nil if the loop did not answer within 2 s. Blocks the
    /// server's thread, never the loop.
    func take() -> Data? {
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
    var hasRequests: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !waiting.isEmpty
    }

    /// Called by the loop: writes the current frame and answers every waiting request.
    func serve(from display: Display) {
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
