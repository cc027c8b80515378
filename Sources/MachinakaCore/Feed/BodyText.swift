/// A notice's body held to what one slide can carry: at most `Limits.bodyCharacters`
/// characters in at most `Limits.bodyBlocks` blocks, cut after the last whole block that fits
/// (a single over-long first block is cut inside, at a sentence end where there is one), and
/// every run cleaned like any other text (`CleanText`).
struct BodyText {
    /// The blocks to show.
    var blocks: [Block]
    /// A warning for `check` when something was left out.
    var cutWarning: String?

    init(_ raw: [Block]) {
        var kept: [Block] = []
        var characters = 0
        var total = 0
        var cleaned = false
        var cut = false
        for block in raw {
            let length = block.spans.reduce(0) { $0 + $1.text.count }
            total += length
            guard !cut else { continue }
            if kept.count >= Limits.bodyBlocks || characters + length > Limits.bodyCharacters {
                cut = true
                if kept.isEmpty {
                    kept.append(Self.cutInside(block, to: Limits.bodyCharacters))
                }
                continue
            }
            let clean = Self.clean(block)
            cleaned = cleaned || clean.cleaned
            kept.append(clean.block)
            characters += length
        }
        blocks = kept
        if cut {
            cutWarning = "the text is \(total) characters in \(raw.count) block\(raw.count == 1 ? "" : "s"); a slide shows at most \(Limits.bodyCharacters) characters in \(Limits.bodyBlocks) blocks, so only the first \(kept.count) block\(kept.count == 1 ? "" : "s") \(kept.count == 1 ? "is" : "are") shown — split it into several notices"
        } else if cleaned {
            cutWarning = "the text holds control characters or a character with more than \(Limits.marksPerCharacter) combining marks; those are left out"
        }
    }

    private static func clean(_ block: Block) -> (block: Block, cleaned: Bool) {
        var cleaned = false
        func spans(_ spans: [Span]) -> [Span] {
            spans.map { span in
                let text = CleanText(span.text, limit: Limits.bodyCharacters)
                let ruby = span.ruby.map { CleanText($0, limit: Limits.shortCharacters) }
                cleaned = cleaned || text.wasCleaned || ruby?.wasCleaned == true || ruby?.wasCut == true
                return Span(text.text, strong: span.strong, ruby: ruby?.text)
            }
        }
        let clean = block.mapSpans(spans)
        return (clean, cleaned)
    }

    /// The first `limit` characters of a block, ending at the last sentence end (。.!?！？)
    /// inside them when there is one, with "…".
    private static func cutInside(_ block: Block, to limit: Int) -> Block {
        // A table keeps its header and the whole rows that fit: run together as a paragraph,
        // its cells read as one number (042-754-0065042-754-0066).
        if case .table(var table) = block {
            func characters(_ cells: [[Span]]) -> Int { cells.reduce(0) { $0 + $1.reduce(0) { $0 + $1.text.count } } }
            var used = characters(table.header)
            if used <= limit {
                var rows: [[[Span]]] = []
                for row in table.rows {
                    used += characters(row)
                    guard used <= limit else { break }
                    rows.append(row)
                }
                table.rows = rows
                return .table(table)
            }
        }
        var remaining = limit
        var spans: [Span] = []
        for span in block.spans where remaining > 0 {
            let clean = CleanText(span.text, limit: remaining).text
            remaining -= clean.count
            spans.append(Span(clean, strong: span.strong, ruby: span.ruby))
        }
        if var last = spans.popLast() {
            if let end = last.text.lastIndex(where: { "。．.!?！？".contains($0) }), last.text.distance(from: last.text.startIndex, to: end) > last.text.count / 2 {
                last.text = String(last.text[...end])
            }
            last.text += "…"
            spans.append(last)
        }
        switch block {
        case .heading(let level, _): return .heading(level: level, spans)
        case .paragraph, .table: return .paragraph(spans)
        case .listItem(let marker, let depth, _): return .listItem(marker: marker, depth: depth, spans)
        }
    }
}
