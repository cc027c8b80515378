import Foundation
import MachinakaCore
import MachinakaPOSIX
import Testing

/// Regressions: files that once stopped a screen (a crash, a hang, gigabytes of memory, a
/// number that trapped) — each now refused or bounded alone, with its reason, while the good
/// neighbour plays on.
@Suite struct HostileInputTests {
    private func load(_ setup: (TestFeed) throws -> Void) throws -> Feed {
        try TestFeed.loadWithGoodNeighbour(setup)
    }

    private func diagnostic(_ feed: Feed, _ path: String) -> Diagnostic? {
        feed.diagnostics.first { $0.path == path && $0.severity == .error }
    }

    /// A PNG header is 8 bytes of signature and an IHDR chunk with the claimed size.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height)
            + [8, 6, 0, 0, 0] + be(0) + be(0) + Array("IEND".utf8) + be(0)
    }

    @Test func aPNGClaimingFourBillionPixelsSquaredIsRefusedNotACrash() throws {
        let loaded = try load { try $0.write("media/huge.png", bytes: Self.pngHeader(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF)) }
        let refused = try #require(diagnostic(loaded, "media/huge.png"))
        #expect(refused.message.contains("4294967295×4294967295") && refused.message.contains("million pixels"))
        #expect(!loaded.items.contains { $0.source == "media/huge.png" })
        let side = try load { try $0.write("media/tall.png", bytes: Self.pngHeader(width: 1, height: 40_000)) }
        #expect(diagnostic(side, "media/tall.png")?.message.contains("on a side") == true)
    }

    @Test func aPipeWhereASidecarOrALogoIsLookedForDoesNotBlock() throws {
        let loaded = try load { feed in
            try feed.write("media/poster.png", bytes: Self.pngHeader(width: 100, height: 100))
            #expect(mkfifo(feed.root + "/media/poster.png.yml", 0o644) == 0)
            try feed.write("screens/lobby.yml", "name: ロビー\nlogo: logos/city.png\n")
            try FileManager.default.createDirectory(atPath: feed.root + "/logos", withIntermediateDirectories: true)
            #expect(mkfifo(feed.root + "/logos/city.png", 0o644) == 0)
        }
        #expect(diagnostic(loaded, "media/poster.png.yml")?.message.contains("pipe") == true)
        #expect(loaded.diagnostics.contains { $0.path == "screens/lobby.yml" && $0.message.contains("pipe") })
        #expect(loaded.screens["lobby"]?.logoPath == nil, "the screen plays on without its logo")
    }

    @Test(arguments: [
        ("duration: 1e300\nmin_per_hour: 5\n", "'duration'"),
        ("duration: 99999h\n", "outside the allowed range"),
        ("duration: inf\n", "'duration'"),
        ("every: 99999999999999999999\n", "'every' must be a whole number"),
        ("max_per_hour: 100000\n", "outside the allowed range 1…3600"),
        ("priority: 9223372036854775807\n", "outside the allowed range"),
        ("start: 1999-12-31\n", "years 2000 to 2100"),
        ("end: 2200-01-01\n", "years 2000 to 2100"),
    ])
    func numbersOutsideTheirRangeAreRefusedWithTheRange(_ extra: String, _ words: String) throws {
        let loaded = try load { try $0.write("news/bad.md", TestFeed.notice("悪い", extra: extra)) }
        let refused = try #require(diagnostic(loaded, "news/bad.md"), "\(extra)")
        #expect(refused.message.contains(words), "\(refused.message)")
        #expect(refused.line == 3, "points at the key's line")
    }

    @Test(arguments: [
        ("size: 16384x16384\n", "outside the allowed screen sizes"),
        ("size: 100x100\n", "outside the allowed screen sizes"),
        ("alert_lifetime: 9999h\n", "outside the allowed range"),
        ("languages: [ja, en, zh, ko, es, pt, vi, th, tl]\n", "from 1 to 8 languages"),
    ])
    func screenSettingsOutsideTheirRangeAreRefused(_ text: String, _ words: String) throws {
        let loaded = try load { try $0.write("screens/big.yml", "name: 大\n" + text) }
        #expect(loaded.screens["big"] == nil)
        #expect(diagnostic(loaded, "screens/big.yml")?.message.contains(words) == true, "\(loaded.diagnostics)")
    }

    @Test func aPlaylistBoardCannotLookAHundredYearsAhead() throws {
        let loaded = try load { try $0.write("playlists/p.yml", "items:\n  - board: upcoming-events\n    days_ahead: 36500\n") }
        #expect(loaded.playlists.isEmpty)
        #expect(diagnostic(loaded, "playlists/p.yml")?.message.contains("1…366") == true)
    }

    @Test func aNoticeOf900KilobytesInOneParagraphIsCutToWhatASlideHolds() throws {
        let body = String(repeating: "相模原市からのお知らせです。", count: 900_000 / 42)
        let loaded = try load { try $0.write("news/huge.md", TestFeed.notice("長い", body: body)) }
        let item = try #require(loaded.items.first { $0.source == "news/huge.md" })
        let characters = item.body.reduce(0) { $0 + $1.plainText.count }
        #expect(characters <= Limits.bodyCharacters + 1 && characters > Limits.bodyCharacters / 2)
        #expect(item.body.first?.plainText.hasSuffix("…") == true)
        #expect(loaded.diagnostics.contains { $0.path == "news/huge.md" && $0.severity == .warning && $0.message.contains("split it") })
    }

    /// A table of 120 columns and 40 rows of phone numbers, over the body's limit: it stays a
    /// table (its header and the whole rows that fit), not a paragraph of numbers run together.
    @Test func anOverLongTableIsCutToWholeRowsNotRunTogether() throws {
        let columns = 120
        let header = "|" + (0..<columns).map { "列\($0)" }.joined(separator: "|") + "|"
        let rule = "|" + Array(repeating: "--", count: columns).joined(separator: "|") + "|"
        let rows = (0..<40).map { row in "|" + (0..<columns).map { String(format: "042-754-%04d", row * columns + $0) }.joined(separator: "|") + "|" }
        let loaded = try load { try $0.write("news/wide.md", TestFeed.notice("幅の広い表", body: ([header, rule] + rows).joined(separator: "\n"))) }
        let item = try #require(loaded.items.first { $0.source == "news/wide.md" })
        guard case .table(let table)? = item.body.first else {
            Issue.record("not a table: \(item.body.first.map { String(describing: $0).prefix(200) } ?? "nothing")")
            return
        }
        #expect(table.header.count == columns && !table.rows.isEmpty && table.rows.count < 40)
        #expect(table.rows.allSatisfy { $0.count == columns }, "whole rows")
        #expect(item.body.reduce(0) { $0 + $1.plainText.count } <= Limits.bodyCharacters)
        #expect(loaded.diagnostics.contains { $0.path == "news/wide.md" && $0.severity == .warning && $0.message.contains("split it") })
    }

    @Test func aTitleOfOneLetterAndFiveThousandAccentsKeepsFourOfThem() throws {
        let title = "a" + String(repeating: "\u{0301}", count: 5000)
        let loaded = try load { try $0.write("news/zalgo.md", TestFeed.notice("\"\(title)\"")) }
        let item = try #require(loaded.items.first { $0.source == "news/zalgo.md" })
        #expect(item.title.unicodeScalars.count == 1 + Limits.marksPerCharacter)
        #expect(loaded.diagnostics.contains { $0.path == "news/zalgo.md" && $0.message.contains("combining marks") })
    }

    @Test func aLongTitleIsCutWithAWarning() throws {
        let loaded = try load { try $0.write("news/t.md", TestFeed.notice(String(repeating: "長", count: 1000))) }
        let item = try #require(loaded.items.first { $0.source == "news/t.md" })
        #expect(item.title.count == Limits.titleCharacters + 1 && item.title.hasSuffix("…"))
        #expect(loaded.diagnostics.contains { $0.path == "news/t.md" && $0.message.contains("only the first \(Limits.titleCharacters)") })
    }

    @Test func deeplyNestedMarkdownAndYAMLDoNotOverflowTheStack() throws {
        let quotes = String(repeating: "> ", count: 20_000) + "深い"
        let lists = (0..<700).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")
        let emphasis = String(repeating: "*", count: 30_000) + "x" + String(repeating: "*", count: 30_000)
        let yaml = "title: y\n" + (0..<1000).map { String(repeating: " ", count: $0 + 1) + "k\($0):" }.joined(separator: "\n")
        let loaded = try load { feed in
            try feed.write("news/quotes.md", TestFeed.notice("引用", body: quotes))
            try feed.write("news/lists.md", TestFeed.notice("箇条", body: lists))
            try feed.write("news/emphasis.md", TestFeed.notice("強調", body: emphasis))
            try feed.write("news/yaml.md", "---\n" + yaml + "\n---\n")
        }
        #expect(loaded.items.contains { $0.source == "news/quotes.md" && $0.body.contains { $0.plainText.contains("深い") } })
        #expect(loaded.items.contains { $0.source == "news/lists.md" })
        #expect(loaded.items.contains { $0.source == "news/emphasis.md" })
        #expect(diagnostic(loaded, "news/yaml.md")?.message.contains("indented more than") == true)
    }

    @Test func linkLoopsAndDanglingLinksAreReportedNotSkippedInSilence() throws {
        let loaded = try load { feed in
            #expect(symlink(feed.root + "/news/b.md", feed.root + "/news/a.md") == 0)
            #expect(symlink(feed.root + "/news/a.md", feed.root + "/news/b.md") == 0)
            #expect(symlink(feed.root + "/news/nowhere.md", feed.root + "/news/dangling.md") == 0)
        }
        #expect(diagnostic(loaded, "news/a.md")?.message.contains("link loop") == true)
        #expect(diagnostic(loaded, "news/dangling.md")?.message.contains("does not exist") == true)
    }

    @Test func aFolderThatCannotBeReadIsReported() throws {
        let feed = try TestFeed()
        try feed.write("news/good.md", TestFeed.notice("良い"))
        // A folder that vanished (or cannot be opened) while it was walked is named.
        let walk = FileTree.walk(root: feed.root, under: "news/vanished", ignoring: FeedParser.isIgnored)
        #expect(walk.unwalkable.map(\.relative) == ["news/vanished"])
        #expect(walk.unwalkable.first?.error.code == ENOENT)
        guard getuid() != 0 else { return }  // root reads a mode-000 folder anyway
        try FileManager.default.createDirectory(atPath: feed.root + "/news/locked", withIntermediateDirectories: true)
        chmod(feed.root + "/news/locked", 0)
        defer { chmod(feed.root + "/news/locked", 0o755) }
        let loaded = try feed.load()
        #expect(loaded.diagnostics.contains { $0.path == "news/locked/" && $0.message.contains("cannot be read") })
    }

    @Test func capFieldsAreHeldToTheirLimits() throws {
        let headline = String(repeating: "見", count: 200_000)
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>LONG-1</identifier><sender>test@example.jp</sender><sent>2026-11-25T14:30:00+09:00</sent>
              <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
              <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
                <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
                <headline>\(headline)</headline>
                <area><areaDesc>\(String(repeating: "区", count: 5000))</areaDesc></area>
              </info>
            </alert>
            """
        let loaded = try load { try $0.write("alerts/long.xml", xml) }
        let info = try #require(loaded.alerts.first?.message.infos.first)
        #expect(info.headline?.count == Limits.alertHeadlineCharacters + 1)
        #expect(info.areas.first?.description.count == Limits.shortCharacters + 1)
    }
}
