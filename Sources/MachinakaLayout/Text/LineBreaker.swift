import CLineBreak

/// Where a line of text may end, from ICU's line-break iterator.
///
/// ICU implements UAX #14 with locale tailoring; for Japanese (`ja@lb=strict`) that is
/// 禁則処理: no 。、」 or small kana at a line start, no 「 at a line end, Latin words whole;
/// with `lw=phrase` (ICU 72 and later) it breaks only between phrases (文節), as Japanese
/// typesetters do for signs: 受診|期限は、|2027年|2月|28日|（日）|までです。 What ICU still
/// splits (place names, numbers with counters) `KeepTogether` holds together.
public enum LineBreaker {
    /// The locale used for Japanese text: strict kinsoku, breaks between phrases.
    public static let japanese = "ja@lb=strict;lw=phrase"

    /// The UTF-16 offsets at which a line may end; the last is the text's UTF-16 length.
    public static func breakOffsets(in utf16: [UInt16], locale: String = japanese) -> [Int] {
        var breaks = offsets(in: utf16, locale: locale, iterator: mk_line_breaks)
        if locale.hasPrefix("ko") { breaks = keepingKoreanWords(breaks, in: utf16) }
        if locale.hasPrefix("zh") { breaks = keepingChineseWords(breaks, in: utf16) }
        if locale.hasPrefix("ja"), locale.contains("lw=phrase") { breaks = keepingJapanesePhrases(breaks, in: utf16) }
        return keepingEmoji(breaks, in: utf16)
    }

    /// Emoji stay together (🎄⛄, which UAX #14 may part like two ideographs) and with the word
    /// they stand before ("🚒 消防車": the stress feed ended a line with 🚒 and began the next
    /// with its word). A line may still end before an emoji.
    static func keepingEmoji(_ breaks: [Int], in utf16: [UInt16]) -> [Int] {
        // Most text has none: a surrogate pair or a symbol's block is where one may be.
        guard utf16.contains(where: { UTF16.isLeadSurrogate($0) || (0x2000...0x2BFF).contains($0) }) else { return breaks }
        /// Whether the scalar in `units` (one UTF-16 unit, or a surrogate pair) is an emoji or
        /// joins one (a variation selector, a zero-width joiner).
        func isEmoji(_ units: ArraySlice<UInt16>) -> Bool {
            var iterator = units.makeIterator()
            var decoder = UTF16()
            guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
            return scalar.properties.isEmojiPresentation || (scalar.properties.isEmoji && scalar.value >= 0x2000)
                || scalar.value == 0xFE0F || scalar.value == 0x200D
        }
        /// The units of the scalar that ends before `end`, and of the one that starts at `start`.
        func before(_ end: Int) -> ArraySlice<UInt16> { utf16[(end > 1 && UTF16.isTrailSurrogate(utf16[end - 1]) ? end - 2 : end - 1)..<end] }
        func at(_ start: Int) -> ArraySlice<UInt16> { utf16[start..<min(utf16.count, UTF16.isLeadSurrogate(utf16[start]) ? start + 2 : start + 1)] }
        return breaks.filter { offset in
            guard offset > 0, offset < utf16.count else { return true }
            var end = offset
            while end > 0, utf16[end - 1] == 0x20 || utf16[end - 1] == 0x3000 { end -= 1 }
            guard end > 0, isEmoji(before(end)) else { return true }
            // After an emoji and its space: it leads the word that follows.
            return end == offset && !isEmoji(at(offset))
        }
    }

    /// ICU's phrases still part what no Japanese reader would, and what a line then begins
    /// with reads as a fragment: a word from its okurigana or the particle after it (六角川|では、
    /// in JMA's own text, 詳|しくは, 発表|しました), a polite ending (避難所へ行きま|しょう。 in the
    /// stress feed's furigana notice, 続くで|しょう。), and an honorific or おそれ's お from the
    /// rest of its word (土曜日のお|はなし, 氾濫のお|それ), and a word from its rendaku (まち|づくり).
    /// (Compound particles, 高さにか|かわらず, are `KeepTogether`'s: whole, as names are.) None of
    /// these is a place a phrase ends;
    /// the places around them (before 六角川, after では、) stay. Only phrases lose them: a phrase
    /// too long for its line is still cut at ICU's words, and a unit at its characters.
    static func keepingJapanesePhrases(_ breaks: [Int], in utf16: [UInt16]) -> [Int] {
        func isKanji(_ unit: UInt16) -> Bool { (0x4E00...0x9FFF).contains(unit) || (0x3400...0x4DBF).contains(unit) || unit == 0x3005 }
        func isKatakana(_ unit: UInt16) -> Bool { (0x30A1...0x30FA).contains(unit) || unit == 0x30FC }
        func isHiragana(_ unit: UInt16) -> Bool { (0x3041...0x3096).contains(unit) }
        /// Whether the text at `offset` begins with one of `endings`.
        func begins(at offset: Int, with endings: [[UInt16]]) -> Bool {
            endings.contains { ending in offset + ending.count <= utf16.count && utf16[offset..<(offset + ending.count)].elementsEqual(ending) }
        }
        return breaks.filter { offset in
            guard offset > 0, offset < utf16.count else { return true }
            let before = utf16[offset - 1], after = utf16[offset]
            // A rendaku づ or ぢ goes on a word (まちづくり); none begins one.
            if after == Self.zu || after == Self.dji { return false }
            guard isHiragana(after) || (isKanji(after) && (before == Self.o || before == Self.go)) else { return true }
            // (An honorific after a word begins a phrase of its own: 各自|ご確認ください.)
            if isKanji(before) || isKatakana(before) { return after == Self.o || after == Self.go }
            if before == Self.o || before == Self.go { return false }
            if before == Self.ma || before == Self.de, begins(at: offset, with: before == Self.ma ? Self.afterMa : Self.afterDe) {
                // す only as the ending itself (できま|す。, で|すが), not a word that begins
                // with it (いま|すぐ, 避難所で|すぐに, 沿岸で|すでに).
                guard after == Self.su, offset + 1 < utf16.count, isHiragana(utf16[offset + 1]) else { return false }
                return !Self.afterSu.contains(utf16[offset + 1])
            }
            return true
        }
    }

    private static let o = "お".utf16.first!, go = "ご".utf16.first!, ma = "ま".utf16.first!, de = "で".utf16.first!
    private static let zu = "づ".utf16.first!, dji = "ぢ".utf16.first!, su = "す".utf16.first!
    /// The particles that may follow an ending す (ですが, ありますので).
    private static let afterSu = Set("かがねよの".utf16)
    /// The polite endings ICU's phrases part after their ま or で: 行きま|しょう, 続くで|しょう.
    private static let afterMa: [[UInt16]] = ["す", "した", "しょう", "せん"].map { Array($0.utf16) }
    private static let afterDe: [[UInt16]] = ["しょう", "した", "す"].map { Array($0.utf16) }

    /// The UTF-16 offsets of the word boundaries ICU's dictionary finds in Japanese text (the
    /// text's end included): where a compound of ideographs may part, 印鑑登録|証明書.
    public static func wordOffsets(in utf16: [UInt16]) -> [Int] {
        offsets(in: utf16, locale: "ja", iterator: mk_word_breaks)
    }

    /// The UTF-16 offsets of the sentence boundaries ICU finds (the text's end included), each
    /// after the sentence's trailing spaces; none after an abbreviation ("e.g.", "Mr.") or a
    /// period a lower-case word follows.
    public static func sentenceOffsets(in utf16: [UInt16]) -> [Int] {
        offsets(in: utf16, locale: "en@ss=standard", iterator: mk_sentence_breaks)
    }

    /// Runs one of CLineBreak's iterators, growing the buffer until the offsets fit. Should ICU
    /// fail, the text is one unbreakable piece: text shown whole beats text not shown.
    private static func offsets(
        in utf16: [UInt16], locale: String,
        iterator: (UnsafePointer<UInt16>?, Int32, UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?, Int32) -> Int32
    ) -> [Int] {
        guard !utf16.isEmpty else { return [] }
        var capacity = utf16.count + 1
        while true {
            var out = [Int32](repeating: 0, count: capacity)
            let count = Int(iterator(utf16, Int32(utf16.count), locale, &out, Int32(capacity)))
            if count < 0 { return [utf16.count] }
            if count <= capacity { return out.prefix(count).map(Int.init) }
            capacity = count
        }
    }

    /// Korean is written with spaces between words, and readers expect lines to break only
    /// there (CSS `word-break: keep-all`); UAX #14 alone would break between any two Hangul
    /// syllables. Breaks next to non-Hangul text (numbers, Latin, CJK) stay as ICU found them.
    static func keepingKoreanWords(_ breaks: [Int], in utf16: [UInt16]) -> [Int] {
        func isHangul(_ unit: UInt16) -> Bool { (0xAC00...0xD7A3).contains(unit) || (0x1100...0x11FF).contains(unit) || (0x3130...0x318F).contains(unit) }
        return breaks.filter { offset in
            guard offset > 0, offset < utf16.count else { return true }
            return !(isHangul(utf16[offset - 1]) && isHangul(utf16[offset]))
        }
    }

    /// Chinese may break between any two ideographs (UAX #14), and books do; a sign read in
    /// passing reads better with its words whole (免费, not 免|费; 周一, not 周|一). Between two
    /// ideographs a line ends only where ICU's dictionary ends a word; other breaks (after
    /// punctuation, around numbers and Latin) stay as ICU found them.
    static func keepingChineseWords(_ breaks: [Int], in utf16: [UInt16]) -> [Int] {
        func isHan(_ unit: UInt16) -> Bool { (0x4E00...0x9FFF).contains(unit) || (0x3400...0x4DBF).contains(unit) }
        guard breaks.contains(where: { $0 > 0 && $0 < utf16.count && isHan(utf16[$0 - 1]) && isHan(utf16[$0]) }) else { return breaks }
        let words = Set(offsets(in: utf16, locale: "zh", iterator: mk_word_breaks))
        return breaks.filter { offset in
            guard offset > 0, offset < utf16.count, isHan(utf16[offset - 1]), isHan(utf16[offset]) else { return true }
            return words.contains(offset)
        }
    }

    /// The text cut into the pieces between break opportunities (each piece keeps its
    /// trailing spaces).
    public static func segments(of text: String, locale: String = japanese) -> [String] {
        let utf16 = Array(text.utf16)
        var start = 0
        return breakOffsets(in: utf16, locale: locale).map { end in
            defer { start = end }
            return String(decoding: utf16[start..<end], as: UTF16.self)
        }
    }

    /// `locale` breaking between words rather than phrases: where a phrase too long for a
    /// line may be cut.
    public static func withoutPhrases(_ locale: String) -> String {
        locale.replacingOccurrences(of: ";lw=phrase", with: "").replacingOccurrences(of: "@lw=phrase", with: "")
    }

    /// The ICU locale for a BCP 47 language tag.
    public static func locale(forLanguage lang: String) -> String {
        lang.lowercased().hasPrefix("ja") ? japanese : lang.replacingOccurrences(of: "-", with: "_")
    }
}
