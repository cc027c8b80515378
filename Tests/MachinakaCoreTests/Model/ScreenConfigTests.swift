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
    }

    @Test func sizeParsing() {
        #expect(PixelSize(parsing: "1920x1080") == PixelSize(width: 1920, height: 1080))
        #expect(PixelSize(parsing: "1080×1920") == PixelSize(width: 1080, height: 1920))
        #expect(PixelSize(parsing: "1920") == nil)
        #expect(PixelSize(parsing: "-1x5") == nil)
    }
}
