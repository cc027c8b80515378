import CClip
import CFFmpeg
import Foundation
import MachinakaPOSIX
import Testing

@testable import MachinakaVideo

@Suite("Clip decoder")
struct ClipDecoderTests {
    func open(_ path: String) throws -> ClipDecoder {
        try ClipDecoder(file: SafeFile.open(absolute: path), path: path)
    }

    /// The centre's luma, as a frame number.
    func frameNumber(_ frame: VideoFrame) -> Int {
        TestClip.frameNumber(luma: frame.luma(x: frame.width / 2, y: frame.height / 2))
    }

    @Test func probesWhatTheFileHolds() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mp4 = try TestClip.make("ramp.mp4", in: folder)
        let webm = try TestClip.make("ramp.webm", in: folder, seconds: 1, fps: 25, size: "320x180", codec: ["-c:v", "libvpx-vp9", "-deadline", "realtime"])
        let h264 = try ClipDecoder.probe(SafeFile.open(absolute: mp4), path: mp4)
        #expect(h264.codec == "h264")
        #expect(h264.container.contains("mp4"))
        #expect(h264.width == 160 && h264.height == 120)
        #expect(h264.frameRate == 30)
        #expect(abs(h264.duration - 2) < 0.05)
        #expect(!h264.hasAudio)
        let vp9 = try ClipDecoder.probe(SafeFile.open(absolute: webm), path: webm)
        #expect(vp9.codec == "vp9")
        #expect(vp9.container.contains("webm"))
        #expect(vp9.width == 320 && vp9.height == 180 && vp9.frameRate == 25)
    }

    @Test func refusesATextFileAndATruncatedClipWithReasons() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = folder + "/notes.mp4"
        try "これは動画ではありません\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: VideoError.self) { try ClipDecoder.probe(SafeFile.open(absolute: text), path: text) }
        do {
            _ = try ClipDecoder.probe(SafeFile.open(absolute: text), path: text)
        } catch let error as VideoError {
            #expect(error.description.contains("not a video file"))
        }
        // ffmpeg writes the index (moov) at the end: a half-copied file has none.
        let whole = try TestClip.make("whole.mp4", in: folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        let half = folder + "/half.mp4"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: half))
        #expect(throws: VideoError.self) { try ClipDecoder.probe(SafeFile.open(absolute: half), path: half) }
    }

    @Test func refusesASongsCoverPictureAndAListOfOtherFiles() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func ffmpeg(_ arguments: [String]) throws { #expect(try TestClip.ffmpeg(arguments), "ffmpeg \(arguments)") }
        try ffmpeg(["-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", folder + "/cover.png"])
        let song = folder + "/song.mp4"
        try ffmpeg(["-f", "lavfi", "-i", "sine=d=2", "-i", folder + "/cover.png", "-map", "0", "-map", "1", "-c:a", "aac", "-c:v", "png",
                    "-disposition:v", "attached_pic", song])
        #expect(throws: VideoError("", reason: "the file has no video stream, only a cover picture")) {
            try ClipDecoder.probe(SafeFile.open(absolute: song), path: song)
        }
        // A concat list would make FFmpeg open other files by their paths, outside the feed.
        let list = folder + "/list.mp4"
        try TestClip.make("real.mp4", in: folder)
        try "ffconcat version 1.0\nfile '\(folder)/real.mp4'\n".write(toFile: list, atomically: true, encoding: .utf8)
        #expect(throws: VideoError.self) { try ClipDecoder.probe(SafeFile.open(absolute: list), path: list) }
    }

    @Test func aStillIsThePictureShownAtThatInstantLoopingPastTheEnd() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try TestClip.make("ramp.mp4", in: folder)
        let decoder = try open(path)
        #expect(frameNumber(try decoder.still(at: 0, width: 160, height: 120)) == 0)
        #expect(frameNumber(try decoder.still(at: 1.0, width: 160, height: 120)) == 30)
        // Between two pictures: the earlier is on screen.
        #expect(frameNumber(try decoder.still(at: 1.02, width: 160, height: 120)) == 30)
        #expect(frameNumber(try decoder.still(at: 1.99, width: 160, height: 120)) == 59)
        // A showing longer than the clip loops it: 2.5 s is 0.5 s into the second pass.
        #expect(frameNumber(try decoder.still(at: 2.5, width: 160, height: 120)) == 15)
        // Converted at the size it is drawn.
        let small = try decoder.still(at: 0.5, width: 40, height: 30)
        #expect(small.width == 40 && small.height == 30)
        #expect(frameNumber(small) == 15)
    }

    /// A phone's portrait clip is stored on its side with a display matrix saying how to turn
    /// it. Each turn is checked against Debian's `ffmpeg`, which turns pictures by the same
    /// matrix: both must show the same quadrant where.
    @Test(arguments: ["90", "180", "270"])
    func aClipStoredOnItsSideIsShownUprightAsFFmpegShowsIt(rotateTag: String) throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Four quadrants of four lumas, on a picture wider than tall (160×96).
        let flat = folder + "/flat.mp4", turned = folder + "/turned.mp4", reference = folder + "/upright.gray"
        #expect(try TestClip.ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=160x96:r=10:d=1",
                                     "-vf", "geq=lum='if(lt(Y,H/2),if(lt(X,W/2),220,160),if(lt(X,W/2),100,40))':cb=128:cr=128",
                                     "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", flat]))
        #expect(try TestClip.ffmpeg(["-i", flat, "-c", "copy", "-metadata:s:v:0", "rotate=\(rotateTag)", turned]))
        // ffmpeg turns what it decodes by the matrix unless told not to.
        #expect(try TestClip.ffmpeg(["-i", turned, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", reference]))
        let upright = try [UInt8](Data(contentsOf: URL(fileURLWithPath: reference)))

        let info = try ClipDecoder.probe(SafeFile.open(absolute: turned), path: turned)
        #expect(info.width == 160 && info.height == 96, "stored as it was filmed")
        let quarter = rotateTag != "180"
        #expect(info.turn == (rotateTag == "180" ? 180 : rotateTag == "90" ? 270 : 90))
        #expect(info.shownSize == (quarter ? (96, 160) : (160, 96)))
        #expect(upright.count == info.shownSize.width * info.shownSize.height, "ffmpeg's picture has the size the clip is shown at")

        let frame = try open(turned).still(at: 0, width: info.shownSize.width, height: info.shownSize.height)
        for (x, y) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let px = Int(Double(frame.width) * x), py = Int(Double(frame.height) * y)
            // ffmpeg's grey is full range; the decoder's luma is limited (16…235).
            let expected = Int(upright[py * frame.width + px]), seen = (Int(frame.luma(x: px, y: py)) - 16) * 255 / 219
            #expect(abs(expected - seen) <= 6, "at (\(px), \(py)) of the turned picture: ffmpeg shows \(expected), the decoder \(seen)")
        }
        // Drawn at an odd size (a rectangle fitted to a screen may be), the picture is turned whole.
        let odd = try open(turned).still(at: 0, width: info.shownSize.width - 1, height: info.shownSize.height - 1)
        for (x, y) in [(0.25, 0.25), (0.75, 0.75)] {
            let px = Int(Double(odd.width) * x), py = Int(Double(odd.height) * y)
            let expected = Int(upright[Int(Double(frame.height) * y) * frame.width + Int(Double(frame.width) * x)])
            #expect(abs(expected - (Int(odd.luma(x: px, y: py)) - 16) * 255 / 219) <= 6, "at (\(px), \(py)) of the odd-sized picture")
        }
        // The chroma planes are turned with the luma: a grey picture stays grey everywhere.
        let chroma = (0..<((frame.height + 1) / 2)).flatMap { y in (0..<((frame.width + 1) / 2)).map { x in frame.planes.u[y * frame.chromaPitch + x] } }
        #expect(chroma.allSatisfy { abs(Int($0) - 128) <= 2 })
    }

    /// How a display matrix is read: quarter turns within a degree, as `ffmpeg` turns them;
    /// other angles not at all (45° read as a quarter turn made a landscape clip portrait);
    /// a mirror read for its turn alone (a mirror on its own read whole is a half turn, and
    /// showed the clip upside down).
    @Test func aDisplayMatrixIsReadForItsQuarterTurn() {
        // FFmpeg's own matrix for a clockwise turn (`av_display_rotation_set`), mirrored if asked.
        func turn(clockwise angle: Double, hflip: Bool = false, vflip: Bool = false) -> Int {
            var matrix = [Int32](repeating: 0, count: 9)
            av_display_rotation_set(&matrix, angle)
            if hflip || vflip { av_display_matrix_flip(&matrix, hflip ? 1 : 0, vflip ? 1 : 0) }
            return Int(mk_matrix_clockwise_turn(matrix))
        }
        #expect(turn(clockwise: 0) == 0)
        #expect(turn(clockwise: 90) == 90)
        #expect(turn(clockwise: -90) == 270)
        #expect(turn(clockwise: 180) == 180)
        #expect(turn(clockwise: 270) == 270)
        #expect(turn(clockwise: 89.6) == 90)
        #expect(turn(clockwise: 45) == 0)
        #expect(turn(clockwise: -135) == 0)
        #expect(turn(clockwise: 0, hflip: true) == 0)
        #expect(turn(clockwise: 90, hflip: true) == 90)
        #expect(turn(clockwise: 0, vflip: true) == 180, "a picture upside down and mirrored: turned the right way up, left mirrored")
    }

    /// The turn itself, byte for byte, at sizes that are and are not whole 8 × 8 blocks (the
    /// fast path moves words, the edges go a byte at a time) and with pitches wider than rows.
    @Test(arguments: [90, 180, 270])
    func aPlaneIsTurnedByteForByte(clockwise: Int) {
        var generator = SystemRandomNumberGenerator()
        for (width, height) in [(1, 1), (8, 8), (9, 7), (16, 24), (63, 65), (72, 130), (127, 9)] {
            let quarter = clockwise != 180
            let sourcePitch = width + 5, targetPitch = (quarter ? height : width) + 3, targetRows = quarter ? width : height
            let source = (0..<(sourcePitch * height)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var target = [UInt8](repeating: 0, count: targetPitch * targetRows)
            mk_turn_plane(source, Int32(sourcePitch), Int32(width), Int32(height), &target, Int32(targetPitch), Int32(clockwise))
            var wrong = 0
            for y in 0..<height {
                for x in 0..<width {
                    let (tx, ty) = clockwise == 90 ? (height - 1 - y, x) : clockwise == 270 ? (y, width - 1 - x) : (width - 1 - x, height - 1 - y)
                    if target[ty * targetPitch + tx] != source[y * sourcePitch + x] { wrong += 1 }
                }
            }
            #expect(wrong == 0, "\(width)×\(height) turned \(clockwise)°: \(wrong) bytes out of place")
        }
    }

    @Test func decodesEveryPictureInOrder() throws {
        let folder = try TestClip.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let decoder = try open(try TestClip.make("ramp.mp4", in: folder))
        let frame = VideoFrame(width: 160, height: 120)
        var numbers: [Int] = []
        while try decoder.next(into: frame) { numbers.append(frameNumber(frame)) }
        #expect(numbers == Array(0..<60))
    }
}
