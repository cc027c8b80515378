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

    /// `本を{選|えら}ぶ` → `本を`, `選` with ruby `えら`, `ぶ`. Braces that are not
    /// `{base|reading}` stay as written.
    public static func withFurigana(_ text: String, strong: Bool = false) -> [Span] {
        guard text.contains("{") else { return [Span(text, strong: strong)] }
        var spans: [Span] = []
        var plain = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            plain += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                let bar = rest[afterOpen..<close].firstIndex(of: "|"), bar != afterOpen,
                rest.index(after: bar) < close
            else {
                plain.append("{")
                rest = rest[afterOpen...]
                continue
            }
            if !plain.isEmpty { spans.append(Span(plain, strong: strong)) }
            plain = ""
            spans.append(Span(String(rest[afterOpen..<bar]), strong: strong, ruby: String(rest[rest.index(after: bar)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        plain += rest
        if !plain.isEmpty { spans.append(Span(plain, strong: strong)) }
        return spans
    }

    /// `text` with its furigana marks taken out, the base text kept: what a line too small
    /// for readings shows (the ticker, a list of titles).
    public static func withoutFurigana(_ text: String) -> String {
        withFurigana(text).map(\.text).joined()
    }
}

/// One block of a notice's body, reduced to what a slide can show.
public enum Block: Equatable, Hashable, Sendable {
    /// A heading inside the body (`#` is level 1, `##` 2, `###` and deeper 3).
    case heading(level: Int, [Span])
    /// A paragraph.
    case paragraph([Span])
    /// One item of a list: `marker` is "・" or "1." (empty for an item's second paragraph),
    /// `depth` 0 for a top-level list, 1 for a list inside it, and so on.
    case listItem(marker: String, depth: Int, [Span])
    /// A table (GFM): a header row and rows of cells.
    case table(TableBlock)

    /// The runs of the block, whatever its kind (a table's cells, row after row).
    public var spans: [Span] {
        switch self {
        case .heading(_, let spans), .paragraph(let spans), .listItem(_, _, let spans): return spans
        case .table(let table): return (table.header + table.rows.flatMap { $0 }).flatMap { $0 }
        }
    }

    /// The block's text without emphasis.
    public var plainText: String { spans.map(\.text).joined() }

    /// The same block with every run of text passed through `transform` (a table cell by cell).
    public func mapSpans(_ transform: ([Span]) -> [Span]) -> Block {
        switch self {
        case .heading(let level, let spans): return .heading(level: level, transform(spans))
        case .paragraph(let spans): return .paragraph(transform(spans))
        case .listItem(let marker, let depth, let spans): return .listItem(marker: marker, depth: depth, transform(spans))
        case .table(var table):
            table.header = table.header.map(transform)
            table.rows = table.rows.map { $0.map(transform) }
            return .table(table)
        }
    }
}

/// A table of a notice's body: its header cells, how each column is aligned, and its rows
/// (each as many cells as the header).
public struct TableBlock: Equatable, Hashable, Sendable {
    /// How a column's cells are aligned (GFM's `:--`, `:-:`, `--:`).
    public enum Alignment: String, Hashable, Sendable {
        case leading, center, trailing
    }

    public var header: [[Span]]
    public var alignments: [Alignment]
    public var rows: [[[Span]]]

    public init(header: [[Span]], alignments: [Alignment], rows: [[[Span]]]) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }
}
