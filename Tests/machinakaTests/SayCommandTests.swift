import Foundation
import MachinakaCore
import Testing

/// `machinaka say`, and a playing screen that speaks, heard through SDL's disk audio driver.
@Suite(.serialized) struct SayCommandTests {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-say-\(UUID().uuidString)").path

    /// The sample feed with the four-language evacuation order in alerts/ and the lobby speaking ja and en.
    func feed() throws -> String {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", toPath: feed + "/alerts/evacuation.xml")
        let lobby = feed + "/screens/city-hall-lobby.yml"
        let yaml = try String(contentsOfFile: lobby, encoding: .utf8) + "speech: {languages: [ja, en], repeat: 1}\n"
        try yaml.write(toFile: lobby, atomically: true, encoding: .utf8)
        return feed
    }

    func sox(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    func stat(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name) }.flatMap { Double($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) }
    }

    @Test func theScriptAndTheWAVOfAFourLanguageAlert() throws {
        let feed = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let script = try CommandRunner.run(["say", "--feed", feed, "--screen", "city-hall-lobby", "--at", "2026-11-25T14:31", "--script"])
        #expect(script.status == 0, "\(script.stderr)")
        let lines = script.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "-\t(chime)")
        let ja = try #require(lines.first { $0.hasPrefix("ja\t【警戒レベル4】") })
        let en = try #require(lines.first { $0.hasPrefix("en\t[Alert level 4]") })
        let out = temporary + "/say.wav"
        let result = try CommandRunner.run(["say", "--feed", feed, "--screen", "city-hall-lobby", "--at", "2026-11-25T14:31", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let whole = try sox([out, "-n", "stat"])
        let length = try #require(stat(whole, "Length (seconds)"))
        // Its length fits its text: Open JTalk says about 7 characters a second, espeak-ng
        // (150 words a minute) about 14; plus the chime, 緊急放送 and the sender.
        let expected = 5.0 + Double(ja.count) / 7 + Double(en.count) / 14
        #expect(length > expected * 0.6 && length < expected * 1.6, "\(length) s for an expected \(expected) s")
        // It starts with the chime: a bell around 0.7–1.4 kHz in its first two seconds.
        let chime = try sox([out, "-n", "trim", "0", "1.6", "stat"])
        #expect((600.0...1600.0).contains(stat(chime, "Rough   frequency") ?? 0), "\(chime)")
        #expect((stat(chime, "RMS     amplitude") ?? 0) > 0.05)
        // Nothing to say at another time.
        let quiet = try CommandRunner.run(["say", "--feed", feed, "--screen", "city-hall-lobby", "--at", "2026-12-25T14:31", "--script"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    }

    @Test func checkSaysWhenAScreensVoiceIsMissing() throws {
        let feed = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let lobby = feed + "/screens/city-hall-lobby.yml"
        let yaml = try String(contentsOfFile: lobby, encoding: .utf8).replacingOccurrences(of: "speech: {languages: [ja, en], repeat: 1}", with: "speech: {languages: [ja, en, xx], voice: /nonexistent/mei.htsvoice}")
        try yaml.write(toFile: lobby, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", "--feed", feed])
        #expect(result.stdout.contains("screens/city-hall-lobby.yml:1:1: warning: speech: no Japanese voice: the voice /nonexistent/mei.htsvoice cannot be read; its alerts would be announced with the chime only"), "\(result.stdout)")
        #expect(result.stdout.contains("screens/city-hall-lobby.yml:1:1: warning: speech: no voice speaks 'xx'"))
    }

    @Test func aPlayingScreenSpeaksItsAlertThroughSDLAudio() throws {
        let feed = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        // The alert must be in force now: re-dated to this minute.
        var xml = try String(contentsOfFile: feed + "/alerts/evacuation.xml", encoding: .utf8)
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Tokyo")  // CAP wants +09:00, not Z
        xml = xml.replacingOccurrences(of: "2026-11-25T14:30:00+09:00", with: format.string(from: Date().addingTimeInterval(-5)))
            .replacingOccurrences(of: "2026-11-25T23:00:00+09:00", with: format.string(from: Date().addingTimeInterval(3600)))
        try xml.write(toFile: feed + "/alerts/evacuation.xml", atomically: true, encoding: .utf8)
        let audio = temporary + "/audio.raw", statusPath = temporary + "/status.json"
        let (process, _, errorsPipe) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--screen", "city-hall-lobby", "--frame-out", "", "--status", statusPath],
                                                               environment: ["SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": audio])
        let stderr = Drain(errorsPipe.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        // SDL's disk driver writes the device's output as it plays, in real time: wait for the
        // chime and the first words (3 s of 16-bit samples at 48 kHz, or the device's format).
        let deadline = Date().addingTimeInterval(60)
        var heard = false
        while Date() < deadline, !heard {
            if let data = FileManager.default.contents(atPath: audio), data.count > 300_000 {
                heard = data.contains { $0 != 0 }
            }
            usleep(100_000)
        }
        #expect(heard, "the announcement reached the audio device")
        let status = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statusPath)))) as? [String: Any]
        #expect(status?["speech"] as? String == "ok", "\(String(describing: status))")
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: stderr.wait(), as: UTF8.self)
        #expect(log.contains("Speech: audio through disk") && log.contains("Speech: announcing"), "\(log)")
    }
}
