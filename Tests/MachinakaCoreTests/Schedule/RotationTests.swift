import Foundation
import MachinakaCore
import Testing

@Suite struct RotationTests {
    private let lobby: ScreenConfig = {
        var screen = ScreenConfig(id: "lobby")
        screen.tags = ["city-hall"]
        return screen
    }()

    private func feed(_ items: [ContentItem], playlist: Playlist? = nil) -> Feed {
        var list = playlist ?? Playlist(name: "main")
        list.defaultDuration = 10
        return Feed(root: "/feed", playlists: [list], items: items)
    }

    @Test func itemsPlayInOrderFromLocalMidnight() {
        let items = ["a", "b", "c"].map { ContentItem(source: "news/\($0).md", kind: .news, title: $0) }
        let rotation = Rotation(feed: feed(items), screen: lobby)
        let midnight = tokyo("2026-11-25")
        #expect(rotation.slot(at: midnight).item?.title == "a")
        #expect(rotation.slot(at: midnight.addingTimeInterval(9.999)).item?.title == "a")
        #expect(rotation.slot(at: midnight.addingTimeInterval(10)).item?.title == "b")
        #expect(rotation.slot(at: midnight.addingTimeInterval(25)).item?.title == "c")
        #expect(rotation.slot(at: midnight.addingTimeInterval(30)).item?.title == "a")
        let slot = rotation.slot(at: midnight.addingTimeInterval(3605))
        #expect(slot.item?.title == "a")
        #expect(slot.start == midnight.addingTimeInterval(3600))
        #expect(slot.end == midnight.addingTimeInterval(3610))
    }

    @Test func itemOutsideItsWindowNeverPlays() {
        let items = [
            ContentItem(source: "news/a.md", kind: .news, title: "a"),
            ContentItem(source: "news/b.md", kind: .news, title: "b", start: tokyo("2026-12-01"), end: tokyo("2026-12-29")),
        ]
        let rotation = Rotation(feed: feed(items), screen: lobby)
        for slot in rotation.timeline(from: tokyo("2026-11-30T23:00"), duration: 7200) {
            if slot.item?.title == "b" {
                #expect(slot.start >= tokyo("2026-12-01"))
            }
        }
        let after = rotation.timeline(from: tokyo("2026-12-29"), duration: 3600)
        #expect(after.allSatisfy { $0.item?.title == "a" })
        // The first second after the end.
        #expect(rotation.slot(at: tokyo("2026-12-29T00:00:01")).item?.title == "a")
    }

    @Test func slotEndsWhenTheMembershipChanges() {
        let items = [
            ContentItem(source: "news/a.md", kind: .news, title: "a"),
            ContentItem(source: "news/b.md", kind: .news, title: "b", start: tokyo("2026-12-01T09:00:05")),
        ]
        let rotation = Rotation(feed: feed(items), screen: lobby)
        let slot = rotation.slot(at: tokyo("2026-12-01T09:00:00"))
        #expect(slot.end == tokyo("2026-12-01T09:00:05"))
    }

    @Test func targetingByScreenAndTag() {
        let items = [
            ContentItem(source: "news/lib.md", kind: .news, title: "lib", tags: ["library"]),
            ContentItem(source: "news/hall.md", kind: .news, title: "hall", tags: ["city-hall"]),
            ContentItem(source: "news/other.md", kind: .news, title: "other", screens: ["elsewhere"]),
            ContentItem(source: "news/mine.md", kind: .news, title: "mine", screens: ["lobby"]),
        ]
        let rotation = Rotation(feed: feed(items), screen: lobby)
        #expect(rotation.members.map(\.item.title) == ["hall", "mine"])
    }

    @Test func nothingValidGivesTheFallbackNeverNothing() {
        let items = [ContentItem(source: "news/old.md", kind: .news, title: "old", end: tokyo("2026-01-01"))]
        let rotation = Rotation(feed: feed(items), screen: lobby)
        let slot = rotation.slot(at: tokyo("2026-11-25T10:00"))
        #expect(slot.item == nil)
        #expect(slot.kind == .fallback)
        #expect(slot.end > tokyo("2026-11-25T10:00"))
        let empty = Rotation(feed: Feed(root: "/feed"), screen: lobby)
        #expect(empty.slot(at: tokyo("2026-11-25T10:00")).kind == .fallback)
    }

    @Test func durationsComeFromEntryThenItemThenDefault() {
        var list = Playlist(name: "main")
        list.items = [Playlist.Entry(source: "news/a.md", duration: 5), Playlist.Entry(source: "news/*.md")]
        let items = [
            ContentItem(source: "news/a.md", kind: .news, title: "a", duration: 30),
            ContentItem(source: "news/b.md", kind: .news, title: "b", duration: 20),
            ContentItem(source: "news/c.md", kind: .news, title: "c"),
        ]
        let rotation = Rotation(feed: feed(items, playlist: list), screen: lobby)
        #expect(rotation.members.map(\.duration) == [5, 20, 10])
    }

    @Test func higherTierTakesOverWhileValid() {
        let items = [
            ContentItem(source: "news/a.md", kind: .news, title: "a"),
            ContentItem(source: "news/b.md", kind: .news, title: "b", end: tokyo("2026-12-01"), priority: 2),
            ContentItem(source: "news/c.md", kind: .news, title: "c"),
        ]
        let rotation = Rotation(feed: feed(items), screen: lobby)
        #expect(rotation.eligible(at: tokyo("2026-11-30T10:00")).map(\.item.title) == ["b"])
        #expect(rotation.eligible(at: tokyo("2026-12-01T00:00")).map(\.item.title) == ["a", "c"], "the lower tier returns when the higher ends")
    }

    @Test func timelineIsContiguousAndDeterministic() {
        let feed = (try? FeedLoader().load(from: Repository.content))!
        let screen = feed.screens["city-hall-lobby"]!
        let from = tokyo("2026-11-30T22:00")
        let timeline = Rotation(feed: feed, screen: screen).timeline(from: from, duration: 6 * 3600)
        #expect(timeline.first?.start == from)
        #expect(timeline.last?.end == from.addingTimeInterval(6 * 3600))
        for (a, b) in zip(timeline, timeline.dropFirst()) {
            #expect(a.end == b.start)
        }
        for slot in timeline {
            if let item = slot.item {
                #expect(item.isValid(at: slot.start) && item.targets(screen), "\(item.source) at \(slot.start)")
            }
        }
        #expect(Rotation(feed: feed, screen: screen).timeline(from: from, duration: 6 * 3600) == timeline)
    }

    @Test func leapDayAndScreenTimeZone() {
        var london = lobby
        london.timeZone = "Europe/London"
        let items = ["a", "b"].map { ContentItem(source: "news/\($0).md", kind: .news, title: $0) }
        let rotation = Rotation(feed: feed(items), screen: london)
        let midnight = FeedTime.parseInstant("2028-02-29", timeZone: TimeZone(identifier: "Europe/London")!)!
        #expect(rotation.slot(at: midnight).start == midnight)
        #expect(rotation.slot(at: midnight.addingTimeInterval(10)).item?.title == "b")
    }
}
