import Foundation
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
    /// The line ends inside a unit that should not be broken (a word, a name, a number with
    /// its unit) because the unit alone is wider than a line: `check` reports it.
    public var forcedBreak = false

    /// The line's text.
    public var text: String { runs.map(\.text).joined() }
    /// Whether any run carries furigana, so the line needs room above it.
    public var hasRuby: Bool { runs.contains { $0.ruby != nil } }
}

/// Breaks styled text into lines that fit a width: break opportunities from ICU (phrases, for
/// Japanese), minus those inside units that must stay whole (`KeepTogether`), widths from the
/// measurer, greedy filling (what readers of Japanese notices expect), then two corrections —
/// no last line of one or two characters where another break avoids it, and, for titles and
/// headlines, lines of even length — and a character break only for a unit too long for a
/// whole line.
public struct ParagraphLayout {
    public let measurer: TextMeasuring
    public let locale: String
    /// What may not be broken; nil: ICU's opportunities only.
    public let keep: KeepTogether?

    /// Creates a layout for text in `locale` (an ICU locale; see `LineBreaker.locale`).
    public init(measurer: TextMeasuring, locale: String = LineBreaker.japanese, keep: KeepTogether? = .standard) {
        self.measurer = measurer
        self.locale = locale
        self.keep = keep
    }

    /// How lines are filled.
    public enum Fill: Sendable {
        /// Each line as full as it goes; a last line of one or two characters is avoided.
        case greedy
        /// As many lines as greedy filling needs, of lengths as even as they go (titles).
        case balanced
    }

    private struct Piece {
        var text: String
        var strong: Bool
        var ruby: String? = nil
    }

    /// The lines of `spans` set in `font` (bold where a span is strong) within `width` pixels.
    public func lines(of spans: [Span], font: FontSpec, width: Int, fill: Fill = .greedy) -> [LaidLine] {
        var result: [LaidLine] = []
        for hardLine in splitHardBreaks(spans) {
            result += wrap(hardLine, font: font, width: width, fill: fill)
        }
        return result
    }

    /// The widest piece of `spans` that may not be broken (a word, a name, a number with its
    /// unit; a range counts as its two halves): the least width a table column holding it
    /// needs.
    public func widestUnbreakable(_ spans: [Span], font: FontSpec) -> Int {
        var widest = 0
        for line in splitHardBreaks(spans) {
            let indexed = Indexed(line)
            let utf16 = indexed.units.flatMap { $0 }
            guard !utf16.isEmpty else { continue }
            var inside = Set<Int>(), starts = Set<Int>()
            if let keep {
                let units = keep.units(in: line.map(\.text).joined(), japanese: locale.hasPrefix("ja"))
                inside = units.forbidden
                starts = units.starts
            }
            let cuts = Set(LineBreaker.breakOffsets(in: utf16, locale: locale).filter { !inside.contains($0) }).union(starts)
            var previous = 0
            for end in cuts.sorted() where end > previous {
                widest = max(widest, measured(indexed, utf16: utf16, from: previous, to: end, font: font).trimmedWidth)
                previous = end
            }
            if previous < utf16.count { widest = max(widest, measured(indexed, utf16: utf16, from: previous, to: utf16.count, font: font).trimmedWidth) }
        }
        return widest
    }

    private func splitHardBreaks(_ spans: [Span]) -> [[Span]] {
        var lines: [[Span]] = [[]]
        for span in spans {
            // Most spans hold no line break: looked for in bytes, not split by characters (a
            // tenth of a long alert's layout went to finding none).
            guard span.text.utf8.contains(0x0A) else {
                if !span.text.isEmpty { lines[lines.count - 1].append(span) }
                continue
            }
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
        /// Each span's text in UTF-8, and for each of its UTF-16 offsets (and its end) where
        /// that is in the UTF-8: a piece is cut from the UTF-8 the string already holds, not
        /// transcoded from UTF-16 (a third of a long alert's layout went to transcoding).
        var bytes: [[UInt8]]
        var byteOffsets: [[Int32]]

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
            bytes = spans.map { Array($0.text.utf8) }
            byteOffsets = spans.map { span in
                var offsets: [Int32] = []
                offsets.reserveCapacity(span.text.utf16.count + 1)
                var byte: Int32 = 0
                for scalar in span.text.unicodeScalars {
                    let length = Int32(UTF8.width(scalar))
                    // Both halves of a surrogate pair are at the scalar's start: a cut between
                    // them keeps the scalar whole on the side after it.
                    for _ in 0..<UTF16.width(scalar) { offsets.append(byte) }
                    byte += length
                }
                offsets.append(byte)
                return offsets
            }
        }

        /// The text of span `index` between two of its UTF-16 offsets.
        func text(_ index: Int, from lo: Int, to hi: Int) -> String {
            let offsets = byteOffsets[index]
            return String(decoding: bytes[index][Int(offsets[lo])..<Int(offsets[hi])], as: UTF8.self)
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
                result.append(Piece(text: text.text(index, from: lo - offset, to: hi - offset), strong: span.strong, ruby: span.ruby))
            }
            index += 1
        }
        return result
    }

    private func trimmedTrailing(_ pieces: [Piece]) -> [Piece] {
        var pieces = pieces
        while let last = pieces.last {
            // Only characters that are nothing but space: a space carrying a mark (a variation
            // selector, an enclosing circle) is a character of its own and is kept. Found from
            // the end, so a line without trailing space costs one character, not a copy of
            // itself reversed twice (a third of a long alert's layout).
            let text = last.text
            var end = text.endIndex
            while end > text.startIndex {
                let before = text.index(before: end)
                guard text[before].unicodeScalars.allSatisfy(\.properties.isWhitespace) else { break }
                end = before
            }
            if end == text.startIndex {
                pieces.removeLast()
            } else {
                if end < text.endIndex { pieces[pieces.count - 1].text = String(text[..<end]) }
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
        /// A piece of a unit cut between characters because it is wider than a line.
        var forced = false
    }

    private func wrap(_ spans: [Span], font: FontSpec, width: Int, fill: Fill) -> [LaidLine] {
        let indexed = Indexed(spans)
        let utf16 = indexed.units.flatMap { $0 }
        guard !utf16.isEmpty else { return [LaidLine(runs: [], width: 0)] }

        // Where a break may not fall: inside a word with furigana, and inside a unit that must
        // stay whole (one wider than a line is cut where its units begin: after a slash in an
        // address, after a date's 〜).
        var inside = Set<Int>()
        var offset = 0
        for span in spans {
            let count = span.text.utf16.count
            if span.ruby != nil, count > 1 { inside.formUnion((offset + 1)..<(offset + count)) }
            offset += count
        }
        let opportunities = LineBreaker.breakOffsets(in: utf16, locale: locale)
        var unitStarts = Set<Int>(), nestedStarts = Set<Int>()
        if let keep {
            let units = keep.units(in: spans.map(\.text).joined(), japanese: locale.hasPrefix("ja"))
            // (Never inside a word with furigana: its reading would be drawn over both halves.)
            let ruby = inside
            inside.formUnion(units.forbidden)
            unitStarts = units.starts.subtracting(ruby)
            nestedStarts = units.nested.subtracting(ruby)
        }

        // Each segment is measured once. A phrase too long for a whole line is cut where ICU
        // would break words (not inside a protected unit); a piece still too long — a unit
        // wider than the line — between characters, and the lines that end there are marked.
        var segments: [Segment] = []
        var previous = 0
        var finer: [Int]? = nil
        for end in opportunities where !inside.contains(end) || end == utf16.count {
            let segment = measured(indexed, utf16: utf16, from: previous, to: end, font: font)
            guard segment.trimmedWidth > width else {
                segments.append(segment)
                previous = end
                continue
            }
            if finer == nil {
                // Outside Japanese the words are the phrases already found (Chinese's pass over
                // ICU's dictionary is not made twice).
                let words = LineBreaker.withoutPhrases(locale)
                finer = words == locale ? opportunities : LineBreaker.breakOffsets(in: utf16, locale: words)
            }
            var start = previous
            // Word breaks outside units; and, in a piece still too long (units that run
            // together), where each unit begins. Word breaks first: a phrase cut where a unit
            // began ended a line with 「そのままお控え」 and began the next with 「ください。」,
            // where a word break before お控え kept the request whole.
            let words = finer!.filter { !inside.contains($0) && $0 > previous && $0 < end }
            var cuts: [Int] = []
            // Each word's piece measured once: most are the pieces set below.
            var wordPieces: [Int: Segment] = [:]
            var from = previous
            for cut in words + [end] {
                let piece = measured(indexed, utf16: utf16, from: from, to: cut, font: font)
                if piece.trimmedWidth > width {
                    // Where units begin; where a name begins inside another only in a piece
                    // still too long between those (中央区|水郷田名 before 中央区水郷|田名).
                    let outer = unitStarts.filter { $0 > from && $0 < cut && !nestedStarts.contains($0) }.sorted()
                    for (low, high) in zip([from] + outer, outer + [cut]) {
                        if nestedStarts.contains(where: { $0 > low && $0 < high }),
                           measured(indexed, utf16: utf16, from: low, to: high, font: font).trimmedWidth > width {
                            cuts += nestedStarts.filter { $0 > low && $0 < high }.sorted()
                        }
                        if high < cut { cuts.append(high) }
                    }
                } else {
                    wordPieces[from] = piece
                }
                if cut < end { cuts.append(cut) }
                from = cut
            }
            for cut in cuts + [end] {
                let piece = wordPieces[start].flatMap { $0.end == cut ? $0 : nil } ?? measured(indexed, utf16: utf16, from: start, to: cut, font: font)
                if piece.trimmedWidth > width {
                    var offset = start
                    for character in String(decoding: utf16[start..<cut], as: UTF16.self) {
                        let next = offset + character.utf16.count
                        var single = measured(indexed, utf16: utf16, from: offset, to: next, font: font)
                        single.forced = next < cut
                        segments.append(single)
                        offset = next
                    }
                } else {
                    segments.append(piece)
                }
                start = cut
            }
            previous = end
        }

        var ranges = pack(segments, width: width)
        if ranges.count > 1 {
            switch fill {
            case .balanced:
                // The narrowest width that needs no more lines: lines of even length.
                var low = ranges.map(\.width).max()! / ranges.count, high = width
                while low < high {
                    let mid = (low + high) / 2
                    if segments.allSatisfy({ $0.trimmedWidth <= mid }), pack(segments, width: mid).count <= ranges.count { high = mid } else { low = mid + 1 }
                }
                if high < width { ranges = pack(segments, width: high) }
            case .greedy:
                // A last line of one or two characters ("くださ|い。") takes one more segment from
                // the line before, if a slightly narrower fill gives it one without a new line.
                if shortLast(ranges, utf16) {
                    for percent in stride(from: 98, through: 80, by: -2) {
                        // A segment wider than the narrower fill (a note kept whole, nearly a
                        // line wide) gets a line of its own, within the real width; a fill
                        // that needs a line more for it is not taken.
                        let narrower = width * percent / 100
                        let candidate = pack(segments, width: narrower)
                        if candidate.count > ranges.count { break }
                        if !shortLast(candidate, utf16) {
                            ranges = candidate
                            break
                        }
                    }
                }
            }
        }
        return ranges.map { range in
            var line = makeLine(pieces(indexed, from: range.start, to: range.end), font: font)
            line.forcedBreak = range.forced
            return line
        }
    }

    /// A line's span of the text, its width, and whether it ends inside a unit.
    private struct LineRange {
        var start: Int, end: Int, width: Int, forced: Bool
    }

    /// Greedy filling: each line takes segments while they fit `width`.
    private func pack(_ segments: [Segment], width: Int) -> [LineRange] {
        var lines: [LineRange] = []
        var current: LineRange? = nil
        for segment in segments {
            if var line = current {
                if line.width + segment.trimmedWidth <= width {
                    line.width += segment.width
                    line.end = segment.end
                    line.forced = segment.forced
                    current = line
                    continue
                }
                lines.append(line)
            }
            current = LineRange(start: segment.start, end: segment.end, width: segment.width, forced: segment.forced)
        }
        if let current { lines.append(current) }
        return lines
    }

    /// Whether the last line holds one or two characters (punctuation and spaces not counted),
    /// or three with a digit among them.
    private func shortLast(_ ranges: [LineRange], _ utf16: [UInt16]) -> Bool {
        guard ranges.count > 1, let last = ranges.last else { return false }
        let text = String(decoding: utf16[last.start..<last.end], as: UTF16.self)
        let counted = text.filter { character in
            !character.isWhitespace && !character.unicodeScalars.allSatisfy { CharacterSet.punctuationCharacters.contains($0) || CharacterSet.symbols.contains($0) }
        }
        // Nor a number with its counter alone (a counter's name read 市民税課 証明書 | 13番).
        return counted.count <= 2 || (counted.count <= 3 && counted.contains(where: \.isNumber))
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
