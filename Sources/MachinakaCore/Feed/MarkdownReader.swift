import CCMark

/// Reads a CommonMark body with cmark and keeps what a slide can show: headings, paragraphs,
/// emphasis, lists. Raw HTML, images and links become their text; nothing is fetched.
enum MarkdownReader {
    static func blocks(from markdown: String) -> [Block] {
        let bytes = Array(markdown.utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, CMARK_OPT_DEFAULT | CMARK_OPT_SAFE)
                }
            } ?? cmark_parse_document("", 0, CMARK_OPT_DEFAULT)
        }) else { return [] }
        defer { cmark_node_free(document) }
        var blocks: [Block] = []
        appendBlocks(of: document, to: &blocks, listMarker: nil, depth: 0)
        return blocks
    }

    /// Deepest nesting of lists and quotes, and of emphasis and links, that is read: a file of
    /// ten thousand '>' must not overflow the parsing thread's stack. Deeper content is
    /// read flat, as its text.
    static let maxDepth = 24

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func appendBlocks(of node: OpaquePointer, to blocks: inout [Block], listMarker: String?, depth: Int) {
        for child in children(of: node) {
            if depth >= maxDepth {
                // Too deep to be a notice: keep its text as one paragraph.
                let text = flatText(of: child)
                if !text.isEmpty { blocks.append(.paragraph([Span(text)])) }
                continue
            }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_HEADING:
                blocks.append(.heading(inlines(of: child)))
            case CMARK_NODE_PARAGRAPH:
                let spans = inlines(of: child)
                guard !spans.isEmpty else { continue }
                if let listMarker {
                    blocks.append(.listItem(marker: listMarker, spans))
                } else {
                    blocks.append(.paragraph(spans))
                }
            case CMARK_NODE_LIST:
                let ordered = cmark_node_get_list_type(child) == CMARK_ORDERED_LIST
                var number = Int(cmark_node_get_list_start(child))
                for item in children(of: child) {
                    let marker = ordered ? "\(number)." : "・"
                    var itemBlocks: [Block] = []
                    appendBlocks(of: item, to: &itemBlocks, listMarker: marker, depth: depth + 1)
                    // Only the first paragraph of an item carries the marker.
                    for (index, block) in itemBlocks.enumerated() {
                        if index > 0, case .listItem(_, let spans) = block {
                            blocks.append(.listItem(marker: "", spans))
                        } else {
                            blocks.append(block)
                        }
                    }
                    number += 1
                }
            case CMARK_NODE_BLOCK_QUOTE:
                appendBlocks(of: child, to: &blocks, listMarker: listMarker, depth: depth + 1)
            case CMARK_NODE_CODE_BLOCK:
                let text = literal(of: child).trimmingCharacters(in: .newlines)
                if !text.isEmpty { blocks.append(.paragraph([Span(text)])) }
            default:
                continue  // thematic breaks, raw HTML: nothing to show
            }
        }
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

    /// `本を{選|えら}ぶ` → `本を`, `選` with ruby `えら`, `ぶ`. Braces that are not
    /// `{base|reading}` stay as written.
    static func furigana(_ text: String, strong: Bool) -> [Span] {
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
