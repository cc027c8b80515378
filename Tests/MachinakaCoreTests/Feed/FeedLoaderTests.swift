import Foundation
import MachinakaCore
import Testing

@Suite struct FeedLoaderTests {
    @Test func readsANoticeWithEveryKey() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", """
            ---
            title: 年末年始のお知らせ
            start: 2026-12-01
            end: 2026-12-28
            duration: 20s
            screens: [lobby]
            tags: [city-hall]
            priority: 2
            lang: ja
            ---
            本文です。
            """)
        let loaded = try feed.load()
        #expect(loaded.diagnostics == [])
        let item = try #require(loaded.items.first)
        #expect(item.title == "年末年始のお知らせ")
        #expect(item.kind == .news)
        #expect(item.start == tokyo("2026-12-01"))
        #expect(item.end == tokyo("2026-12-29"), "a bare end date includes that whole day")
        #expect(item.duration == 20)
        #expect(item.screens == ["lobby"])
        #expect(item.tags == ["city-hall"])
        #expect(item.priority == 2)
        #expect(item.body == [.paragraph([Span("本文です。")])])
    }

    @Test func readsDaypartAndShareOfVoice() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", TestFeed.notice("窓口", extra: "days: 平日\nhours: [08:30-12:00, 13:00-17:15]\nexcept: [2026-12-29, 2027-01-01]\nevery: 4\nmax_per_hour: 6\n"))
        let loaded = try feed.load()
        #expect(loaded.diagnostics == [])
        let item = try #require(loaded.items.first)
        #expect(item.daypart == Daypart(weekdays: [2, 3, 4, 5, 6], ranges: [Daypart.Range(start: 510, end: 720), Daypart.Range(start: 780, end: 1035)], excluded: [20261229, 20270101]))
        #expect(item.every == 4 && item.maxPerHour == 6)
    }

    @Test func badDaypartPointsAtItsLine() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", "---\ntitle: t\ndays: [mon, someday]\nhours: 9-5\nevery: 0\n---\n")
        let diagnostics = try feed.load().diagnostics
        #expect(diagnostics.contains { $0.line == 3 && $0.message.contains("'someday'") })
        #expect(diagnostics.contains { $0.line == 4 && $0.message.contains("'9-5'") })
        #expect(diagnostics.contains { $0.line == 5 && $0.message.contains("'every' is 0, outside the allowed range 1…1000") })
    }

    @Test func linkIsAWebAddressOnly() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", TestFeed.notice("A", extra: "link: https://www.city.sagamihara.kanagawa.jp/\n"))
        try feed.write("news/b.md", TestFeed.notice("B", extra: "link: file:///etc/passwd\n"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.link) == ["https://www.city.sagamihara.kanagawa.jp/"])
        #expect(loaded.diagnostics.contains { $0.path == "news/b.md" && $0.line == 3 && $0.message.contains("'link' must be a web address") })
    }

    @Test func unclosedBoldIsPointedOut() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", "---\ntitle: t\n---\n期限は**2月28日（日）**です。\n")
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.severity == .warning && diagnostic.line == 4 && diagnostic.message.contains("'**'"))
    }

    @Test func screenLogoMustBeAnImageInsideTheFeed() throws {
        let feed = try TestFeed()
        try FileManager.default.createDirectory(atPath: feed.root + "/logos", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.content + "/logos/machinaka-mark.png", toPath: feed.root + "/logos/mark.png")
        try feed.write("screens/a.yml", "logo: logos/mark.png\n")
        try feed.write("screens/b.yml", "logo: ../../etc/passwd\n")
        try feed.write("screens/c.yml", "logo: logos/missing.png\n")
        let loaded = try feed.load()
        #expect(loaded.screens["a"]?.logoPath?.hasSuffix("/logos/mark.png") == true)
        #expect(loaded.screens["b"]?.logoPath == nil && loaded.screens["c"]?.logoPath == nil, "the screen plays on without the logo")
        #expect(loaded.diagnostics.filter { $0.severity == .warning }.map(\.path).sorted() == ["screens/b.yml", "screens/c.yml"])
    }

    @Test func readsAnEvent() throws {
        let feed = try TestFeed()
        try feed.write("events/e.md", TestFeed.notice("防災講座", extra: "when: 2026-12-06 10:00 / 2026-12-06 12:00\nwhere: 第3委員会室\n"))
        let item = try #require(try feed.load().items.first)
        #expect(item.kind == .event)
        #expect(item.event == EventInfo(start: tokyo("2026-12-06T10:00"), end: tokyo("2026-12-06T12:00"), allDay: false, place: "第3委員会室"))
        #expect(item.isValid(at: tokyo("2026-12-06T11:59")))
        #expect(!item.isValid(at: tokyo("2026-12-06T12:00")), "an event drops out once it has ended")
    }

    /// #29: an event with a start time alone says when it starts, not that it ends at midnight
    /// the next day (`〜12月10日（木） 0:00`, which the review read on its slide).
    @Test func anEventWithOnlyAStartSaysOnlyWhenItStarts() throws {
        let feed = try TestFeed()
        try feed.write("events/e.md", TestFeed.notice("夜のおはなし会", extra: "when: 2026-12-09 18:30\n"))
        let item = try #require(try feed.load().items.first)
        #expect(item.event?.endGiven == false)
        guard case .text(let slide)? = item.handler?.slide(item, at: tokyo("2026-12-09T10:00"), context: SlideContext(screen: ScreenConfig(id: "s"), items: [item])) else {
            Issue.record("an event slide is text")
            return
        }
        let text = slide.blocks.map { "\($0)" }.joined()
        #expect(text.contains("12月9日（水） 18:30〜"), "\(text)")
        #expect(!text.contains("0:00"), "\(text)")
    }

    /// `10:00-11:30` is a range of hours, not 10:00 at the UTC offset -11:30 (which it was read
    /// as, putting the event 20 hours late); an end time alone is on the start's day.
    @Test(arguments: ["2026-12-06 10:00-11:30", "2026-12-06 10:00〜11:30", "2026-12-06 10:00 / 11:30", "2026-12-06 10:00 - 11:30"])
    func aRangeOfHoursOnOneDay(_ when: String) throws {
        let feed = try TestFeed()
        try feed.write("events/e.md", TestFeed.notice("おはなし会", extra: "when: \(when)\n"))
        let event = try #require(try feed.load().items.first?.event)
        #expect(event.start == tokyo("2026-12-06T10:00") && event.end == tokyo("2026-12-06T11:30"), "\(when)")
    }

    @Test func aOneDigitHourIsRead() throws {
        let feed = try TestFeed()
        try feed.write("events/e.md", TestFeed.notice("体操", extra: "when: 2026-12-06 9:00-9:45\n"))
        let event = try #require(try feed.load().items.first?.event)
        #expect(event.start == tokyo("2026-12-06T09:00") && event.end == tokyo("2026-12-06T09:45"))
    }

    @Test func aFeedsWordsAreRead() throws {
        let feed = try TestFeed()
        try feed.write("words.txt", "# programmes\n相模原麻溝公園競技場\n\nおはなし会\nx\n")
        let loaded = try feed.load()
        #expect(loaded.words == ["相模原麻溝公園競技場", "おはなし会"])
        #expect(loaded.diagnostics.contains { $0.path == "words.txt" && $0.line == 5 && $0.severity == .warning })
    }

    @Test func allDayEventLastsTheWholeDay() throws {
        let feed = try TestFeed()
        try feed.write("events/e.md", TestFeed.notice("まつり", extra: "when: 2026-12-06\n"))
        let item = try #require(try feed.load().items.first)
        #expect(item.event?.allDay == true)
        #expect(item.event?.end == tokyo("2026-12-07"))
    }

    @Test func imagesWithAndWithoutSidecar() throws {
        let feed = try TestFeed()
        try FileManager.default.copyItem(atPath: Repository.content + "/media/poster-gomi-bunbetsu.png", toPath: feed.root + "/media/a.png")
        try FileManager.default.copyItem(atPath: Repository.content + "/media/poster-gomi-bunbetsu.png", toPath: feed.root + "/media/b.png")
        try feed.write("media/b.png.yml", "title: ごみの分け方\nduration: 8s\ntags: [library]\n")
        let loaded = try feed.load()
        #expect(loaded.diagnostics == [])
        #expect(loaded.items.map(\.title) == ["a", "ごみの分け方"])
        #expect(loaded.items[1].duration == 8)
        #expect(loaded.items[1].tags == ["library"])
        #expect(loaded.items[0].poster?.path == feed.root + "/media/a.png" || loaded.items[0].poster?.path.hasSuffix("/media/a.png") == true)
    }

    @Test func filesBeingWrittenAreIgnored() throws {
        let feed = try TestFeed()
        for name in [".hidden.md", "draft.md.tmp", "copy.md.part", "edit.md~"] {
            try feed.write("news/" + name, TestFeed.notice("途中"))
        }
        try feed.write("news/ok.md", TestFeed.notice("完成"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.title) == ["完成"])
        #expect(loaded.diagnostics == [])
    }

    @Test func missingTitleIsAnErrorAndTheRestPlays() throws {
        let feed = try TestFeed()
        try feed.write("news/bad.md", "---\nstart: 2026-12-01\n---\n本文\n")
        try feed.write("news/good.md", TestFeed.notice("良い"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.source) == ["news/good.md"])
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.path == "news/bad.md")
        #expect(loaded.diagnostics.first?.message.contains("title") == true)
    }

    @Test func badValuePointsAtItsLine() throws {
        let feed = try TestFeed()
        try feed.write("news/bad.md", "---\ntitle: お知らせ\nstart: 2026-12-01\nend: 2026-13-45\n---\n本文\n")
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.line == 4)
        #expect(diagnostic.column == 6)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.description.hasPrefix("news/bad.md:4:6: error: 'end' must be a date"))
    }

    @Test func brokenYAMLPointsAtItsLine() throws {
        let feed = try TestFeed()
        try feed.write("news/bad.md", "---\ntitle: お知らせ\npriority: [1, 2\n---\n本文\n")
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.line >= 3)
        #expect(diagnostic.message.hasPrefix("YAML:"))
    }

    @Test func unclosedFrontMatter() throws {
        let feed = try TestFeed()
        try feed.write("news/bad.md", "---\ntitle: お知らせ\n本文\n")
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.message.contains("never closed"))
    }

    @Test func noFrontMatterAtAll() throws {
        let feed = try TestFeed()
        try feed.write("news/bad.md", "お知らせです\n")
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.line == 1)
        #expect(diagnostic.message.contains("'---'"))
    }

    @Test func unknownKeyIsAWarningOnly() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", "---\ntitle: お知らせ\ncolour: red\n---\n本文\n")
        let loaded = try feed.load()
        #expect(loaded.items.count == 1)
        let diagnostic = try #require(loaded.diagnostics.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("colour"))
    }

    @Test func endBeforeStartIsAnError() throws {
        let feed = try TestFeed()
        try feed.write("news/a.md", TestFeed.notice("逆", extra: "start: 2026-12-10\nend: 2026-12-01T00:00\n"))
        let loaded = try feed.load()
        #expect(loaded.items.isEmpty)
        #expect(loaded.diagnostics.first?.message.contains("'end' is not after 'start'") == true)
    }

    @Test func emptyFileIsRefusedAlone() throws {
        let feed = try TestFeed()
        try feed.write("news/empty.md", "")
        try feed.write("news/ok.md", TestFeed.notice("OK"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.source) == ["news/ok.md"])
        #expect(loaded.diagnostics.map(\.path) == ["news/empty.md"])
    }

    @Test func binaryFileNamedMarkdownIsRefused() throws {
        let feed = try TestFeed()
        let png = try Data(contentsOf: URL(fileURLWithPath: Repository.content + "/media/poster-gomi-bunbetsu.png"))
        try feed.write("news/poster.md", bytes: Array(png.prefix(4096)))
        try feed.write("news/ok.md", TestFeed.notice("OK"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.source) == ["news/ok.md"])
        #expect(loaded.diagnostics.first?.message.contains("binary") == true)
    }

    @Test func shiftJISIsRefusedWithAHint() throws {
        let feed = try TestFeed()
        // "---\ntitle: " then お知らせ in Shift_JIS.
        try feed.write("news/sjis.md", bytes: Array("---\ntitle: ".utf8) + [0x82, 0xA8, 0x92, 0x6D, 0x82, 0xE7, 0x82, 0xB9] + Array("\n---\n".utf8))
        let diagnostic = try #require(try feed.load().diagnostics.first)
        #expect(diagnostic.message.contains("UTF-8"))
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let feed = try TestFeed()
        try feed.write("news/bom.md", bytes: [0xEF, 0xBB, 0xBF] + Array(TestFeed.notice("BOM付き").utf8))
        let loaded = try feed.load()
        #expect(loaded.diagnostics == [])
        #expect(loaded.items.first?.title == "BOM付き")
    }

    @Test func oversizedFileIsRefusedNamingTheLimit() throws {
        let feed = try TestFeed()
        var limits = FeedParser.Limits()
        limits.maxTextBytes = 1000
        try feed.write("news/big.md", TestFeed.notice("大きい", body: String(repeating: "あ", count: 1000)))
        let loaded = try FeedLoader(limits: limits).load(from: feed.root)
        #expect(loaded.items.isEmpty)
        #expect(loaded.diagnostics.first?.message.contains("at most 1000 bytes") == true)
    }

    @Test func symlinkOutOfTheFeedIsRefused() throws {
        let feed = try TestFeed()
        try FileManager.default.createSymbolicLink(atPath: feed.root + "/news/passwd.md", withDestinationPath: "/etc/passwd")
        try feed.write("news/ok.md", TestFeed.notice("OK"))
        let loaded = try feed.load()
        #expect(loaded.items.map(\.source) == ["news/ok.md"])
        #expect(loaded.diagnostics.first?.message.contains("outside the feed folder") == true)
    }

    @Test func symlinkWithinTheFeedIsFine() throws {
        let feed = try TestFeed()
        try feed.write("news/ok.md", TestFeed.notice("OK"))
        try FileManager.default.createSymbolicLink(atPath: feed.root + "/news/link.md", withDestinationPath: feed.root + "/news/ok.md")
        let loaded = try feed.load()
        #expect(loaded.items.map(\.source) == ["news/link.md", "news/ok.md"])
        #expect(loaded.diagnostics == [])
    }

    @Test func missingFolderIsAFeedError() {
        #expect(throws: FeedError.missingFolder("/nonexistent/feed")) { try FeedLoader().load(from: "/nonexistent/feed") }
        #expect(FeedError.missingFolder("/x").description == "The feed folder /x does not exist.")
    }

    @Test func fileInsteadOfFolder() {
        #expect(throws: FeedError.notAFolder("/etc/hostname")) { try FeedLoader().load(from: "/etc/hostname") }
    }

    @Test func badScreenFileIsReportedAndOthersLoad() throws {
        let feed = try TestFeed()
        try feed.write("screens/a.yml", "name: A\nsize: huge\n")
        try feed.write("screens/b.yml", "name: B\nbogus: 1\n")
        let loaded = try feed.load()
        #expect(Array(loaded.screens.keys) == ["b"])
        #expect(loaded.diagnostics.contains { $0.path == "screens/a.yml" && $0.severity == .error && $0.message.contains("size") })
        #expect(loaded.diagnostics.contains { $0.path == "screens/b.yml" && $0.severity == .warning && $0.line == 2 })
    }

    @Test func strayFileTypesAreWarnings() throws {
        let feed = try TestFeed()
        try feed.write("news/notes.docx", "x")
        let loaded = try feed.load()
        #expect(loaded.diagnostics.map(\.severity) == [.warning])
    }
}
