import Foundation
import MachinakaCore
@testable import MachinakaRender
import Testing

extension RenderTests {
@Suite struct OffscreenDisplayTests {
    @Test func fillsLandWhereTheSceneSays() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 320, height: 200), fonts: try Fixtures.fonts())
        let scene = Scene(width: 320, height: 200, background: RGBA(255, 255, 255), nodes: [
            .fill(Rect(x: 10, y: 20, width: 100, height: 50), RGBA(11, 46, 92)),
        ])
        try display.show(scene)
        #expect(display.pixel(x: 0, y: 0) == RGBA(255, 255, 255))
        #expect(display.pixel(x: 10, y: 20) == RGBA(11, 46, 92))
        #expect(display.pixel(x: 109, y: 69) == RGBA(11, 46, 92))
        #expect(display.pixel(x: 110, y: 70) == RGBA(255, 255, 255))
    }

    @Test func japaneseTextDrawsInkInsideItsBox() throws {
        let fonts = try Fixtures.fonts()
        let display = try OffscreenDisplay(size: PixelSize(width: 640, height: 200), fonts: fonts)
        let font = FontSpec(role: .heading, bold: true, size: 64)
        let text = "年末年始のお知らせ"
        try display.show(Scene(width: 640, height: 200, background: RGBA(255, 255, 255), nodes: [
            .text(TextNode(text: text, font: font, color: RGBA(0, 0, 0), x: 20, y: 40)),
        ]))
        let box = Rect(x: 20, y: 40, width: fonts.width(of: text, font: font), height: fonts.height(of: font))
        let inked = display.pixels(in: box, differingFrom: RGBA(255, 255, 255))
        // Nine bold kanji and kana at 64 px cover a good share of their box, and nothing
        // is drawn outside it.
        #expect(inked > box.width * box.height / 8)
        #expect(display.pixels(in: Rect(x: 0, y: 0, width: 640, height: 38), differingFrom: RGBA(255, 255, 255)) == 0)
        #expect(display.pixels(in: Rect(x: box.x + box.width + 2, y: 0, width: 640 - box.x - box.width - 2, height: 200), differingFrom: RGBA(255, 255, 255)) == 0)
    }

    @Test func crossFadeBlendsTheOldFrameOverTheNew() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 64, height: 64), fonts: try Fixtures.fonts())
        let old = Scene(width: 64, height: 64, background: RGBA(200, 0, 0))
        let new = Scene(width: 64, height: 64, background: RGBA(0, 0, 200))
        try display.show(new, transition: Transition(from: old, progress: 0))
        #expect(display.pixel(x: 10, y: 10) == RGBA(200, 0, 0))
        try display.show(new, transition: Transition(from: old, progress: 0.5))
        let mid = display.pixel(x: 10, y: 10)
        #expect(abs(Int(mid.r) - 100) <= 4 && abs(Int(mid.b) - 100) <= 4, "\(mid)")
        try display.show(new, transition: Transition(from: old, progress: 1))
        #expect(display.pixel(x: 10, y: 10) == RGBA(0, 0, 200))
    }

    /// The outgoing frame is kept whole, not at half size: a line one pixel wide is as sharp
    /// at the fade's start as it was on screen (at half size it read as two pale columns).
    @Test func theOutgoingFrameFadesAtItsOwnSharpness() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 64, height: 64), fonts: try Fixtures.fonts())
        let old = Scene(width: 64, height: 64, background: RGBA(255, 255, 255), nodes: [.fill(Rect(x: 11, y: 0, width: 1, height: 64), RGBA(0, 0, 0))])
        let new = Scene(width: 64, height: 64, background: RGBA(0, 0, 200))
        try display.show(new, transition: Transition(from: old, progress: 0))
        #expect(display.pixel(x: 11, y: 10) == RGBA(0, 0, 0))
        #expect(display.pixel(x: 10, y: 10) == RGBA(255, 255, 255) && display.pixel(x: 12, y: 10) == RGBA(255, 255, 255))
    }

    @Test func tickerFramesRedrawOnlyTheStripAndLookTheSameAsWholeFrames() throws {
        let fonts = try Fixtures.fonts()
        let size = PixelSize(width: 480, height: 160)
        func scene(offset: Int) -> Scene {
            // Two pieces, as the composer cuts a long line, the second placed after the first.
            let first = TextNode(text: "年末年始の窓口業務 ・ ", font: FontSpec(role: .body, size: 28), color: RGBA(255, 255, 255), x: 0, y: 124)
            var second = TextNode(text: "道路工事に伴う夜間通行止め", font: first.font, color: first.color, x: 0, y: 124)
            second.x = fonts.width(of: first.text, font: first.font)
            return Scene(width: 480, height: 160, background: RGBA(240, 240, 240), nodes: [
                .text(TextNode(text: "お知らせ", font: FontSpec(role: .heading, bold: true, size: 48), color: RGBA(0, 0, 0), x: 20, y: 20)),
                // Reaches under the strip, which covers it in every frame.
                .fill(Rect(x: 400, y: 60, width: 60, height: 100), RGBA(200, 30, 30)),
            ], ticker: TickerNode(frame: Rect(x: 0, y: 120, width: 480, height: 40), background: RGBA(11, 46, 92), segments: [first, second],
                                  period: second.x + fonts.width(of: second.text, font: second.font) + 60, offset: offset))
        }
        let moving = try OffscreenDisplay(size: size, fonts: fonts)
        for offset in stride(from: 0, through: 300, by: 7) {
            try moving.show(scene(offset: offset))
        }
        #expect(moving.partialFramesForTesting == 42, "every frame after the first redrew only the strip")
        let whole = try OffscreenDisplay(size: size, fonts: fonts)
        try whole.show(scene(offset: 294))
        #expect(whole.partialFramesForTesting == 0)
        var differing = 0
        for y in 0..<size.height {
            for x in 0..<size.width where moving.pixel(x: x, y: y) != whole.pixel(x: x, y: y) {
                differing += 1
            }
        }
        #expect(differing == 0)
        // And the line did move: the strip is not the first frame's.
        let first = try OffscreenDisplay(size: size, fonts: fonts)
        try first.show(scene(offset: 0))
        #expect(first.pixels(in: Rect(x: 0, y: 120, width: 480, height: 40), differingFrom: RGBA(0, 0, 0)) > 0)
        var moved = 0
        for y in 120..<160 {
            for x in 0..<480 where first.pixel(x: x, y: y) != whole.pixel(x: x, y: y) { moved += 1 }
        }
        #expect(moved > 1000)
    }

    @Test func writesARealPNG() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 300, height: 150), fonts: try Fixtures.fonts())
        try display.show(Scene(width: 300, height: 150, background: RGBA(200, 0, 0)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try display.writePNG(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 300 && height == 150)
    }

    @Test func unwritablePathIsAnError() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 10, height: 10), fonts: try Fixtures.fonts())
        try display.show(Scene(width: 10, height: 10, background: RGBA(0, 0, 0)))
        #expect(throws: SDLError.self) { try display.writePNG(to: "/nonexistent/dir/frame.png") }
    }

    @Test func posterIsDecodedAndFitted() throws {
        let display = try OffscreenDisplay(size: PixelSize(width: 960, height: 540), fonts: try Fixtures.fonts())
        let path = Fixtures.content + "/media/poster-gomi-bunbetsu.png"
        try display.show(Scene(width: 960, height: 540, background: RGBA(0, 0, 0), nodes: [
            .image(ImageNode(path: path, frame: Rect(x: 0, y: 0, width: 960, height: 540))),
        ]))
        // The poster's green background, scaled to half size, fills the frame corner to corner.
        for (x, y) in [(5, 5), (950, 5), (480, 530)] {
            let p = display.pixel(x: x, y: y)
            #expect(abs(Int(p.r) - 0x0E) < 8 && abs(Int(p.g) - 0x6B) < 8 && abs(Int(p.b) - 0x3A) < 8, "\(x),\(y): \(p)")
        }
    }

    /// Files that would once have ended the player (exit 70) when their slide came round: each
    /// is left out of its frame, the rest of the frame is drawn, and the failure reported.
    @Test(arguments: ["missing", "broken-png", "truncated-jpeg", "unreadable", "pipe", "text"])
    func anImageThatCannotBeDrawnIsLeftOutAndReported(_ kind: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-bad-image-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/poster.png"
        let poster = Fixtures.content + "/media/poster-gomi-bunbetsu.png"
        switch kind {
        case "missing":
            break
        case "broken-png":
            // A good header and IHDR, then garbage where the image data should be.
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: poster)).prefix(33))
            bytes += [UInt8](repeating: 0x5A, count: 4096)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        case "truncated-jpeg":
            try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + [UInt8](repeating: 0x4A, count: 194)).write(to: URL(fileURLWithPath: path))
        case "unreadable":
            // Root reads a mode-000 file anyway; a folder where the poster was is as unreadable.
            if getuid() == 0 {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            } else {
                try FileManager.default.copyItem(atPath: poster, toPath: path)
                chmod(path, 0)
            }
        case "pipe":
            #expect(mkfifo(path, 0o644) == 0)
        default:
            try "not an image".write(toFile: path, atomically: true, encoding: .utf8)
        }
        let display = try OffscreenDisplay(size: PixelSize(width: 40, height: 40), fonts: try Fixtures.fonts())
        try display.show(Scene(width: 40, height: 40, background: RGBA(0, 0, 200), nodes: [
            .fill(Rect(x: 0, y: 0, width: 20, height: 40), RGBA(200, 0, 0)),
            .image(ImageNode(path: path, frame: Rect(x: 0, y: 0, width: 40, height: 40))),
        ]))
        #expect(display.pixel(x: 5, y: 5) == RGBA(200, 0, 0), "the rest of the frame is drawn")
        #expect(display.pixel(x: 35, y: 5) == RGBA(0, 0, 200))
        let failures = display.takeFailures()
        #expect(failures.count == 1 && failures.first?.path == path, "\(failures)")
        #expect(display.takeFailures().isEmpty, "each failure is handed over once")
        #expect(ImageVerifier.problem(decoding: path) != nil, "check names it too")
    }
}
}

extension RenderTests {
    /// #26: a failure says which part of the frame it was in, so the player charges only the
    /// slide's own failures to the slide's item (before, a panel line's failure left the
    /// notice beside it out of the rotation for an hour).
    @Suite struct DrawFailurePartTests {
        @Test func eachFailureNamesItsPart() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-part-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try "not an image".write(toFile: folder + "/slide.png", atomically: true, encoding: .utf8)
            try "not an image".write(toFile: folder + "/panel.png", atomically: true, encoding: .utf8)
            let display = try OffscreenDisplay(size: PixelSize(width: 80, height: 40), fonts: try Fixtures.fonts())
            try display.show(Scene(width: 80, height: 40, background: RGBA(0, 0, 200), nodes: [
                .image(ImageNode(path: folder + "/slide.png", frame: Rect(x: 0, y: 0, width: 40, height: 40))),
            ], panel: PanelNode(frame: Rect(x: 40, y: 0, width: 40, height: 40), background: RGBA(200, 200, 200), nodes: [
                .image(ImageNode(path: folder + "/panel.png", frame: Rect(x: 40, y: 0, width: 40, height: 40))),
            ])))
            let parts = Dictionary(uniqueKeysWithValues: display.takeFailures().map { ((($0.path ?? "") as NSString).lastPathComponent, $0.part) })
            #expect(parts == ["slide.png": .slide, "panel.png": .panel], "\(parts)")
        }
    }
}
