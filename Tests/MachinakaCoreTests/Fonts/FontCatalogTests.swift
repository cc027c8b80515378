import Foundation
import MachinakaCore
import Testing

@Suite struct FontCatalogTests {
    @Test func repositorySettingsPickBIZUDGothicAndNotoForCJK() throws {
        let catalog = try FontCatalog(folder: Repository.fonts)
        #expect(catalog.settings == FontCatalog.Settings.standard)
        #expect(catalog.face(for: FontSpec(role: .body, size: 40)).path.hasSuffix("BIZUDPGothic-Regular.ttf"))
        #expect(catalog.face(for: FontSpec(role: .body, bold: true, size: 40)).path.hasSuffix("BIZUDPGothic-Bold.ttf"))
        #expect(catalog.face(for: FontSpec(role: .alert, size: 40)).path.hasSuffix("BIZUDPGothic-Bold.ttf"))
        #expect(catalog.face(for: FontSpec(role: .body, lang: "en", size: 40)).path.hasSuffix("BIZUDPGothic-Regular.ttf"))
        let chinese = catalog.face(for: FontSpec(role: .heading, lang: "zh-CN", size: 40))
        #expect(chinese.path.hasSuffix("NotoSansCJK-Regular.ttc") && chinese.index == 2)
        #expect(catalog.face(for: FontSpec(role: .body, lang: "ko", size: 40)).index == 1)
    }

    @Test func aMissingFontIsNamed() throws {
        let folder = try TestFeed()
        try folder.write("fonts.yml", "system_folders: []\n")
        #expect {
            try FontCatalog(folder: folder.root)
        } throws: { error in
            guard case FontError.notFound(let file, let searched) = error else { return false }
            return file.hasPrefix("BIZUD") && searched == [folder.root]
        }
    }

    @Test func aFacilityFontInTheFolderWins() throws {
        let folder = try TestFeed()
        let original = try FontCatalog(folder: nil).face(for: FontSpec(role: .body, size: 10)).path
        try FileManager.default.copyItem(atPath: original, toPath: folder.root + "/OurFont.ttf")
        try folder.write("fonts.yml", "roles:\n  body: { regular: OurFont.ttf, bold: OurFont.ttf }\n")
        let catalog = try FontCatalog(folder: folder.root)
        #expect(catalog.face(for: FontSpec(role: .body, size: 10)).path == folder.root + "/OurFont.ttf")
        #expect(catalog.face(for: FontSpec(role: .heading, size: 10)).path.hasSuffix("BIZUDPGothic-Bold.ttf"), "unnamed roles keep their defaults")
    }

    @Test func badSettingsAreReported() throws {
        let folder = try TestFeed()
        try folder.write("fonts.yml", "roles:\n  footer: { regular: a.ttf, bold: b.ttf }\n")
        #expect(throws: FontError.self) { try FontCatalog(folder: folder.root) }
    }
}
