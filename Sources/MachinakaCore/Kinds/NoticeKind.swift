import Foundation

extension ContentKind {
    /// A notice: `news/*.md`.
    public static let news = ContentKind(rawValue: "news")
}

/// Notices: Markdown with front matter in `news/`, shown as a text slide.
public struct NoticeKind: ContentKindHandler {
    public var kind: ContentKind { .news }
    public var folder: String? { "news" }
    public var extensions: Set<String> { ["md", "markdown"] }
    public var strayWarning: String { "only Markdown files (.md) are played from news/" }

    public init() {}

    public func parse(_ relative: String, root: String, parser: FeedParser, into diagnostics: inout [Diagnostic]) -> ContentItem? {
        parser.readTextItem(relative, kind: kind, keys: FeedParser.commonKeys, root: root, into: &diagnostics) { _ in nil }
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        .text(TextSlide(badge: "お知らせ  Notice", title: item.title, blocks: item.body, lang: item.lang, link: item.link))
    }
}
