@testable import MachinakaLayout
import Testing

/// Where a page may end inside running text: after a sentence, as ICU's sentence iterator
/// finds it — an abbreviation's period is not a sentence end (the review found a page ending
/// after "e.g.").
@Suite struct SentenceEndTests {
    func ends(_ text: String) -> [String] {
        let characters = Array(text)
        return SlideComposer.sentenceEnds(in: text).map { String(characters[..<$0]) }
    }

    @Test func aPeriodEndsASentenceButNotAnAbbreviation() {
        #expect(ends("Bring an ID, e.g. a passport. Then wait at counter 3.") == ["Bring an ID, e.g. a passport.", "Bring an ID, e.g. a passport. Then wait at counter 3."])
        #expect(ends("Ask Mr. Tanaka at the desk. He speaks English.").first == "Ask Mr. Tanaka at the desk.")
        // A period before a lower-case word does not end anything.
        #expect(ends("Open 9 a.m. to 5 p.m. on weekdays") == [])
    }

    @Test func aLineEndingWithAnAbbreviationDoesNotEndASentence() {
        // A page break looks at one line; the next line tells ICU that "e.g." is not an end.
        #expect(!SlideComposer.endsSentence("Bring an ID, e.g.", before: "a passport or a licence."))
        #expect(!SlideComposer.endsSentence("Please ask Mr. ", before: "Tanaka at the desk."))
        #expect(SlideComposer.endsSentence("Bring an ID. ", before: "Then wait at counter 3."))
        #expect(SlideComposer.endsSentence("受付は9時からです。", before: "お越しください。"))
        #expect(SlideComposer.sentenceEnds(in: "Wait here. Ask e.g.", before: "the desk.") == [10])
    }

    @Test func japaneseSentencesEndAfterTheirStopWithTheClosingBracket() {
        #expect(ends("受付は9時からです。お越しください。") == ["受付は9時からです。", "受付は9時からです。お越しください。"])
        #expect(ends("「本日は休館です。」明日は開館します。") == ["「本日は休館です。」", "「本日は休館です。」明日は開館します。"])
        #expect(ends("本当ですか？はい！") == ["本当ですか？", "本当ですか？はい！"])
        // No stop at the end: the text's end is not a sentence end.
        #expect(ends("駐車場は1時間200円") == [])
    }
}
