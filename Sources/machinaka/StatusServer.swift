import FlyingFox
import Foundation
import MachinakaRender

/// The local HTTP endpoint: `GET /status` (the status JSON) and `GET /screenshot.png` (the
/// frame on screen). Bound to 127.0.0.1 only, and only when `--http PORT` is given: nobody
/// but someone already on the kiosk can read it, and nothing can be sent to the screen.
final class StatusServer: @unchecked Sendable {
    private let server: HTTPServer
    private let status: StatusFile
    private let screenshots: ScreenshotBroker
    private var task: Task<Void, Error>?

    init(port: UInt16, status: StatusFile, screenshots: ScreenshotBroker) throws {
        // IPv4 loopback by address: `.loopback` would listen on ::1 alone.
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port))
        self.status = status
        self.screenshots = screenshots
    }

    func start() async throws {
        let status = self.status, screenshots = self.screenshots
        await server.appendRoute("GET /status") { _ in
            guard let json = status.json else {
                return HTTPResponse(statusCode: .serviceUnavailable, body: Data("starting\n".utf8))
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: json)
        }
        await server.appendRoute("GET /screenshot.png") { _ in
            guard let png = await screenshots.take() else {
                return HTTPResponse(statusCode: .serviceUnavailable)
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "image/png"], body: png)
        }
        let server = self.server
        task = Task.detached { try await server.run() }
        try await server.waitUntilListening(timeout: 5)
    }

    func stop() {
        task?.cancel()
    }
}

/// Hands a screenshot request from the HTTP server to the frame loop, which alone may touch
/// the display, and the PNG back.
final class ScreenshotBroker: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: CheckedContinuation<Data?, Never>] = [:]
    private var nextID = 0
    /// Called to wake the loop when a request arrives.
    var wake: @Sendable () -> Void = {}

    /// A PNG of the frame on screen, or nil if the loop did not answer within 2 s.
    func take() async -> Data? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Data?, Never>) in
            lock.lock()
            let id = nextID
            nextID += 1
            waiting[id] = continuation
            lock.unlock()
            wake()
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [weak self] in self?.resume(id, with: nil) }
        }
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
        let ids = Array(waiting.keys)
        lock.unlock()
        ids.forEach { resume($0, with: png) }
    }

    /// Answers request `id` once: by the loop or by the timeout, whichever comes first.
    private func resume(_ id: Int, with data: Data?) {
        lock.lock()
        let continuation = waiting.removeValue(forKey: id)
        lock.unlock()
        continuation?.resume(returning: data)
    }
}
