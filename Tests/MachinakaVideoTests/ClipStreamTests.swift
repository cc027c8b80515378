import Foundation
import MachinakaPOSIX
import Testing

@testable import MachinakaVideo

@Suite("Clip stream")
struct ClipStreamTests {
    func stream(_ path: String, from start: Double = 0) -> ClipStream {
        ClipStream(width: 160, height: 120, from: start) { () throws(VideoError) in try ClipDecoder.open(absolute: path) }
    }

    /// Polls the stream (as the loop does, never waiting in it) until it gives a picture for
    /// `time`, up to a generous deadline.
    func picture(_ stream: ClipStream, at time: Double, newerThan previous: Double = -1) throws -> VideoFrame? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let frame = try stream.frame(at: time), frame.time > previous { return frame }
            usleep(2000)
        }
        return nil
    }

    func number(_ frame: VideoFrame) -> Int {
        TestClip.frameNumber(luma: frame.luma(x: frame.width / 2, y: frame.height / 2))
    }

    @Test func givesThePictureDueAndLoopsWithoutAGap() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clip = stream(try TestClip.make("ramp.mp4", in: folder))
        let first = try #require(try picture(clip, at: 0))
        #expect(number(first) == 0)
        #expect(clip.isReady(for: 0))
        // Asked at every 1/30 s across the end of the file: every picture in order, the
        // second pass following the first with no repeat and no hole.
        var numbers: [Int] = []
        var last = first.time
        for index in 1..<75 {
            let time = Double(index) / 30
            let frame = try #require(try picture(clip, at: time, newerThan: last))
            last = frame.time
            numbers.append(number(frame))
        }
        #expect(numbers == Array(1..<60) + Array(0..<15))
        #expect(abs(last - 74.0 / 30) < 0.01)
        let counts = clip.statistics
        #expect(counts.dropped == 0)
        #expect(counts.shown == 75)
    }

    @Test func aShowingJoinedLateSeeksAheadOfTheScreenInsteadOfDecodingFromTheStart() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 4 s at 15 fps: pictures 0 … 59.
        let path = try TestClip.make("ramp.mp4", in: folder, seconds: 4, fps: 15)
        let clip = stream(path, from: 1.0)
        // Joined at 1 s, it lands a second ahead of the screen: nothing older is decoded.
        #expect(try clip.frame(at: 1.0) == nil)
        let frame = try #require(try picture(clip, at: 2.0))
        #expect(number(frame) == 30)
        // The screen ran on by more than two seconds past what is decoded (a starved thread):
        // the stream keeps its last picture up and jumps a second ahead of the screen, across
        // the end of the file into the next pass (5.6 s is 1.6 s in).
        let held = try #require(try clip.frame(at: 4.6))
        #expect(held.time < 2.5)
        let later = try #require(try picture(clip, at: 5.6, newerThan: held.time))
        #expect(abs(later.time - 5.6) < 0.1, "\(later.time)")
        #expect(number(later) == 24)
    }

    @Test func aFileThatIsNotAClipFailsTheStreamWithItsReason() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/broken.mp4"
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        let clip = stream(path)
        let deadline = Date().addingTimeInterval(20)
        var failure: VideoError? = nil
        while Date() < deadline, failure == nil {
            do { _ = try clip.frame(at: 0) } catch { failure = error }
            usleep(2000)
        }
        #expect(failure?.description.contains("not a video file") == true)
    }

    /// ffmpeg with `arguments`, into `folder`.
    func ffmpeg(_ arguments: [String]) throws { #expect(try TestClip.ffmpeg(arguments), "ffmpeg \(arguments)") }

    /// A regression (review): the jump under way was not seen, so a second one was asked at
    /// once, and every jump slower than half a second was made twice, landing behind.
    @Test func aJumpUnderWayIsNotAskedForAgain() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 10 s, one keyframe: a jump decodes from the start to its target.
        let path = folder + "/long.mp4"
        try ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=10", "-c:v", "libx264", "-g", "300", "-pix_fmt", "yuv420p", path])
        let clip = stream(path, from: 5.0)
        let start = Date()
        var got: VideoFrame? = nil
        // The screen runs on in real time while the stream jumps.
        while got == nil, Date().timeIntervalSince(start) < 20 {
            got = try clip.frame(at: 5.0 + Date().timeIntervalSince(start))
            usleep(5000)
        }
        #expect(got != nil)
        #expect(clip.statistics.seeks == 1, "\(clip.statistics)")
    }

    @Test func aOnePictureClipIsAStillAndIsNotDecodedAgain() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try TestClip.make("one.mp4", in: folder, seconds: 1.0 / 30)
        let clip = stream(path)
        let first = try #require(try picture(clip, at: 0))
        #expect(number(first) == 0)
        for step in 1...30 { _ = try clip.frame(at: Double(step) / 30) }
        usleep(200_000)
        #expect(try clip.frame(at: 2)?.time == first.time, "the one picture stays up")
        #expect(clip.statistics.decoded == 1 && clip.statistics.seeks == 0, "\(clip.statistics)")
    }

    /// A regression (review): a Matroska file whose sound outlasts its picture says the
    /// longer length; a jump into the time without pictures failed the clip as "no picture".
    @Test func aJumpPastTheLastPictureWaitsForTheNextPassInsteadOfFailing() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/short-picture.mkv"
        try ffmpeg(["-f", "lavfi", "-i", "color=c=gray:s=160x120:r=30:d=1", "-f", "lavfi", "-i", "sine=d=3",
                    "-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus", path])
        let clip = stream(path, from: 1.2)
        // Joined at 1.2 s, the jump lands at 2.2 s: past the 1 s of pictures.
        let frame = try #require(try picture(clip, at: 3.5))
        #expect(frame.time >= 2.2, "\(frame.time)")
    }
}
