import Foundation
import MachinakaRecords
import Testing

/// The promise every feature stands on, tried the way a shared feed tries it: a whole set of
/// hostile files dropped into a feed while a player plays it. The screen keeps changing, the
/// good items keep playing in their order, an alert still takes over, and `check` names every
/// refused file with its reason.
@Suite(.serialized) final class HostileFeedTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-hostile-\(UUID().uuidString)").path
    var feed: String { temporary + "/feed" }
    static let poster = CommandRunner.repository + "/Content/media/poster-gomi-bunbetsu.png"
    static let goodOrder = ["news/01-first.md", "news/02-second.md", "news/03-third.md", "media/04-poster.png"]

    init() throws {
        for folder in ["screens", "playlists", "news", "media", "alerts"] {
            try FileManager.default.createDirectory(atPath: temporary + "/feed/" + folder, withIntermediateDirectories: true)
        }
        try write("screens/lobby.yml", "name: ロビー\ntransition: none\n")
        // The good items one after another; the hostile notices after them (each stays as long
        // as its pages take to read, up to two minutes).
        try write("playlists/main.yml", "default_duration: 1s\nitems:\n  - news/0*.md\n  - media/04-poster.png\n  - news/*.md\n  - media/*\n")
        for (index, title) in ["一番目", "二番目", "三番目"].enumerated() {
            try write("news/0\(index + 1)-\(["first", "second", "third"][index]).md", "---\ntitle: \(title)のお知らせ\n---\n本文です。\n")
        }
        try FileManager.default.copyItem(atPath: Self.poster, toPath: feed + "/media/04-poster.png")
    }

    private func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Publishes the way a sync tool does: a temporary name, then a rename.
    private func write(_ relative: String, bytes: [UInt8]) throws {
        let path = feed + "/" + relative
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".part"))
        #expect(rename(path + ".part", path) == 0)
    }

    /// Runs Debian's `ffmpeg` quietly, overwriting its output.
    private static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments)")
    }

    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height) + [8, 6, 0, 0, 0] + be(0)
    }

    static func cap(_ identifier: String, headline: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(identifier)</identifier><sender>bousai@city.sagamihara.kanagawa.jp</sender>
          <sent>2026-11-25T14:30:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
          <info><language>ja-JP</language><category>Safety</category><event>避難指示</event>
            <urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>
            <expires>2099-01-01T00:00:00+09:00</expires><headline>\(headline)</headline>
            <instruction>直ちに避難してください。</instruction><area><areaDesc>相模原市全域</areaDesc></area>
          </info>
        </alert>
        """
    }

    /// Each hostile file, and words its refusal must hold in `check` (nil: it plays, bounded).
    private func dropTheHostileSet() throws -> [(path: String, words: String?)] {
        var set: [(String, String?)] = []
        func add(_ path: String, _ text: String, _ words: String?) throws {
            try write(path, text)
            set.append((path, words))
        }
        try write("media/huge.png", bytes: Self.pngHeader(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF))
        set.append(("media/huge.png", "million pixels"))
        let goodHead = Array(try Data(contentsOf: URL(fileURLWithPath: Self.poster)).prefix(33))
        try write("media/broken.png", bytes: goodHead + [UInt8](repeating: 0x5A, count: 4096))
        set.append(("media/broken.png", "cannot be decoded"))
        try write("media/truncated.jpg", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: CommandRunner.repository + "/Tests/Fixtures/hostile/truncated.jpg"))))
        set.append(("media/truncated.jpg", "cannot be decoded"))
        try add("media/words.png", "not an image", "not a PNG or JPEG")
        #expect(mkfifo(feed + "/media/05-piped.png.yml", 0o644) == 0)
        try write("media/05-piped.png", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.poster))))
        set.append(("media/05-piped.png.yml", "pipe"))
        try add("news/huge.md", "---\ntitle: 巨大\n---\n" + String(repeating: "相模原市からのお知らせです。", count: 900_000 / 42) + "\n", nil)
        // A paragraph of digits no unit pattern matches (its layout took 10 s until the
        // patterns started only where a run of digits does).
        try add("news/digits.md", "---\ntitle: 数字\n---\n" + String(repeating: "1", count: 4900) + "\n", nil)
        // A paragraph of bracketed notes, nested, unbalanced and half width, as long as a
        // notice may show: each note is looked up in ICU on its own (issue 29's rule).
        try add("news/brackets.md", "---\ntitle: 括弧\n---\n" + String(repeating: "（注（1）を参照）申込は(12月6日まで受付)（（", count: 4900 / 26) + "\n", nil)
        try add("news/zalgo.md", "---\ntitle: \"a" + String(repeating: "\u{0301}", count: 5000) + "\"\n---\n", nil)
        try add("news/long-title.md", "---\ntitle: " + String(repeating: "長", count: 1000) + "\n---\n", nil)
        try add("news/all-day.md", "---\ntitle: 一日中\nduration: 99999h\n---\n", "outside the allowed range")
        try add("news/overflow.md", "---\ntitle: 溢れ\nduration: 1e300\nmin_per_hour: 5\n---\n", "'duration'")
        try add("news/year.md", "---\ntitle: 遠い\nstart: 9999-01-01\n---\n", "years 2000 to 2100")
        try add("news/binary.md", "---\ntitle: x\n---\n\u{0}\u{1}", "binary")
        try write("news/sjis.md", bytes: [0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x20, 0x82, 0xA0, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A])
        set.append(("news/sjis.md", "not UTF-8"))
        try add("news/bomb.md", "---\ntitle: b\na: &a [x]\nb: *a\n---\n", "anchors")
        try add("news/deep.md", "---\ntitle: d\n" + (0..<200).map { String(repeating: " ", count: $0 + 1) + "k\($0):" }.joined(separator: "\n") + "\n---\n", "indented more than")
        try add("news/no-front.md", "本文だけ\n", "must begin with a '---' line")
        #expect(symlink("/etc/passwd", feed + "/news/link-out.md") == 0)
        set.append(("news/link-out.md", "outside the feed folder"))
        #expect(symlink(feed + "/news/loop-b.md", feed + "/news/loop-a.md") == 0 && symlink(feed + "/news/loop-a.md", feed + "/news/loop-b.md") == 0)
        set.append(("news/loop-a.md", "link loop"))
        #expect(mkfifo(feed + "/news/pipe.md", 0o644) == 0)
        set.append(("news/pipe.md", "pipe"))
        try add("screens/huge.yml", "name: 巨大\nsize: 16384x16384\n", "outside the allowed screen sizes")
        try add("playlists/far.yml", "items:\n  - board: upcoming-events\n    days_ahead: 100000\n", "1…366")
        try add("alerts/xxe.xml", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><alert>&x;</alert>", "DOCTYPE")
        try add("alerts/big.xml", "<alert>" + String(repeating: "x", count: 5 << 20) + "</alert>", "at most")
        // This session's inputs: a JMA report naming 20,000 areas with a 40,000-character kind
        // (read bounded, shown nowhere here), and the new screen settings out of their range.
        let items = (0..<20_000).map { "<Item><Kind><Name>\($0 == 0 ? String(repeating: "大雨", count: 20_000) : "")大雨警報</Name><Status>発表</Status></Kind><Area><Name>町\($0)</Name><Code>\(String(format: "01%05d", $0))</Code></Area></Item>" }
        try add("alerts/jma-flood.xml", """
            <?xml version="1.0" encoding="UTF-8"?><Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>気象特別警報・警報・注意報</Title><Status>通常</Status>\
            <EditorialOffice>札幌管区気象台</EditorialOffice></Control><Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>洪水</Title>\
            <ReportDateTime>2026-11-25T14:00:00+09:00</ReportDateTime><InfoType>発表</InfoType><InfoKind>気象警報・注意報</InfoKind></Head>\
            <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/"><Warning type="気象警報・注意報（市町村等）">\(items.joined())</Warning></Body></Report>
            """, nil)
        // Clips (issue 30): a text file, a pipe, a half-copied clip and a concat list (which
        // would have FFmpeg open other files by their paths), each named like a clip.
        try add("media/words.mp4", "動画はありません", "not a video file")
        #expect(mkfifo(feed + "/media/piped.webm", 0o644) == 0)
        set.append(("media/piped.webm", "pipe"))
        let made = temporary + "/whole.mp4"
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", made])
        let whole = try Data(contentsOf: URL(fileURLWithPath: made))
        try write("media/half.mp4", bytes: Array(whole.prefix(whole.count / 2)))
        set.append(("media/half.mp4", "not a video file"))
        try add("media/list.mkv", "ffconcat version 1.0\nfile '\(made)'\n", "not a video file")
        // A clip stored on its side at a size of no whole 8 × 8 blocks, and one whose matrix
        // asks for 45°: turned upright, and shown as stored (the display matrix is read).
        let odd = temporary + "/odd.mp4"
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=326x250:r=30:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", odd])
        for (name, rotate) in [("media/side-odd.mp4", "90"), ("media/tilted.mp4", "45")] {
            // The tag is written as a display matrix when the stream is copied.
            try Self.ffmpeg(["-i", odd, "-c", "copy", "-metadata:s:v:0", "rotate=\(rotate)", temporary + "/tagged.mp4"])
            try write(name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: temporary + "/tagged.mp4"))))
            set.append((name, nil))
        }
        // Light artwork on transparency in a palette (its ground judged on a sample, by the
        // layout worker and the loop at once).
        try Self.ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=1500x1500:d=0.1,format=rgba", "-filter_complex",
                         "geq=r=250:g=250:b=250:a='if(lt(X,750),255,0)',split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128",
                         "-frames:v", "1", temporary + "/light.png"])
        try write("media/light-pal.png", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: temporary + "/light.png"))))
        set.append(("media/light-pal.png", nil))
        try add("screens/night.yml", "name: 夜\npower: {open: {weekdays: \"25:99-26:00\"}}\n", "opening hours")
        try add("screens/loud.yml", "name: 大声\nspeech: {repeat: 1000000}\n", "between 1 and 5")
        return set
    }

    private func status(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    @Test func aPlayingScreenSurvivesTheWholeHostileSet() throws {
        let log = temporary + "/plays.sqlite", frame = temporary + "/frame.png", statusPath = temporary + "/status.json"
        // The player's clock runs three times faster: the hostile notices stay up to two minutes
        // each (their pages' reading time), a rotation over five minutes at real time, and the
        // wait below for the good items to come round again outlasted its deadline in a full
        // run (three good plays in 300 s, where 133 s had been enough the run before).
        let (process, _, errors) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--screen", "lobby", "--frame-out", frame,
                                                            "--play-log", log, "--status", statusPath, "--clock-rate", "3"])
        let stderr = Drain(errors.fileHandleForReading)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var deadline = Date().addingTimeInterval(60)
        while status(statusPath) == nil, Date() < deadline { usleep(20_000) }
        #expect(status(statusPath) != nil, "a first frame")

        let hostile = try dropTheHostileSet()
        // A good poster that turns bad after it has played: written over in place.
        Thread.sleep(forTimeInterval: 2.5)
        try Data(Array(try Data(contentsOf: URL(fileURLWithPath: Self.poster)).prefix(33)) + [UInt8](repeating: 1, count: 100))
            .write(to: URL(fileURLWithPath: feed + "/media/04-poster.png"))
        // The screen keeps changing: distinct frames over the next seconds.
        var frames = Set<Data>()
        deadline = Date().addingTimeInterval(240)
        while frames.count < 4, Date() < deadline {
            if let data = FileManager.default.contents(atPath: frame) { frames.insert(data) }
            usleep(100_000)
        }
        #expect(frames.count >= 4, "\(frames.count) distinct frames")
        #expect(process.isRunning)

        // An alert with a 200,000-character headline still takes the screen, and lets it go.
        try write("alerts/long.xml", Self.cap("LONG-1", headline: String(repeating: "避難", count: 100_000)))
        deadline = Date().addingTimeInterval(30)
        while (status(statusPath)?["showing"] as? [String: Any])?["kind"] as? String != "alert", Date() < deadline { usleep(10_000) }
        #expect((status(statusPath)?["showing"] as? [String: Any])?["kind"] as? String == "alert")
        #expect(unlink(feed + "/alerts/long.xml") == 0)
        deadline = Date().addingTimeInterval(30)
        while (status(statusPath)?["showing"] as? [String: Any])?["kind"] as? String == "alert", Date() < deadline { usleep(10_000) }
        #expect((status(statusPath)?["showing"] as? [String: Any])?["kind"] as? String != "alert")
        // The rotation plays on: stopped once enough plays are recorded to judge the order by,
        // however long a busy machine takes to get there.
        func recorded() -> [String] { (try? PlayLog(path: log).plays(from: .distantPast, to: .distantFuture).map(\.source)) ?? [] }
        deadline = Date().addingTimeInterval(300)
        while Date() < deadline, process.isRunning {
            let plays = recorded()
            if plays.filter({ Self.goodOrder.contains($0) }).count >= 4, plays.count - (plays.lastIndex(of: "media/04-poster.png") ?? -1) > 5 { break }
            usleep(200_000)
        }
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "stopped by us, not by a file: \(String(decoding: stderr.wait(), as: UTF8.self).suffix(2000))")

        // The good items kept playing in their order, cycle after cycle.
        let plays = try PlayLog(path: log).plays(from: .distantPast, to: .distantFuture).map(\.source)
        let good = plays.filter { Self.goodOrder.contains($0) }
        #expect(good.count >= 4, "\(plays)")
        #expect(!plays.contains("media/broken.png") && !plays.contains("media/truncated.jpg"), "what could not be drawn was not shown: \(plays)")
        #expect(!plays.contains { ["media/words.mp4", "media/piped.webm", "media/half.mp4", "media/list.mkv"].contains($0) }, "no hostile clip played: \(plays)")
        for (a, b) in zip(good, good.dropFirst()) {
            let i = Self.goodOrder.firstIndex(of: a)!, j = Self.goodOrder.firstIndex(of: b)!
            // The next in order; or the same again (the slide the alert cut is shown again); or,
            // once the poster turned bad, from the third notice round to the first.
            #expect(j == (i + 1) % Self.goodOrder.count || j == i || (a == "news/03-third.md" && b == "news/01-first.md"), "\(a) then \(b) in \(good)")
        }
        // The poster that turned bad is no longer shown once it failed.
        let lastPoster = plays.lastIndex(of: "media/04-poster.png") ?? -1
        #expect(plays.count - lastPoster > 5, "it left the rotation: \(plays.suffix(10))")

        // check names every refused file with its reason.
        let check = try CommandRunner.run(["check", "--feed", feed])
        #expect(check.status == 1)
        for (path, words) in hostile {
            guard let words else { continue }
            let line = check.stdout.split(separator: "\n").first { $0.hasPrefix(path + ":") && $0.contains("error:") }
            #expect(line?.contains(words) == true, "\(path): \(line ?? "not named")")
        }
        #expect(check.stdout.contains("news/huge.md:") && check.stdout.contains("split it"), "a cut body is a warning")
        // The clips with display matrices and the paletted artwork are read, not refused: the
        // side-stored clip at its upright size, the tilted one as stored.
        for path in ["media/side-odd.mp4", "media/tilted.mp4", "media/light-pal.png"] {
            #expect(!check.stdout.split(separator: "\n").contains { $0.hasPrefix(path + ":") && $0.contains("error:") }, "\(path) refused")
        }
        #expect(check.stdout.contains("media/side-odd.mp4:1:1: note: clip: h264 326×250 shown 250×326"), "\(check.stdout)")
        #expect(check.stdout.contains("media/tilted.mp4:1:1: note: clip: h264 326×250 30 fps"), "\(check.stdout)")
    }
}
