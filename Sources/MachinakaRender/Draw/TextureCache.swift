import CSDL2

/// An SDL texture, destroyed when the last reference goes.
final class Texture {
    let pointer: OpaquePointer
    let width: Int32
    let height: Int32

    init(renderer: OpaquePointer, surface: UnsafeMutablePointer<SDL_Surface>) throws {
        pointer = try check(SDL_CreateTextureFromSurface(renderer, surface), "SDL_CreateTextureFromSurface")
        // Smooth when drawn at another size (a colour emoji's bitmap scaled to its line).
        SDL_SetTextureScaleMode(pointer, SDL_ScaleModeLinear)
        width = surface.pointee.w
        height = surface.pointee.h
    }

    var bytes: Int { Int(width) * Int(height) * 4 }

    deinit { SDL_DestroyTexture(pointer) }
}

/// Textures by key, least recently used dropped first once their pixels would exceed a
/// budget, so memory stays flat however many items a kiosk plays in a year.
///
/// Room is made before a texture is created, not after: a new full-screen poster replaces the
/// old one instead of briefly living beside it (8 MB each at 1920×1080).
final class TextureCache<Key: Hashable> {
    private var entries: [Key: (texture: Texture, lastUse: UInt64)] = [:]
    private var tick: UInt64 = 0
    private var bytes = 0
    let budget: Int
    private let renderer: OpaquePointer

    init(renderer: OpaquePointer, budgetBytes: Int) {
        self.renderer = renderer
        budget = budgetBytes
    }

    /// The texture for `key`, made from the surface `surface()` returns (which it frees) when
    /// not cached.
    func texture(for key: Key, surface: () throws -> UnsafeMutablePointer<SDL_Surface>?) throws -> Texture? {
        tick += 1
        if let entry = entries[key] {
            entries[key] = (entry.texture, tick)
            return entry.texture
        }
        guard let pixels = try surface() else { return nil }
        defer { SDL_FreeSurface(pixels) }
        let incoming = Int(pixels.pointee.w) * Int(pixels.pointee.h) * 4
        while bytes + incoming > budget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            bytes -= oldest.value.texture.bytes
            entries[oldest.key] = nil
        }
        let texture = try Texture(renderer: renderer, surface: pixels)
        entries[key] = (texture, tick)
        bytes += texture.bytes
        return texture
    }

    func contains(_ key: Key) -> Bool { entries[key] != nil }

    var count: Int { entries.count }
    var residentBytes: Int { bytes }
}
