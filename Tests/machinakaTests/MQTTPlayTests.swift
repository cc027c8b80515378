import Foundation
import MachinakaBench
import Testing

/// `machinaka play --mqtt` against a real Mosquitto: what the alert system publishes takes the
/// screen, a Cancel published lets it go, a bad payload is refused like a bad file, and the
/// metrics file stays valid Prometheus text throughout.
@Suite(.serialized) final class MQTTPlayTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-mqttplay-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    static func cap(_ identifier: String, type: String = "Alert", references: String? = nil) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>\(identifier)</identifier><sender>bousai@city.sagamihara.kanagawa.jp</sender>
              <sent>2026-11-25T14:3\(type == "Alert" ? 0 : 5):00+09:00</sent><status>Actual</status><msgType>\(type)</msgType><scope>Public</scope>
              \(references.map { "<references>\($0)</references>" } ?? "")
              <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
                <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
                <expires>2099-01-01T00:00:00+09:00</expires><headline>相模川沿いに避難指示</headline>
                <instruction>直ちに避難してください。</instruction><area><areaDesc>相模原市全域</areaDesc></area>
              </info>
            </alert>
            """.utf8)
    }

    private func feed() throws -> String {
        let feed = temporary + "/feed"
        for folder in ["news", "playlists", "screens"] {
            try FileManager.default.createDirectory(atPath: feed + "/" + folder, withIntermediateDirectories: true)
        }
        try "name: hall\nticker: false\n".write(toFile: feed + "/screens/hall.yml", atomically: true, encoding: .utf8)
        try "default_duration: 60s\nitems:\n  - news/*.md\n".write(toFile: feed + "/playlists/p.yml", atomically: true, encoding: .utf8)
        try "---\ntitle: 図書館の休館日\n---\n本文\n".write(toFile: feed + "/news/n1.md", atomically: true, encoding: .utf8)
        return feed
    }

    private func status(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    private func showing(_ path: String) -> String? {
        (status(path)?["showing"] as? [String: Any])?["kind"] as? String
    }

    private func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test(.enabled(if: MosquittoBroker.isInstalled)) func aPublishedAlertTakesTheScreenAndACancelLetsItGo() throws {
        let broker = try MosquittoBroker()
        try broker.start()
        let feed = try feed()
        let statusPath = temporary + "/status.json", metricsPath = temporary + "/machinaka.prom"
        let (process, _, errors) = try CommandRunner.start([
            "play", "--headless", "--feed", feed, "--screen", "hall", "--frame-out", "", "--status", statusPath,
            "--metrics-file", metricsPath, "--mqtt", broker.url, "--mqtt-client-id", "hall-\(UUID().uuidString.prefix(6))",
        ])
        let stderr = Drain(errors.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        #expect(eventually { status(statusPath)?["mqtt"] as? String == "connected" }, "\(String(describing: status(statusPath)))")
        #expect(showing(statusPath) == "news")

        try broker.publish("machinaka/alerts/SAGAMIHARA-1", payload: Self.cap("SAGAMIHARA-1"))
        #expect(eventually { showing(statusPath) == "alert" }, "the published alert takes the screen")
        #expect(FileManager.default.fileExists(atPath: feed + "/alerts/mqtt-SAGAMIHARA-1.xml"), "and is kept in alerts/ for restarts")

        // A payload that is not CAP is refused like a bad file: named, and the alert stays up.
        try broker.publish("machinaka/alerts/GARBAGE", payload: Data("<alert>not closed".utf8))
        #expect(eventually { (status(statusPath)?["feed_errors"] as? [String])?.contains { $0.contains("mqtt-GARBAGE.xml") } == true },
                "\(String(describing: status(statusPath)?["feed_errors"]))")
        #expect(showing(statusPath) == "alert")

        // The alert system's Cancel, under its own identifier, ends the alert on the screen.
        try broker.publish("machinaka/alerts/SAGAMIHARA-1-CANCEL",
                           payload: Self.cap("SAGAMIHARA-1-CANCEL", type: "Cancel", references: "bousai@city.sagamihara.kanagawa.jp,SAGAMIHARA-1,2026-11-25T14:30:00+09:00"))
        #expect(eventually { showing(statusPath) == "news" }, "the cancel lets the screen go")
        // With no alert up, a refused payload is said at once too, not at the slide's end (the
        // slides here last a minute).
        try broker.publish("machinaka/alerts/GARBAGE-3", payload: Data("<alert>still not closed".utf8))
        #expect(eventually(20) { (status(statusPath)?["feed_errors"] as? [String])?.contains { $0.contains("mqtt-GARBAGE-3.xml") } == true },
                "a refused message is in the status well before the minute-long slide ends")

        // The metrics file reads back under Prometheus' text format rules. It is written just
        // after the status in the same turn: polled until it has caught up (under load the
        // status was read between the two).
        #expect(eventually {
            guard let text = try? String(contentsOfFile: metricsPath, encoding: .utf8), let families = try? PrometheusText.parse(text) else { return false }
            return families["machinaka_feed_files_refused"]?.samples.first?.value == 2
        })
        let text = try String(contentsOfFile: metricsPath, encoding: .utf8)
        let families = try PrometheusText.parse(text)
        #expect(families["machinaka_mqtt_connected"]?.samples.first?.value == 1)
        #expect(families["machinaka_frames_presented_total"]?.type == "counter")
        #expect((families["machinaka_frames_presented_total"]?.samples.first?.value ?? 0) >= 1)
        #expect(families["machinaka_feed_files_refused"]?.samples.first?.value == 2, "the two garbage payloads")
        #expect(families["machinaka_showing_info"]?.samples.first?.labels["screen"] == "hall")

        // The broker goes down: the status says so at once, and an alert dropped as a file
        // still takes the screen.
        broker.stop()
        #expect(eventually { status(statusPath)?["mqtt"] as? String == "disconnected" }, "\(String(describing: status(statusPath)?["mqtt"]))")
        try Self.cap("FILE-1").write(to: URL(fileURLWithPath: feed + "/alerts/file-1.xml"))
        #expect(eventually { showing(statusPath) == "alert" }, "a file alert while the broker is away")
        #expect(eventually { (try? PrometheusText.parse(String(contentsOfFile: metricsPath, encoding: .utf8)))?["machinaka_mqtt_connected"]?.samples.first?.value == 0 })

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: stderr.wait(), as: UTF8.self).suffix(1500))")
    }
}

/// A strict reader of Prometheus' text exposition format (0.0.4): what node_exporter's textfile
/// collector would accept. It throws on anything the format does not allow.
enum PrometheusText {
    struct Sample: Equatable {
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var type: String?
        var help: String?
        var samples: [Sample] = []
    }

    struct Invalid: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    static func isName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first == "_" || first == ":" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0 == ":" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    static func parse(_ text: String) throws -> [String: Family] {
        guard text.hasSuffix("\n") else { throw Invalid(line: 0, reason: "the last line must end with a line feed") }
        var families: [String: Family] = [:]
        var seenSamples: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let line = index + 1
            if raw.isEmpty { continue }
            if raw.hasPrefix("#") {
                let parts = raw.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]) else { continue }
                let name = String(parts[2])
                guard isName(parts[2]) else { throw Invalid(line: line, reason: "bad metric name \(name)") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw Invalid(line: line, reason: "bad TYPE") }
                    guard families[name]?.type == nil, families[name]?.samples.isEmpty ?? true else { throw Invalid(line: line, reason: "TYPE for \(name) repeated or after its samples") }
                    families[name, default: Family()].type = String(parts[3])
                } else {
                    guard families[name]?.help == nil else { throw Invalid(line: line, reason: "HELP for \(name) repeated") }
                    families[name, default: Family()].help = parts.count == 4 ? String(parts[3]) : ""
                }
                continue
            }
            // name{label="value",...} value [timestamp]
            var rest = raw[...]
            let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
            let name = rest[..<nameEnd]
            guard isName(name) else { throw Invalid(line: line, reason: "bad metric name \(name)") }
            rest = rest[nameEnd...]
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    guard let equals = rest.firstIndex(of: "=") else { throw Invalid(line: line, reason: "label without =") }
                    let label = rest[..<equals]
                    guard isName(label), !label.contains(":") else { throw Invalid(line: line, reason: "bad label name \(label)") }
                    rest = rest[rest.index(after: equals)...]
                    guard rest.first == "\"" else { throw Invalid(line: line, reason: "label value not quoted") }
                    rest = rest.dropFirst()
                    var value = ""
                    while true {
                        guard let character = rest.first else { throw Invalid(line: line, reason: "unterminated label value") }
                        rest = rest.dropFirst()
                        if character == "\"" { break }
                        if character == "\\" {
                            guard let escaped = rest.first else { throw Invalid(line: line, reason: "dangling escape") }
                            rest = rest.dropFirst()
                            switch escaped {
                            case "\\": value.append("\\")
                            case "\"": value.append("\"")
                            case "n": value.append("\n")
                            default: throw Invalid(line: line, reason: "bad escape \\\(escaped)")
                            }
                        } else {
                            value.append(character)
                        }
                    }
                    guard labels.updateValue(value, forKey: String(label)) == nil else { throw Invalid(line: line, reason: "label \(label) repeated") }
                    if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw Invalid(line: line, reason: "expected , or }") }
                }
                rest = rest.dropFirst()
            }
            let fields = rest.split(separator: " ")
            guard rest.first == " ", (1...2).contains(fields.count) else { throw Invalid(line: line, reason: "expected a value and at most a timestamp") }
            let valueText = String(fields[0])
            guard let value = Double(valueText) ?? ["NaN": .nan, "+Inf": .infinity, "-Inf": -.infinity][valueText] else {
                throw Invalid(line: line, reason: "bad value \(valueText)")
            }
            if fields.count == 2, Int64(fields[1]) == nil { throw Invalid(line: line, reason: "bad timestamp") }
            let key = String(name) + labels.sorted { $0.key < $1.key }.description
            guard seenSamples.insert(key).inserted else { throw Invalid(line: line, reason: "sample \(key) repeated") }
            guard families[String(name)]?.type != nil else { throw Invalid(line: line, reason: "sample of \(name) before its TYPE") }
            families[String(name), default: Family()].samples.append(Sample(labels: labels, value: value))
        }
        return families
    }
}

/// The reader must refuse what Prometheus refuses, or reading the file back proves nothing.
@Suite struct PrometheusTextTests {
    @Test func theReaderRefusesWhatPrometheusRefuses() {
        let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{screen=\"x\\\"y\"} 3\n"
        #expect((try? PrometheusText.parse(good))?["a_total"]?.samples.first?.labels["screen"] == "x\"y")
        for bad in [
            "# TYPE a gauge\na 1",  // no final line feed
            "a 1\n",  // no TYPE
            "# TYPE a gauge\na{screen=x} 1\n",  // unquoted
            "# TYPE a gauge\na{screen=\"x\"} one\n",  // not a number
            "# TYPE a gauge\na 1\na 2\n",  // repeated sample
            "# TYPE 1a gauge\n1a 1\n",  // bad name
            "# TYPE a gauge\n# TYPE a counter\na 1\n",  // TYPE twice
            "# TYPE a gauge\na{s=\"\\x\"} 1\n",  // bad escape
        ] {
            #expect(throws: PrometheusText.Invalid.self, "\(bad)") { try PrometheusText.parse(bad) }
        }
    }
}
