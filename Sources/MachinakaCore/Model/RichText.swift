/// A run of text with the emphasis Markdown gave it.
public struct Span: Equatable, Hashable, Sendable {
    /// The characters of the run; `"\n"` inside is a hard line break.
    public var text: String
    /// `**strong**` text, drawn bold.
    public var strong: Bool
    /// The reading set above the text in small kana (furigana), from `{漢字|かんじ}`.
    public var ruby: String?

    /// Creates a run.
    public init(_ text: String, strong: Bool = false, ruby: String? = nil) {
        self.text = text
        self.strong = strong
        self.ruby = ruby
    }
}

/// One block of a notice's body, reduced to what a slide can show.
public enum Block: Equatable, Hashable, Sendable {
    /// A heading inside the body (`## …`).
    case heading([Span])
    /// A paragraph.
    case paragraph([Span])
    /// One item of a list; `marker` is "・" or "1." and so on.
    case listItem(marker: String, [Span])

    /// The runs of the block, whatever its kind.
    public var spans: [Span] {
        switch self {
        case .heading(let spans), .paragraph(let spans), .listItem(_, let spans): return spans
        }
    }

    /// The block's text without emphasis.
    public var plainText: String { spans.map(\.text).joined() }
}
