import Foundation

/// How one kind of content works, from file to slide: which files are its own, how one is
/// read and checked, and what its slide shows at an instant. Each kind is one type registered
/// in `ContentKinds.all`; the feed parser, the scheduler, `check` and the composer ask the
/// table rather than knowing the kinds.
public protocol ContentKindHandler: Sendable {
    /// The kind, as `plan` prints it.
    var kind: ContentKind { get }
    /// The feed folder its files live in (nil: a board, made by the player from a playlist entry).
    var folder: String? { get }
    /// The file extensions it reads there.
    var extensions: Set<String> { get }
    /// The warning for another file in its folder.
    var strayWarning: String { get }
    /// Whether a file of the kind may have settings beside it (`poster.png.yml`).
    var acceptsSidecars: Bool { get }
    /// Reads one file into an item; nil leaves it out, and `diagnostics` say why.
    func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem?
    /// Warnings about one of its items within the whole feed at `instant` (`machinaka check`).
    func check(_ item: ContentItem, in feed: Feed, screens: [ScreenConfig], at instant: Date) -> [Diagnostic]
    /// What the slide of `item` shows at `instant` on the screen `context` describes.
    func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent
}

extension ContentKindHandler {
    public var extensions: Set<String> { [] }
    public var strayWarning: String { "" }
    public var acceptsSidecars: Bool { false }
    public func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem? { nil }
    public func check(_ item: ContentItem, in feed: Feed, screens: [ScreenConfig], at instant: Date) -> [Diagnostic] { [] }
}

/// A kind made by the player from a playlist entry rather than read from a file:
/// `{board: upcoming-events, days_ahead: 14}`.
public protocol BoardHandler: ContentKindHandler {
    /// The name a playlist entry gives after `board:`.
    var boardName: String { get }
    /// The settings an entry may carry besides `board`, `duration` and the daypart keys.
    var settingKeys: Set<String> { get }
    /// The board's item from an entry's settings, or why they cannot be used.
    func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError>
    /// Whether the board has anything to show at `instant`: one with nothing leaves the rotation.
    func hasContent(_ item: ContentItem, at instant: Date, context: SlideContext) -> Bool
    /// Instants around which `hasContent` may change.
    func boundaries(_ item: ContentItem, context: SlideContext) -> [Date]
    /// When the board's slide changes next by itself (a highlight ending, data going stale),
    /// after `instant`; nil: only when its data does.
    func nextChange(_ item: ContentItem, after instant: Date, context: SlideContext) -> Date?
}

extension BoardHandler {
    public func nextChange(_ item: ContentItem, after instant: Date, context: SlideContext) -> Date? { nil }
}

/// A board setting that cannot be used: which key, and why.
public struct BoardSettingError: Error, Equatable, Sendable {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
}

/// What a screen's slides can draw on: the screen, every item meant for it (a board lists
/// some of them), and the data files of `data/` (a data board shows one).
public struct SlideContext: Sendable {
    public var screen: ScreenConfig
    /// Items targeting the screen, in path order.
    public var items: [ContentItem]
    /// Data files by feed-relative path: their last good version.
    public var data: [String: DataFile]
    /// The feed's own words kept whole (`words.txt`).
    public var words: [String]
    /// Data files that could not be read and have no good version (`Feed.unreadableData`).
    public var unreadable: Set<String>

    public init(screen: ScreenConfig, items: [ContentItem], data: [String: DataFile] = [:], words: [String] = [], unreadable: Set<String> = []) {
        self.screen = screen
        self.items = items
        self.data = data
        self.words = words
        self.unreadable = unreadable
    }
}

/// What a slide shows, in the few shapes the composer knows how to lay out. A kind chooses a
/// shape and fills it; it never places anything itself.
public enum SlideContent: Hashable, Sendable {
    /// A label, a title and a body, with an optional link shown as a QR code.
    case text(TextSlide)
    /// An image file, shown whole.
    case image(ImageSlide)
    /// A video clip, shown whole, moving.
    case clip(ClipSlide)
    /// A data board: cards or a table, with how current the data is.
    case board(BoardSlide)
}

/// A text slide's parts.
public struct TextSlide: Hashable, Sendable {
    /// The label above the title ("お知らせ  Notice").
    public var badge: String
    public var title: String
    public var blocks: [Block]
    /// BCP 47 language of the text.
    public var lang: String
    public var link: String?

    /// The title's runs, with its furigana (`{地震|じしん}`) as readings over their words.
    public var titleSpans: [Span] { Span.withFurigana(title, strong: true) }

    public init(badge: String, title: String, blocks: [Block], lang: String, link: String? = nil) {
        self.badge = badge
        self.title = title
        self.blocks = blocks
        self.lang = lang
        self.link = link
    }
}

/// An image slide's file.
public struct ImageSlide: Hashable, Sendable {
    /// Absolute path of a file inside the feed.
    public var path: String
    /// Its size in pixels, from its header.
    public var size: PixelSize
    /// Which version of the file (`PosterImage.version`).
    public var version: Int64

    public init(path: String, size: PixelSize, version: Int64 = 0) {
        self.path = path
        self.size = size
        self.version = version
    }
}
