import CSDL2
import CSDL2Image
import Foundation

/// Decodes image files on a background queue, so the frame loop only turns a ready surface
/// into a texture (which must happen on the render thread) instead of waiting on a decoder.
final class ImageDecoder: @unchecked Sendable {
    /// A decoded surface handed between threads; owned by whoever takes it.
    private struct Decoded: @unchecked Sendable {
        let surface: UnsafeMutablePointer<SDL_Surface>
    }

    private let lock = NSLock()
    private var ready: [String: Decoded] = [:]
    private var pending: Set<String> = []
    private let queue = DispatchQueue(label: "machinaka.decode", qos: .utility)

    deinit {
        for decoded in ready.values { SDL_FreeSurface(decoded.surface) }
    }

    /// Starts decoding `path` unless it is decoded or on its way.
    func request(_ path: String) {
        lock.lock()
        guard ready[path] == nil, pending.insert(path).inserted else {
            lock.unlock()
            return
        }
        lock.unlock()
        queue.async { [weak self] in
            let surface = IMG_Load(path)
            guard let self else {
                SDL_FreeSurface(surface)
                return
            }
            self.lock.lock()
            self.pending.remove(path)
            if let surface { self.ready[path] = Decoded(surface: surface) }
            self.lock.unlock()
        }
    }

    /// For tests: takes and frees the decoded surface of `path`, returning its size.
    func takeSizeForTesting(_ path: String) -> (width: Int, height: Int)? {
        guard let surface = take(path) else { return nil }
        defer { SDL_FreeSurface(surface) }
        return (Int(surface.pointee.w), Int(surface.pointee.h))
    }

    /// The decoded surface of `path`, if ready; the caller frees it.
    func take(_ path: String) -> UnsafeMutablePointer<SDL_Surface>? {
        lock.lock()
        defer { lock.unlock() }
        return ready.removeValue(forKey: path)?.surface
    }
}
