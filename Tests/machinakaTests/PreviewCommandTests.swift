import Foundation
import MachinakaCore
import Testing

/// `machinaka preview`, opened in a real browser (Debian's chromium, headless): the page staff
/// open to see the days ahead.
@Suite(.serialized) struct PreviewCommandTests {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-preview-\(UUID().uuidString)").path

    /// The DOM chromium builds from `page`, as text.
    func dom(_ page: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--dump-dom", "file://" + page]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func screenshot(_ page: String, to png: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1600", "--screenshot=" + png, "file://" + page]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    @Test func thePageNamesTheBrokenFileShowsEverySlideAndMatchesThePlan() throws {
        let feed = temporary + "/feed", site = temporary + "/site"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        // A notice with a date that does not exist.
        try "---\ntitle: 年末の開庁時間\nstart: 2026-12-32\n---\n本文\n".write(toFile: feed + "/news/2026-12-broken-date.md", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["preview", "--feed", feed, "--from", "2026-12-03T09:00", "--days", "2", "--out", site])
        #expect(run.status == 0, "\(run.stderr)")
        let page = site + "/screen-city-hall-lobby.html"
        let html = try dom(page)
        #expect(html.contains("<html lang=\"ja\">"))
        // The broken notice with its error, together in one item.
        let problem = try #require(html.components(separatedBy: "<li class=\"problem error\">").dropFirst().first { $0.contains("news/2026-12-broken-date.md") })
        let check = try CommandRunner.run(["check", "--feed", feed])
        let said = try #require(check.stdout.split(separator: "\n").first { $0.hasPrefix("news/2026-12-broken-date.md") && $0.contains("error:") })
        let message = String(said.split(separator: ": error: ", maxSplits: 1).last!)
        #expect(message.count > 10 && problem.contains(PreviewEscape.textNode(message)), "\(message) in \(problem.prefix(400))")
        // Every image is a thumbnail drawn into the site, with alt text; nothing is fetched from outside.
        let sources = html.components(separatedBy: "<img ").dropFirst().compactMap { tag -> (src: String, alt: String)? in
            guard let src = tag.range(of: "src=\""), let end = tag[src.upperBound...].firstIndex(of: "\""),
                let alt = tag.range(of: "alt=\""), let altEnd = tag[alt.upperBound...].firstIndex(of: "\"") else { return nil }
            return (String(tag[src.upperBound..<end]), String(tag[alt.upperBound..<altEnd]))
        }
        #expect(sources.count >= 10)
        for (src, alt) in sources {
            #expect(src.hasPrefix("thumbs/") && !alt.isEmpty)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: site + "/" + src)))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(src) is a PNG")
        }
        for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "<script"] {
            #expect(!html.contains(attribute), "\(attribute)")
        }
        // The timeline is the plan: every entry of plan --json inside a row of its kind, with its file.
        let plan = try CommandRunner.run(["plan", "--feed", feed, "--screen", "city-hall-lobby", "--from", "2026-12-03T09:00", "--hours", "48", "--json"])
        let entries = plan.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(entries.count > 100)
        let rows = html.components(separatedBy: "<tr class=\"").dropFirst().compactMap { row -> (start: Date, end: Date, body: String)? in
            guard let start = row.range(of: "data-start=\""), let startEnd = row[start.upperBound...].firstIndex(of: "\""),
                let end = row.range(of: "data-end=\""), let endEnd = row[end.upperBound...].firstIndex(of: "\""),
                let from = FeedTime.parseInstant(String(row[start.upperBound..<startEnd])), let to = FeedTime.parseInstant(String(row[end.upperBound..<endEnd]))
            else { return nil }
            return (from, to, row)
        }
        for entry in entries {
            guard let start = FeedTime.parseInstant(entry["start"] as! String), let source = entry["source"] as? String else { continue }
            #expect(rows.contains { $0.start <= start && start < $0.end && $0.body.contains("data-source=\"\(source)\"") }, "\(entry)")
        }
        // Looked at: a real screenshot of the page, not blank.
        let shot = temporary + "/page.png"
        try screenshot(page, to: shot)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: shot)).count) ?? 0 > 50_000)
        if let directory = ProcessInfo.processInfo.environment["MACHINAKA_FRAMES"] {
            try? FileManager.default.copyItem(atPath: shot, toPath: directory + "/preview-page.png")
        }

        // A second run after one notice changed draws only that notice's pages again.
        let notice = feed + "/news/2027-01-madoguchi-jikan.md"
        try (try String(contentsOfFile: notice, encoding: .utf8) + "\n追記：駐車場は地下をご利用ください。\n").write(toFile: notice, atomically: true, encoding: .utf8)
        let again = try CommandRunner.run(["preview", "--feed", feed, "--from", "2026-12-03T09:00", "--days", "2", "--out", site])
        let figures = again.stdout.split(separator: ";").last ?? ""
        let drawn = Int(figures.split(separator: " ").first { Int($0) != nil } ?? "") ?? -1
        #expect((1...6).contains(drawn), "only the changed notice's pages, on the screens it plays on: \(again.stdout)")
        #expect(again.stdout.contains(" kept"))
    }
}

/// Text as a browser serialises it in a text node (`--dump-dom`): &, < and > escaped.
enum PreviewEscape {
    static func textNode(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
