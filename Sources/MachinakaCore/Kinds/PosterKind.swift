import Foundation
import MachinakaPOSIX

extension ContentKind {
    /// A poster or photo: `media/*.png|jpg`.
    public static let image = ContentKind(rawValue: "image")
}

/// A poster's file: the payload of an image item.
public struct PosterImage: ContentPayload {
    /// The absolute, resolved path of the file inside the feed.
    public var path: String
    /// Its size in pixels, from its header.
    public var size: PixelSize
    /// Which version of the file: its modification time. A poster written over in place is
    /// another item, drawn anew — never from the last version's cached pixels.
    public var version: Int64

    public init(path: String, size: PixelSize, version: Int64 = 0) {
        self.path = path
        self.size = size
        self.version = version
    }
}

extension ContentItem {
    /// The file, for a poster.
    public var poster: PosterImage? { payload as? PosterImage }
}

/// Posters and photos in `media/`: PNG or JPEG, shown whole, with optional settings in a file
/// beside them (`poster.png.yml`).
public struct PosterKind: ContentKindHandler {
    public var kind: ContentKind { .image }
    public var folder: String? { "media" }
    public var extensions: Set<String> { ["png", "jpg", "jpeg"] }
    public var strayWarning: String { Self.mediaWarning }
    /// What else may be in `media/`: posters and clips share the folder.
    static let mediaWarning = "only PNG and JPEG images, MP4, WebM and MKV clips (and their .yml settings) are played from media/"
    public var acceptsSidecars: Bool { true }
    /// Below this fraction of the screen in both directions a poster looks blurred.
    static let smallImageFraction = 0.5

    public init() {}

    public func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem? {
        let header: (kind: ImageHeader.Kind, size: PixelSize, bytes: Int64, realPath: String)
        switch parser.readImageHeader(relative, root: root) {
        case .failure(let problem):
            diagnostics.append(Diagnostic(path: relative, message: problem.description))
            return nil
        case .success(let found):
            header = found
        }
        if (header.kind == .png) != (FeedPath.extension(of: relative) == "png") {
            diagnostics.append(Diagnostic(path: relative, severity: .warning, message: "the file is a \(header.kind.rawValue) image although its name says otherwise"))
        }
        var item = ContentItem(source: relative, kind: kind, title: CleanText.field(FeedParser.stem(of: relative), limit: Limits.titleCharacters),
                               payload: PosterImage(path: header.realPath, size: header.size, version: FileStamp(path: root + "/" + relative)?.modified ?? 0))
        guard parser.readSettings(beside: relative, root: root, keys: FeedParser.commonKeys, into: &item, diagnostics: &diagnostics) else { return nil }
        return item
    }

    public func check(_ item: ContentItem, in feed: Feed, screens: [ScreenConfig], at instant: Date) -> [Diagnostic] {
        guard let size = item.poster?.size else { return [] }
        for screen in screens where item.targets(screen) {
            let fit = min(Double(screen.size.width) / Double(size.width), Double(screen.size.height) / Double(size.height))
            if fit > 1 / Self.smallImageFraction {
                return [Diagnostic(path: item.source, severity: .warning,
                                   message: "the image is \(size.width)×\(size.height); on screen '\(screen.id)' (\(screen.size)) it is enlarged \(String(format: "%.1f", fit))× and will look blurred")]
            }
        }
        return []
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        guard let poster = item.poster else {
            return .text(TextSlide(badge: "ご案内  Information", title: item.title, blocks: [], lang: item.lang))
        }
        return .image(ImageSlide(path: poster.path, size: poster.size, version: poster.version))
    }
}
