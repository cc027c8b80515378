import CFFmpeg

/// One picture of a clip, converted to 32-bit BGRA (SDL's ARGB8888) at the size it is drawn:
/// the renderer copies it into a texture as it is. Its buffer is reused for later pictures.
public final class VideoFrame: @unchecked Sendable {
    public let width: Int, height: Int
    /// Bytes from one row to the next.
    public let pitch: Int
    public let pixels: UnsafeMutableRawPointer
    /// Seconds since the showing began (loops add up: the second pass of a 10 s clip starts at 10).
    public internal(set) var time: Double = 0

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        // Rows aligned for the scaler's vector code.
        pitch = (width * 4 + 63) & ~63
        pixels = av_malloc(pitch * height)!
    }

    deinit { av_free(pixels) }
}
