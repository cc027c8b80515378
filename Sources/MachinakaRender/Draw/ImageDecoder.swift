import CSDL2
import CSDL2Image
import Foundation
import MachinakaCore
import MachinakaPOSIX

/// Decodes image files on a background queue and scales them there to the exact size they are
/// drawn at, so the frame loop only turns a ready surface into a texture (which must happen on
/// the render thread) and copies it pixel for pixel — never waiting on a decoder, never
/// stretching a poster again on every ticker frame.
final class ImageDecoder: @unchecked Sendable {
    /// One image as one frame shows it: the file, and the size and mode it is drawn at.
    struct Request: Hashable, Sendable {
        var path: String
        var width: Int
        var height: Int
        var mode: ImageNode.Mode
        var version: Int64

        init(_ node: ImageNode) {
            path = node.path
            width = node.frame.width
            height = node.frame.height
            mode = node.mode
            version = node.version
        }
    }

    /// A decoded surface handed between threads; owned by whoever takes it.
    private struct Decoded: @unchecked Sendable {
        let surface: UnsafeMutablePointer<SDL_Surface>
    }

    /// Guards the tables below; signalled when a decode finishes.
    private let lock = NSCondition()
    private var ready: [Request: Decoded] = [:]
    /// Ready surfaces, oldest first: at most `keep` are held, so a surface nobody took (its
    /// slide was skipped, or its texture was still cached) cannot pile up.
    private var readyOrder: [Request] = []
    private let keep = 2
    private var pending: Set<Request> = []
    /// Decodes that failed, with the reason: not tried again on the loop, reported instead.
    private var failed: [Request: String] = [:]
    /// Decodes under way whose result nobody wants any more: freed as soon as they finish.
    private var unwanted: Set<Request> = []
    private let queue = DispatchQueue(label: "machinaka.decode", qos: .utility)

    deinit {
        for decoded in ready.values { SDL_FreeSurface(decoded.surface) }
    }

    /// Starts decoding `request` unless it is decoded or on its way.
    func request(_ request: Request) {
        lock.lock()
        // Wanted again after all (a later slide shows it).
        unwanted.remove(request)
        failed[request] = nil
        guard ready[request] == nil, pending.insert(request).inserted else {
            lock.unlock()
            return
        }
        lock.unlock()
        queue.async { [weak self] in
            var surface: UnsafeMutablePointer<SDL_Surface>? = nil
            var failure: String? = nil
            do {
                Self.beforeDecode?(request)
                surface = try Self.decode(request)
            } catch {
                failure = "\(error)"
            }
            guard let self else {
                SDL_FreeSurface(surface)
                return
            }
            self.lock.lock()
            self.pending.remove(request)
            if let failure {
                self.failed[request] = failure
                if self.failed.count > 64 { self.failed.removeAll() }
            }
            var dropped: [Decoded] = []
            if self.unwanted.remove(request) != nil {
                dropped += surface.map { [Decoded(surface: $0)] } ?? []
            } else if let surface {
                self.ready[request] = Decoded(surface: surface)
                self.readyOrder.append(request)
                while self.readyOrder.count > self.keep, let oldest = self.ready.removeValue(forKey: self.readyOrder.removeFirst()) {
                    dropped.append(oldest)
                }
            }
            self.lock.broadcast()
            self.lock.unlock()
            dropped.forEach { SDL_FreeSurface($0.surface) }
        }
    }

    /// The decoded surface of `request`, if ready; the caller frees it.
    func take(_ request: Request) -> UnsafeMutablePointer<SDL_Surface>? {
        lock.lock()
        defer { lock.unlock() }
        readyOrder.removeAll { $0 == request }
        return ready.removeValue(forKey: request)?.surface
    }

    /// Tests: runs on the decoding queue before each decode (a slow card, a huge file). Read
    /// and written under a lock: decoders of other displays read it while a test sets it.
    static var beforeDecode: (@Sendable (Request) -> Void)? {
        get {
            hookLock.lock()
            defer { hookLock.unlock() }
            return hook
        }
        set {
            hookLock.lock()
            hook = newValue
            hookLock.unlock()
        }
    }
    nonisolated(unsafe) private static var hook: (@Sendable (Request) -> Void)?
    private static let hookLock = NSLock()

    /// The decoded surface of `request` without waiting: `.ready` (the caller frees it),
    /// `.failed`, or nil while it is being decoded; `.absent` when it was never asked for.
    func poll(_ request: Request) -> Outcome? {
        lock.lock()
        if let failure = failed.removeValue(forKey: request) {
            lock.unlock()
            return .failed(failure)
        }
        if ready[request] == nil, pending.contains(request) {
            lock.unlock()
            return nil
        }
        lock.unlock()
        return take(request).map(Outcome.ready) ?? .absent
    }

    /// What waiting for a decode gave.
    enum Outcome {
        /// The surface, which the caller frees.
        case ready(UnsafeMutablePointer<SDL_Surface>)
        /// The decode failed, for this reason.
        case failed(String)
        /// It was never requested, or took longer than the wait.
        case absent
    }

    /// The decoded surface of `request`, waiting for it if it is being decoded (decoding a
    /// second copy on the caller's thread would cost as long and twice the memory), or why it
    /// failed; `.absent` if it was never requested or takes longer than `timeout`.
    func takeWaiting(_ request: Request, timeout: TimeInterval = 2) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        while ready[request] == nil, pending.contains(request), lock.wait(until: deadline) {}
        if let failure = failed.removeValue(forKey: request) {
            lock.unlock()
            return .failed(failure)
        }
        lock.unlock()
        return take(request).map(Outcome.ready) ?? .absent
    }

    /// Frees the surface decoded for `request`, now or when its decode finishes: its texture
    /// turned out to be cached.
    func discard(_ request: Request) {
        lock.lock()
        if pending.contains(request) { unwanted.insert(request) }
        lock.unlock()
        SDL_FreeSurface(take(request))
    }

    /// For tests: takes and frees the decoded surface of `request`, returning its size.
    func takeSizeForTesting(_ request: Request) -> PixelSize? {
        guard let surface = take(request) else { return nil }
        defer { SDL_FreeSurface(surface) }
        return PixelSize(width: Int(surface.pointee.w), height: Int(surface.pointee.h))
    }

    /// Reads the file and scales it to the size it is drawn at: the whole image inside the
    /// frame for `fit`, the frame covered and the overflow cut away for `fill`. The caller frees
    /// the result.
    static func decode(_ request: Request) throws -> UnsafeMutablePointer<SDL_Surface> {
        var source = try load(request.path)
        // Stretching needs 32-bit pixels; PNGs with alpha already are, and are not copied again
        // (a poster at 1920×1080 is 8 MB per copy).
        if source.pointee.format.pointee.BytesPerPixel != 4 {
            let converted = SDL_ConvertSurfaceFormat(source, SDL_PIXELFORMAT_ARGB8888.rawValue, 0)
            SDL_FreeSurface(source)
            source = try check(converted, "SDL_ConvertSurfaceFormat(\(request.path))")
        }
        let w = Int(source.pointee.w), h = Int(source.pointee.h)
        guard w > 0, h > 0, request.width > 0, request.height > 0 else { return source }
        let geometry = ImageGeometry(imageWidth: w, imageHeight: h, frameWidth: request.width, frameHeight: request.height, mode: request.mode)
        if geometry.source == Rect(x: 0, y: 0, width: w, height: h), geometry.size.width == w, geometry.size.height == h {
            return source
        }
        defer { SDL_FreeSurface(source) }
        let scaled = try check(SDL_CreateRGBSurfaceWithFormat(0, Int32(geometry.size.width), Int32(geometry.size.height), 32, source.pointee.format.pointee.format),
                               "SDL_CreateRGBSurfaceWithFormat(\(geometry.size))")
        var from = SDL_Rect(x: Int32(geometry.source.x), y: Int32(geometry.source.y), w: Int32(geometry.source.width), h: Int32(geometry.source.height))
        do {
            try check(SDL_SoftStretchLinear(source, &from, scaled, nil), "SDL_SoftStretchLinear(\(request.path))")
        } catch {
            SDL_FreeSurface(scaled)
            throw error
        }
        return scaled
    }
}

extension ImageDecoder {
    /// Why a file could not be decoded, in words for the log and `check`.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the file the one safe way (an ordinary file, not through a link, within the size
    /// limit) and decodes it from memory; the caller frees the surface.
    static func load(_ path: String) throws -> UnsafeMutablePointer<SDL_Surface> {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(absolute: path, limit: Limits.imageBytes)
        } catch {
            throw Failure(description: error.description)
        }
        guard let surface = bytes.withUnsafeBytes({ raw -> UnsafeMutablePointer<SDL_Surface>? in
            guard let memory = SDL_RWFromConstMem(raw.baseAddress, Int32(raw.count)) else { return nil }
            return IMG_Load_RW(memory, 1)
        }) else {
            throw Failure(description: "the image cannot be decoded (\(String(cString: SDL_GetError())))")
        }
        let (pixels, overflow) = Int(surface.pointee.w).multipliedReportingOverflow(by: Int(surface.pointee.h))
        guard !overflow, pixels <= Limits.imagePixels else {
            SDL_FreeSurface(surface)
            throw Failure(description: "the image decodes to \(surface.pointee.w)×\(surface.pointee.h), more pixels than allowed")
        }
        return surface
    }

}

/// Where an image of one size meets a frame of another: which part of the image shows, and at
/// what size it is drawn (centred in the frame).
struct ImageGeometry: Equatable {
    /// The part of the image that shows: all of it for `fit`, the centred crop for `fill`.
    var source: Rect
    /// The size it is drawn at: inside the frame for `fit`, the frame itself for `fill`.
    var size: PixelSize

    init(imageWidth w: Int, imageHeight h: Int, frameWidth fw: Int, frameHeight fh: Int, mode: ImageNode.Mode) {
        switch mode {
        case .fit:
            let scale = min(Double(fw) / Double(w), Double(fh) / Double(h))
            source = Rect(x: 0, y: 0, width: w, height: h)
            size = PixelSize(width: max(1, min(fw, Int((Double(w) * scale).rounded()))), height: max(1, min(fh, Int((Double(h) * scale).rounded()))))
        case .fill:
            let scale = max(Double(fw) / Double(w), Double(fh) / Double(h))
            let cw = max(1, min(w, Int((Double(fw) / scale).rounded()))), ch = max(1, min(h, Int((Double(fh) / scale).rounded())))
            source = Rect(x: (w - cw) / 2, y: (h - ch) / 2, width: cw, height: ch)
            size = PixelSize(width: fw, height: fh)
        }
    }
}
