import Foundation
import Testing

/// What this round added that reads files — data boards, a screen's panel and logo, the feed's
/// words.txt — fed hostile files while a screen plays: a JSON depth bomb, a CSV with one
/// endless unclosed field, a FIFO where words.txt was, a logo whose header claims four billion
/// pixels square, and the data folder swapped for another. The screen keeps changing frames,
/// names each bad file, takes the good data from the swapped folder, and stops cleanly.
@Suite(.serialized) final class HostileDataTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: (feed as NSString).deletingLastPathComponent) }

    /// The feed, in a folder of its own that also holds what the player writes beside it.
    let feed = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-hostile-data-\(UUID().uuidString)/feed").path

    init() throws {
        for folder in ["screens", "playlists", "news", "data", "logos"] {
            try FileManager.default.createDirectory(atPath: feed + "/" + folder, withIntermediateDirectories: true)
        }
        let content = CommandRunner.repository + "/Content"
        try FileManager.default.copyItem(atPath: content + "/logos/machinaka-mark.png", toPath: feed + "/logos/mark.png")
        try FileManager.default.copyItem(atPath: content + "/data/counters.json", toPath: feed + "/data/counters.json")
        try FileManager.default.copyItem(atPath: content + "/data/clinics.csv", toPath: feed + "/data/clinics.csv")
        try FileManager.default.copyItem(atPath: content + "/words.txt", toPath: feed + "/words.txt")
        try """
            name: 窓口
            facility: 相模原市役所
            ticker: false
            logo: logos/mark.png
            panel: {board: counters, data: data/counters.json, position: right}
            """.write(toFile: feed + "/screens/hall.yml", atomically: true, encoding: .utf8)
        try "default_duration: 1s\nitems:\n  - news/*.md\n  - board: clinics\n    data: data/clinics.csv\n    duration: 1s\n"
            .write(toFile: feed + "/playlists/main.yml", atomically: true, encoding: .utf8)
        for index in 1...3 {
            try "---\ntitle: 相模原市緑区のお知らせ \(index)\n---\n本文\n".write(toFile: feed + "/news/n\(index).md", atomically: true, encoding: .utf8)
        }
    }

    private func status(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    private func errors(_ path: String) -> [String] { status(path)?["feed_errors"] as? [String] ?? [] }

    /// Writes beside the name and renames into place, as a sync tool does.
    private func publish(_ relative: String, _ data: Data) throws {
        try data.write(to: URL(fileURLWithPath: feed + "/" + relative + ".tmp"))
        #expect(rename(feed + "/" + relative + ".tmp", feed + "/" + relative) == 0)
    }

    private func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// `screen` of the feed playing headless, its status and frame written beside the feed.
    private func play(_ screen: String) throws -> (process: Process, stderr: Drain, status: String, frame: String) {
        let statusPath = feed + "/../hostile-\(screen)-status-\(UUID().uuidString).json", frame = feed + "/../hostile-\(screen)-\(UUID().uuidString).png"
        let (process, _, errors) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--screen", screen, "--frame-out", frame, "--status", statusPath])
        return (process, Drain(errors.fileHandleForReading), statusPath, frame)
    }

    /// How many distinct frames `frame` showed, watched until `count` or `seconds`.
    private func frames(_ frame: String, _ count: Int, within seconds: Double) -> Int {
        var seen = Set<Data>()
        let deadline = Date().addingTimeInterval(seconds)
        while seen.count < count, Date() < deadline {
            if let data = FileManager.default.contents(atPath: frame) { seen.insert(data) }
            usleep(100_000)
        }
        return seen.count
    }

    /// Replaces the data folder with one holding the sample's counters and clinics.
    private func swapDataFolder() throws {
        let fresh = feed + "/data.new"
        try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content/data/counters.json", toPath: fresh + "/counters.json")
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content/data/clinics.csv", toPath: fresh + "/clinics.csv")
        #expect(rename(feed + "/data", feed + "/data.old") == 0 && rename(fresh, feed + "/data") == 0)
    }

    @Test func aPlayingScreenSurvivesHostileDataWordsAndLogo() throws {
        let (process, stderr, statusPath, frame) = try play("hall")
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        #expect(eventually(30) { status(statusPath) != nil }, "a first frame")

        // A JSON depth bomb, an endless unclosed CSV field, a FIFO for words.txt, a lying logo.
        try publish("data/counters.json", Data((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8))
        try publish("data/clinics.csv", Data(("date,department,name,address,phone,hours,area\n2026-12-06,内科,\"" + String(repeating: "相模原", count: 250_000)).utf8))
        #expect(unlink(feed + "/words.txt") == 0 && mkfifo(feed + "/words.txt", 0o644) == 0)
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        header += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8, 6, 0, 0, 0, 0, 0, 0, 0]
        try publish("logos/mark.png", Data(header))

        #expect(eventually(30) { errors(statusPath).contains { $0.hasPrefix("data/counters.json") } && errors(statusPath).contains { $0.hasPrefix("data/clinics.csv") } },
                "both data files named: \(errors(statusPath))")
        let seen = frames(frame, 2, within: 30)
        #expect(seen >= 2, "the screen keeps changing: \(seen) distinct frames of 1-second slides")
        #expect(process.isRunning)

        // The data folder swapped for one with good files: the errors go.
        try swapDataFolder()
        #expect(eventually(30) { !errors(statusPath).contains { $0.hasPrefix("data/") } }, "after the swap: \(errors(statusPath))")
        #expect(process.isRunning)

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: stderr.wait(), as: UTF8.self).suffix(1500))")
    }

    /// The counters at a portrait screen's foot (issue 29's band), fed while it plays: names of
    /// 200 characters with seven-digit numbers and emoji, then the 5,000 counters the limits
    /// allow, then the data folder replaced by one with the sample's counters. The screen keeps
    /// changing frames, names no file as bad (each is within the limits), and stops cleanly.
    @Test func aCounterPanelAtAPortraitScreensFootSurvivesHostileCounters() throws {
        try "name: 縦\nfacility: 相模原市役所\nsize: 1080x1920\nticker: false\npanel: {board: counters, data: data/counters.json, position: bottom}\n"
            .write(toFile: feed + "/screens/tall.yml", atomically: true, encoding: .utf8)
        let (process, stderr, statusPath, frame) = try play("tall")
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        #expect(eventually(30) { status(statusPath) != nil }, "a first frame")
        func counters(_ entries: [String]) -> Data {
            let updated = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Asia/Tokyo")!, formatOptions: [.withInternetDateTime])
            return Data(#"{"updated":"\#(updated)","counters":[\#(entries.joined(separator: ","))]}"#.utf8)
        }
        let long = String(repeating: "とても長い窓口の名前🏥", count: 18)
        try publish("data/counters.json", counters((0..<6).map {
            #"{"id":"\#($0)","name":"\#(long)","name_en":"\#(String(repeating: "Very long English name ", count: 8))","serving":\#(9_999_990 + $0),"waiting":9999999,"wait_minutes":99999,"status":"open"}"#
        }))
        #expect(frames(frame, 2, within: 30) >= 2, "the screen keeps changing with names of 200 characters")
        try publish("data/counters.json", counters((0..<5000).map {
            #"{"id":"\#($0)","name":"窓口\#($0)","serving":\#(100 + $0),"waiting":\#($0 % 20),"wait_minutes":\#($0 % 60),"status":"open"}"#
        }))
        #expect(frames(frame, 2, within: 30) >= 2, "the screen keeps changing with 5,000 counters")
        #expect(!errors(statusPath).contains { $0.hasPrefix("data/counters.json") }, "within the limits: \(errors(statusPath))")

        try swapDataFolder()
        #expect(frames(frame, 2, within: 30) >= 2, "the screen keeps changing after the swap")
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: stderr.wait(), as: UTF8.self).suffix(1500))")
    }

    /// The clinics and shelters of this round (hours with notes, files never read), fed while a
    /// screen with a shelters panel plays: its shelters file a FIFO from the start, hours
    /// carrying a note of 100,000 characters and then a bracket that lies (opened, never
    /// closed), and the data folder replaced by one whose shelters file is bad from the start.
    /// The screen keeps changing frames, names each bad file, and stops cleanly.
    @Test func aSheltersPanelAndClinicsSurviveHostileHoursAndFilesNeverRead() throws {
        try "name: 避難所\nfacility: 相模原市役所\nticker: false\npanel: {board: shelters, data: data/shelters.csv, position: right}\n"
            .write(toFile: feed + "/screens/side.yml", atomically: true, encoding: .utf8)
        #expect(mkfifo(feed + "/data/shelters.csv", 0o644) == 0)
        let (process, stderr, statusPath, frame) = try play("side")
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        #expect(eventually(30) { status(statusPath) != nil }, "a first frame beside a FIFO")
        #expect(eventually(30) { errors(statusPath).contains { $0.hasPrefix("data/shelters.csv") } }, "the FIFO named: \(errors(statusPath))")

        let header = "date,department,name,address,phone,hours,area\n"
        try publish("data/clinics.csv", Data((header + "2026-12-06,内科,A,,,9:00-17:00（" + String(repeating: "受付", count: 50_000) + "）,\n").utf8))
        #expect(frames(frame, 2, within: 30) >= 2, "the screen keeps changing with a note of 100,000 characters")
        try publish("data/clinics.csv", Data((header + "2026-12-06,内科,A,,,9:00-17:00（受付16:30まで,\n").utf8))
        #expect(eventually(30) { errors(statusPath).contains { $0.hasPrefix("data/clinics.csv") } }, "the lying bracket named: \(errors(statusPath))")

        // The data folder replaced by one whose shelters file was never good.
        let fresh = feed + "/data.new"
        try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
        try "name,area,status,capacity,occupancy,updated\nA,中央区,開設,約400,1,2026-12-06T10:10:00+09:00\n".write(toFile: fresh + "/shelters.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content/data/clinics.csv", toPath: fresh + "/clinics.csv")
        #expect(rename(feed + "/data", feed + "/data.old") == 0 && rename(fresh, feed + "/data") == 0)
        #expect(eventually(30) { errors(statusPath).contains { $0.hasPrefix("data/shelters.csv") && $0.contains("capacity") } && !errors(statusPath).contains { $0.hasPrefix("data/clinics.csv") } },
                "after the swap: \(errors(statusPath))")
        #expect(frames(frame, 2, within: 30) >= 2, "the screen keeps changing after the swap")
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: stderr.wait(), as: UTF8.self).suffix(1500))")
    }
}
