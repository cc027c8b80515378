import CSDL2
import MachinakaCore

/// Decodes an image the way the screen will, to say beforehand whether it can be shown:
/// `check` asks this of every poster and logo, so a file whose header is fine but whose data
/// is broken is named before it reaches a screen.
public enum ImageVerifier {
    /// Why the image at `path` cannot be shown, or nil when it decodes.
    public static func problem(decoding path: String) -> String? {
        do {
            try SDLLibrary.initializeCore()
            SDL_FreeSurface(try ImageDecoder.load(path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The share (0…1) of the image's visible pixels — those not mostly transparent — that
    /// stand out from `background` (contrast 1.5:1 or more, once composed on it): near 0, the
    /// artwork vanishes on that screen (black lines of a transparent PNG on a black ground).
    /// Nil when the image has no transparency (it covers its ground) or cannot be read.
    public static func visibleShare(of path: String, on background: RGBA) -> Double? {
        Sample(path: path)?.visibleShare(on: background)
    }

    /// An image with transparent parts, decoded once and sampled, to be judged on as many
    /// grounds as asked (a poster that vanishes on one is tried on the others without being
    /// decoded again).
    public struct Sample {
        /// ABGR8888 pixels, `width` × `height`, rows without padding.
        private let pixels: [UInt8]
        private let width: Int, height: Int

        /// Nil when the image has no transparency (it covers its ground) or cannot be read.
        public init?(path: String) {
            guard (try? SDLLibrary.initializeCore()) != nil, let loaded = try? ImageDecoder.load(path) else { return nil }
            defer { SDL_FreeSurface(loaded) }
            // An alpha channel, or a palette with a transparent colour.
            guard loaded.pointee.format.pointee.Amask != 0 || SDL_HasColorKey(loaded) == SDL_TRUE else { return nil }
            // Up to 250,000 pixels, plenty to judge a poster: every step-th pixel each way,
            // copied (not blended) into a small surface of known layout. Converting the whole
            // image instead cost a second full-size copy — 8 MB for a 1920×1080 poster, on the
            // loop and the layout worker at once when a poster first came round.
            let loadedWidth = Int(loaded.pointee.w), loadedHeight = Int(loaded.pointee.h)
            guard loadedWidth > 0, loadedHeight > 0 else { return nil }
            let step = max(1, Int((Double(loadedWidth * loadedHeight) / 250_000).squareRoot()))
            width = (loadedWidth + step - 1) / step
            height = (loadedHeight + step - 1) / step
            guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, SDL_PIXELFORMAT_ABGR8888.rawValue) else { return nil }
            defer { SDL_FreeSurface(surface) }
            // SDL scales no palette: a paletted image (a quarter of the bytes) is converted
            // whole first, its transparent colour made transparent pixels.
            var source = loaded
            if loaded.pointee.format.pointee.palette != nil {
                guard let converted = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ABGR8888.rawValue, 0) else { return nil }
                source = converted
            }
            defer { if source != loaded { SDL_FreeSurface(source) } }
            _ = SDL_SetSurfaceBlendMode(source, SDL_BLENDMODE_NONE)
            var whole = SDL_Rect(x: 0, y: 0, w: Int32(loadedWidth), h: Int32(loadedHeight))
            var sample = SDL_Rect(x: 0, y: 0, w: Int32(width), h: Int32(height))
            guard SDL_UpperBlitScaled(source, &whole, surface, &sample) == 0,
                let base = surface.pointee.pixels?.assumingMemoryBound(to: UInt8.self)
            else { return nil }
            let pitch = Int(surface.pointee.pitch), rowBytes = width * 4
            let rows = height
            var copied = [UInt8](repeating: 0, count: rowBytes * rows)
            copied.withUnsafeMutableBufferPointer { out in
                for y in 0..<rows { (out.baseAddress! + y * rowBytes).update(from: base + y * pitch, count: rowBytes) }
            }
            // Transparent in places, or it covers its ground whatever that is.
            guard stride(from: 3, to: copied.count, by: 4).contains(where: { copied[$0] < 253 }) else { return nil }
            pixels = copied
        }

        /// `ImageVerifier.visibleShare(of:on:)` for this image: 0 when nothing of it is visible.
        public func visibleShare(on background: RGBA) -> Double {
            var visible = 0, standingOut = 0
            for offset in stride(from: 0, to: pixels.count, by: 4) {
                let alpha = Double(pixels[offset + 3]) / 255
                guard alpha >= 0.5 else { continue }
                visible += 1
                func over(_ c: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(c) * alpha + Double(b) * (1 - alpha)).rounded()) }
                let composed = RGBA(over(pixels[offset], background.r), over(pixels[offset + 1], background.g), over(pixels[offset + 2], background.b))
                if composed.contrast(with: background) >= 1.5 { standingOut += 1 }
            }
            return visible > 0 ? Double(standingOut) / Double(visible) : 0
        }
    }
}
