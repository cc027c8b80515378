import Foundation
import Logging
import MachinakaCore
@testable import MachinakaPlayer
import Testing

/// The announcer with the real voices, as the loop drives it (no audio device: what would be
/// queued is handed to the test).
@Suite struct AnnouncerTests {
    final class Heard: @unchecked Sendable {
        let lock = NSLock()
        var sounds: [WAVFile] = []
        func add(_ sound: WAVFile) { lock.lock(); sounds.append(sound); lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return sounds.count }
        func eventually(_ n: Int, seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while count < n, Date() < deadline { usleep(20_000) }
            return count >= n
        }
    }

    static func counters(_ serving: Int, at received: Date) -> [String: DataFile] {
        let payload = CounterData(updated: received, counters: [CounterData.Counter(id: "1", name: "市民課", serving: serving, waiting: 3)])
        return ["data/counters.json": DataFile(source: "data/counters.json", board: "counters", received: received, payload: payload)]
    }

    @Test func aCounterCallIsSaidWhenTheNumberGoesUpAndNeverOverAnAlert() throws {
        var screen = ScreenConfig(id: "hall")
        screen.speech = SpeechSettings()
        screen.speech?.counterCalls = true
        let heard = Heard()
        let announcer = Announcer(output: nil, synthesis: SpeechSynthesis(), logger: Logger(label: "test"))
        announcer.onQueued = { heard.add($0) }
        let start = Date()
        announcer.update(alerts: [], screen: screen, data: Self.counters(124, at: start), at: start)
        announcer.update(alerts: [], screen: screen, data: Self.counters(124, at: start), at: start.addingTimeInterval(1))
        #expect(heard.count == 0, "the first numbers seen call no one")
        announcer.update(alerts: [], screen: screen, data: Self.counters(125, at: start.addingTimeInterval(2)), at: start.addingTimeInterval(2))
        // The ding with the Japanese first, the English after it.
        #expect(heard.eventually(2), "the call was made")
        #expect(announcer.lastSaid.contains("ja\t番号札125番の方、1番窓口へお越しください。"))
        #expect(heard.sounds[0].duration + heard.sounds[1].duration > 3, "a ding and two sentences")
        // With an alert on screen, the next number is not called.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            + "/Fixtures/alerts/sagamihara-evacuation.xml"
        let message = try CAPParser.parse(try Data(contentsOf: URL(fileURLWithPath: fixture)))
        let alert = AlertBoard(messages: [ReceivedAlert(source: "alerts/a.xml", message: message, received: message.sent)], policy: screen.alertPolicy)
            .active(at: message.sent.addingTimeInterval(60))
        #expect(alert.count == 1)
        announcer.update(alerts: alert, screen: screen, data: Self.counters(126, at: start.addingTimeInterval(3)), at: start.addingTimeInterval(3))
        #expect(heard.eventually(4), "the alert is said: the chime and 緊急放送 first, then the message")
        usleep(500_000)
        #expect(heard.count == 4 && !announcer.lastSaid.contains { $0.contains("126") })
        #expect(heard.sounds[2].duration < heard.sounds[3].duration / 3, "the opening is queued before the whole message is made")
    }
}
