import CSDL2
import CSDL2Image
import Foundation
import MachinakaPOSIX

/// A copy of a presented frame's pixels, taken on the frame loop (a copy of memory, a few
/// milliseconds) and encoded as PNG on any other thread: screenshots and the frame file never
/// make the loop wait for zlib.
public final class FrameCapture: @unchecked Sendable {
    private let surface: UnsafeMutablePointer<SDL_Surface>

    init(owning surface: UnsafeMutablePointer<SDL_Surface>) {
        self.surface = surface
    }

    /// A copy of `source`'s pixels.
    static func copy(of source: UnsafeMutablePointer<SDL_Surface>) throws -> FrameCapture {
        FrameCapture(owning: try check(SDL_ConvertSurfaceFormat(source, SDL_PIXELFORMAT_ARGB8888.rawValue, 0), "SDL_ConvertSurfaceFormat"))
    }

    deinit {
        SDL_FreeSurface(surface)
    }

    /// The frame's size.
    public var width: Int { Int(surface.pointee.w) }
    public var height: Int { Int(surface.pointee.h) }

    /// Writes the frame as a PNG file (on any thread; one capture on one thread at a time).
    public func writePNG(to path: String) throws {
        try check(IMG_SavePNG(surface, path), "IMG_SavePNG(\(path))")
    }

    /// The frame as PNG bytes.
    public func png() throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-capture-\(ProcessLife.id)-\(UUID().uuidString).png").path
        defer { try? FileSystem.remove(path) }
        try writePNG(to: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw SDLError.mismatch("the PNG written to \(path) cannot be read back") }
        return data
    }
}
