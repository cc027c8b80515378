import Foundation
import MachinakaCore
@testable import MachinakaSystem
import Testing

/// The real voices: Open JTalk with the voice kept in deploy/voices, and espeak-ng.
@Suite struct VoicesTests {
    @Test func theJapaneseAndEnglishVoicesSpeak() throws {
        let (voices, missing) = Voices.table()
        #expect(missing.isEmpty, "\(missing)")
        let japanese = try #require(voices.first { $0.speaks("ja") })
        #expect(japanese.name == "open_jtalk mei_normal")
        let ja = try japanese.say("こちらは相模原市です。", language: "ja")
        #expect(ja.rate == 48_000 && ja.channels == 1)
        #expect((1.0...4.0).contains(ja.duration), "\(ja.duration) s for eleven syllables")
        #expect(ja.samples.contains { abs(Int($0)) > 3000 }, "not silence")
        let english = try #require(voices.first { $0.speaks("en") })
        let en = try english.say("This is Sagamihara City.", language: "en")
        #expect(en.rate == 22_050 && (0.8...4.0).contains(en.duration))
        for language in ["zh", "ko"] {
            #expect(voices.contains { $0.speaks(language) }, "\(language)")
        }
    }

    @Test func openJTalkSaysEveryLineAndLongTextWhole() throws {
        let japanese = try #require(Voices.table().voices.first { $0.speaks("ja") })
        let first = try japanese.say("直ちに避難してください。", language: "ja")
        let second = try japanese.say("避難場所は相模原市立中央小学校です。", language: "ja")
        let both = try japanese.say("直ちに避難してください。\n避難場所は相模原市立中央小学校です。", language: "ja")
        // open_jtalk reads one line: before, the second line was never said.
        #expect(abs(both.duration - (first.duration + second.duration)) < 0.5, "\(both.duration) s for \(first.duration) + \(second.duration) s")
        let long = String(repeating: "相模川の水位が上昇しています、対象地域の方は直ちに近くの避難所へ避難してください。", count: 12)
        let pieces = OpenJTalkVoice.pieces(of: long)
        #expect(pieces.count == 2 && pieces.allSatisfy { $0.count <= OpenJTalkVoice.pieceCharacters }, "cut between sentences: \(pieces.map(\.count))")
        #expect(pieces.joined() == long, "nothing lost, nothing cut inside a character")
        // One sentence longer than a piece, without a 、: cut at the length (its stop added).
        #expect(OpenJTalkVoice.pieces(of: String(repeating: "あ", count: 600)).map(\.count) == [250, 250, 101])
    }

    @Test func aMissingVoiceIsSaidNotThrown() {
        let (voices, missing) = Voices.table(voice: "/nonexistent/voice.htsvoice")
        #expect(!voices.contains { $0.speaks("ja") })
        #expect(missing.first?.contains("no Japanese voice: the voice /nonexistent/voice.htsvoice cannot be read") == true)
    }
}
