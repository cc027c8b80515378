import Foundation
import Testing

/// `check` composes the alerts in alerts/ as each screen shows them and says where a line had to
/// break inside a unit kept whole (issue 28): staff learn it before the emergency, not during it.
@Suite struct AlertCheckTests {
    @Test func aHeadlineThatMustBreakInsideAUnitIsReportedAtItsFile() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-alertcheck-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let feed = temporary + "/feed"
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        var xml = try String(contentsOfFile: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", encoding: .utf8)
        // A web address longer than a portrait screen's line, inside the Japanese headline.
        let address = "https://www.city.sagamihara.kanagawa.jp/kurashi/bousai/hinanjoho/hinanshiji_2026_1026789_detail.html"
        let headline = try #require(xml.range(of: "<headline>")).upperBound
        let end = try #require(xml.range(of: "</headline>", range: headline..<xml.endIndex)).lowerBound
        xml.replaceSubrange(headline..<end, with: "避難指示 詳しくは \(address)")
        try xml.write(toFile: feed + "/alerts/long-address.xml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", "--feed", feed])
        let said = result.stdout.split(separator: "\n").filter { $0.hasPrefix("alerts/long-address.xml:1:1: warning: on screen 'library-entrance' a line had to break inside") }
        #expect(!said.isEmpty, "\(result.stdout)")
        // The sample's own alert (its real headline) breaks nothing.
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", toPath: feed + "/alerts/evacuation.xml")
        try FileManager.default.removeItem(atPath: feed + "/alerts/long-address.xml")
        let clean = try CommandRunner.run(["check", "--feed", feed])
        #expect(!clean.stdout.contains("had to break inside"), "\(clean.stdout)")
    }
}
