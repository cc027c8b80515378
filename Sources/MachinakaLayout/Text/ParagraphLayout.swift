import MachinakaCore

/// A piece of a laid-out line: text of one style at an offset from the line's left edge.
public struct PlacedRun: Equatable, Sendable {
    public var text: String
    public var strong: Bool
    public var x: Int

    /// Creates a placed run.
    public init(text: String, strong: Bool, x: Int) {
        self.text = text
        self.strong = strong
        self.x = x
    }
}

/// One line of a paragraph after breaking.
public struct LaidLine: Equatable, Sendable {
    public var runs: [PlacedRun]
    /// Width without trailing spaces.
    public var width: Int

    /// The line's text.
    public var text: String { runs.map(\.text).joined() }
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
                if !part.isEmpty { lines[lines.count - 1].append(Span(String(part), strong: span.strong)) }
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

    /// Pieces of the styled text between two UTF-16 offsets.
    private func pieces(_ spans: [Span], from: Int, to: Int) -> [Piece] {
        var result: [Piece] = []
        var offset = 0
        for span in spans {
            let utf16 = Array(span.text.utf16)
            let lo = max(from, offset), hi = min(to, offset + utf16.count)
            if lo < hi {
                result.append(Piece(text: String(decoding: utf16[(lo - offset)..<(hi - offset)], as: UTF16.self), strong: span.strong))
            }
            offset += utf16.count
        }
        return result
    }

    private func trimmedTrailing(_ pieces: [Piece]) -> [Piece] {
        var pieces = pieces
        while let last = pieces.last {
            let trimmed = String(last.text.reversed().drop(while: \.isWhitespace).reversed())
            if trimmed.isEmpty {
                pieces.removeLast()
            } else {
                pieces[pieces.count - 1].text = trimmed
                break
            }
        }
        return pieces
    }

    private func wrap(_ spans: [Span], font: FontSpec, width: Int) -> [LaidLine] {
        let text = spans.map(\.text).joined()
        let utf16 = Array(text.utf16)
        guard !utf16.isEmpty else { return [LaidLine(runs: [], width: 0)] }

        // Break opportunities, with an overlong segment cut between characters.
        var cuts: [Int] = []
        var previous = 0
        for end in LineBreaker.breakOffsets(in: utf16, locale: locale) {
            let segment = pieces(spans, from: previous, to: end)
            if measure(trimmedTrailing(segment), font: font) > width {
                var offset = previous
                for character in String(decoding: utf16[previous..<end], as: UTF16.self) {
                    offset += character.utf16.count
                    cuts.append(offset)
                }
            } else {
                cuts.append(end)
            }
            previous = end
        }

        var lines: [LaidLine] = []
        var lineStart = 0
        var lastFit = 0
        for cut in cuts {
            let candidate = trimmedTrailing(pieces(spans, from: lineStart, to: cut))
            if measure(candidate, font: font) <= width || lastFit == lineStart {
                lastFit = cut
                continue
            }
            lines.append(makeLine(pieces(spans, from: lineStart, to: lastFit), font: font))
            lineStart = lastFit
            lastFit = cut
        }
        if lineStart < utf16.count {
            lines.append(makeLine(pieces(spans, from: lineStart, to: utf16.count), font: font))
        }
        return lines
    }

    private func makeLine(_ pieces: [Piece], font: FontSpec) -> LaidLine {
        var runs: [PlacedRun] = []
        var x = 0
        var pieces = trimmedTrailing(pieces)
        if let first = pieces.first {
            pieces[0].text = String(first.text.drop(while: { $0 == " " }))
        }
        for piece in pieces where !piece.text.isEmpty {
            if let last = runs.last, last.strong == piece.strong {
                runs[runs.count - 1].text += piece.text
            } else {
                runs.append(PlacedRun(text: piece.text, strong: piece.strong, x: x))
            }
            // Widths are measured per run so positions match what the renderer draws.
            x = runs.last!.x + measure([Piece(text: runs.last!.text, strong: piece.strong)], font: font)
        }
        return LaidLine(runs: runs, width: x)
    }
}
