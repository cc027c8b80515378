import Foundation
@testable import MachinakaCore
import Testing

/// JMA's warnings as JMA issues them since 2026-05-29: the R06 reports (one per phenomenon),
/// the transitional reports beside them, and designated-river flood forecasts. JMA's own
/// samples and live reports are in Tests/Fixtures/jma-r06 (see its MANIFEST.txt); the cases
/// JMA published no sample for (相模原市, a publication in three formats, a drill) are built
/// here in the same shape and say so.
@Suite struct JMAR06Tests {
    static let root = Repository.root + "/Tests/Fixtures/jma-r06/"

    static func sample(_ name: String) throws -> ReceivedAlert {
        let (message, format) = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: root + name)))
        #expect(format == "JMA")
        return ReceivedAlert(source: "alerts/" + name, message: message, received: message.sent, format: format)
    }

    static func received(_ xml: String, _ source: String, after seconds: TimeInterval = 0) throws -> ReceivedAlert {
        let (message, format) = try AlertFormats.parse(Data(xml.utf8))
        return ReceivedAlert(source: source, message: message, received: message.sent.addingTimeInterval(seconds), format: format)
    }

    static func policy(areas: [String] = [], rivers: [String] = [], advisories: Bool = false, drills: Bool = false) -> AlertPolicy {
        var screen = ScreenConfig(id: "s")
        screen.jmaAreas = areas
        screen.jmaRivers = rivers
        screen.jmaAdvisories = advisories
        screen.drills = drills
        screen.languages = ["ja", "en", "zh", "ko"]
        return screen.alertPolicy
    }

    static let sagamihara = policy(areas: ["1415000"])

    static func standing(_ received: [ReceivedAlert], _ policy: AlertPolicy, at instant: Date? = nil) -> (active: [ActiveAlert], entries: [AlertEntry]) {
        let board = AlertBoard(messages: received, policy: policy)
        let at = instant ?? received.map(\.received).max()!.addingTimeInterval(60)
        return (board.active(at: at), board.entries(at: at))
    }

    /// A weather report in JMA's shape for 横浜地方気象台 (神奈川県): `title` is its
    /// `Control/Title` — `気象警報・注意報（Ｒ０６）（大雨）` for R06, `気象特別警報・警報・注意報`
    /// (VPWW53) or `気象警報・注意報（Ｈ２７）` (VPWW54) for the transitional ones — and each area
    /// has its kinds as (name, code, status).
    static func weatherReport(_ title: String, sent: String, status: String = "通常", office: String = "横浜地方気象台", region: String = "140000",
                              areas: [(name: String, code: String, kinds: [(String, String, String)])]) -> String {
        let items = areas.map { area in
            let kinds = area.kinds.map { "<Kind><Name>\($0.0)</Name><Code>\($0.1)</Code><Status>\($0.2)</Status></Kind>" }.joined()
            return "<Item>\(kinds.isEmpty ? "<Kind><Status>発表警報・注意報はなし</Status></Kind>" : kinds)<Area><Name>\(area.name)</Name><Code>\(area.code)</Code></Area></Item>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
            <Control><Title>\(title)</Title><DateTime>2026-09-01T00:00:00Z</DateTime><Status>\(status)</Status>
            <EditorialOffice>\(office)</EditorialOffice><PublishingOffice>\(office)</PublishingOffice></Control>
            <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>神奈川県気象警報・注意報</Title>
            <ReportDateTime>\(sent)</ReportDateTime><EventID/><InfoType>発表</InfoType><Serial/><InfoKind>気象警報・注意報</InfoKind>
            <Headline><Text>神奈川県では、土砂災害や低い土地の浸水に警戒してください。</Text></Headline></Head>
            <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/">
            <Warning type="気象警報・注意報（府県予報区等）"><Item><Kind><Status>発表警報・注意報はなし</Status></Kind><Area><Name>府県予報区</Name><Code>\(region)</Code></Area></Item></Warning>
            <Warning type="気象警報・注意報（市町村等）">\(items)</Warning></Body>
            </Report>
            """
    }

    static let rain = "気象警報・注意報（Ｒ０６）（大雨）"
    static let landslide = "気象警報・注意報（Ｒ０６）（土砂）"
    static let other = "気象警報・注意報（Ｒ０６）（その他注意報）"
    static let vpww53 = "気象特別警報・警報・注意報"
    static let vpww54 = "気象警報・注意報（Ｈ２７）"

    // MARK: - JMA's samples

    @Test func aDangerWarningIsLevelFourWithItsActionInFourLanguages() throws {
        let report = try Self.sample("15_16_03_241226_VPWW55.xml")
        #expect(report.message.group == "JMA|R06|大雨|稚内地方気象台|011000", "per office, phenomenon and forecast region")
        let alert = try #require(Self.standing([report], Self.policy(areas: ["0121400"])).active.first)
        #expect(alert.infos.map(\.headline) == ["稚内市にレベル4大雨危険警報", "Level 4 Urgent Warning (Heavy Rain): 稚内市",
                                               "稚内市：等级4 大雨危险警报", "稚内市: 레벨 4 호우 위험 경보"])
        #expect(alert.level == 4 && alert.isFromJMA && alert.isEvacuation)
        #expect(alert.infos[0].instruction == "危険な場所から全員避難してください。")
        #expect(alert.infos[0].parameters.contains(CAPValue(name: "JMA-class", value: "danger")))
        // 猿払村 is at level 3 (継続): 高齢者等避難's action, not 全員避難.
        let level3 = try #require(Self.standing([report], Self.policy(areas: ["0151100"])).active.first)
        #expect(level3.infos[0].headline == "猿払村にレベル3大雨警報" && level3.level == 3)
        #expect(level3.infos[0].instruction == "危険な場所から高齢者等は避難してください。")
        // 浜頓別町 has an advisory (level 2): only where the screen asks for advisories.
        #expect(Self.standing([report], Self.policy(areas: ["0151200"])).active.isEmpty)
        let level2 = try #require(Self.standing([report], Self.policy(areas: ["0151200"], advisories: true)).active.first)
        #expect(level2.level == 2 && level2.infos[0].instruction == "ハザードマップ等で自らの避難行動を確認してください。")
    }

    @Test func twoPhenomenaOfOneOfficeStandSideBySide() throws {
        let rain = try Self.sample("15_16_03_241226_VPWW55.xml")
        let landslide = try Self.sample("15_16_01_241031_VPWW56.xml")
        #expect(rain.message.group != landslide.message.group)
        let standing = Self.standing([rain, landslide], Self.policy(areas: ["0121400"]))
        #expect(standing.active.map { $0.infos[0].headline } == ["稚内市にレベル4大雨危険警報", "稚内市にレベル4土砂災害危険警報"]
            || standing.active.map { $0.infos[0].headline } == ["稚内市にレベル4土砂災害危険警報", "稚内市にレベル4大雨危険警報"])
        #expect(standing.entries.allSatisfy { $0.standing == .active })
        // And in time: a 土砂 report an hour after a 大雨 report leaves the 大雨 warning in force.
        let nine = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル４大雨危険警報", "43", "発表")])])
        let ten = Self.weatherReport(Self.landslide, sent: "2026-09-01T10:00:00+09:00", areas: [("相模原市", "1415000", [("レベル３土砂災害警報", "05", "発表")])])
        let both = Self.standing([try Self.received(nine, "alerts/rain.xml"), try Self.received(ten, "alerts/landslide.xml")], Self.sagamihara)
        #expect(both.active.count == 2)
        #expect(both.active.first?.infos[0].headline == "相模原市にレベル4大雨危険警報", "level 4 leads level 3")
    }

    @Test func aDowngradeKeepsTheWarningThatIsNowInForce() throws {
        // 福井, 2026-08-30 11:40: レベル５大雨特別警報 stepped down, 特別警報から危険警報.
        let downgrade = try Self.sample("18_00_01_260830_VPWW55_fukui_downgrade.xml")
        let fukui = try #require(Self.standing([downgrade], Self.policy(areas: ["1820100"])).active.first)
        #expect(fukui.infos[0].headline == "福井市にレベル4大雨危険警報" && fukui.level == 4)
        // 20:04 the same office lifted it: nothing in force, the earlier report replaced.
        let release = try Self.sample("18_00_01_260830_VPWW55_fukui_release.xml")
        let after = Self.standing([downgrade, release], Self.policy(areas: ["1820100"], advisories: true))
        #expect(after.active.isEmpty)
        #expect(after.entries.contains { $0.source.hasSuffix("fukui_downgrade.xml") && $0.standing == .superseded })
        // 危険警報から警報: a downgrade to level 3 is level 3 in force, not "nothing in force".
        let l4 = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル４大雨危険警報", "43", "発表")])])
        let l3 = Self.weatherReport(Self.rain, sent: "2026-09-01T11:00:00+09:00", areas: [("相模原市", "1415000", [("レベル３大雨警報", "03", "危険警報から警報")])])
        let stepped = Self.standing([try Self.received(l4, "alerts/l4.xml"), try Self.received(l3, "alerts/l3.xml")], Self.sagamihara)
        #expect(stepped.active.map { $0.infos[0].headline } == ["相模原市にレベル3大雨警報"])
        #expect(stepped.active.first?.level == 3)
    }

    @Test func aSpecialWarningIsLevelFive() throws {
        let xml = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル５大雨特別警報", "33", "発表")])])
        let alert = try #require(Self.standing([try Self.received(xml, "alerts/special.xml")], Self.sagamihara).active.first)
        #expect(alert.level == 5 && alert.infos[0].severity == .extreme)
        #expect(alert.infos[0].instruction == "ただちに命を守るための行動をとってください。")
        #expect(alert.infos[1].headline == "Level 5 Emergency Warning (Heavy Rain): Sagamihara City")
    }

    @Test func theLevelComesFromSignificancyWhenTheNameHasNone() throws {
        // A live report (網走, 2026-05-29) names レベル２大雨注意報 and says 警戒レベル２ under
        // Significancy; with the level taken out of the name, Significancy still gives it.
        var xml = try String(contentsOfFile: Self.root + "15_16_03_241226_VPWW55.xml", encoding: .utf8)
        #expect(xml.contains("<Name>レベル４大雨危険警報</Name>"))
        xml = xml.replacingOccurrences(of: "<Name>レベル４大雨危険警報</Name>", with: "<Name>大雨危険警報</Name>")
        let alert = try #require(Self.standing([try Self.received(xml, "alerts/x.xml")], Self.policy(areas: ["0121400"])).active.first)
        #expect(alert.infos[0].headline == "稚内市に大雨危険警報")
        #expect(alert.level == 4, "from <Significancy><Name>警戒レベル４相当</Name>")
    }

    // MARK: - One publication, one alert

    @Test func onePublicationInThreeFormatsIsShownOnceFromTheR06Report() throws {
        let sent = "2026-09-01T09:00:00+09:00"
        let r06 = Self.weatherReport(Self.rain, sent: sent, areas: [("相模原市", "1415000", [("レベル４大雨危険警報", "43", "発表")])])
        let legacyKinds = [("大雨警報", "03", "発表"), ("雷注意報", "14", "継続")]
        let v53 = Self.weatherReport(Self.vpww53, sent: sent, areas: [("相模原市", "1415000", legacyKinds)])
        let v54 = Self.weatherReport(Self.vpww54, sent: sent, areas: [("相模原市", "1415000", legacyKinds)])
        // Whatever order the three files arrive in.
        for order in [[0, 1, 2], [1, 2, 0], [2, 0, 1]] {
            let files = [try Self.received(r06, "alerts/r06.xml"), try Self.received(v53, "alerts/vpww53.xml"), try Self.received(v54, "alerts/vpww54.xml")]
            let arriving = order.enumerated().map { index, file in
                var copy = files[file]
                copy.received = copy.message.sent.addingTimeInterval(Double(index))
                return copy
            }
            let standing = Self.standing(arriving, Self.sagamihara)
            #expect(standing.active.map { $0.infos[0].headline } == ["相模原市にレベル4大雨危険警報"], "order \(order)")
            #expect(standing.active.first?.source == "alerts/r06.xml")
            let byFile = Dictionary(uniqueKeysWithValues: standing.entries.map { ($0.source, $0) })
            // The earlier-received transitional copy is folded into the later one; what is left
            // of that one beside the R06 report is 雷注意報, an advisory this screen does not show.
            let copies = [byFile["alerts/vpww53.xml"]!, byFile["alerts/vpww54.xml"]!]
            #expect(copies.filter { $0.standing == .folded }.count == 1, "order \(order)")
            #expect(copies.contains { $0.standing == .notShown && $0.reason.contains("only advisories") }, "order \(order)")
            #expect(byFile["alerts/r06.xml"]?.reason.contains("also received as") == true)
            #expect(byFile["alerts/r06.xml"]?.reason.contains("vpww53.xml") == true)
        }
        // A transitional copy with nothing but 大雨 is folded whole, naming the R06 report.
        let onlyRain = Self.weatherReport(Self.vpww53, sent: sent, areas: [("相模原市", "1415000", [("大雨警報", "03", "発表")])])
        let whole = Self.standing([try Self.received(r06, "alerts/r06.xml"), try Self.received(onlyRain, "alerts/vpww53.xml", after: 1)], Self.sagamihara)
        let folded = try #require(whole.entries.first { $0.source == "alerts/vpww53.xml" })
        #expect(folded.standing == .folded && folded.reason.contains("shown from the R06 report alerts/r06.xml"))
        // With advisories: 雷注意報, for which no R06 report came, is still shown from the
        // transitional report (and only it); 大雨 is not said twice.
        let all = [try Self.received(r06, "alerts/r06.xml"), try Self.received(v53, "alerts/vpww53.xml", after: 1), try Self.received(v54, "alerts/vpww54.xml", after: 2)]
        let advised = Self.standing(all, Self.policy(areas: ["1415000"], advisories: true))
        #expect(Set(advised.active.map { $0.infos[0].headline }) == ["相模原市にレベル4大雨危険警報", "相模原市に雷注意報"])
        // Once an R06 その他注意報 report speaks, the transitional copies have nothing left to say.
        let thunder = Self.weatherReport(Self.other, sent: sent, areas: [("相模原市", "1415000", [("雷注意報", "14", "継続")])])
        let complete = Self.standing(all + [try Self.received(thunder, "alerts/r06-other.xml", after: 3)], Self.policy(areas: ["1415000"], advisories: true))
        #expect(Set(complete.active.map(\.source)) == ["alerts/r06.xml", "alerts/r06-other.xml"])
    }

    @Test func aTransitionalReportGivesWayOnlyForThePhenomenaR06SpeaksFor() throws {
        // 島根 (松江地方気象台), JMA's samples: R06 大雨 at 11:19 and 土砂 at 08:00, the
        // transitional VPWW54 at 13:05 with 大雨警報 and three advisories for 松江市.
        let rain = try Self.sample("15_17_01_250630_VPWW55.xml")
        let landslide = try Self.sample("15_17_01_250630_VPWW56.xml")
        let transitional = try Self.sample("15_17_01_250123_VPWW54.xml")
        #expect(transitional.message.jma?.isTransitional == true && rain.message.jma?.phenomenon == "大雨")
        let matsue = Self.policy(areas: ["3220100"], advisories: true)
        let standing = Self.standing([rain, landslide, transitional], matsue)
        let headlines = Set(standing.active.map { $0.infos[0].headline })
        #expect(headlines == ["松江市にレベル3大雨警報", "松江市にレベル2土砂災害注意報", "松江市に雷注意報・強風注意報・波浪注意報"])
        // Without the R06 reports the transitional report says it all, 大雨警報 (level 3 相当) first.
        let alone = Self.standing([transitional], matsue)
        #expect(alone.active.first?.infos[0].headline == "松江市に大雨警報・雷注意報・強風注意報・波浪注意報")
        #expect(alone.active.first?.level == 3)
    }

    @Test func aTrainingReportIsShownOnlyWhereDrillsAre() throws {
        let xml = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", status: "訓練", areas: [("相模原市", "1415000", [("レベル４大雨危険警報", "43", "発表")])])
        let drill = try Self.received(xml, "alerts/drill.xml")
        let ordinary = Self.standing([drill], Self.sagamihara)
        #expect(ordinary.active.isEmpty && ordinary.entries.first?.reason.contains("Exercise") == true)
        let shown = try #require(Self.standing([drill], Self.policy(areas: ["1415000"], drills: true)).active.first)
        #expect(shown.isExercise && shown.level == 4)
    }

    // MARK: - Rivers

    @Test func aRiverFloodForecastReachesTheScreensThatListTheRiver() throws {
        let warning = try Self.sample("vxko_flood_lv3.xml")
        #expect(warning.message.group == "JMA|指定河川洪水予報|820209000400")
        #expect(Self.standing([warning], Self.sagamihara).active.isEmpty, "not this screen's river")
        for code in ["820209000400", "8202090004"] {
            let alert = try #require(Self.standing([warning], Self.policy(rivers: [code])).active.first, "river code \(code)")
            #expect(alert.infos[0].headline == "太平川　レベル3氾濫警報" && alert.level == 3)
            #expect(alert.infos[1].headline == "Level 3 Warning (Flood): 太平川")
            #expect(alert.infos[0].description?.contains("避難判断水位") == true)
            #expect(alert.infos[0].instruction == "危険な場所から高齢者等は避難してください。")
        }
        // 06:30: 解除 (the same forecast area's next report) — nothing in force.
        let lifted = try Self.sample("vxko_flood_cancellation.xml")
        let after = Self.standing([warning, lifted], Self.policy(rivers: ["820209000400"]))
        #expect(after.active.isEmpty)
        #expect(after.entries.contains { $0.source.hasSuffix("vxko_flood_lv3.xml") && $0.standing == .superseded })
        // The names before 2026: 氾濫警戒情報 is level 3.
        let old = try Self.sample("16_02_02_220728_VXKOii.xml")
        let rokkaku = try #require(Self.standing([old], Self.policy(rivers: ["8909040120"])).active.first, "a tributary's own code")
        #expect(rokkaku.infos[0].headline == "六角川　氾濫警戒情報" && rokkaku.level == 3)
    }

    // MARK: - What a review found (each a regression test)

    @Test func aDrillNeitherFoldsNorReplacesWhatIsInEarnest() throws {
        let actual = Self.weatherReport(Self.vpww53, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("大雨警報", "03", "発表")])])
        let drill = Self.weatherReport(Self.rain, sent: "2026-09-01T09:30:00+09:00", status: "訓練", areas: [("相模原市", "1415000", [("レベル２大雨注意報", "10", "発表")])])
        let earnest = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル４大雨危険警報", "43", "発表")])])
        let shown = Self.standing([try Self.received(actual, "alerts/vpww53.xml"), try Self.received(drill, "alerts/drill.xml", after: 1800)], Self.sagamihara)
        #expect(shown.active.map { $0.infos[0].headline } == ["相模原市に大雨警報"], "a drill's R06 report folds no real warning")
        let both = Self.standing([try Self.received(earnest, "alerts/r06.xml"), try Self.received(drill, "alerts/drill.xml", after: 1800)], Self.sagamihara)
        #expect(both.active.map { $0.infos[0].headline } == ["相模原市にレベル4大雨危険警報"], "nor replaces the real R06 report")
    }

    @Test func aStrongerTransitionalWarningIsNotHiddenByAnOlderR06Report() throws {
        // The R06 report of 11:00 was lost: 09:00 says level 3, the 11:00 VPWW53 says 大雨特別警報.
        let r06 = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル３大雨警報", "03", "発表")])])
        let v53 = Self.weatherReport(Self.vpww53, sent: "2026-09-01T11:00:00+09:00", areas: [("相模原市", "1415000", [("大雨特別警報", "33", "発表")])])
        let standing = Self.standing([try Self.received(r06, "alerts/r06.xml"), try Self.received(v53, "alerts/vpww53.xml")], Self.sagamihara)
        #expect(standing.active.first?.infos[0].headline == "相模原市に大雨特別警報" && standing.active.first?.level == 5)
        // The old 大雨警報 stood for 土砂災害 too: an R06 大雨 advisory alone does not fold it.
        let mild = Self.weatherReport(Self.rain, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("レベル２大雨注意報", "10", "発表")])])
        let old = Self.weatherReport(Self.vpww53, sent: "2026-09-01T09:00:00+09:00", areas: [("相模原市", "1415000", [("大雨警報", "03", "発表")])])
        let kept = Self.standing([try Self.received(mild, "alerts/r06.xml"), try Self.received(old, "alerts/vpww53.xml", after: 1)], Self.sagamihara)
        #expect(kept.active.map { $0.infos[0].headline } == ["相模原市に大雨警報"])
    }

    @Test func oneOfficesTwoRegionsKeepTheirOwnState() throws {
        // 沖縄気象台 issues for 沖縄本島地方 (471000) and 大東島地方 (472000).
        let naha = Self.weatherReport("気象警報・注意報（Ｒ０６）（暴風）", sent: "2026-09-01T09:00:00+09:00", office: "沖縄気象台", region: "471000",
                                      areas: [("那覇市", "4720100", [("暴風警報", "05", "発表")])])
        let daito = Self.weatherReport("気象警報・注意報（Ｒ０６）（暴風）", sent: "2026-09-01T10:00:00+09:00", office: "沖縄気象台", region: "472000",
                                       areas: [("南大東村", "4735700", [("暴風警報", "05", "発表")])])
        let standing = Self.standing([try Self.received(naha, "alerts/naha.xml"), try Self.received(daito, "alerts/daito.xml")], Self.policy(areas: ["4720100"]))
        #expect(standing.active.map { $0.infos[0].headline } == ["那覇市に暴風警報"], "大東島's report does not end 那覇's warning")
    }

    @Test func aRiverIsReadByItsKindsCodeAndEveryRiverItNames() throws {
        var xml = try String(contentsOfFile: Self.root + "16_02_02_220728_VXKOii.xml", encoding: .utf8)
        // Flooding (53, level 5) under a name with words after it.
        let flooding = xml.replacingOccurrences(of: "<Name>氾濫警戒情報</Name>\n            <Code>30</Code>", with: "<Name>氾濫発生情報（氾濫水の予報）</Name>\n            <Code>53</Code>")
        #expect(flooding != xml)
        let five = try #require(Self.standing([try Self.received(flooding, "alerts/flood.xml")], Self.policy(rivers: ["890904000100"])).active.first)
        #expect(five.level == 5 && five.infos[0].severity == .extreme)
        // 警戒情報解除 (22): the warning ends, level 2 goes on — an advisory in force, not a lift.
        let downgraded = xml.replacingOccurrences(of: "<Name>氾濫警戒情報</Name>\n            <Code>30</Code>", with: "<Name>氾濫注意情報（警戒情報解除）</Name>\n            <Code>22</Code>")
        let two = try #require(Self.standing([try Self.received(downgraded, "alerts/flood.xml")], Self.policy(rivers: ["890904000100"], advisories: true)).active.first)
        #expect(two.level == 2)
        // A tributary in an item of its own is matched by its code.
        xml = xml.replacingOccurrences(of: "            <Area>\n              <Name>武雄川</Name>\n              <Code>8909040120</Code>\n            </Area>\n", with: "")
            .replacingOccurrences(of: "</Information>\n      <Information type=\"指定河川洪水予報（府県予報区等）\">",
                                  with: "<Item><Kind><Name>氾濫警戒情報</Name><Code>30</Code></Kind><Areas codeType=\"河川\"><Area><Name>武雄川</Name><Code>8909040120</Code></Area></Areas></Item></Information>\n      <Information type=\"指定河川洪水予報（府県予報区等）\">")
        #expect(xml.contains("<Item><Kind><Name>氾濫警戒情報</Name><Code>30</Code></Kind><Areas codeType=\"河川\"><Area><Name>武雄川"))
        #expect(!Self.standing([try Self.received(xml, "alerts/flood.xml")], Self.policy(rivers: ["8909040120"])).active.isEmpty)
    }

    @Test func jmaPullWantsEveryKindTheFixturesHold() throws {
        let folders = [Repository.root + "/Tests/Fixtures/jma-r06/", Repository.root + "/Tests/Fixtures/cap/jma-xml/"]
        var titles = Set<String>()
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".xml") {
                let xml = try String(contentsOfFile: folder + name, encoding: .utf8)
                guard let start = xml.range(of: "<Title>"), let end = xml.range(of: "</Title>", range: start.upperBound..<xml.endIndex) else { continue }
                titles.insert(String(xml[start.upperBound..<end.lowerBound]))
            }
        }
        #expect(titles.contains("津波警報・注意報・予報a"), "JMA's own title for tsunami reports")
        for title in titles {
            #expect(JMAFeed.isWanted(title: title), "\(title)")
        }
        #expect(!JMAFeed.isWanted(title: "震源・震度に関する情報"))
    }

    /// Hostile (kept as a test): a report of 3.6 MB naming 20,000 areas with a kind whose name is
    /// 40,000 characters. Read in bounded time and memory: names are clipped as they are read.
    @Test func aFloodOfAreasWithAHugeNameIsReadBounded() throws {
        let name = String(repeating: "大雨", count: 20_000) + "警報"
        let areas = (0..<20_000).map { (name: "町\($0)", code: String(format: "01%05d", $0), kinds: $0 == 0 ? [(name, "03", "発表")] : [("大雨警報", "03", "発表")]) }
        let xml = Self.weatherReport(Self.vpww53, sent: "2026-09-01T09:00:00+09:00", areas: areas + [("相模原市", "1415000", [(name, "03", "発表")])])
        #expect(xml.utf8.count < Limits.alertBytes)
        let started = Date()
        let report = try Self.received(xml, "alerts/flood.xml")
        #expect(report.message.infos.count == 20_001 * 4)
        #expect(report.message.infos.allSatisfy { $0.event.count <= 200 && ($0.headline?.count ?? 0) <= Limits.alertHeadlineCharacters })
        let alert = try #require(Self.standing([report], Self.sagamihara).active.first)
        #expect(alert.infos[0].headline?.hasPrefix("相模原市に大雨大雨") == true)
        #expect(Date().timeIntervalSince(started) < 60, "bounded: \(Date().timeIntervalSince(started)) s")
    }

    // MARK: - Words

    @Test func everyKindInTheSamplesHasItsWordsInEveryLanguage() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root).filter { $0.hasSuffix(".xml") }
        #expect(files.count >= 14)
        var names = Set<String>()
        for file in files {
            let report = try Self.sample(file)
            names.formUnion(report.message.infos.filter { $0.language == "ja-JP" }.flatMap { $0.event.components(separatedBy: "・") })
        }
        #expect(names.isSuperset(of: ["レベル4大雨危険警報", "レベル3大雨警報", "レベル4土砂災害危険警報", "レベル4高潮危険警報", "レベル3氾濫警報", "強風注意報", "雷注意報"]))
        for name in names {
            for language in ["en", "zh", "ko"] {
                #expect(JMATerms.name(name, in: language) != name, "\(name) has no \(language) words")
            }
        }
        // The dictionary's own 高潮 entries come out word for word.
        #expect(JMATerms.name("レベル５高潮特別警報", in: "en") == "Level 5 Emergency Warning (Storm Surge)")
        #expect(JMATerms.name("レベル４高潮危険警報", in: "zh") == "等级4 暴潮危险警报")
        #expect(JMATerms.name("レベル２高潮注意報", in: "ko") == "레벨 2 폭풍 해일 주의보")
        #expect(JMATerms.leveled("レベル４高潮危険警報")?.source == .dictionary && JMATerms.leveled("レベル４大雨危険警報")?.source == .machinaka)
    }

    @Test func changeWordsAreInForceAndLiftWordsAreNot() {
        for word in ["発表", "継続", "特別警報から危険警報", "危険警報から警報", "危険警報から注意報", "特別警報から警報", "警報から注意報", "注意報から警報"] {
            #expect(JMAFormat.isInForce(status: word), "\(word)")
        }
        for word in ["解除", "発表警報・注意報はなし", "なし"] {
            #expect(!JMAFormat.isInForce(status: word), "\(word)")
        }
    }
}
