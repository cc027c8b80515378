import Foundation
import MachinakaCore
import Testing

@Suite struct FeedStoreTests {
    @Test func updateReadsOnlyWhatChanged() throws {
        let folder = try TestFeed()
        try folder.write("news/a.md", TestFeed.notice("A"))
        try folder.write("news/b.md", TestFeed.notice("B"))
        let store = try FeedStore(folder: folder.root)
        #expect(store.feed.items.map(\.title) == ["A", "B"])
        try folder.write("news/b.md", TestFeed.notice("B2"))
        try folder.write("news/c.md", TestFeed.notice("C"))
        // Only b is reported: c is not read until it is.
        #expect(store.update(["news/b.md"]).items.map(\.title) == ["A", "B2"])
        #expect(store.update(["news/c.md"]).items.map(\.title) == ["A", "B2", "C"])
        try FileManager.default.removeItem(atPath: folder.root + "/news/a.md")
        #expect(store.update(["news/a.md"]).items.map(\.title) == ["B2", "C"])
    }

    @Test func badVersionKeepsTheLastGoodOne() throws {
        let folder = try TestFeed()
        try folder.write("news/a.md", TestFeed.notice("良い版"))
        let store = try FeedStore(folder: folder.root)
        try folder.write("news/a.md", "---\ntitle: [壊れた\n---\n")
        let feed = store.update(["news/a.md"])
        #expect(feed.items.map(\.title) == ["良い版"])
        #expect(feed.diagnostics.contains { $0.severity == .error })
        #expect(feed.diagnostics.contains { $0.message.contains("last good version") })
        // A fresh read (what `check` does) has no history: the file is simply out.
        #expect(try FeedLoader().load(from: folder.root).items.isEmpty)
    }

    @Test func sidecarChangeReReadsItsImage() throws {
        let folder = try TestFeed()
        try FileManager.default.copyItem(atPath: Repository.content + "/media/poster-gomi-bunbetsu.png", toPath: folder.root + "/media/p.png")
        let store = try FeedStore(folder: folder.root)
        #expect(store.feed.items.first?.title == "p")
        try folder.write("media/p.png.yml", "title: ごみ\n")
        #expect(store.update(["media/p.png.yml"]).items.first?.title == "ごみ")
    }

    @Test func folderMovedOutTakesItsFilesAlong() throws {
        let folder = try TestFeed()
        try FileManager.default.createDirectory(atPath: folder.root + "/news/old", withIntermediateDirectories: true)
        try folder.write("news/old/a.md", TestFeed.notice("古い"))
        let store = try FeedStore(folder: folder.root)
        #expect(store.feed.items.count == 1)
        try FileManager.default.removeItem(atPath: folder.root + "/news/old")
        #expect(store.update(["news/old"]).items.isEmpty)
    }

    @Test func rescanFindsEverything() throws {
        let folder = try TestFeed()
        let store = try FeedStore(folder: folder.root)
        try folder.write("news/a.md", TestFeed.notice("A"))
        #expect(store.rescan().items.map(\.title) == ["A"])
    }
}
