/// What a clip file holds, as `check` and the schedule need it: read once when the feed is read.
public struct ClipInfo: Hashable, Sendable {
    /// The container's short name ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm").
    public var container: String
    /// The video codec's short name ("h264", "hevc", "vp9", "av1").
    public var codec: String
    /// Coded size in pixels.
    public var width: Int, height: Int
    /// The width a square-pixel display shows it at (anamorphic clips differ from `width`).
    public var displayWidth: Int
    /// Frames a second (0 when the container does not say).
    public var frameRate: Double
    /// Seconds, from the container or the stream.
    public var duration: Double
    /// Whether there is a sound track (played only when the item asks; muted otherwise).
    public var hasAudio: Bool
    /// The clockwise quarter turns, in degrees (0, 90, 180, 270), that show the pictures upright:
    /// a phone films portrait on its side and says so in the file's display matrix.
    public var turn: Int

    public init(container: String, codec: String, width: Int, height: Int, displayWidth: Int? = nil, frameRate: Double, duration: Double, hasAudio: Bool,
                turn: Int = 0) {
        self.container = container
        self.codec = codec
        self.width = width
        self.height = height
        self.displayWidth = displayWidth ?? width
        self.frameRate = frameRate
        self.duration = duration
        self.hasAudio = hasAudio
        self.turn = turn
    }

    /// The size the clip is seen at, upright and in square pixels: what a screen fits.
    public var shownSize: (width: Int, height: Int) {
        turn == 90 || turn == 270 ? (height, displayWidth) : (displayWidth, height)
    }

    /// "h264 1920×1080 30 fps, 12.0 s" — for check and the log; a turned clip says how it is shown
    /// ("h264 1920×1080 shown 1080×1920 …").
    public var summary: String {
        let rate = frameRate > 0 ? (frameRate.rounded() == frameRate ? "\(Int(frameRate))" : String(format: "%.2f", frameRate)) : "?"
        let shown = turn == 0 ? "" : " shown \(shownSize.width)×\(shownSize.height)"
        return "\(codec) \(width)×\(height)\(shown) \(rate) fps, \(String(format: "%.1f", duration)) s"
    }
}
