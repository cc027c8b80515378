import Foundation
import MachinakaPOSIX
import MachinakaVideo

extension ContentKind {
    /// A video clip: `media/*.mp4|webm|mkv`.
    public static let clip = ContentKind(rawValue: "clip")
}

/// A clip's file: the payload of a clip item.
public struct ClipFile: ContentPayload {
    /// The absolute, resolved path of the file inside the feed.
    public var path: String
    /// What the file holds, probed when the feed was read.
    public var info: ClipInfo
    /// Which version of the file (its modification time): a clip written over is another item.
    public var version: Int64
    /// How many times it plays in one showing when the item gives no `duration`.
    public var loops: Int
    /// Whether the item asked for its sound (`audio: on`).
    public var audio: Bool

    public init(path: String, info: ClipInfo, version: Int64 = 0, loops: Int = 1, audio: Bool = false) {
        self.path = path
        self.info = info
        self.version = version
        self.loops = loops
        self.audio = audio
    }
}

extension ContentItem {
    /// The file, for a clip.
    public var clip: ClipFile? { payload as? ClipFile }
}

/// Video clips in `media/`: MP4, WebM or Matroska, as Debian's FFmpeg decodes them (H.264,
/// H.265, VP9, AV1), listed in playlists like posters, with optional settings beside them
/// (`film.mp4.yml`: `loop: 2`, `audio: on`, and the common keys). Each file is opened and its
/// first picture decoded when the feed is read, so a damaged clip is named then, not on screen.
public struct ClipKind: ContentKindHandler {
    public var kind: ContentKind { .clip }
    public var folder: String? { "media" }
    public var extensions: Set<String> { ["mp4", "m4v", "mov", "webm", "mkv"] }
    public var strayWarning: String { PosterKind.mediaWarning }
    public var acceptsSidecars: Bool { true }
    /// Settings a clip's file may carry besides the common ones.
    static let keys = FeedParser.commonKeys.union(["loop", "audio"])
    /// More pixels a second than this many times the screen's own at 30 fps costs a kiosk
    /// without a GPU more than it shows (4K60 on a 1080p screen is 8×).
    static let costlyFactor = 2.0

    public init() {}

    public func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem? {
        let file: FileDescriptor
        do {
            file = try SafeFile.open(relative, in: root)
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: error.description))
            return nil
        }
        let info: ClipInfo
        do {
            info = try ClipDecoder.probe(file, path: relative)
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "the clip cannot be played: \(error.description)"))
            return nil
        }
        guard max(info.width, info.height) <= Limits.clipSide else {
            diagnostics.append(Diagnostic(path: relative, message: "the clip is \(info.width)×\(info.height); clips may be at most \(Limits.clipSide) pixels a side"))
            return nil
        }
        var clip = ClipFile(path: SafeFile.realPath(root + "/" + relative) ?? root + "/" + relative, info: info,
                            version: FileStamp(path: root + "/" + relative)?.modified ?? 0)
        var item = ContentItem(source: relative, kind: kind, title: CleanText.field(FeedParser.stem(of: relative), limit: Limits.titleCharacters), payload: clip)
        let read = parser.readSettings(beside: relative, root: root, keys: Self.keys, into: &item, diagnostics: &diagnostics) { reader in
            if let loops = reader.int("loop", within: Limits.clipLoops) { clip.loops = loops }
            if let audio = reader.flag("audio") { clip.audio = audio }
        }
        guard read else { return nil }
        item.payload = clip
        // A showing is the clip played `loop` times, unless the item says how long.
        if item.duration == nil, info.duration > 0 {
            item.duration = min(max(info.duration * Double(clip.loops), Limits.duration.lowerBound), Limits.duration.upperBound)
        }
        return item
    }

    public func check(_ item: ContentItem, in feed: Feed, screens: [ScreenConfig], at instant: Date) -> [Diagnostic] {
        guard let clip = item.clip else { return [] }
        let info = clip.info
        // What the file holds, said for every clip: staff see what they dropped in.
        var found = [Diagnostic(path: item.source, severity: .note,
                                message: "clip: \(info.summary), \(info.container.split(separator: ",").first ?? "")\(info.hasAudio ? ", with sound (muted)" : "")")]
        if info.duration <= 0 {
            found.append(Diagnostic(path: item.source, severity: .warning, message: "the clip does not say how long it is; give it a duration"))
        }
        if clip.audio {
            found.append(Diagnostic(path: item.source, severity: .warning, message: "'audio: on' is not built yet: the clip plays muted"))
        }
        let rate = info.frameRate > 0 ? info.frameRate : 30
        for screen in screens where item.targets(screen) {
            let cost = Double(info.width * info.height) * rate / (Double(screen.size.width * screen.size.height) * 30)
            if cost > Self.costlyFactor {
                found.append(Diagnostic(path: item.source, severity: .warning,
                                        message: "the clip is \(info.summary); on screen '\(screen.id)' (\(screen.size)) it costs \(String(format: "%.1f", cost))× the decoding of a clip made for the screen at 30 fps — make a copy at the screen's size"))
                break
            }
        }
        return found
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        guard let clip = item.clip else {
            return .text(TextSlide(badge: "ご案内  Information", title: item.title, blocks: [], lang: item.lang))
        }
        let shown = clip.info.shownSize
        return .clip(ClipSlide(path: clip.path, size: PixelSize(width: shown.width, height: shown.height), version: clip.version,
                               frameRate: clip.info.frameRate))
    }
}

/// A clip slide's parts: the file, the size it is shown at (square pixels), its frame rate.
public struct ClipSlide: Hashable, Sendable {
    public var path: String
    public var size: PixelSize
    public var version: Int64
    public var frameRate: Double

    public init(path: String, size: PixelSize, version: Int64, frameRate: Double) {
        self.path = path
        self.size = size
        self.version = version
        self.frameRate = frameRate
    }
}
