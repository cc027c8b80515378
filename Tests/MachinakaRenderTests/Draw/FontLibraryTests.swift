import MachinakaCore
import MachinakaRender
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

    @Test func tofuIsDetected() throws {
        // BIZ UD Gothic has no Hangul: text tagged Japanese would show tofu, which is why
        // the language picks the face.
        let fonts = try Fixtures.fonts()
        #expect(fonts.missingGlyphs(in: "대피", font: FontSpec(role: .body, lang: "ja", size: 40)) == ["대", "피"])
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
