import Foundation
import Glibc
import Testing

/// #30 from the command line: `check` probes clips and names those that will not play, `plan`
/// gives a clip its own length, `render --at` shows the picture due at that instant.
@Suite(.serialized) struct ClipCommandTests {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-clipcli-\(UUID().uuidString)").path

    /// The sample feed, playing `media/*.mp4` too, with a 2 s clip whose frame N has the grey
    /// 20 + 3·N, a half-copied clip and a text file named `.mp4`.
    func feed() throws -> String {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        try ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=2", "-vf", "geq=lum='20+3*N':cb=128:cr=128",
                    "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", feed + "/media/film.mp4"])
        let whole = try Data(contentsOf: URL(fileURLWithPath: feed + "/media/film.mp4"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: feed + "/media/half.mp4"))
        try Data("手話動画は来週公開します\n".utf8).write(to: URL(fileURLWithPath: feed + "/media/notes.mp4"))
        // Hostile: a pipe named like a clip (reading it would wait for ever), and a link out of the feed.
        #expect(mkfifo(feed + "/media/pipe.mp4", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: feed + "/media/outside.webm", withDestinationPath: "/etc/hostname")
        let playlist = feed + "/playlists/main.yml"
        try (String(contentsOfFile: playlist, encoding: .utf8) + "  - media/*.mp4\n").write(toFile: playlist, atomically: true, encoding: .utf8)
        return feed
    }

    @discardableResult
    func ffmpeg(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments)")
        return data
    }

    @Test func checkNamesTheBrokenClipsAndTheRestPlays() throws {
        let feed = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let check = try CommandRunner.run(["check", "--feed", feed])
        #expect(check.status == 1)
        #expect(check.stdout.contains("media/half.mp4:1:1: error: the clip cannot be played: not a video file"), "\(check.stdout)")
        #expect(check.stdout.contains("media/notes.mp4:1:1: error: the clip cannot be played: not a video file"), "\(check.stdout)")
        #expect(check.stdout.contains("media/pipe.mp4:1:1: error: this is not an ordinary file"), "\(check.stdout)")
        #expect(check.stdout.contains("media/outside.webm:1:1: error:"), "\(check.stdout)")
        #expect(check.stdout.contains("media/film.mp4:1:1: note: clip: h264 320×180 30 fps, 2.0 s, mov"), "\(check.stdout)")
        #expect(!check.stdout.contains("media/film.mp4:1:1: error") && !check.stdout.contains("media/film.mp4:1:1: warning"), "\(check.stdout)")
        #expect(!check.stderr.contains("moov") && !check.stderr.contains("[mov"), "FFmpeg's own messages stay out of the output: \(check.stderr)")
        let plan = try CommandRunner.run(["plan", "--feed", feed, "--from", "2026-12-03T10:00", "--hours", "0.5"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("clip     film  [media/film.mp4]"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("half.mp4") && !plan.stdout.contains("notes.mp4") && !plan.stdout.contains("pipe.mp4") && !plan.stdout.contains("outside.webm"))
        #expect(plan.stdout.contains("news "), "the rest of the feed plays")
    }

    @Test func renderShowsThePictureDueAtThatInstant() throws {
        let feed = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let plan = try CommandRunner.run(["plan", "--feed", feed, "--from", "2026-12-03T10:00", "--hours", "0.5", "--json"])
        let showing = try #require(plan.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.first { $0["source"] as? String == "media/film.mp4" })
        let start = try #require(ISO8601DateFormatter().date(from: showing["start"] as? String ?? ""))
        let end = try #require(ISO8601DateFormatter().date(from: showing["end"] as? String ?? ""))
        #expect(end.timeIntervalSince(start) == 2, "a clip plays for its own length")
        let format = ISO8601DateFormatter()
        for (offset, picture) in [(0.0, 0), (1.0, 30)] {
            let out = temporary + "/at-\(picture).png"
            let render = try CommandRunner.run(["render", "--feed", feed, "--at", format.string(from: start.addingTimeInterval(offset)), "--out", out],
                                               environment: ["SDL_VIDEODRIVER": "offscreen"])
            #expect(render.status == 0, "\(render.stderr)")
            #expect(render.stdout.contains("clip media/film.mp4"), "\(render.stdout)")
            // The middle of the screen is the middle of the clip.
            let pixel = try ffmpeg(["-i", out, "-vf", "crop=1:1:960:540", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            #expect(pixel.count == 3)
            let luma = Double(pixel.first ?? 0) * 219 / 255 + 16
            #expect(Int(((luma - 20) / 3).rounded()) == picture, "at +\(offset) s the grey is \(pixel.first ?? 0)")
        }
    }

    /// FFmpeg's libraries (with the seventy-odd of their own, 13 MB resident) are loaded by the
    /// first clip, not by every player; libcurl (for `jma-pull`) never by the player.
    @Test func ffmpegIsLoadedByTheFirstClipAndCurlNeverByThePlayer() throws {
        let withClip = try feed()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let withoutClip = temporary + "/plain"
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: withoutClip)
        /// The libraries a playing player has mapped once its first frame is out, and once
        /// `enough` holds of them (or 60 s have passed).
        func mapped(playing feed: String, until enough: (String) -> Bool = { _ in true }) throws -> String {
            let frame = temporary + "/frame-\(UUID().uuidString).png"
            let (process, _, _) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--frame-out", frame])
            defer {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
            let deadline = Date().addingTimeInterval(60)
            var maps = ""
            while Date() < deadline, process.isRunning {
                // Read to its end: /proc says its size is 0, and a read by that size gets one page.
                maps = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/maps").map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
                if FileManager.default.fileExists(atPath: frame), enough(maps) { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(FileManager.default.fileExists(atPath: frame), "the player drew its first frame")
            return maps
        }
        let plain = try mapped(playing: withoutClip)
        #expect(plain.contains("libSDL2"), "the maps were read from a playing player")
        #expect(!plain.contains("libavcodec") && !plain.contains("libavformat"), "no clip, no FFmpeg")
        #expect(!plain.contains("libcurl"))
        let clips = try mapped(playing: withClip) { $0.contains("libavcodec") }
        #expect(clips.contains("libavcodec") && clips.contains("libavformat"), "the clip was probed with FFmpeg")
        #expect(!clips.contains("libcurl"))
    }
}
