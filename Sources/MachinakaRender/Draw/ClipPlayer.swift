import CSDL2
import Foundation
import MachinakaCore
import MachinakaVideo

/// The clips a renderer shows: one decoding stream and one streaming texture per showing.
///
/// The live player never waits for a picture: it draws the newest one decoded and asks for
/// the frame again when the first is not there yet. `render --at` and previews decode the
/// exact picture due, waiting for it. The next slide's clip is started when the slide is
/// prepared, so its first picture is decoded before its showing begins: no black or stale
/// frame at a switch. A showing no frame shows any more is closed at once (an alert cuts in).
final class ClipPlayer {
    /// One showing of one clip at one size.
    struct Key: Hashable {
        var path: String
        var version: Int64
        var width: Int, height: Int
        var showing: Date

        /// The same clip at the same size, starting within a picture or two: a slide prepared
        /// for the instant its predecessor ends begins on the loop's first turn after it
        /// (a fraction of a millisecond later on a real clock, more on a busy one).
        func sameShowing(as other: Key) -> Bool {
            path == other.path && version == other.version && width == other.width && height == other.height
                && abs(showing.timeIntervalSince(other.showing)) < ClipPlayer.startSlack
        }

        init(_ node: ClipNode) {
            path = node.path
            version = node.version
            width = node.frame.width
            height = node.frame.height
            showing = node.showing
        }
    }

    private final class Playback {
        let stream: ClipStream
        var texture: OpaquePointer?
        /// The picture in the texture: its buffer and its time (buffers are reused).
        var uploaded: (frame: ObjectIdentifier, time: Double)?

        init(stream: ClipStream) { self.stream = stream }

        deinit {
            stream.close()
            if let texture { SDL_DestroyTexture(texture) }
        }
    }

    /// How much later than planned a prepared showing may begin and still be the same.
    static let startSlack: TimeInterval = 0.5

    private let renderer: OpaquePointer
    private var playing: [Key: Playback] = [:] {
        didSet {
            // A showing that goes is reported, if it put anything on screen.
            for (key, gone) in oldValue where playing[key] == nil {
                let counts = gone.stream.statistics
                if counts.shown > 0, reports.count < 64 {
                    reports.append(ClipReport(path: key.path, shown: counts.shown, late: counts.late, dropped: counts.dropped))
                }
            }
        }
    }
    private var reports: [ClipReport] = []

    /// The showings that ended since the last call.
    func takeReports() -> [ClipReport] {
        defer { reports.removeAll() }
        return reports
    }
    /// The showing prepared for the next slide: kept while the current one plays.
    private var prepared: Key?
    /// The showing of the frame drawn last.
    private var current: Key?

    init(renderer: OpaquePointer) {
        self.renderer = renderer
    }

    /// Starts decoding the showing `node` begins, ahead of time (nil: the next slide has no
    /// clip; one prepared before is closed at the next frame).
    func prepare(_ node: ClipNode?) {
        guard let node else {
            if let prepared, prepared != current { playing[prepared] = nil }
            prepared = nil
            return
        }
        let key = Key(node)
        prepared = key
        if playing[key] == nil { playing[key] = Self.start(node) }
    }

    /// Closes every showing but `current`'s (the frame just drawn) and the prepared one.
    func keepOnly(_ current: ClipNode?) {
        guard !playing.isEmpty else {
            self.current = nil
            return
        }
        self.current = current.map(Key.init)
        let keep = Set([self.current, prepared].compactMap { $0 })
        for key in playing.keys where !keep.contains(key) { playing[key] = nil }
        if let prepared, self.current == prepared { self.prepared = nil }
    }

    /// Showings with a decoding thread, the prepared one included.
    var showings: Int { playing.count }

    private static func start(_ node: ClipNode) -> Playback {
        let path = node.path
        return Playback(stream: ClipStream(width: node.frame.width, height: node.frame.height, from: node.time) { () throws(VideoError) in
            try ClipDecoder.open(absolute: path)
        })
    }

    /// Draws the picture due, or nothing yet (false: the first picture is still being
    /// decoded; the caller asks for the frame again). `waits`: decode the exact picture now.
    /// `starts`: a showing not playing yet may be started (not for a fade's snapshot).
    func draw(_ node: ClipNode, waits: Bool, starts: Bool = true) throws -> Bool {
        let key = Key(node)
        if waits {
            let frame = try ClipDecoder.open(absolute: node.path).still(at: node.time, width: node.frame.width, height: node.frame.height)
            let texture = try makeTexture(node)
            defer { SDL_DestroyTexture(texture) }
            try upload(frame, to: texture)
            try copy(texture, to: node.frame)
            return true
        }
        let playback: Playback
        if let found = playing[key] {
            playback = found
        } else if let (early, found) = playing.first(where: { $0.key.sameShowing(as: key) }) {
            // Prepared for the slot's planned start; the loop turned a little after it.
            playing[early] = nil
            playing[key] = found
            if prepared == early { prepared = key }
            playback = found
        } else {
            guard starts else { return true }
            playback = Self.start(node)
            playing[key] = playback
        }
        let frame: VideoFrame?
        do {
            frame = try playback.stream.frame(at: node.time)
        } catch {
            playing[key] = nil
            throw error
        }
        guard let frame else { return false }
        if playback.texture == nil { playback.texture = try makeTexture(node) }
        guard let texture = playback.texture else { return false }
        if playback.uploaded?.frame != ObjectIdentifier(frame) || playback.uploaded?.time != frame.time {
            try upload(frame, to: texture)
            playback.uploaded = (ObjectIdentifier(frame), frame.time)
        }
        try copy(texture, to: node.frame)
        return true
    }

    /// A planar YUV texture: a GPU converts it in its shader; SDL's software renderer converts
    /// it (that rectangle only) when it is updated.
    private func makeTexture(_ node: ClipNode) throws -> OpaquePointer {
        try check(SDL_CreateTexture(renderer, SDL_PIXELFORMAT_IYUV.rawValue, Int32(SDL_TEXTUREACCESS_STREAMING.rawValue),
                                    Int32(max(1, node.frame.width)), Int32(max(1, node.frame.height))), "SDL_CreateTexture(clip)")
    }

    private func upload(_ frame: VideoFrame, to texture: OpaquePointer) throws {
        // SDL's conversion matrix is a global setting, read when the software renderer converts
        // and when a GPU texture is drawn; clips are the only YUV textures.
        SDL_SetYUVConversionMode(frame.bt709 ? SDL_YUV_CONVERSION_BT709 : SDL_YUV_CONVERSION_BT601)
        try check(SDL_UpdateYUVTexture(texture, nil, frame.planes.y, Int32(frame.lumaPitch), frame.planes.u, Int32(frame.chromaPitch),
                                       frame.planes.v, Int32(frame.chromaPitch)), "SDL_UpdateYUVTexture(clip)")
    }

    private func copy(_ texture: OpaquePointer, to frame: Rect) throws {
        var dest = SDL_Rect(x: Int32(frame.x), y: Int32(frame.y), w: Int32(frame.width), h: Int32(frame.height))
        try check(SDL_RenderCopy(renderer, texture, nil, &dest), "SDL_RenderCopy(clip)")
    }
}
