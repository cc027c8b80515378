import Foundation
import MachinakaCore
@testable import MachinakaRender
import CSDL2TTF
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

    /// Fonts read their file from a mapping of it: a file that is no font is still refused at
    /// start, naming the file, and an empty one (which cannot be mapped) too.
    @Test func aFacilityFileThatIsNoFontIsNamedAtStart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-fonts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("roles:\n  body: { regular: Broken.ttf, bold: Empty.ttf }\n".utf8).write(to: URL(fileURLWithPath: folder + "/fonts.yml"))
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: folder + "/Broken.ttf"))
        FileManager.default.createFile(atPath: folder + "/Empty.ttf", contents: Data())
        let catalog = try FontCatalog(folder: folder)
        #expect {
            try FontLibrary(catalog: catalog)
        } throws: { error in
            "\(error)".contains("Broken.ttf") || "\(error)".contains("Empty.ttf")
        }
        // Each alone, opened as a frame would open it.
        #expect(throws: SDLError.self) { try Font(face: FontFace(path: folder + "/Broken.ttf"), size: 20) }
        #expect(throws: SDLError.self) { try Font(face: FontFace(path: folder + "/Empty.ttf"), size: 20) }
    }

    /// Many fonts of one file at once (the sizes of an alert's fitting), opened and closed in
    /// turn: each measures as a font opened alone does.
    @Test func fontsOfOneFileShareItsMappingAndMeasureAlike() throws {
        let fonts = try Fixtures.fonts()
        let face = fonts.catalog.face(for: FontSpec(role: .body, size: 40))
        var open: [Font] = []
        for size in 20..<60 { open.append(try Font(face: face, size: size)) }
        let shared = try #require(open[0].file, "the file is mapped")
        #expect(open.allSatisfy { $0.file === shared }, "one mapping for every size")
        let alone = try Font(face: face, size: 40)
        var w1: Int32 = 0, w2: Int32 = 0, h: Int32 = 0
        open.removeAll()
        #expect(TTF_SizeUTF8(alone.pointer, "避難所へ Evacuate", &w1, &h) == 0)
        #expect(fonts.width(of: "避難所へ Evacuate", font: FontSpec(role: .body, size: 40)) == Int(w1))
        let again = try Font(face: face, size: 40)
        #expect(TTF_SizeUTF8(again.pointer, "避難所へ Evacuate", &w2, &h) == 0)
        #expect(w1 == w2 && w1 > 0)
    }
}
}
