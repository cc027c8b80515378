import Foundation
import Testing

/// `check` composes the alerts in alerts/ as each screen shows them and says where a line had to
/// break inside a unit kept whole (issue 28): staff learn it before the emergency, not during it.
@Suite struct AlertCheckTests {
    /// A web address longer than a portrait screen's line.
    let address = "https://www.city.sagamihara.kanagawa.jp/kurashi/bousai/hinanjoho/hinanshiji_2026_1026789_detail.html"

    /// A copy of the sample feed in a folder of its own (removed by `done`).
    private func sampleFeed() throws -> (feed: String, done: () -> Void) {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-alertcheck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let feed = temporary + "/feed"
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        return (feed, { try? FileManager.default.removeItem(atPath: temporary) })
    }

    /// The sample evacuation order with the headline of its info in `language` made `headline`,
    /// written into `feed`'s alerts/ as long-address.xml.
    private func writeAlert(into feed: String, language: String, headline: String) throws {
        var xml = try String(contentsOfFile: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", encoding: .utf8)
        let info = try #require(xml.range(of: "<language>\(language)</language>"))
        let start = try #require(xml.range(of: "<headline>", range: info.upperBound..<xml.endIndex)).upperBound
        let end = try #require(xml.range(of: "</headline>", range: start..<xml.endIndex)).lowerBound
        xml.replaceSubrange(start..<end, with: headline)
        try xml.write(toFile: feed + "/alerts/long-address.xml", atomically: true, encoding: .utf8)
    }

    /// Lines of `check`'s output that warn of a line broken inside a unit on `screen`.
    private func brokenLines(_ stdout: String, screen: String) -> [Substring] {
        stdout.split(separator: "\n").filter { $0.hasPrefix("alerts/long-address.xml:1:1: warning: on screen '\(screen)' a line had to break inside") }
    }

    @Test func aHeadlineThatMustBreakInsideAUnitIsReportedAtItsFile() throws {
        let (feed, done) = try sampleFeed()
        defer { done() }
        try writeAlert(into: feed, language: "ja-JP", headline: "避難指示 詳しくは \(address)")
        let result = try CommandRunner.run(["check", "--feed", feed])
        #expect(!brokenLines(result.stdout, screen: "library-entrance").isEmpty, "\(result.stdout)")
        // The sample's own alert (its real headline) breaks nothing.
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", toPath: feed + "/alerts/evacuation.xml")
        try FileManager.default.removeItem(atPath: feed + "/alerts/long-address.xml")
        let clean = try CommandRunner.run(["check", "--feed", feed])
        #expect(!clean.stdout.contains("had to break inside"), "\(clean.stdout)")
    }

    /// A warning that joins the list under a lead already on screen for an hour is looked at
    /// when it comes in: its row's lines are checked too (they were looked for from the lead's
    /// start, when the warning was not yet in force).
    @Test func aWarningThatJoinsUnderALeadIsLookedAtWhenItComesIn() throws {
        let (feed, done) = try sampleFeed()
        defer { done() }
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", toPath: feed + "/alerts/evacuation.xml")
        var xml = try String(contentsOfFile: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-landslide.xml", encoding: .utf8)
        // An hour after the lead, a level lower (so listed under it), its headline holding an
        // address with a part wider than the list's line.
        let longPath = "https://www.city.sagamihara.kanagawa.jp/" + String(repeating: "hinanshiji_2026_1026789_detail_", count: 5) + "midori.html"
        xml = xml.replacingOccurrences(of: "<sent>2026-11-25T14:40:00+09:00</sent>", with: "<sent>2026-11-25T15:30:00+09:00</sent>")
            .replacingOccurrences(of: "<value>4</value>", with: "<value>3</value>")
            .replacingOccurrences(of: "<severity>Extreme</severity>", with: "<severity>Moderate</severity>")
            .replacingOccurrences(of: "<headline>緑区の土砂災害警戒区域に避難指示</headline>", with: "<headline>高齢者等避難 詳しくは \(longPath)</headline>")
        try xml.write(toFile: feed + "/alerts/long-address.xml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", "--feed", feed])
        // Said of the warning whose row it is, not of the lead.
        #expect(!brokenLines(result.stdout, screen: "library-entrance").isEmpty, "\(result.stdout)")
        #expect(!result.stdout.contains("alerts/evacuation.xml:1:1: warning: on screen"), "\(result.stdout)")
    }

    /// On a screen that turns whole frames by language, each language is looked at in its own
    /// turn, however long the turns before it last (they were looked for every 8 s, and the
    /// Japanese turn of the sample's evacuation order lasts longer than that).
    @Test func aLaterLanguageOnAScreenInTurnsIsLookedAtInItsTurn() throws {
        let (feed, done) = try sampleFeed()
        defer { done() }
        let screen = feed + "/screens/library-entrance.yml"
        try (try String(contentsOfFile: screen, encoding: .utf8) + "\nalert_languages: rotate\n").write(toFile: screen, atomically: true, encoding: .utf8)
        // The English headline (the screen's second language) holds the address.
        try writeAlert(into: feed, language: "en-US", headline: "Evacuation order \(address)")
        let result = try CommandRunner.run(["check", "--feed", feed])
        #expect(!brokenLines(result.stdout, screen: "library-entrance").isEmpty, "\(result.stdout)")
    }
}
