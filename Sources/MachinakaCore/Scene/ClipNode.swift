import Foundation

/// A clip playing in a frame: the one node besides the ticker that moves on its own. It says
/// which picture is due at an instant and when the next one is, so the loop wakes for each
/// picture and the damage tracker redraws the clip's rectangle alone.
public struct ClipNode: Equatable, Hashable, Sendable {
    /// Absolute path of a file inside the feed.
    public var path: String
    /// Which version of the file.
    public var version: Int64
    /// Where the pictures go: the clip fitted into its area, at the clip's shape.
    public var frame: Rect
    /// When this showing began: picture 0 is due then.
    public var showing: Date
    /// Pictures a second.
    public var frameRate: Double
    /// The picture due now, counted from the showing's start (loops keep counting).
    public var picture: Int

    /// Creates a clip node showing the picture due at `instant`.
    public init(path: String, version: Int64, frame: Rect, showing: Date, frameRate: Double, at instant: Date) {
        self.path = path
        self.version = version
        self.frame = frame
        self.showing = showing
        self.frameRate = frameRate > 0 ? min(frameRate, 240) : 30
        picture = 0
        picture = picture(at: instant)
    }

    /// The picture due at `instant`. A date holds about a tenth of a microsecond: an instant
    /// computed as a picture's due time may fall a hair before it, and still means it.
    public func picture(at instant: Date) -> Int {
        max(0, Int((instant.timeIntervalSince(showing) * frameRate + 1e-4).rounded(.down)))
    }

    /// The same clip at `instant`.
    public func at(_ instant: Date) -> ClipNode {
        var node = self
        node.picture = picture(at: instant)
        return node
    }

    /// Seconds into the showing of the picture due.
    public var time: Double { Double(picture) / frameRate }

    /// When the next picture is due, after `instant`.
    public func nextPicture(after instant: Date) -> Date {
        var next = picture(at: instant) + 1
        while showing.addingTimeInterval(Double(next) / frameRate) <= instant { next += 1 }
        return showing.addingTimeInterval(Double(next) / frameRate)
    }

    /// The same clip, its picture aside: two frames of one showing are the same still part.
    public var still: ClipNode {
        var node = self
        node.picture = 0
        return node
    }
}
