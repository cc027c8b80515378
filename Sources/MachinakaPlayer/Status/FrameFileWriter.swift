import Foundation
import Logging
import MachinakaPOSIX
import MachinakaRender

/// Keeps the current frame in a PNG file (off-screen play's `--frame-out`): the loop hands over
/// a copy of the pixels, a queue of its own encodes and writes it (beside the name, then
/// renamed). While one is being written only the newest waiting copy is kept, so a slow disk
/// never holds the loop or piles up frames. A failure is said once, when it starts, and again
/// when it ends.
public final class FrameFileWriter: @unchecked Sendable {
    public let path: String
    private let logger: Logger
    private let queue = DispatchQueue(label: "machinaka.frame-file", qos: .utility)
    private let lock = NSLock()
    private var pending: FrameCapture?
    private var writing = false
    private var failing = false
    private let idle = DispatchGroup()

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// Called by the loop after a frame whose still part changed.
    public func write(_ capture: FrameCapture) {
        lock.lock()
        pending = capture
        let start = !writing
        writing = true
        if start { idle.enter() }
        lock.unlock()
        if start { queue.async { [self] in drain() } }
    }

    /// Waits until the newest frame handed over is in the file (tests, and the player's stop).
    public func flush() {
        idle.wait()
    }

    private func drain() {
        while true {
            lock.lock()
            guard let capture = pending else {
                writing = false
                lock.unlock()
                idle.leave()
                return
            }
            pending = nil
            lock.unlock()
            do {
                try AtomicFile.replace(path) { try capture.writePNG(to: $0) }
                if failing { logger.notice("The frame is written to \(path) again.") }
                failing = false
            } catch {
                if !failing { logger.error("Could not write the frame to \(path): \(error); the screen plays on.") }
                failing = true
            }
        }
    }
}
