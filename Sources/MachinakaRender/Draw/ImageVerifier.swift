import CSDL2

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
}
