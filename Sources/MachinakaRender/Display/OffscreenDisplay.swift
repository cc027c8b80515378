import CSDL2
import CSDL2Image
import MachinakaCore

/// A display with no screen: SDL's software renderer drawing into a memory surface.
/// Used by `render`, by `play --headless` and by tests, which read its pixels.
public final class OffscreenDisplay: Display {
    public let size: PixelSize
    private let surface: UnsafeMutablePointer<SDL_Surface>
    private let renderer: OpaquePointer
    private let scenes: SceneRenderer

    /// Creates a surface of `size` drawn with `fonts`.
    public init(size: PixelSize, fonts: FontLibrary) throws {
        try SDLLibrary.initializeCore()
        self.size = size
        let format = SDL_PIXELFORMAT_ARGB8888.rawValue
        surface = try check(SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, format), "SDL_CreateRGBSurfaceWithFormat")
        do {
            renderer = try check(SDL_CreateSoftwareRenderer(surface), "SDL_CreateSoftwareRenderer")
        } catch {
            SDL_FreeSurface(surface)
            throw error
        }
        scenes = SceneRenderer(renderer: renderer, fonts: fonts)
    }

    deinit {
        SDL_DestroyRenderer(renderer)
        SDL_FreeSurface(surface)
    }

    public func show(_ scene: Scene) throws {
        try scenes.draw(scene)
        SDL_RenderPresent(renderer)
    }

    public func writePNG(to path: String) throws {
        try check(IMG_SavePNG(surface, path), "IMG_SavePNG(\(path))")
    }

    /// The text texture cache, for tests that check memory stays bounded.
    var textCacheForTesting: TextureCache<SceneRenderer.TextKey> { scenes.textTextures }

    /// The colour of one pixel of the last frame.
    public func pixel(x: Int, y: Int) -> RGBA {
        precondition(x >= 0 && y >= 0 && x < size.width && y < size.height, "pixel outside the frame")
        let pitch = Int(surface.pointee.pitch)
        let value = surface.pointee.pixels.load(fromByteOffset: y * pitch + x * 4, as: UInt32.self)
        return RGBA(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF), UInt8(value >> 24 & 0xFF))
    }
}
