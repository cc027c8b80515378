import Foundation
import MachinakaCore
import Testing

/// The repository's Content/ is the default feed: it must load whole, with no complaints.
@Suite struct SampleFeedTests {
    @Test func loadsWithoutErrorsOrWarnings() throws {
        let feed = try FeedLoader().load(from: Repository.content)
        #expect(feed.diagnostics == [])
        #expect(feed.items.filter { $0.kind == .news }.count >= 6)
        #expect(feed.items.filter { $0.kind == .event }.count >= 4)
        #expect(feed.items.filter { $0.kind == .image }.count >= 2)
        #expect(feed.playlists.count >= 1)
        #expect(feed.screens["city-hall-lobby"]?.size == PixelSize(width: 1920, height: 1080))
        #expect(feed.screens["library-entrance"]?.size == PixelSize(width: 1080, height: 1920))
    }

    @Test func everyEventHasAPlaceAndATime() throws {
        let feed = try FeedLoader().load(from: Repository.content)
        for event in feed.items where event.kind == .event {
            #expect(event.event?.place?.isEmpty == false, "\(event.source)")
            #expect(event.event.map { $0.end > $0.start } == true, "\(event.source)")
        }
    }

    @Test func libraryNoticeOnlyOnLibraryScreen() throws {
        let feed = try FeedLoader().load(from: Repository.content)
        let notice = try #require(feed.items.first { $0.source == "news/2026-12-toshokan-fuyuyasumi.md" })
        #expect(notice.targets(feed.screens["library-entrance"]!))
        #expect(!notice.targets(feed.screens["city-hall-lobby"]!))
    }
}
