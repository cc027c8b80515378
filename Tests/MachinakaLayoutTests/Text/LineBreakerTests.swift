import MachinakaCore
import MachinakaLayout
import Testing

/// Characters that Japanese typesetting (JIS X 4051) keeps off the start of a line.
let noLineStart: Set<Character> = ["。", "、", "」", "）", "』", "ー", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ッ", "ャ", "ュ", "ョ", "！", "？", "・", "：", "，", "．"]
/// Characters kept off the end of a line.
let noLineEnd: Set<Character> = ["「", "（", "『", "［"]

@Suite struct LineBreakerTests {
    @Test func segmentsRespectKinsoku() {
        let text = "年末年始（12月29日〜1月3日）は、窓口業務をお休みします。「マイナンバーカード」をお持ちの方は、コンビニで証明書を取得できます。"
        let segments = LineBreaker.segments(of: text)
        #expect(segments.joined() == text)
        for segment in segments {
            #expect(!noLineStart.contains(segment.first!), "segment starts with \(segment.first!): \(segment)")
            #expect(!noLineEnd.contains(segment.last!), "segment ends with \(segment.last!): \(segment)")
        }
    }

    @Test func latinWordsAndNumbersWithUnitsStayWhole() {
        let segments = LineBreaker.segments(of: "受付は8:30〜17:15、Consultation for Foreign Residents は無料です。")
        #expect(segments.contains { $0.hasPrefix("Consultation") && !$0.contains("for") })
        #expect(segments.contains("8:30〜") || segments.contains { $0.contains("8:30") && !$0.hasSuffix("8:") })
        #expect(!segments.contains { $0.hasSuffix("8:") || $0 == "30" })
    }

    @Test func smallKanaStrictly() {
        // Strict: a small っ never begins a line.
        let segments = LineBreaker.segments(of: "ちょっとまって")
        #expect(!segments.contains { $0.hasPrefix("っ") || $0.hasPrefix("ょ") })
    }

    /// ICU's phrases parted each of these (texts of the feeds and of JMA's XML in the
    /// fixtures), leaving a line to begin with an ending, a particle or half a word.
    @Test(arguments: [
        ("揺れが止まったら、近くの避難所へ行きましょう。", "行きましょう。"),
        ("特定健診・がん検診は年度内に受けましょう", "受けましょう"),
        ("この雨は当分この状態が続くでしょう。", "続くでしょう。"),
        ("【警戒レベル３相当情報［洪水］】六角川では、今後、氾濫", "六角川では、"),
        ("西部では、低い土地の浸水や河川の増水に警戒して下さい。", "西部では、"),
        ("大津波警報・津波警報を発表しました。", "発表しました。"),
        ("詳しくは市のサイトで", "詳しくは"),
        ("土曜日のおはなし会（クリスマス）", "おはなし"),
        ("河川の増水による氾濫のおそれがあり、", "おそれ"),
        ("相模原市 大野南まちづくりセンター", "まちづくり"),
    ])
    func aPhraseKeepsItsEndingItsParticleAndItsHonorific(text: String, whole: String) {
        let segments = LineBreaker.segments(of: text)
        #expect(segments.joined() == text)
        let start = text.utf16.count - (text.range(of: whole).map { text[$0.lowerBound...].utf16.count } ?? 0)
        let breaks = Set(LineBreaker.breakOffsets(in: Array(text.utf16)))
        #expect(!breaks.contains { $0 > start && $0 < start + whole.utf16.count }, "\(segments)")
    }

    /// The phrases around them still part where they did: the rule takes no break a phrase
    /// ends at — not before a word that begins with す, nor before an honorific after a word.
    @Test(arguments: [("避難所ですぐに受付をします", "避難所で"), ("沿岸ではすでに潮位が上がっています", "沿岸では"), ("本日ごみの収集はありません", "本日")])
    func aPhraseEndBeforeAWordStays(text: String, end: String) {
        let breaks = LineBreaker.breakOffsets(in: Array(text.utf16))
        #expect(breaks.contains(end.utf16.count), "\(LineBreaker.segments(of: text))")
    }

    @Test func thePhrasesAroundThemStillPart() {
        #expect(LineBreaker.segments(of: "揺れが止まったら、近くの避難所へ行きましょう。") == ["揺れが", "止まったら、", "近くの", "避難所へ", "行きましょう。"])
        #expect(LineBreaker.segments(of: "六角川では、今後、氾濫").first == "六角川では、")
    }

    @Test func emptyText() {
        #expect(LineBreaker.segments(of: "").isEmpty)
    }

    /// Each thread keeps its iterators open between calls: one kept for a locale must never
    /// answer for another, nor for the text of the call before.
    @Test func anIteratorKeptBetweenCallsAnswersForItsOwnLocaleAndText() {
        let notice = Array("窓口業務をお休みします。お申し込みください。".utf16)
        let byPhrase = LineBreaker.breakOffsets(in: notice)
        let byCharacter = LineBreaker.breakOffsets(in: notice, locale: "ja")
        // Without phrases, Japanese may break between almost any two characters.
        #expect(byCharacter.count > byPhrase.count + 5)
        let english = Array("Bring e.g. a passport. Then wait.".utf16)
        let sentences = LineBreaker.sentenceOffsets(in: english)
        #expect(sentences == [23, english.count])
        for _ in 0..<3 {
            #expect(LineBreaker.breakOffsets(in: notice, locale: "ja") == byCharacter)
            #expect(LineBreaker.breakOffsets(in: notice) == byPhrase)
            #expect(LineBreaker.sentenceOffsets(in: english) == sentences)
            #expect(LineBreaker.sentenceOffsets(in: Array("短い。".utf16)) == [3])
        }
        // One locale, one text after another: each answered for itself.
        let other = Array("受付は8時30分からです。".utf16)
        let alone = LineBreaker.breakOffsets(in: other)
        #expect(LineBreaker.breakOffsets(in: notice) == byPhrase)
        #expect(LineBreaker.breakOffsets(in: other) == alone && alone.last == other.count)
    }

    /// Emoji stay together and with the word they lead: the stress feed's portrait title
    /// parted 🎄|⛄, and its body ended a line with 🚒 whose 消防車 began the next.
    @Test func emojiStayTogetherAndWithTheWordTheyLead() {
        let title = LineBreaker.segments(of: "冬のイベント 🎄⛄ 参加者募集 🎉")
        #expect(!title.contains { $0.hasSuffix("🎄") }, "\(title)")
        let body = LineBreaker.segments(of: "ホットドリンクを用意しています。🚒 消防車の展示もあります。👨‍👩‍👧 家族で来てください。")
        #expect(!body.contains { $0.hasSuffix("🚒 ") || $0.hasSuffix("👨‍👩‍👧 ") }, "\(body)")
        #expect(body.contains { $0.hasSuffix("。") }, "a line may still end before an emoji: \(body)")
        #expect(body.joined() == "ホットドリンクを用意しています。🚒 消防車の展示もあります。👨‍👩‍👧 家族で来てください。")
    }
}
