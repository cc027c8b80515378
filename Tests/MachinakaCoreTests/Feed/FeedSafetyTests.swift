import Foundation
import MachinakaCore
import Testing

/// Hostile or broken input: each refused alone, with its limit named, while the rest plays.
@Suite struct FeedSafetyTests {
    private func loadWithGoodNeighbour(_ setup: (TestFeed) throws -> Void) throws -> Feed {
        try TestFeed.loadWithGoodNeighbour(setup)
    }

    @Test func yamlBombIsRefusedBeforeParsing() throws {
        let bomb = """
            ---
            title: bomb
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            ---
            """
        let loaded = try loadWithGoodNeighbour { try $0.write("news/bomb.md", bomb) }
        let diagnostic = try #require(loaded.diagnostics.first { $0.path == "news/bomb.md" })
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("anchors and aliases"))
    }

    @Test func yamlBombInAScreenFile() throws {
        let loaded = try loadWithGoodNeighbour { try $0.write("screens/s.yml", "name: &n x\nfacility: *n\n") }
        #expect(loaded.screens.isEmpty)
        #expect(loaded.diagnostics.contains { $0.path == "screens/s.yml" && $0.message.contains("anchors") })
    }

    @Test func quotedAmpersandsAndStarsAreText() throws {
        let loaded = try loadWithGoodNeighbour { try $0.write("news/ok.md", "---\ntitle: \"*重要* R&D & 防災\"\n---\n本文\n") }
        #expect(loaded.items.contains { $0.title == "*重要* R&D & 防災" })
    }

    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let loaded = try loadWithGoodNeighbour { try $0.write("news/deep.md", "---\ntitle: t\ntags: \(deep)\n---\n") }
        let diagnostic = try #require(loaded.diagnostics.first { $0.path == "news/deep.md" })
        #expect(diagnostic.message.contains("nested more than 16 levels"))
    }

    @Test func twoHundredMegabyteFileIsRefusedUnread() throws {
        let loaded = try loadWithGoodNeighbour { feed in
            // Sparse: 200 MB on paper, nothing on disk; the size check must come before reading.
            let fd = open(feed.root + "/news/huge.md", O_CREAT | O_WRONLY, 0o644)
            #expect(ftruncate(fd, 200 << 20) == 0)
            close(fd)
        }
        let diagnostic = try #require(loaded.diagnostics.first { $0.path == "news/huge.md" })
        #expect(diagnostic.message == "the file is 209715200 bytes; text files may be at most 1048576 bytes")
    }

    @Test func truncatedFileIsRefused() throws {
        let loaded = try loadWithGoodNeighbour { try $0.write("news/cut.md", "---\ntitle: 途中で切れ") }
        #expect(loaded.diagnostics.contains { $0.path == "news/cut.md" && $0.message.contains("never closed") })
    }

    @Test func hugeImageIsRefusedByItsHeader() throws {
        // A PNG header claiming 10000×10000 pixels: refused without decoding anything.
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        png += Array("IHDR".utf8) + [0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 6, 0, 0, 0]
        let loaded = try loadWithGoodNeighbour { try $0.write("media/huge.png", bytes: png) }
        let diagnostic = try #require(loaded.diagnostics.first { $0.path == "media/huge.png" })
        #expect(diagnostic.message.contains("10000×10000"))
        #expect(diagnostic.message.contains("at most 40 million pixels"))
    }

    @Test func textFileNamedPNGIsRefused() throws {
        let loaded = try loadWithGoodNeighbour { try $0.write("media/fake.png", "not an image") }
        #expect(loaded.diagnostics.contains { $0.path == "media/fake.png" && $0.message.contains("not a PNG or JPEG") })
    }

    @Test func jpegSizeIsRead() throws {
        // SOI, APP0 (16 bytes), SOF0 with 480 high × 640 wide.
        var jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        jpeg += [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        let loaded = try loadWithGoodNeighbour { try $0.write("media/photo.jpg", bytes: jpeg) }
        #expect(loaded.items.first { $0.source == "media/photo.jpg" }?.poster?.size == PixelSize(width: 640, height: 480))
    }

    @Test(arguments: ["../secret/*.md", "/etc/*", "https://example.org/a.png", "news/../../x.md"])
    func playlistEntriesStayInsideTheFeed(_ source: String) throws {
        let loaded = try loadWithGoodNeighbour { try $0.write("playlists/p.yml", "items:\n  - \"\(source)\"\n") }
        #expect(loaded.playlists.isEmpty)
        #expect(loaded.diagnostics.contains { $0.path == "playlists/p.yml" && $0.severity == .error })
    }

    @Test func pipeIsNeverOpened() throws {
        let loaded = try loadWithGoodNeighbour { feed in #expect(mkfifo(feed.root + "/news/pipe.md", 0o644) == 0) }
        #expect(loaded.diagnostics.contains { $0.path == "news/pipe.md" && $0.message.contains("not an ordinary file") })
    }
}
