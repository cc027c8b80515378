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
        guard (try? SDLLibrary.initializeCore()) != nil, let loaded = try? ImageDecoder.load(path) else { return nil }
        defer { SDL_FreeSurface(loaded) }
        // An alpha channel, or a palette with a transparent colour.
        guard loaded.pointee.format.pointee.Amask != 0 || SDL_HasColorKey(loaded) == SDL_TRUE,
            let surface = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ABGR8888.rawValue, 0)
        else { return nil }
        defer { SDL_FreeSurface(surface) }
        let width = Int(surface.pointee.w), height = Int(surface.pointee.h), pitch = Int(surface.pointee.pitch)
        guard width > 0, height > 0, let pixels = surface.pointee.pixels?.assumingMemoryBound(to: UInt8.self) else { return nil }
        // A sample of up to 250,000 pixels is plenty to judge a poster.
        let step = max(1, Int((Double(width * height) / 250_000).squareRoot()))
        var visible = 0, standingOut = 0, transparent = 0
        for y in stride(from: 0, to: height, by: step) {
            for x in stride(from: 0, to: width, by: step) {
                let p = pixels + y * pitch + x * 4
                let alpha = Double(p[3]) / 255
                if alpha < 0.99 { transparent += 1 }
                guard alpha >= 0.5 else { continue }
                visible += 1
                func over(_ c: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(c) * alpha + Double(b) * (1 - alpha)).rounded()) }
                let composed = RGBA(over(p[0], background.r), over(p[1], background.g), over(p[2], background.b))
                if composed.contrast(with: background) >= 1.5 { standingOut += 1 }
            }
        }
        guard transparent > 0 else { return nil }
        guard visible > 0 else { return 0 }
        return Double(standingOut) / Double(visible)
    }
}
