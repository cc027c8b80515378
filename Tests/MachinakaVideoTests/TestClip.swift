import Foundation

/// Clips made at test time with Debian's `ffmpeg`, whose frames tell their own number: frame
/// N's luma is 20 + 3·N (a 2 s, 30 fps clip runs 20 … 197), so a test can read which picture
/// it was given from one pixel.
enum TestClip {
    /// Makes `name` in `folder` and returns its path.
    @discardableResult
    static func make(_ name: String, in folder: String, seconds: Double = 2, fps: Int = 30, size: String = "160x120",
                     codec: [String] = ["-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p"]) throws -> String {
        let path = folder + "/" + name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=\(size):r=\(fps):d=\(seconds)",
                             "-vf", "geq=lum='20+3*N':cb=128:cr=128"] + codec + [path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return path
    }

    /// The frame number a picture's luma shows.
    static func frameNumber(luma: UInt8) -> Int {
        Int(((Double(luma) - 20) / 3).rounded())
    }

    /// Runs Debian's `ffmpeg` with `arguments` (quiet, overwriting); whether it succeeded.
    @discardableResult
    static func ffmpeg(_ arguments: [String]) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A fresh folder for one test.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "machinaka-clip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
