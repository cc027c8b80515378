import CCMark

/// Reads a GitHub-flavoured Markdown body with cmark-gfm and keeps what a slide can show:
/// headings by level, paragraphs, emphasis, lists (numbered ones keep their numbers, nested
/// ones their depth) and tables. Raw HTML, images and links become their text; nothing is
/// fetched.
enum MarkdownReader {
    /// GFM's table extension, registered once: cmark-gfm's registry is a global list that
    /// must not be written while notices are parsed on every core.
    nonisolated(unsafe) private static let tableExtension: OpaquePointer? = {
        cmark_gfm_core_extensions_ensure_registered()
        return cmark_find_syntax_extension("table")
    }()

    static func blocks(from markdown: String) -> [Block] {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_parser_free(parser) }
        if let table = tableExtension {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(document) }
        var blocks: [Block] = []
        appendBlocks(of: document, to: &blocks, listMarker: nil, listDepth: -1, depth: 0)
        return blocks
    }

    /// Deepest nesting of lists and quotes, and of emphasis and links, that is read: a file of
    /// ten thousand '>' must not overflow the parsing thread's stack. Deeper content is
    /// read flat, as its text.
    static let maxDepth = 24
    /// Deepest list drawn with its own indent; deeper lists are drawn at this depth.
    static let maxListDepth = 3

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private static func appendBlocks(of node: OpaquePointer, to blocks: inout [Block], listMarker: String?, listDepth: Int, depth: Int) {
        for child in children(of: node) {
            if depth >= maxDepth {
                // Too deep to be a notice: keep its text as one paragraph.
                let text = flatText(of: child)
                if !text.isEmpty { blocks.append(.paragraph([Span(text)])) }
                continue
            }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_HEADING:
                blocks.append(.heading(level: min(3, max(1, Int(cmark_node_get_heading_level(child)))), inlines(of: child)))
            case CMARK_NODE_PARAGRAPH:
                let spans = inlines(of: child)
                guard !spans.isEmpty else { continue }
                if let listMarker {
                    blocks.append(.listItem(marker: listMarker, depth: max(0, listDepth), spans))
                } else {
                    blocks.append(.paragraph(spans))
                }
            case CMARK_NODE_LIST:
                let ordered = cmark_node_get_list_type(child) == CMARK_ORDERED_LIST
                var number = Int(cmark_node_get_list_start(child))
                let itemDepth = min(maxListDepth, listDepth + 1)
                for item in children(of: child) {
                    let marker = ordered ? "\(number)." : (itemDepth == 0 ? "・" : "–")
                    var itemBlocks: [Block] = []
                    appendBlocks(of: item, to: &itemBlocks, listMarker: marker, listDepth: itemDepth, depth: depth + 1)
                    // Only the first paragraph of an item carries the marker.
                    var marked = false
                    for block in itemBlocks {
                        if case .listItem(_, let blockDepth, let spans) = block, blockDepth == itemDepth {
                            blocks.append(.listItem(marker: marked ? "" : marker, depth: itemDepth, spans))
                            marked = true
                        } else {
                            blocks.append(block)
                        }
                    }
                    number += 1
                }
            case CMARK_NODE_BLOCK_QUOTE:
                appendBlocks(of: child, to: &blocks, listMarker: listMarker, listDepth: listDepth, depth: depth + 1)
            case CMARK_NODE_CODE_BLOCK:
                let text = literal(of: child).trimmingCharacters(in: .newlines)
                if !text.isEmpty { blocks.append(.paragraph([Span(text)])) }
            default:
                if typeName(child) == "table", let table = table(child) {
                    blocks.append(.table(table))
                }
                // Thematic breaks, raw HTML: nothing to show.
            }
        }
    }

    /// A GFM table: its header row, alignments and rows, every row as wide as the header.
    private static func table(_ node: OpaquePointer) -> TableBlock? {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        guard columns > 0 else { return nil }
        var alignments = [TableBlock.Alignment](repeating: .leading, count: columns)
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for index in 0..<columns {
                switch UInt8(raw[index]) {
                case UInt8(ascii: "c"): alignments[index] = .center
                case UInt8(ascii: "r"): alignments[index] = .trailing
                default: break
                }
            }
        }
        var header: [[Span]] = []
        var rows: [[[Span]]] = []
        for row in children(of: node) where typeName(row) == "table_row" || typeName(row) == "table_header" {
            var cells = children(of: row).filter { typeName($0) == "table_cell" }.map { inlines(of: $0) }
            cells = Array(cells.prefix(columns)) + Array(repeating: [], count: max(0, columns - cells.count))
            if header.isEmpty, cmark_gfm_extensions_get_table_row_is_header(row) != 0 || rows.isEmpty && typeName(row) == "table_header" {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        if header.isEmpty, !rows.isEmpty { header = rows.removeFirst() }
        return TableBlock(header: header, alignments: alignments, rows: rows)
    }

    /// The text under `node`, found with cmark's own iterator (no recursion, whatever the depth).
    private static func flatText(of node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(of: current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    private static func literal(of node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private static func inlines(of node: OpaquePointer) -> [Span] {
        var spans: [Span] = []
        collect(node, strong: false, into: &spans, depth: 0)
        // Merge neighbours of the same style so layout sees whole runs (never a ruby run).
        var merged: [Span] = []
        for span in spans where !span.text.isEmpty {
            if let last = merged.last, last.strong == span.strong, last.ruby == nil, span.ruby == nil {
                merged[merged.count - 1].text += span.text
            } else {
                merged.append(span)
            }
        }
        if let first = merged.first?.text, first.first?.isWhitespace == true {
            merged[0].text = String(first.drop(while: \.isWhitespace))
        }
        return merged
    }

    private static func collect(_ node: OpaquePointer, strong: Bool, into spans: inout [Span], depth: Int) {
        for child in children(of: node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                spans += furigana(literal(of: child), strong: strong)
            case CMARK_NODE_CODE:
                spans.append(Span(literal(of: child), strong: strong))
            case CMARK_NODE_SOFTBREAK:
                // Japanese wraps without spaces; a space only between two Latin words.
                let before = spans.last?.text.last
                let after = cmark_node_next(child).flatMap { cmark_node_get_literal($0) }
                    .map { String(cString: $0) }?.first
                if let before, let after, !isCJK(before), !isCJK(after) {
                    spans.append(Span(" ", strong: strong))
                }
            case CMARK_NODE_LINEBREAK:
                spans.append(Span("\n", strong: strong))
            case CMARK_NODE_STRONG where depth < maxDepth:
                collect(child, strong: true, into: &spans, depth: depth + 1)
            case CMARK_NODE_STRONG:
                spans.append(Span(flatText(of: child), strong: true))
            default:
                // Emphasis, links, images: their text; past the depth limit, read flat.
                if depth < maxDepth {
                    collect(child, strong: strong, into: &spans, depth: depth + 1)
                } else {
                    spans.append(Span(flatText(of: child), strong: strong))
                }
            }
        }
    }

    static func furigana(_ text: String, strong: Bool) -> [Span] {
        Span.withFurigana(text, strong: strong)
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF,
            0xAC00...0xD7AF, 0x20000...0x2FFFF:
            return true
        default:
            return false
        }
    }
}
