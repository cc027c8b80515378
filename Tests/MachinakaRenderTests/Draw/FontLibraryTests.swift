import MachinakaCore
@testable import MachinakaRender
import Testing

extension RenderTests {
@Suite struct FontLibraryTests {
    @Test func everyScriptHasItsGlyphs() throws {
        let fonts = try Fixtures.fonts()
        let samples: [(String, String)] = [
            ("ja", "避難指示が発令されました。直ちに避難してください。㈱〜①"),
            ("en", "Evacuation order: leave now. Café, naïve — 100%"),
            ("zh", "已发布避难指示，请立即避难。"),
            ("ko", "대피 명령이 발령되었습니다. 즉시 대피하십시오."),
        ]
        for (lang, text) in samples {
            for role in FontSpec.Role.allCases {
                #expect(fonts.missingGlyphs(in: text, font: FontSpec(role: role, lang: lang, size: 40)) == [], "\(lang) \(role)")
            }
        }
    }

    @Test func aCharacterNoFaceHasIsNamedAndLeftOutNotDrawnAsABox() throws {
        let fonts = try Fixtures.fonts()
        // An Egyptian hieroglyph: in no face Machinaka installs.
        let spec = FontSpec(role: .body, lang: "ja", size: 40)
        #expect(fonts.missingGlyphs(in: "避難\u{13000}所", font: spec) == ["\u{13000}"])
        #expect(fonts.width(of: "避難\u{13000}所", font: spec) == fonts.width(of: "避難所", font: spec), "it takes no room: nothing is drawn for it")
    }

    @Test func koreanChineseAndEmojiInAJapaneseLineFallBackToAFaceThatHasThem() throws {
        let fonts = try Fixtures.fonts()
        let spec = FontSpec(role: .body, lang: "ja", size: 40)
        // BIZ UD Gothic has no Hangul and no emoji; the ticker sets every title in it.
        #expect(!fonts.ownFaceCovers("대피소", font: spec))
        #expect(fonts.missingGlyphs(in: "대피소 避难所 年末年初窗口 ☕🚒🏥", font: spec) == [])
        let runs = fonts.runs(of: "避難所 대피소 🚒", spec: spec)
        #expect(runs.count == 4, "\(runs.map(\.text))")
        #expect(runs.map(\.face.path).contains { $0.contains("NotoSansCJK") })
        let emoji = try #require(runs.last)
        #expect(emoji.face.path.contains("NotoColorEmoji") && emoji.scale < 1, "a bitmap emoji scaled to the line")
        // Measured as drawn: the emoji about one line high, so about as wide as a kanji.
        let kanji = fonts.width(of: "避", font: spec), fire = fonts.width(of: "🚒", font: spec)
        #expect(fire > kanji / 2 && fire < kanji * 2, "\(fire) vs \(kanji)")
    }

    @Test func measuringMatchesTheFont() throws {
        let fonts = try Fixtures.fonts()
        let small = fonts.width(of: "お知らせ", font: FontSpec(role: .body, size: 20))
        let large = fonts.width(of: "お知らせ", font: FontSpec(role: .body, size: 40))
        #expect(small > 0)
        #expect(abs(large - 2 * small) <= 4)
        #expect(fonts.width(of: "", font: FontSpec(role: .body, size: 40)) == 0)
        #expect(fonts.height(of: FontSpec(role: .body, size: 40)) >= 40)
        #expect(fonts.width(of: "太字", font: FontSpec(role: .body, bold: true, size: 40)) > 0)
    }
}
}
