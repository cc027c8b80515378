import MachinakaCore

/// A piece of a laid-out line: text of one style at an offset from the line's left edge.
public struct PlacedRun: Equatable, Sendable {
    public var text: String
    public var strong: Bool
    public var x: Int
    /// The reading to set above this run (furigana).
    public var ruby: String?

    /// Creates a placed run.
    public init(text: String, strong: Bool, x: Int, ruby: String? = nil) {
        self.text = text
        self.strong = strong
        self.x = x
        self.ruby = ruby
    }
}

/// One line of a paragraph after breaking.
public struct LaidLine: Equatable, Sendable {
    public var runs: [PlacedRun]
    /// Width without trailing spaces.
    public var width: Int

    /// The line's text.
    public var text: String { runs.map(\.text).joined() }
    /// Whether any run carries furigana, so the line needs room above it.
    public var hasRuby: Bool { runs.contains { $0.ruby != nil } }
}

/// Breaks styled text into lines that fit a width: break opportunities from ICU, widths from
/// the measurer, greedy filling (what readers of Japanese notices expect), and a character
/// break only for a word too long for a whole line.
public struct ParagraphLayout {
    public let measurer: TextMeasuring
    public let locale: String

    /// Creates a layout for text in `locale` (an ICU locale; see `LineBreaker.locale`).
    public init(measurer: TextMeasuring, locale: String = LineBreaker.japanese) {
        self.measurer = measurer
        self.locale = locale
    }

    private struct Piece {
        var text: String
        var strong: Bool
        var ruby: String? = nil
    }

    /// The lines of `spans` set in `font` (bold where a span is strong) within `width` pixels.
    public func lines(of spans: [Span], font: FontSpec, width: Int) -> [LaidLine] {
        var result: [LaidLine] = []
        for hardLine in splitHardBreaks(spans) {
            result += wrap(hardLine, font: font, width: width)
        }
        return result
    }

    private func splitHardBreaks(_ spans: [Span]) -> [[Span]] {
        var lines: [[Span]] = [[]]
        for span in spans {
            let parts = span.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { lines.append([]) }
                if !part.isEmpty { lines[lines.count - 1].append(Span(String(part), strong: span.strong, ruby: span.ruby)) }
            }
        }
        return lines
    }

    private func measure(_ pieces: [Piece], font: FontSpec) -> Int {
        pieces.reduce(0) { total, piece in
            var f = font
            f.bold = font.bold || piece.strong
            return total + measurer.width(of: piece.text, font: f)
        }
    }

    /// The spans of one hard line in UTF-16, with where each starts: built once per line, so
    /// cutting a piece costs its own length, never the paragraph's (a 5,000-character
    /// paragraph is laid out in linear time).
    private struct Indexed {
        var spans: [Span]
        var units: [[UInt16]]
        /// The UTF-16 offset at which each span starts.
        var starts: [Int]

        init(_ spans: [Span]) {
            self.spans = spans
            units = spans.map { Array($0.text.utf16) }
            var offset = 0
            var starts: [Int] = []
            for unit in units {
                starts.append(offset)
                offset += unit.count
            }
            self.starts = starts
        }

        /// The index of the span holding `offset` (the last span starting at or before it).
        func span(at offset: Int) -> Int {
            var low = 0, high = starts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if starts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return low
        }
    }

    /// Pieces of the styled text between two UTF-16 offsets.
    private func pieces(_ text: Indexed, from: Int, to: Int) -> [Piece] {
        guard from < to, !text.spans.isEmpty else { return [] }
        var result: [Piece] = []
        var index = text.span(at: from)
        while index < text.spans.count, text.starts[index] < to {
            let offset = text.starts[index], units = text.units[index]
            let lo = max(from, offset), hi = min(to, offset + units.count)
            if lo < hi {
                let span = text.spans[index]
                result.append(Piece(text: String(decoding: units[(lo - offset)..<(hi - offset)], as: UTF16.self), strong: span.strong, ruby: span.ruby))
            }
            index += 1
        }
        return result
    }

    private func trimmedTrailing(_ pieces: [Piece]) -> [Piece] {
        var pieces = pieces
        while let last = pieces.last {
            // Only characters that are nothing but space: a space carrying a mark (a variation
            // selector, an enclosing circle) is a character of its own and is kept.
            let trimmed = String(last.text.reversed().drop(while: { $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) }).reversed())
            if trimmed.isEmpty {
                pieces.removeLast()
            } else {
                pieces[pieces.count - 1].text = trimmed
                break
            }
        }
        return pieces
    }

    /// A stretch between two break opportunities, measured once.
    private struct Segment {
        var start: Int, end: Int
        /// Advance including trailing spaces, and without them (what must fit at a line end).
        var width: Int, trimmedWidth: Int
    }

    private func wrap(_ spans: [Span], font: FontSpec, width: Int) -> [LaidLine] {
        let indexed = Indexed(spans)
        let utf16 = indexed.units.flatMap { $0 }
        guard !utf16.isEmpty else { return [LaidLine(runs: [], width: 0)] }

        // Each segment is measured once; a segment too long for a whole line is cut between
        // characters.
        var segments: [Segment] = []
        var previous = 0
        // A word with furigana stays whole: no break inside its base text.
        var inside = Set<Int>()
        var offset = 0
        for span in spans {
            let count = span.text.utf16.count
            if span.ruby != nil, count > 1 { inside.formUnion((offset + 1)..<(offset + count)) }
            offset += count
        }
        for end in LineBreaker.breakOffsets(in: utf16, locale: locale) where !inside.contains(end) {
            let segment = measured(indexed, utf16: utf16, from: previous, to: end, font: font)
            if segment.trimmedWidth > width, !(previous..<end).contains(where: { inside.contains($0) }) {
                var offset = previous
                for character in String(decoding: utf16[previous..<end], as: UTF16.self) {
                    let next = offset + character.utf16.count
                    segments.append(measured(indexed, utf16: utf16, from: offset, to: next, font: font))
                    offset = next
                }
            } else {
                segments.append(segment)
            }
            previous = end
        }

        var lines: [LaidLine] = []
        var lineStart = 0, lineEnd = 0, lineWidth = 0
        for segment in segments {
            if lineEnd == lineStart || lineWidth + segment.trimmedWidth <= width {
                lineWidth += segment.width
                lineEnd = segment.end
                continue
            }
            lines.append(makeLine(pieces(indexed, from: lineStart, to: lineEnd), font: font))
            lineStart = segment.start
            lineEnd = segment.end
            lineWidth = segment.width
        }
        if lineStart < utf16.count {
            lines.append(makeLine(pieces(indexed, from: lineStart, to: utf16.count), font: font))
        }
        return lines
    }

    private func measured(_ text: Indexed, utf16: [UInt16], from: Int, to: Int, font: FontSpec) -> Segment {
        let parts = pieces(text, from: from, to: to)
        let full = measure(parts, font: font)
        let endsInSpace = to > from && (utf16[to - 1] == 0x20 || utf16[to - 1] == 0x3000 || utf16[to - 1] == 0x09)
        return Segment(start: from, end: to, width: full, trimmedWidth: endsInSpace ? measure(trimmedTrailing(parts), font: font) : full)
    }

    private func makeLine(_ pieces: [Piece], font: FontSpec) -> LaidLine {
        var runs: [PlacedRun] = []
        var x = 0
        var pieces = trimmedTrailing(pieces)
        if let first = pieces.first {
            pieces[0].text = String(first.text.drop(while: { $0 == " " }))
        }
        for piece in pieces where !piece.text.isEmpty {
            if let last = runs.last, last.strong == piece.strong, last.ruby == nil, piece.ruby == nil {
                runs[runs.count - 1].text += piece.text
            } else {
                runs.append(PlacedRun(text: piece.text, strong: piece.strong, x: x, ruby: piece.ruby))
            }
            // Widths are measured per run so positions match what the renderer draws.
            x = runs.last!.x + measure([Piece(text: runs.last!.text, strong: piece.strong)], font: font)
        }
        return LaidLine(runs: runs, width: x)
    }
}
