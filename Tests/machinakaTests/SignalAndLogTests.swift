import Foundation
import Testing

/// Collects a pipe's output as it comes, for tests that wait for a line.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.lock.lock()
                self.data.append(chunk)
                self.lock.unlock()
            }
        }.start()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    var bytes: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }

    /// Waits up to `seconds` for `condition` to hold of the text so far.
    func waitFor(_ seconds: Double, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(text) { return true }
            usleep(50_000)
        }
        return condition(text)
    }
}

/// Regressions of #25 seen from outside the process: SIGHUP killed the player without a word,
/// and control characters from a data file went raw into the log.
@Suite(.serialized) final class SignalAndLogTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-signals-\(UUID().uuidString)").path

    @Test func sighupIsSaidAndIgnoredAndControlCharactersNeverReachTheLogRaw() throws {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        // A ticket system's bad value carrying ESC (a terminal colour), NUL and a line break
        // followed by a forged log line.
        let forged = #"{"updated": "2026-12-03T10:15:30+09:00", "counters": [{"id": "1", "name": "市民課", "serving": 1, "waiting": 0, "status": "\u001b[31m\u0000\ncritical ALERT"}]}"#
        try Data(forged.utf8).write(to: URL(fileURLWithPath: feed + "/data/counters.json"))
        let status = temporary + "/status.json"
        let (process, _, errors) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--frame-out", "", "--status", status])
        let log = Collector(errors.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        #expect(log.waitFor(60) { $0.contains("data/counters.json") }, "the bad file is named: \(log.text)")
        kill(process.processIdentifier, SIGHUP)
        #expect(log.waitFor(30) { $0.contains("SIGHUP: ignored") }, "\(log.text.suffix(2000))")
        #expect(process.isRunning, "SIGHUP does not end the screen")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(log.waitFor(10) { $0.contains("Stopping.") })

        let bytes = log.bytes
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x00), "no raw ESC or NUL in the log")
        let lines = log.text.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("critical ALERT") }, "no line forged by the file")
        #expect(lines.contains { $0.contains("data/counters.json") && $0.contains("\\u{1B}[31m\\u{0}\\ncritical ALERT") }, "\(lines.filter { $0.contains("counters") })")
    }
}
