import MachinakaCore
import MachinakaLayout
import Testing

@Suite struct ParagraphLayoutTests {
    let layout = ParagraphLayout(measurer: FixedMeasurer())
    let font = FontSpec(role: .body, size: 10)

    @Test func everyLineFitsAndNothingIsLost() {
        let text = "下水道管の更新工事のため、市道 中央2丁目線（市役所前交差点〜中央小学校北側）を夜間通行止めにします。歩行者と自転車は、誘導員の案内に従って通行できます。"
        for width in [60, 95, 150, 230, 400] {
            let lines = layout.lines(of: [Span(text)], font: font, width: width)
            #expect(lines.map(\.text).joined() == text.replacingOccurrences(of: " ", with: "") || lines.map(\.text).joined(separator: " ").replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""))
            for line in lines {
                #expect(line.width <= width, "'\(line.text)' is \(line.width) wide in \(width)")
                #expect(!noLineStart.contains(line.text.first!), "line starts with \(line.text.first!)")
                #expect(!noLineEnd.contains(line.text.last!), "line ends with \(line.text.last!)")
            }
        }
    }

    /// Kinsoku and greedy filling, on their own: the locale without phrases, no units.
    let characters = ParagraphLayout(measurer: FixedMeasurer(), locale: "ja@lb=strict", keep: nil)

    @Test func greedyFill() {
        // 10 px per character, 50 px wide: five characters a line.
        let lines = characters.lines(of: [Span("あいうえおかきくけこさしす")], font: font, width: 50)
        #expect(lines.map(\.text) == ["あいうえお", "かきくけこ", "さしす"])
    }

    @Test func aLastLineOfOneOrTwoCharactersTakesOneMoreFromTheLineBefore() {
        // Greedy filling would leave さ alone on the last line.
        let lines = characters.lines(of: [Span("あいうえおかきくけこさ")], font: font, width: 50)
        #expect(lines.map(\.text) == ["あいうえ", "おかきく", "けこさ"])
        // …unless that would take another line.
        #expect(characters.lines(of: [Span("あいうえおか")], font: font, width: 50).map(\.text) == ["あいうえ", "おか"] || characters.lines(of: [Span("あいうえおか")], font: font, width: 50).count == 2)
        // A real sentence: くださ|い。 is what readers complained of.
        let notice = layout.lines(of: [Span("窓口は混雑しますので、時間に余裕をもってお越しください。")], font: font, width: 270)
        #expect(notice.count == 2 && notice.last!.text.count > 3, "\(notice.map(\.text))")
    }

    /// Nor a number with its counter alone on the last line: the review's counter names read
    /// 市民税課 証明書 | 13番.
    @Test func aNumberWithItsCounterIsNotALastLineAlone() {
        var checked = 0
        for width in stride(from: 60, through: 200, by: 5) {
            let lines = layout.lines(of: [Span("市民税課 証明書 13番")], font: font, width: width).map(\.text)
            // (Where a fill down to four fifths of the width moves 証明書 down: past that the
            // first line would be left too short.)
            guard lines.count == 2, width * 80 / 100 < layout.lines(of: [Span("市民税課 証明書")], font: font, width: 1000)[0].width else { continue }
            checked += 1
            #expect(lines.last != "13番", "width \(width): \(lines)")
        }
        #expect(checked > 0)
    }

    /// A note kept whole and nearly a line wide used to stop the fix above from trying any
    /// narrower fill (every segment had to fit it), so 13番 stayed alone on the last line.
    @Test func aNoteNearlyALineWideDoesNotStopTheLastLineFix() {
        let text = "受付（住民票・戸籍・印鑑証明）は市民課で行います2階の13番"
        let lines = layout.lines(of: [Span(text)], font: font, width: 130)
        #expect(lines.map(\.text).joined() == text)
        #expect(lines.contains { $0.text == "（住民票・戸籍・印鑑証明）" }, "the note stays whole: \(lines.map(\.text))")
        #expect(lines.allSatisfy { $0.width <= 130 })
        #expect(lines.count == 4)
        #expect(lines.last?.text != "13番", "\(lines.map(\.text))")
    }

    /// The stress feed's furigana notice ended 「…避難所へ行きま」 and began its last line with
    /// 「しょう。」 at 720p and 4K: the last-line fix took what ICU's phrases offered.
    @Test func aPoliteEndingIsNeverParted() {
        let words = [Span("机の"), Span("下", ruby: "した"), Span("に"), Span("入", ruby: "はい"), Span("って、揺れが"),
                     Span("止", ruby: "と"), Span("まったら、"), Span("近", ruby: "ちか"), Span("くの"),
                     Span("避難所", ruby: "ひなんじょ"), Span("へ"), Span("行", ruby: "い"), Span("きましょう。")]
        let text = words.map(\.text).joined()
        for width in stride(from: 70, through: 250, by: 10) {
            let lines = layout.lines(of: words, font: font, width: width).map(\.text)
            #expect(lines.joined() == text)
            #expect(!lines.contains { $0.hasPrefix("しょう") || $0.hasPrefix("ましょう") || $0.hasPrefix("きましょう") }, "\(width): \(lines)")
        }
    }

    @Test func punctuationIsPulledBackNotPushedToTheNextLine() {
        // "。" may not start a line, so the break moves one character earlier.
        let lines = characters.lines(of: [Span("あいうえお。かきくけこ")], font: font, width: 50)
        #expect(lines.first?.text == "あいうえ")
        #expect(lines[1].text.hasPrefix("お。"))
    }

    @Test func titlesAreBalancedOverTheirLines() {
        let title = "年末年始の窓口業務と休日当番医のお知らせ"
        let greedy = layout.lines(of: [Span(title)], font: font, width: 160)
        let balanced = layout.lines(of: [Span(title)], font: font, width: 160, fill: .balanced)
        #expect(balanced.count == greedy.count)
        let widths = balanced.map(\.width)
        #expect(widths.max()! - widths.min()! <= greedy.map(\.width).max()! - greedy.map(\.width).min()!, "\(balanced.map(\.text))")
        #expect(widths.max()! - widths.min()! <= 40, "\(balanced.map(\.text))")
    }

    @Test func stylesKeepTheirPositions() {
        let lines = layout.lines(of: [Span("あい"), Span("うえ", strong: true), Span("お")], font: font, width: 200)
        #expect(lines.count == 1)
        #expect(lines[0].runs == [
            PlacedRun(text: "あい", strong: false, x: 0), PlacedRun(text: "うえ", strong: true, x: 20), PlacedRun(text: "お", strong: false, x: 40),
        ])
    }

    @Test func hardBreaks() {
        let lines = layout.lines(of: [Span("一行目\n二行目")], font: font, width: 200)
        #expect(lines.map(\.text) == ["一行目", "二行目"])
    }

    @Test func overlongWordBreaksBetweenCharacters() {
        let lines = layout.lines(of: [Span("https://www.city.sagamihara.kanagawa.jp/")], font: font, width: 60)
        #expect(lines.allSatisfy { $0.width <= 60 })
        #expect(lines.map(\.text).joined() == "https://www.city.sagamihara.kanagawa.jp/")
    }

    @Test func spacesAtLineEndsAreDropped() {
        let lines = layout.lines(of: [Span("Staff and interpreters can help you")], font: font, width: 60)
        for line in lines {
            #expect(line.text.first != " " && line.text.last != " ", "'\(line.text)'")
        }
        #expect(lines.map(\.text).joined(separator: " ") == "Staff and interpreters can help you")
    }

    @Test func wordsWithFuriganaStayWholeAndCarryTheirReading() {
        // 10 px a character, 30 px a line: 相模原 (ruby さがみはら) may not be split.
        let spans = [Span("あい"), Span("相模原", ruby: "さがみはら"), Span("です")]
        let lines = characters.lines(of: spans, font: font, width: 30)
        #expect(lines.map(\.text) == ["あい", "相模原", "です"])
        #expect(lines[1].runs == [PlacedRun(text: "相模原", strong: false, x: 0, ruby: "さがみはら")])
        #expect(lines[1].hasRuby && !lines[0].hasRuby)
    }
}

/// Counts the characters measured: work, not time, so the test says the same on any machine.
final class CountingMeasurer: TextMeasuring, @unchecked Sendable {
    private(set) var measured = 0
    func width(of text: String, font: FontSpec) -> Int {
        measured += text.unicodeScalars.count
        return FixedMeasurer().width(of: text, font: font)
    }
    func height(of font: FontSpec) -> Int { font.size }
}

@Suite struct FuzzRegressionTests {
    /// Found by Tests/Fuzz (FuzzLayout, regressions/FuzzLayout/space-then-combining-mark): a
    /// combining mark on a space, between invalid bytes. UAX #14 may break between the space
    /// and its mark (LB10); every code point must still be laid out, once.
    @Test func aCombiningMarkOnASpaceIsNeitherLostNorDoubled() {
        let text = "\u{FFFD}\u{FFFD} \u{0488}\u{FFFD}n9"
        for width in [10, 20, 40, 400] {
            let lines = ParagraphLayout(measurer: FixedMeasurer()).lines(of: [Span(text)], font: FontSpec(role: .body, size: 10), width: width)
            let laid = lines.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }
            #expect(String(String.UnicodeScalarView(laid)) == "\u{FFFD}\u{FFFD}\u{0488}\u{FFFD}n9", "width \(width)")
        }
    }

    /// Found by Tests/Fuzz (FuzzLayout, regressions/FuzzLayout/space-then-variation-selector):
    /// a line ending in a space that carries a variation selector. Trimming the line's trailing
    /// space took the whole character, selector and all.
    @Test func aSpaceCarryingAVariationSelectorKeepsIt() {
        for text in [" \u{FE08}", "日 \u{FE08}", "word \u{FE0F} 月"] {
            let lines = ParagraphLayout(measurer: FixedMeasurer()).lines(of: [Span(text)], font: FontSpec(role: .body, size: 10), width: 313)
            let laid = lines.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }
            #expect(String(String.UnicodeScalarView(laid)) == String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace })), "\(text.debugDescription)")
        }
    }
}

@Suite struct LayoutCostTests {
    /// Each character is measured a bounded number of times, whatever the paragraph's length:
    /// a line is never measured again from its start as it grows. (Cutting pieces once copied
    /// the whole paragraph each time, quadratic in its length; `machinaka bench --layout-only`
    /// times the longest notice a file may hold.)
    @Test(arguments: ["本日は晴天なり。市役所からのお知らせです。", "word ", "x"])
    func layingOutTwiceTheTextMeasuresTwiceTheCharacters(_ unit: String) {
        func work(_ count: Int) -> Int {
            let measurer = CountingMeasurer()
            let text = String(repeating: unit, count: count)
            let spans = stride(from: 0, to: text.count, by: 50).map { offset -> Span in
                let start = text.index(text.startIndex, offsetBy: offset)
                let end = text.index(start, offsetBy: 50, limitedBy: text.endIndex) ?? text.endIndex
                return Span(String(text[start..<end]), strong: offset % 100 == 0)
            }
            _ = ParagraphLayout(measurer: measurer).lines(of: spans, font: FontSpec(role: .body, size: 10), width: 400)
            return measurer.measured
        }
        let once = work(2_000 / unit.count), twice = work(4_000 / unit.count)
        #expect(Double(twice) / Double(once) < 2.3, "\(once) → \(twice) characters measured")
    }
}
