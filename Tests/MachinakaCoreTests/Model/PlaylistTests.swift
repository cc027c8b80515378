import Foundation
import MachinakaCore
import Testing
import Yams

@Suite struct PlaylistTests {
    @Test func emptyFileGivesEveryDefault() throws {
        let playlist = try YAMLDecoder().decode(Playlist.self, from: "{}")
        #expect(playlist.defaultDuration == 15)
        #expect(playlist.screens.isEmpty && playlist.tags.isEmpty)
        #expect(playlist.items.map(\.source) == ["news/*.md", "events/*.md", "media/*"])
    }

    @Test func entriesMayBeStringsOrMappings() throws {
        let yaml = """
            default_duration: 20s
            screens: [lobby]
            items:
              - news/*.md
              - source: media/poster.png
                duration: 8s
            """
        let playlist = try YAMLDecoder().decode(Playlist.self, from: yaml)
        #expect(playlist.defaultDuration == 20)
        #expect(playlist.items == [Playlist.Entry(source: "news/*.md"), Playlist.Entry(source: "media/poster.png", duration: 8)])
        #expect(playlist.plays(on: ScreenConfig(id: "lobby")))
        #expect(!playlist.plays(on: ScreenConfig(id: "library")))
    }

    @Test func playlistDaypartAndBoard() throws {
        let yaml = """
            days: [weekdays]
            hours: "08:30-17:15"
            except: [2026-12-29]
            items:
              - board: upcoming-events
                days_ahead: 7
            """
        let playlist = try YAMLDecoder().decode(Playlist.self, from: yaml)
        #expect(playlist.daypart == Daypart(weekdays: [2, 3, 4, 5, 6], ranges: [Daypart.Range(start: 510, end: 1035)], excluded: [20261229]))
        #expect(playlist.items.first?.board == "upcoming-events" && playlist.items.first?.settings == ["days_ahead": "7"])
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Playlist.self, from: "items:\n  - board: upcoming-events\n    colour: red\n") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Playlist.self, from: "items:\n  - board: weather\n") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Playlist.self, from: "days: [someday]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Playlist.self, from: "hours: 9-5") }
    }

    @Test func badDurationIsAnError() {
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Playlist.self, from: "default_duration: soon") }
    }

    @Test func patternsStayWithinOneFolder() {
        let entry = Playlist.Entry(source: "news/*.md")
        #expect(entry.matches("news/a.md"))
        #expect(!entry.matches("news/sub/a.md"))
        #expect(!entry.matches("events/a.md"))
        #expect(!entry.matches("news/a.md.bak"))
        #expect(Playlist.Entry(source: "media/poster-?.png").matches("media/poster-1.png"))
    }

    @Test func tagsTargetScreens() {
        var playlist = Playlist(name: "p")
        playlist.tags = ["library"]
        var screen = ScreenConfig(id: "x")
        #expect(!playlist.plays(on: screen))
        screen.tags = ["library", "children"]
        #expect(playlist.plays(on: screen))
    }
}
