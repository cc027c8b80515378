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

    @Test func aMissingVoiceIsSaidNotThrown() {
        let (voices, missing) = Voices.table(voice: "/nonexistent/voice.htsvoice")
        #expect(!voices.contains { $0.speaks("ja") })
        #expect(missing.first?.contains("no Japanese voice: the voice /nonexistent/voice.htsvoice cannot be read") == true)
    }
}
