/// One picture of a clip, scaled to the size it is drawn at and kept as planar YUV 4:2:0
/// (a third of the bytes of RGB): the renderer hands the planes to a YUV texture, which a GPU
/// converts in its shader and SDL's software renderer converts for that rectangle alone.
/// Its buffer is reused for later pictures.
public final class VideoFrame: @unchecked Sendable {
    public let width: Int, height: Int
    /// Luma, then the two chroma planes (half size each way).
    public let planes: (y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>, v: UnsafeMutablePointer<UInt8>)
    /// Bytes from one row to the next: luma, then chroma.
    public let lumaPitch: Int, chromaPitch: Int
    /// Whether the colours are BT.709's (HD) rather than BT.601's; limited range either way.
    public internal(set) var bt709 = true
    /// Seconds since the showing began (loops add up: the second pass of a 10 s clip starts at 10).
    public internal(set) var time: Double = 0
    private let buffer: UnsafeMutableRawPointer

    init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        let chromaWidth = (self.width + 1) / 2, chromaHeight = (self.height + 1) / 2
        // Rows aligned for the scaler's vector code.
        lumaPitch = (self.width + 63) & ~63
        chromaPitch = (chromaWidth + 63) & ~63
        let lumaBytes = lumaPitch * self.height, chromaBytes = chromaPitch * chromaHeight
        // Aligned as FFmpeg's own buffers are, for the scaler's vector code.
        buffer = UnsafeMutableRawPointer.allocate(byteCount: lumaBytes + 2 * chromaBytes, alignment: 64)
        let base = buffer.bindMemory(to: UInt8.self, capacity: lumaBytes + 2 * chromaBytes)
        planes = (base, base + lumaBytes, base + lumaBytes + chromaBytes)
    }

    deinit { buffer.deallocate() }

    /// The luma at a point (tests read which picture they were given from it).
    public func luma(x: Int, y: Int) -> UInt8 {
        planes.y[min(max(0, y), height - 1) * lumaPitch + min(max(0, x), width - 1)]
    }
}
