import Foundation
import MachinakaBench
@testable import MachinakaSystem
import Testing

/// The MQTT input against a real Mosquitto started here on a free loopback port: what the
/// alert system publishes lands in `alerts/` as a file, whole, and what it must not do it
/// cannot.
@Suite(.serialized) final class MQTTAlertInputTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: (alerts as NSString).deletingLastPathComponent) }

    /// The alerts folder, in a folder of its own that also holds the password files.
    let alerts: String

    init() throws {
        alerts = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-mqtt-\(UUID().uuidString)/alerts").path
        try FileManager.default.createDirectory(atPath: alerts, withIntermediateDirectories: true)
    }

    static let cap = Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>T-1</identifier><sender>test@city.example</sender>
        <sent>2026-12-03T10:00:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
        <info><language>ja-JP</language><category>Safety</category><event>避難指示</event><urgency>Immediate</urgency>
        <severity>Extreme</severity><certainty>Observed</certainty><headline>避難指示</headline><area><areaDesc>相模原市</areaDesc></area></info></alert>
        """.utf8)

    /// Waits until `condition` holds, up to `seconds`.
    func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    func input(_ broker: MosquittoBroker, id: String = "screen-\(UUID().uuidString.prefix(8))", user: String? = nil, password: String? = nil) throws -> MQTTAlertInput {
        var settings = try MQTTAlertInput.Settings.parse(url: broker.url, clientID: id)
        settings.username = user
        if let password {
            let file = alerts + "/../\(id).password"
            try password.write(toFile: file, atomically: true, encoding: .utf8)
            chmod(file, 0o600)
            settings.passwordFile = file
        }
        return MQTTAlertInput(settings: settings, alertsFolder: alerts, report: { _ in })
    }

    var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: alerts)) ?? []).filter { !$0.hasSuffix(".tmp") }.sorted() }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func aPublishedAlertIsWrittenIntoAlertsWhole() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        let input = try input(broker)
        try input.start()
        defer { input.stop() }
        #expect(eventually { input.isConnected })
        try broker.publish("machinaka/alerts/SAGAMIHARA-2026-001", payload: Self.cap)
        #expect(eventually { files == ["mqtt-SAGAMIHARA-2026-001.xml"] }, "\(files)")
        #expect(FileManager.default.contents(atPath: alerts + "/mqtt-SAGAMIHARA-2026-001.xml") == Self.cap)
        // Clearing the retained topic removes the file; another topic is not an alert.
        try broker.publish("machinaka/alerts/SAGAMIHARA-2026-001", payload: Data())
        #expect(eventually { files.isEmpty })
        try broker.publish("machinaka/notices/x", payload: Self.cap)
        usleep(300_000)
        #expect(files.isEmpty)
    }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func aRetainedAlertReachesAScreenThatConnectsLater() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        try broker.publish("machinaka/alerts/EARLY", payload: Self.cap)
        let input = try input(broker)
        try input.start()
        defer { input.stop() }
        #expect(eventually { files == ["mqtt-EARLY.xml"] }, "\(files)")
    }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func aBrokerRestartLosesNothing() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        let input = try input(broker, id: "screen-restart")
        try input.start()
        defer { input.stop() }
        #expect(eventually { input.isConnected })
        try broker.publish("machinaka/alerts/BEFORE", payload: Self.cap)
        #expect(eventually { files.contains("mqtt-BEFORE.xml") })
        broker.stop()
        #expect(eventually { !input.isConnected })
        try broker.start()
        // Published while the screen is still reconnecting: its persistent session keeps it.
        try broker.publish("machinaka/alerts/AFTER", payload: Self.cap, retained: false)
        #expect(eventually(60) { files.contains("mqtt-AFTER.xml") }, "\(files)")
        #expect(input.isConnected)
    }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func onlyTheAlertSystemMayPublishUnderTheCitysACL() throws {
        let acl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/deploy/mosquitto/machinaka.acl"
        let alertSystem = MosquittoBroker.Account(user: "alert-system", password: "a-long-secret")
        let kiosk = MosquittoBroker.Account(user: "kiosk-12", password: "kiosk-secret")
        let broker = try MosquittoBroker(accounts: [alertSystem, kiosk], acl: acl)
        try broker.start()
        let input = try input(broker, id: "kiosk-12", user: kiosk.user, password: kiosk.password)
        try input.start()
        defer { input.stop() }
        #expect(eventually { input.isConnected }, "the screen logs in with its own account")
        // A screen's account (or anyone without the alert system's) cannot put an alert up.
        try broker.publish("machinaka/alerts/FAKE", payload: Self.cap, account: kiosk)
        try broker.publish("machinaka/alerts/ANON", payload: Self.cap)
        usleep(800_000)
        #expect(files.isEmpty, "\(files)")
        try broker.publish("machinaka/alerts/REAL", payload: Self.cap, account: alertSystem)
        #expect(eventually { files == ["mqtt-REAL.xml"] }, "\(files)")
    }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func anOversizedMessageIsRefusedAndTheInputGoesOn() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        let lines = LockedLines()
        var settings = try MQTTAlertInput.Settings.parse(url: broker.url, clientID: "screen-big")
        settings.prefix = "machinaka"
        let input = MQTTAlertInput(settings: settings, alertsFolder: alerts, report: { lines.append($0) })
        try input.start()
        defer { input.stop() }
        #expect(eventually { input.isConnected })
        try broker.publish("machinaka/alerts/HUGE", payload: Data(repeating: 0x41, count: 5 << 20))
        try broker.publish("machinaka/alerts/NEXT", payload: Self.cap)
        #expect(eventually { files == ["mqtt-NEXT.xml"] }, "\(files)")
        #expect(lines.all.contains { $0.contains("HUGE") && $0.contains("at most") })
    }

    /// Regression (#25): an alert that could not be written into alerts/ (disk full, read-only)
    /// was lost with a notice, the status still "connected", and never tried again.
    @Test(.enabled(if: MosquittoBroker.isInstalled)) func anAlertThatCannotBeWrittenIsHeldShownAndWrittenWhenItCan() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        // A file where the folder should be: no write can succeed (root ignores read-only modes).
        try FileManager.default.removeItem(atPath: alerts)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: alerts))
        let lines = Messages()
        let input = MQTTAlertInput(settings: try MQTTAlertInput.Settings.parse(url: broker.url, clientID: "held-\(UUID().uuidString.prefix(8))"),
                                   alertsFolder: alerts, report: { lines.add($0) })
        input.retryInterval = 0.2
        try input.start()
        defer { input.stop() }
        #expect(eventually { input.isConnected })
        try broker.publish("machinaka/alerts/T-1", payload: Self.cap)
        #expect(eventually { input.heldAlerts.map(\.message.identifier) == ["T-1"] }, "held in memory, to be shown")
        #expect(input.heldAlerts.first?.source == "alerts/mqtt-T-1.xml")
        #expect(input.unwrittenCount == 1)
        #expect(lines.all.contains { $0.contains("shown from memory") }, "\(lines.all)")
        // Space comes back: the next try writes it, and it is held no more.
        try FileManager.default.removeItem(atPath: alerts)
        try FileManager.default.createDirectory(atPath: alerts, withIntermediateDirectories: true)
        #expect(eventually { files == ["mqtt-T-1.xml"] && input.unwrittenCount == 0 }, "\(files)")
        #expect(FileManager.default.contents(atPath: alerts + "/mqtt-T-1.xml") == Self.cap)
        #expect(input.heldAlerts.isEmpty)
    }

    @Test func topicsBecomeSafeFileNames() throws {
        #expect(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/SAGAMIHARA-2026_001.v2", prefix: "machinaka") == "mqtt-SAGAMIHARA-2026_001.v2.xml", "a plain identifier is the name")
        let nested = try #require(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/JP-1415000/2026-12-01", prefix: "machinaka"))
        #expect(nested.hasPrefix("mqtt-JP-1415000_2026-12-01=") && nested.hasSuffix(".xml") && !nested.dropFirst(5).contains("/"))
        let escape = try #require(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/../../etc/passwd", prefix: "machinaka"))
        #expect(escape.hasPrefix("mqtt-.._.._etc_passwd=") && !escape.contains("/"), "no slash survives: the name stays inside alerts/")
        #expect(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/..", prefix: "machinaka")?.hasPrefix("mqtt-..=") == true)
        #expect(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/", prefix: "machinaka") == nil)
        #expect(MQTTAlertInput.fileName(forTopic: "other/alerts/x", prefix: "machinaka") == nil)
        let long = MQTTAlertInput.fileName(forTopic: "machinaka/alerts/" + String(repeating: "A", count: 300), prefix: "machinaka")!
        #expect(long.count < 120 && long.hasPrefix("mqtt-AAAA"))
    }

    /// Regression (#25): every non-ASCII character became `_`, so an evacuation order and a
    /// drill shared one file — the drill overwrote the order, and clearing it deleted it.
    @Test func topicsThatReadTheSameNeverShareAFile() {
        let order = MQTTAlertInput.fileName(forTopic: "machinaka/alerts/避難指示-001", prefix: "machinaka")
        let drill = MQTTAlertInput.fileName(forTopic: "machinaka/alerts/訓練試験-001", prefix: "machinaka")
        #expect(order != nil && drill != nil && order != drill, "\(order ?? "") \(drill ?? "")")
        #expect(order?.hasPrefix("mqtt-____-001=") == true)
        // A plain identifier that looks like another's readable part stays apart too.
        #expect(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/____-001", prefix: "machinaka") == "mqtt-____-001.xml")
        var names = Set<String>()
        for index in 0..<2000 {
            names.insert(MQTTAlertInput.fileName(forTopic: "machinaka/alerts/警報\(index)/区", prefix: "machinaka")!)
        }
        #expect(names.count == 2000)
    }

    @Test func aPasswordFileOthersCanReadIsRefused() throws {
        let file = alerts + "/../open.password"
        try "secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        #expect(throws: MQTTError.self) { try MQTTAlertInput.readPassword(file) }
        chmod(file, 0o600)
        #expect(try MQTTAlertInput.readPassword(file) == "secret")
    }
}

/// Lines collected from another thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// Regression (#25): two kiosks with the same screen id shared one MQTT session and took it
/// from each other about once a second, forever.
@Suite struct MQTTClientIDTests {
    @Test func twoKiosksWithTheSameScreenGetTheirOwnSession() {
        let a = MQTTAlertInput.Settings.defaultClientID(screen: "city-hall-lobby", machineID: "4f1c0a2b9e8d7c6b5a4f3e2d1c0b9a88")
        let b = MQTTAlertInput.Settings.defaultClientID(screen: "city-hall-lobby", machineID: "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5")
        #expect(a != b)
        #expect(a == "machinaka-city-hall-lobby-4f1c0a2b9e8d")
        #expect(MQTTAlertInput.Settings.defaultClientID(screen: "x", machineID: nil) == "machinaka-x")
        #expect(MQTTAlertInput.Settings.defaultClientID(screen: "x", machineID: "kiosk/../12") == "machinaka-x-kiosk12")
    }
}
