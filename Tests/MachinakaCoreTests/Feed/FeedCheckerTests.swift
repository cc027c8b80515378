import Foundation
import MachinakaCore
import Testing

@Suite struct FeedCheckerTests {
    private func feed(_ items: [ContentItem], playlistScreens: [String] = []) -> Feed {
        var lobby = ScreenConfig(id: "lobby")
        lobby.size = PixelSize(width: 1920, height: 1080)
        var playlist = Playlist(name: "main")
        playlist.screens = playlistScreens
        return Feed(root: "/feed", screens: ["lobby": lobby], playlists: [playlist], items: items)
    }

    @Test func endedItemsAreReported() {
        let items = [
            ContentItem(source: "news/old.md", kind: .news, title: "old", end: tokyo("2026-11-01")),
            ContentItem(source: "events/past.md", kind: .event, title: "past", payload: EventInfo(start: tokyo("2026-11-01T10:00"), end: tokyo("2026-11-01T12:00"), allDay: false, place: nil)),
            ContentItem(source: "news/current.md", kind: .news, title: "current"),
        ]
        let warnings = FeedChecker.warnings(for: feed(items), at: tokyo("2026-11-25T10:00"))
        #expect(warnings.map(\.path).filter { !$0.hasPrefix("playlists/") } == ["news/old.md", "events/past.md"])
        #expect(warnings[0].message.contains("ended on 2026-10-31"))
        #expect(warnings.allSatisfy { $0.severity == .warning })
    }

    /// A clinics panel at a portrait screen's side (about 330 px) is told to go to the foot;
    /// counters there stack fine, and a landscape screen's side panel is wide enough.
    @Test func aTablePanelAtAPortraitScreensSideIsWarnedAbout() {
        var feed = feed([])
        var portrait = ScreenConfig(id: "tall")
        portrait.size = PixelSize(width: 1080, height: 1920)
        portrait.panel = ScreenPanel(board: "clinics", settings: ["data": "data/clinics.csv"], position: .right)
        var counters = portrait
        counters.id = "tall-counters"
        counters.panel = ScreenPanel(board: "counters", settings: ["data": "data/counters.json"], position: .right)
        var wide = ScreenConfig(id: "wide")
        wide.size = PixelSize(width: 1920, height: 1080)
        wide.panel = ScreenPanel(board: "clinics", settings: ["data": "data/clinics.csv"], position: .right)
        feed.screens = ["tall": portrait, "tall-counters": counters, "wide": wide]
        let said = FeedChecker.warnings(for: feed, at: tokyo("2026-11-25T10:00")).filter { $0.message.contains("position: bottom") }
        #expect(said.map(\.path) == ["screens/tall.yml"], "\(said)")
    }

    @Test func smallImageAndUnknownScreen() {
        let items = [
            ContentItem(source: "media/tiny.png", kind: .image, title: "tiny", payload: PosterImage(path: "/feed/media/tiny.png", size: PixelSize(width: 640, height: 360))),
            ContentItem(source: "media/fine.png", kind: .image, title: "fine", payload: PosterImage(path: "/feed/media/fine.png", size: PixelSize(width: 1600, height: 900))),
            ContentItem(source: "news/typo.md", kind: .news, title: "typo", screens: ["lobyy"]),
        ]
        let warnings = FeedChecker.warnings(for: feed(items), at: tokyo("2026-11-25T10:00"))
        #expect(warnings.contains { $0.path == "media/tiny.png" && $0.message.contains("enlarged 3.0×") })
        #expect(!warnings.contains { $0.path == "media/fine.png" })
        #expect(warnings.contains { $0.path == "news/typo.md" && $0.message.contains("'lobyy'") })
    }

    @Test func fileThatNoPlaylistPlays() {
        var playlist = Playlist(name: "main")
        playlist.items = [Playlist.Entry(source: "news/*.md")]
        var f = feed([ContentItem(source: "events/e.md", kind: .event, title: "e", payload: EventInfo(start: tokyo("2027-01-01"), end: tokyo("2027-01-02"), allDay: true, place: nil))])
        f.playlists = [playlist]
        let warnings = FeedChecker.warnings(for: f, at: tokyo("2026-11-25T10:00"))
        #expect(warnings.contains { $0.path == "events/e.md" && $0.message.contains("no playlist plays") })
        #expect(warnings.contains { $0.path == "playlists/main.yml" && $0.message.contains("'news/*.md' matches no file") })
    }

    @Test func sampleFeedIsCleanOnItsDay() throws {
        let feed = try FeedLoader().load(from: Repository.content)
        #expect(FeedChecker.warnings(for: feed, at: tokyo("2026-11-25T10:00")) == [])
    }
}
