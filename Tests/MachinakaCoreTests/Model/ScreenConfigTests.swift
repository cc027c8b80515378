import Foundation
import MachinakaCore
import Testing
import Yams

@Suite struct ScreenConfigTests {
    @Test func emptyFileGivesEveryDefault() throws {
        let config = try YAMLDecoder().decode(ScreenConfig.self, from: "{}")
        var expected = ScreenConfig(id: "")
        expected.id = ""
        #expect(config == expected)
        #expect(config.size == PixelSize(width: 1920, height: 1080))
        #expect(config.languages == ["ja", "en"])
        #expect(config.timeZone == "Asia/Tokyo")
        #expect(config.theme == "default")
        #expect(config.drills == false)
        #expect(config.alertScopes == ["Public"])
        #expect(config.alertLifetime == 6 * 3600)
        #expect(config.allClearDuration == 60)
        #expect(config.ticker == true)
        #expect(config.tickerSpeed == 120)
        #expect(config.transition == "fade")
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            name: 図書館 入口
            facility: 相模原市立図書館
            tags: [library, children]
            theme: dark
            size: 1080x1920
            languages: [ja, en, zh]
            time_zone: Europe/London
            drills: true
            alert_scopes: [Public, Restricted]
            alert_lifetime: 2h
            all_clear_duration: 90s
            ticker: false
            ticker_speed: 200
            alert_languages: rotate
            jma_areas: [1415000, "330"]
            jma_rivers: [830201000300, "8302010003"]
            jma_advisories: true
            trusted_senders: [keys/city.pem]
            panel: {board: counters, data: data/counters.json, position: bottom, stale_after: 5m}
            viewing_distance: 8
            diagonal: 75
            """
        let config = try YAMLDecoder().decode(ScreenConfig.self, from: yaml)
        #expect(config.name == "図書館 入口")
        #expect(config.facility == "相模原市立図書館")
        #expect(config.tags == ["library", "children"])
        #expect(config.theme == "dark")
        #expect(config.size == PixelSize(width: 1080, height: 1920))
        #expect(config.size.isPortrait)
        #expect(config.languages == ["ja", "en", "zh"])
        #expect(config.zone.identifier == "Europe/London")
        #expect(config.drills)
        #expect(config.alertPolicy.scopes == [.public, .restricted])
        #expect(config.alertLifetime == 7200)
        #expect(config.allClearDuration == 90)
        #expect(!config.ticker)
        #expect(config.tickerSpeed == 200)
        #expect(config.alertLanguages == "rotate")
        #expect(config.jmaAreas == ["1415000", "330"] && config.jmaAdvisories)
        #expect(config.jmaRivers == ["830201000300", "8302010003"] && config.alertPolicy.jmaRivers == config.jmaRivers)
        #expect(config.trustedSenders == ["keys/city.pem"])
        #expect(config.panel == ScreenPanel(board: "counters", settings: ["data": "data/counters.json", "stale_after": "5m"], position: .bottom))
        #expect(Set(ScreenConfig.knownKeys) == ["name", "facility", "tags", "theme", "size", "languages", "time_zone", "drills", "alert_scopes", "alert_lifetime",
                                                 "all_clear_duration", "ticker", "ticker_speed", "transition", "logo", "alert_languages", "jma_areas", "jma_rivers", "jma_advisories", "trusted_senders",
                                                 "panel", "viewing_distance", "diagonal", "speech", "power"])
        #expect(config.viewingDistance == 8 && config.diagonal == 75)
        #expect(ScreenConfig(id: "x").viewingDistance == 4 && ScreenConfig(id: "x").diagonal == 55, "a 55-inch lobby screen read from 4 m")
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "viewing_distance: 0") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "diagonal: 1000") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "jma_areas: [相模原]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "jma_rivers: [1415000]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "alert_languages: sometimes") }
    }

    @Test(arguments: [
        ("panel: {board: counters, data: data/counters.json, position: left}", "not a panel position"),
        ("panel: {board: weather, data: data/w.json}", "not a board"),
        ("panel: {board: counters, data: data/counters.json, colour: red}", "'colour' is not a setting of the counters board"),
        ("panel: {board: counters}", "needs 'data'"),
        ("panel: {board: upcoming-events}", "only a data board"),
    ])
    func aPanelThatCannotBeShownIsRefusedWithTheReason(_ yaml: String, _ words: String) {
        do {
            _ = try YAMLDecoder().decode(ScreenConfig.self, from: yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect("\(error)".contains(words), "\(error)")
        }
    }

    @Test func encodingRoundTrips() throws {
        var config = ScreenConfig(id: "x")
        config.tags = ["a"]
        config.size = PixelSize(width: 1280, height: 720)
        let yaml = try YAMLEncoder().encode(config)
        var back = try YAMLDecoder().decode(ScreenConfig.self, from: yaml)
        back.id = "x"
        #expect(back == config)
    }

    @Test func badValuesAreErrors() {
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "size: big") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "time_zone: Mars/Olympus") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "size: 0x100") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "alert_scopes: [Everyone]") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "alert_lifetime: forever") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "ticker_speed: 5000") }
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(ScreenConfig.self, from: "transition: spin") }
    }

    @Test func sizeParsing() {
        #expect(PixelSize(parsing: "1920x1080") == PixelSize(width: 1920, height: 1080))
        #expect(PixelSize(parsing: "1080×1920") == PixelSize(width: 1080, height: 1920))
        #expect(PixelSize(parsing: "1920") == nil)
        #expect(PixelSize(parsing: "-1x5") == nil)
    }
}

/// Regression (#25): every error in a screen file pointed at `:1:1`.
@Suite struct ScreenFileLocationTests {
    @Test(arguments: [
        ("name: x\n\nlanguages: {a: 1}\n", 3),
        ("name: x\ntags:\n  - lobby\n  - [1, 2]\n", 4),
        ("name: x\npanel:\n  board: counters\n  data: data/counters.json\n  position: [sideways]\n", 5),
    ])
    func anErrorPointsAtItsLine(text: String, line: Int) throws {
        let feed = try TestFeed()
        try feed.write("screens/s.yml", text)
        let loaded = try feed.load()
        let error = try #require(loaded.diagnostics.first { $0.path == "screens/s.yml" && $0.severity == .error })
        #expect(error.line == line, "\(error)")
        #expect(error.column > 1, "\(error)")
    }
}
