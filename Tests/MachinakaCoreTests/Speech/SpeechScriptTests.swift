import Foundation
@testable import MachinakaCore
import Testing
import Yams

/// What a screen says for its alerts: the announcement as Japanese municipalities make it.
@Suite struct SpeechScriptTests {
    /// The four-language sample (Tests/Fixtures/alerts), on a screen that speaks `languages`.
    static func sample(status: CAPMessage.Status = .actual) throws -> [ActiveAlert] {
        var message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml")))
        message.status = status
        var screen = ScreenConfig(id: "lobby")
        screen.languages = ["ja", "en", "zh", "ko"]
        screen.drills = true
        return AlertBoard(messages: [ReceivedAlert(source: "alerts/a.xml", message: message, received: message.sent)], policy: screen.alertPolicy)
            .active(at: message.sent.addingTimeInterval(60))
    }

    static func settings(_ yaml: String) throws -> SpeechSettings {
        try YAMLDecoder().decode(SpeechSettings.self, from: yaml)
    }

    @Test func aFourLanguageAlertIsAnnouncedInTheListedLanguagesTwice() throws {
        let script = SpeechScript.announcement(for: try Self.sample(), settings: SpeechSettings(), minute: 14 * 60)
        let lines = script.lines
        #expect(lines.first == "-\t(chime)")
        #expect(lines[1] == "ja\t緊急放送、緊急放送。")
        #expect(lines[2] == "ja\tこちらは相模原市 危機管理局です。")
        #expect(lines[3].hasPrefix("ja\t【警戒レベル4】相模川沿いの地域に避難指示。") && lines[3].hasSuffix("移動してください。"))
        #expect(lines[4].hasPrefix("en\t[Alert level 4] Evacuation order for areas along the Sagami River."))
        #expect(lines[5] == "ja\t繰り返します。")
        #expect(Array(lines[6...7]) == Array(lines[3...4]), "the message said again")
        #expect(lines.count == 8)
        #expect(!lines.contains { $0.hasPrefix("zh") || $0.hasPrefix("ko") }, "only the languages the screen speaks")
        let all = SpeechScript.announcement(for: try Self.sample(), settings: try Self.settings("{languages: [ja, en, zh, ko], repeat: 1}"), minute: 600)
        #expect(all.lines.map { $0.prefix(2) } == ["-\t", "ja", "ja", "ja", "en", "zh", "ko"])
        #expect(all.lines[6].hasSuffix("이동하십시오."), "Korean ends with its own stop, not 。")
    }

    @Test func aDrillIsFramedAsADrillAndATestIsNeverSaid() throws {
        let drill = SpeechScript.announcement(for: try Self.sample(status: .exercise), settings: SpeechSettings(), minute: 600)
        #expect(!(try Self.sample(status: .exercise).first!.headline.contains("訓練")), "the headline does not say so")
        #expect(drill.lines[2] == "ja\tこれは訓練です。")
        #expect(drill.lines.last == "ja\tこれは訓練です。")
        #expect(try Self.sample(status: .test).isEmpty, "a Test is never shown")
        #expect(SpeechScript.announcement(for: try Self.sample(status: .test), settings: SpeechSettings(), minute: 600).isEmpty)
        #expect(SpeechScript.announcement(for: [], settings: SpeechSettings(), minute: 600).isEmpty)
    }

    @Test func aRealAlertLeadsOverADrillAndADrillsAllClearIsFramed() throws {
        let real = try Self.sample()[0]
        var drill = real
        drill.isExercise = true
        drill.message.identifier = "drill"
        for index in drill.infos.indices { drill.infos[index].parameters = [CAPValue(name: "警戒レベル", value: "5")] }
        #expect(AlertBoard.precedes(real, drill) && !AlertBoard.precedes(drill, real), "a level-5 drill does not push a real level 4 aside")
        let script = SpeechScript.announcement(for: [real, drill].sorted(by: AlertBoard.precedes), settings: SpeechSettings(), minute: 600)
        #expect(!script.lines.contains("ja\tこれは訓練です。") && !script.lines.contains { $0.contains("このほかに") }, "a drill is not counted among real warnings")
        var clear = drill
        for index in clear.infos.indices { clear.infos[index].responseTypes = ["AllClear"] }
        clear.isAllClear = true
        let cleared = SpeechScript.announcement(for: [clear], settings: SpeechSettings(), minute: 600)
        #expect(cleared.lines.first == "-\t(chime)" && cleared.lines[1] == "ja\tこれは訓練です。" && cleared.lines.last == "ja\tこれは訓練です。")
    }

    @Test func whatIsSaidFollowsTheAlert() throws {
        let alerts = try Self.sample()
        let first = SpeechScript.announcement(for: alerts, settings: SpeechSettings(), minute: 600)
        #expect(SpeechScript.announcement(for: alerts, settings: SpeechSettings(), minute: 601).key == first.key, "the same alert is not said again")
        var updated = alerts
        updated[0].message.identifier += "-update"
        #expect(SpeechScript.announcement(for: updated, settings: SpeechSettings(), minute: 602).key != first.key, "an Update is said anew")
        #expect(SpeechScript.announcement(for: [], settings: SpeechSettings(), minute: 603).key != first.key, "a Cancel stops it")
    }

    @Test func quietHoursKeepOnlyTheGravest() throws {
        let settings = try Self.settings(#"{quiet_hours: "22:00-07:00"}"#)
        #expect(settings.isQuiet(minute: 23 * 60) && settings.isQuiet(minute: 30) && !settings.isQuiet(minute: 7 * 60) && !settings.isQuiet(minute: 12 * 60))
        // Level 4 (避難指示) is said at 23:00 all the same.
        #expect(!SpeechScript.announcement(for: try Self.sample(), settings: settings, minute: 23 * 60).isEmpty)
        // A level-2 advisory, Moderate and Expected, is not.
        var mild = try Self.sample()
        for index in mild[0].infos.indices {
            mild[0].infos[index].parameters = [CAPValue(name: "警戒レベル", value: "2")]
            mild[0].infos[index].headline = "大雨注意報"
            mild[0].infos[index].severity = .moderate
            mild[0].infos[index].urgency = .expected
        }
        let held = SpeechScript.announcement(for: mild, settings: settings, minute: 6 * 60 + 50)
        #expect(held.isEmpty)
        let morning = SpeechScript.announcement(for: mild, settings: settings, minute: 7 * 60)
        #expect(!morning.isEmpty && morning.key != held.key, "held back at 06:50, said at 07:00")
    }

    @Test func aCounterWhoseNumberGoesUpIsCalled() throws {
        let counters = CounterData(updated: Date(), counters: [
            CounterData.Counter(id: "1", name: "市民課 住民票・戸籍", nameEnglish: "Resident Records", serving: 125, waiting: 7),
            CounterData.Counter(id: "2", name: "市民課 転入・転出", serving: 57, waiting: 3),
            CounterData.Counter(id: "3", name: "保険年金課", serving: 212, waiting: 4, status: .paused),
            CounterData.Counter(id: "こども", name: "こども家庭課", nameEnglish: "Children and Families", serving: 9, waiting: 1),
            CounterData.Counter(id: "5", name: "新しい窓口", serving: 1, waiting: 0),
        ])
        let previous = ["1": 124, "2": 57, "3": 211, "こども": 8]
        let script = SpeechScript.counterCalls(previous: previous, current: counters, settings: try Self.settings("{languages: [ja, en, zh], counter_calls: true}"))
        #expect(script.lines == [
            "-\t(ding)", "ja\t番号札125番の方、1番窓口へお越しください。", "en\tTicket number 125, please come to counter 1.", "zh\t125号，请到1号窗口。",
            "-\t(ding)", "ja\t番号札9番の方、こども家庭課の窓口へお越しください。", "en\tTicket number 9, please come to Children and Families.",
        ], "a paused counter calls no one; a new counter was not called up")
        #expect(try Self.settings("{counter_calls: true}").counterCalls && !SpeechSettings().counterCalls)
    }

    @Test func settingsDecodeWithADefaultForEveryKey() throws {
        let defaults = try Self.settings("{}")
        #expect(defaults == SpeechSettings())
        #expect(defaults.languages == ["ja", "en"] && defaults.repeats == 2 && defaults.volume == 0.8 && defaults.quietHours == nil)
        #expect(try Self.settings("true") == SpeechSettings())
        let all = try Self.settings(#"{languages: [ja, en, zh], repeat: 3, volume: 0.5, quiet_hours: "21:30-06:00", voice: /opt/voice.htsvoice}"#)
        #expect(all.languages == ["ja", "en", "zh"] && all.repeats == 3 && all.volume == 0.5 && all.voice == "/opt/voice.htsvoice")
        #expect(all.quietHours == 1290..<1800)
        #expect(SpeechSettings.knownKeys == ["languages", "repeat", "volume", "quiet_hours", "voice", "counter_calls"])
        for bad in ["false", "{repeat: 9}", "{volume: 3}", #"{quiet_hours: "late"}"#, "{languages: []}", #"{quiet_hours: "07:00-07:00"}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try Self.settings(bad) }
        }
        let screen = try YAMLDecoder().decode(ScreenConfig.self, from: "speech: {languages: [ja, en]}")
        #expect(screen.speech?.languages == ["ja", "en"])
        #expect(try YAMLDecoder().decode(ScreenConfig.self, from: "name: x").speech == nil, "silent unless asked")
    }
}
