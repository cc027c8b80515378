import Foundation
import MachinakaCore
@testable import MachinakaRender
import Testing

extension RenderTests {
    /// How much of a poster with transparent parts stands out from a ground, judged on a
    /// sample copied out of the decoded image (not a converted copy of all of it).
    @Suite struct ImageVerifierTests {
        /// Makes a PNG with Debian's `ffmpeg`: a white square on a transparent field, as
        /// `pixelFormat` (`rgba`, or `pal8`: a palette with a transparent colour).
        static func whiteSquare(_ pixelFormat: String, size: Int) throws -> String {
            let path = NSTemporaryDirectory() + "machinaka-verifier-\(UUID().uuidString).png"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            // Opaque white inside the middle quarter, transparent around it; `pal8` through a
            // palette made with one transparent entry (PNG's tRNS chunk).
            let square = "geq=r=255:g=255:b=255:a='if(between(X,W/4,3*W/4-1)*between(Y,H/4,3*H/4-1),255,0)'"
            let filter = pixelFormat == "pal8" ? square + ",split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128" : square
            process.arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=\(size)x\(size):d=0.1,format=rgba",
                                 "-filter_complex", filter, "-frames:v", "1", path]
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "ffmpeg made the test image")
            return path
        }

        @Test(arguments: ["rgba", "pal8"], [64, 1500])
        func lightArtworkVanishesOnWhiteAndStandsOutOnDark(pixelFormat: String, size: Int) throws {
            let path = try Self.whiteSquare(pixelFormat, size: size)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let onWhite = try #require(ImageVerifier.visibleShare(of: path, on: RGBA(255, 255, 255)), "the image has transparent parts")
            let onDark = try #require(ImageVerifier.visibleShare(of: path, on: RGBA(20, 20, 30)))
            #expect(onWhite < ArtworkGround.vanishing)
            #expect(onDark > 0.99)
        }
    }
}
