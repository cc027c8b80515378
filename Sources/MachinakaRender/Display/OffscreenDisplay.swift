import CSDL2
import CSDL2Image
import MachinakaCore

/// A display with no screen: SDL's software renderer drawing into a memory surface.
/// Used by `render`, by `play --headless` and by tests, which read its pixels.
public final class OffscreenDisplay: RendererDisplay {
    private let surface: UnsafeMutablePointer<SDL_Surface>

    /// Creates a surface of `size` drawn with `fonts`.
    public init(size: PixelSize, fonts: FontLibrary) throws {
        try SDLLibrary.initializeCore()
        let format = SDL_PIXELFORMAT_ARGB8888.rawValue
        surface = try check(SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, format), "SDL_CreateRGBSurfaceWithFormat")
        let renderer: OpaquePointer
        do {
            renderer = try check(SDL_CreateSoftwareRenderer(surface), "SDL_CreateSoftwareRenderer")
        } catch {
            SDL_FreeSurface(surface)
            throw error
        }
        super.init(size: size, renderer: renderer, fonts: fonts, retainsPixels: true)
    }

    deinit {
        SDL_DestroyRenderer(renderer)
        SDL_FreeSurface(surface)
    }

    public override func writePNG(to path: String) throws {
        try check(IMG_SavePNG(surface, path), "IMG_SavePNG(\(path))")
    }

    public override func capture() throws -> FrameCapture {
        try FrameCapture.copy(of: surface)
    }

    /// Images decoded on the frame loop rather than ahead, for tests.
    var decodedOnLoopForTesting: Int { scenes.decodedOnLoop }
    /// Clip showings with a decoding thread (tests: an alert closes the one it cuts).
    var clipShowingsForTesting: Int { scenes.clips.showings }

    /// Frames finished by redrawing only the ticker's strip, for tests.
    var partialFramesForTesting: Int { scenes.partialFrames }

    /// The text texture cache, for tests that check memory stays bounded.
    var textCacheForTesting: TextureCache<SceneRenderer.TextKey> { scenes.textTextures }

    /// How many pixels of the last frame differ from the PNG at `path` by more than
    /// `tolerance` in any channel — for golden-image tests. Throws when the file cannot be read
    /// or its size differs.
    public func differingPixels(fromPNG path: String, tolerance: UInt8 = 24) throws -> Int {
        let loaded = try check(IMG_Load(path), "IMG_Load(\(path))")
        defer { SDL_FreeSurface(loaded) }
        let reference = try check(SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888.rawValue, 0), "SDL_ConvertSurfaceFormat")
        defer { SDL_FreeSurface(reference) }
        guard Int(reference.pointee.w) == size.width, Int(reference.pointee.h) == size.height else {
            throw SDLError.mismatch("the reference \(path) is \(reference.pointee.w)x\(reference.pointee.h), the frame \(size)")
        }
        var differing = 0
        for y in 0..<size.height {
            let ours = surface.pointee.pixels.advanced(by: y * Int(surface.pointee.pitch)).assumingMemoryBound(to: UInt32.self)
            let theirs = reference.pointee.pixels.advanced(by: y * Int(reference.pointee.pitch)).assumingMemoryBound(to: UInt32.self)
            for x in 0..<size.width {
                let a = ours[x], b = theirs[x]
                if a == b { continue }
                for shift in [0, 8, 16] {
                    let ca = Int((a >> UInt32(shift)) & 0xFF), cb = Int((b >> UInt32(shift)) & 0xFF)
                    if abs(ca - cb) > Int(tolerance) {
                        differing += 1
                        break
                    }
                }
            }
        }
        return differing
    }

    /// The colour of one pixel of the last frame.
    public func pixel(x: Int, y: Int) -> RGBA {
        precondition(x >= 0 && y >= 0 && x < size.width && y < size.height, "pixel outside the frame")
        let pitch = Int(surface.pointee.pitch)
        let value = surface.pointee.pixels.load(fromByteOffset: y * pitch + x * 4, as: UInt32.self)
        return RGBA(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF), UInt8(value >> 24 & 0xFF))
    }
}

/// `--output offscreen`: frames drawn into memory with SDL's software renderer; the player
/// writes them to a PNG file (`--headless`).
public struct OffscreenOutput: OutputDriver {
    public var name: String { "offscreen" }
    public var summary: String { "no screen: frames drawn in memory, the current one written to a PNG file" }

    public init() {}

    public func open(_ request: OutputRequest, fonts: FontLibrary) throws -> any Display {
        try OffscreenDisplay(size: request.size, fonts: fonts)
    }
}
