import CSDL2
import MachinakaCore
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

    /// The colour of one pixel (tests and benchmarks read frames back by it).
    public func pixel(x: Int, y: Int) -> RGBA {
        guard x >= 0, y >= 0, x < width, y < height, let pixels = surface.pointee.pixels else { return RGBA(0, 0, 0, 0) }
        let value = pixels.advanced(by: y * Int(surface.pointee.pitch) + x * 4).loadUnaligned(as: UInt32.self)
        return RGBA(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF), UInt8(value >> 24))
    }

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
