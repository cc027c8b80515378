import Foundation
@testable import MachinakaCore
import Testing

/// JMA's own official samples (Tests/Fixtures/cap/jma-xml), read as the player reads `alerts/`, judged
/// on a screen for 相模原市 and on one for a coastal town (小田原市, on 相模湾・三浦半島).
@Suite struct JMACorpusTests {
    static let sagamihara = screen(areas: ["1415000"])
    static let sagamiharaWithAdvisories = screen(areas: ["1415000"], advisories: true)
    static let odawara = screen(areas: ["1420600", "330"])
    static let odawaraWithAdvisories = screen(areas: ["1420600", "330"], advisories: true)
    static let odawaraDrills = screen(areas: ["1420600", "330"], drills: true)

    static func screen(areas: [String], advisories: Bool = false, drills: Bool = false) -> AlertPolicy {
        var screen = ScreenConfig(id: "s")
        screen.jmaAreas = areas
        screen.jmaAdvisories = advisories
        screen.drills = drills
        screen.languages = ["ja", "en", "zh", "ko"]
        return screen.alertPolicy
    }

    static func read(_ name: String) throws -> ReceivedAlert {
        let (message, format) = try AlertFormats.parse(try Corpus.data("jma-xml/" + name))
        #expect(format == "JMA")
        return ReceivedAlert(source: "alerts/" + name, message: message, received: message.sent, format: format)
    }

    /// The standing of `name` on a screen with `policy`, just after it was sent.
    static func standing(_ received: [ReceivedAlert], _ policy: AlertPolicy, at instant: Date? = nil) -> (active: [ActiveAlert], entries: [AlertEntry]) {
        let board = AlertBoard(messages: received, policy: policy)
        let at = instant ?? received.map(\.message.sent).max()!.addingTimeInterval(60)
        return (board.active(at: at), board.entries(at: at))
    }

    @Test func weatherWarningsForTheScreensOwnMunicipality() throws {
        let report = try Self.read("15_12_03_161130_VPWW53.xml")
        #expect(report.message.status == .actual && report.message.messageType == .alert)
        #expect(report.message.sent == FeedTime.parseInstant("2016-07-15T16:03:00+09:00"))
        // 相模原市 has only 強風注意報: an advisory, not shown unless the screen asks.
        let plain = Self.standing([report], Self.sagamihara)
        #expect(plain.active.isEmpty)
        #expect(plain.entries.first?.reason.contains("only advisories") == true)
        let advised = try #require(Self.standing([report], Self.sagamiharaWithAdvisories).active.first)
        #expect(advised.infos.first?.headline == "相模原市に強風注意報")
        #expect(advised.infos.map(\.language) == ["ja-JP", "en-US", "zh-CN", "ko-KR"])
        #expect(advised.infos[1].headline == "Gale Advisory: Sagamihara City")
        #expect(advised.infos[3].headline == "사가미하라시: 강풍 주의보")
        // 小田原市 is on the coast: 波浪警報 is a warning there.
        let coast = try #require(Self.standing([report], Self.odawara).active.first)
        #expect(coast.infos.first?.headline == "小田原市に波浪警報・強風注意報")
        #expect(coast.infos.first?.severity == .severe)
    }

    @Test func landslideWarningIsLevelFourWhereItIsInForce() throws {
        let report = try Self.read("17_04_01_250630_VXWW50.xml")
        // 相模原市西部 and 東部 are なし in this report: nothing for a 相模原市 screen.
        let here = Self.standing([report], Self.sagamihara)
        #expect(here.active.isEmpty && here.entries.first?.reason.contains("nothing in force for this screen's JMA areas") == true)
        let coast = try #require(Self.standing([report], Self.odawara).active.first)
        #expect(coast.infos.first?.headline == "小田原市にレベル4土砂災害危険警報")
        #expect(coast.level == 4)
        #expect(coast.infos.first?.instruction == "危険な場所から全員避難してください。")
        #expect(coast.infos[1].headline == "Level 4 Urgent Warning (Landslide): Odawara City")
    }

    @Test func aLaterReportThatLiftsAnAreaEndsItsWarning() throws {
        let first = try Self.read("17_04_01_250630_VXWW50.xml")
        // The next report of the same EventID, an hour later, with 小田原市 lifted (解除).
        var xml = try String(decoding: Corpus.data("jma-xml/17_04_01_250630_VXWW50.xml"), as: UTF8.self)
        xml = xml.replacingOccurrences(of: "2024-11-02T18:50:00+09:00", with: "2024-11-02T19:50:00+09:00")
        let odawara = try #require(xml.range(of: "<Name>小田原市</Name>", options: .backwards))
        let item = xml[..<odawara.lowerBound].range(of: "<Item>", options: .backwards)!
        xml.replaceSubrange(item.upperBound..<odawara.lowerBound, with: "<Kind><Name>解除</Name><Code>1</Code><Status>解除</Status></Kind><Area>")
        let (message, _) = try AlertFormats.parse(Data(xml.utf8))
        let second = ReceivedAlert(source: "alerts/second.xml", message: message, received: message.sent, format: "JMA")
        let standing = Self.standing([first, second], Self.odawara)
        #expect(standing.active.isEmpty, "lifted")
        #expect(standing.entries.contains { $0.source == "alerts/17_04_01_250630_VXWW50.xml" && $0.standing == .superseded })
        #expect(AlertBoard(messages: [first, second], policy: Self.odawara).tombstonesSet(by: message.sent).map(\.reference) == [first.message.key])
    }

    @Test func tsunamiAdvisoryAndTrainingTsunamiWarning() throws {
        let advisory = try Self.read("32-39_11_02_250206_VTSE41.xml")
        // 相模湾・三浦半島 (330) is under 津波注意報: an advisory.
        #expect(Self.standing([advisory], Self.odawara).active.isEmpty)
        let shown = try #require(Self.standing([advisory], Self.odawaraWithAdvisories).active.first)
        #expect(shown.infos.first?.headline == "相模湾・三浦半島に津波注意報")
        #expect(shown.infos.first?.instruction?.hasPrefix("海の中にいる人は") == true)
        #expect(Self.standing([advisory], Self.sagamihara).active.isEmpty, "an inland city is on no tsunami coast")
        // 訓練: 大津波警報 for 330, shown only on a screen set up for drills, marked as such.
        let training = try Self.read("32-39_12_02_250206_VTSE41.xml")
        #expect(training.message.status == .exercise)
        let ordinary = Self.standing([training], Self.odawara)
        #expect(ordinary.active.isEmpty && ordinary.entries.first?.reason.contains("Exercise") == true)
        let drill = try #require(Self.standing([training], Self.odawaraDrills).active.first)
        #expect(drill.isExercise && drill.infos.first?.headline == "相模湾・三浦半島に大津波警報")
        #expect(drill.infos.first?.severity == .extreme)
    }

    @Test func aCancellationCancelsItsEventAndIsNotShown() throws {
        let cancel = try Self.read("38-39_03_01_210805_VTSE41.xml")
        #expect(cancel.message.messageType == .cancel)
        #expect(cancel.message.group == "JMA|津波警報・注意報・予報|20210805103531")
        // The advisory it cancels, made from the advisory sample with the same EventID.
        var xml = try String(decoding: Corpus.data("jma-xml/32-39_11_02_250206_VTSE41.xml"), as: UTF8.self)
        xml = xml.replacingOccurrences(of: "<EventID>20110311144640</EventID>", with: "<EventID>20210805103531</EventID>")
            .replacingOccurrences(of: "2011-03-11T14:49:00+09:00", with: "2021-08-05T12:00:00+09:00")
        let (earlier, _) = try AlertFormats.parse(Data(xml.utf8))
        let advisory = ReceivedAlert(source: "alerts/advisory.xml", message: earlier, received: earlier.sent, format: "JMA")
        #expect(Self.standing([advisory], Self.odawaraWithAdvisories, at: earlier.sent.addingTimeInterval(60)).active.count == 1)
        let after = Self.standing([advisory, cancel], Self.odawaraWithAdvisories)
        #expect(after.active.isEmpty)
        #expect(after.entries.contains { $0.source == "alerts/advisory.xml" && $0.standing == .cancelled })
        #expect(after.entries.contains { $0.source.hasSuffix("38-39_03_01_210805_VTSE41.xml") && $0.standing == .notShown })
    }

    @Test func earthquakeEarlyWarningForecastWithNoAreaReachesNoScreen() throws {
        let report = try Self.read("36_01_01_240613_VXSE44.xml")
        // Control/DateTime is UTC with Z; Head/ReportDateTime is what counts as sent.
        #expect(report.message.sent == FeedTime.parseInstant("2024-04-17T23:14:57+09:00"))
        #expect(report.message.infos.isEmpty)
        for policy in [Self.sagamihara, Self.odawaraWithAdvisories] {
            #expect(Self.standing([report], policy).active.isEmpty)
        }
        // The same shape with an area (神奈川県西部, 細分区域 361) and as a warning: shown there.
        var xml = try String(decoding: Corpus.data("jma-xml/36_01_01_240613_VXSE44.xml"), as: UTF8.self)
        xml = xml.replacingOccurrences(of: "<Title>緊急地震速報（予報）</Title>", with: "<Title>緊急地震速報（警報）</Title>")
        xml = xml.replacingOccurrences(of: "</ForecastInt>", with: "</ForecastInt><Pref><Name>神奈川県</Name><Code>9140</Code><Area><Name>神奈川県西部</Name><Code>361</Code></Area></Pref>")
        let (message, _) = try AlertFormats.parse(Data(xml.utf8))
        let warning = ReceivedAlert(source: "alerts/eew.xml", message: message, received: message.sent, format: "JMA")
        let shown = try #require(Self.standing([warning], Self.screen(areas: ["361"])).active.first)
        #expect(shown.infos.first?.headline == "神奈川県西部に緊急地震速報（警報）")
        #expect(shown.infos.first?.instruction == "強い揺れに警戒してください。")
        #expect(shown.end.timeIntervalSince(shown.start) <= 600, "an early warning is up for minutes")
    }

    @Test func aScreenWithoutJMAAreasShowsNoJMAWarning() throws {
        let report = try Self.read("17_04_01_250630_VXWW50.xml")
        let standing = Self.standing([report], ScreenConfig(id: "plain").alertPolicy)
        #expect(standing.active.isEmpty && standing.entries.first?.reason.contains("jma_areas") == true)
    }

    @Test func municipalityCodesCoverTheirParts() {
        let policy = Self.sagamihara
        #expect(policy.coversJMA("1415000") && policy.coversJMA("1415011") && policy.coversJMA("1415012"))
        #expect(!policy.coversJMA("1420600") && !policy.coversJMA("140000") && !policy.coversJMA("141"))
    }
}
