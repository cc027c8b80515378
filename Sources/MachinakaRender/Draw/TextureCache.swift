import CSDL2

/// An SDL texture, destroyed when the last reference goes.
final class Texture {
    let pointer: OpaquePointer
    let width: Int32
    let height: Int32

    init(renderer: OpaquePointer, surface: UnsafeMutablePointer<SDL_Surface>) throws {
        pointer = try check(SDL_CreateTextureFromSurface(renderer, surface), "SDL_CreateTextureFromSurface")
        width = surface.pointee.w
        height = surface.pointee.h
    }

    var bytes: Int { Int(width) * Int(height) * 4 }

    deinit { SDL_DestroyTexture(pointer) }
}

/// Textures by key, least recently used dropped first once their pixels exceed a budget,
/// so memory stays flat however many items a kiosk plays in a year.
final class TextureCache<Key: Hashable> {
    private var entries: [Key: (texture: Texture, lastUse: UInt64)] = [:]
    private var tick: UInt64 = 0
    private var bytes = 0
    let budget: Int

    init(budgetBytes: Int) {
        budget = budgetBytes
    }

    func texture(for key: Key, make: () throws -> Texture?) rethrows -> Texture? {
        tick += 1
        if let entry = entries[key] {
            entries[key] = (entry.texture, tick)
            return entry.texture
        }
        guard let texture = try make() else { return nil }
        entries[key] = (texture, tick)
        bytes += texture.bytes
        while bytes > budget, entries.count > 1,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            bytes -= oldest.value.texture.bytes
            entries[oldest.key] = nil
        }
        return texture
    }

    func contains(_ key: Key) -> Bool { entries[key] != nil }

    var count: Int { entries.count }
    var residentBytes: Int { bytes }
}
