import Foundation
import MachinakaBench
import Testing

/// The player on a real window: an X server (Xvfb) with Mesa's software OpenGL, started here.
/// `auto` must pick SDL's software renderer on it, a forced `gpu` must still play (through
/// llvmpipe), and frames finished by presenting only what changed must leave the X server
/// with exactly what a whole redraw gives.
@Suite(.serialized) final class WindowTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/Xvfb") && FileManager.default.isExecutableFile(atPath: "/usr/bin/xwd")
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-window-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    private func status(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// The image bytes of an XWD file (its header and colour map skipped).
    private func pixels(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func field(_ index: Int) -> Int { data[(index * 4)..<(index * 4 + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let headerSize = field(0), colours = field(19)
        return data.subdata(in: (headerSize + colours * 12)..<data.count)
    }

    @Test(.enabled(if: available)) func autoPicksSoftwareOnMesaAndAForcedGPUStillPlays() throws {
        let server = try XServer.start()
        defer { server.stop() }
        for (choice, expected) in [("auto", "software (no GPU render node in /dev/dri)"), ("gpu", "gpu (asked for with --renderer gpu: llvmpipe")] {
            let statusPath = temporary + "/status-\(choice).json"
            let (process, _, _) = try CommandRunner.start(["play", "--output", "window", "--renderer", choice, "--screen", "city-hall-lobby", "--status", statusPath],
                                                          environment: ["DISPLAY": server.display, "SDL_VIDEODRIVER": "x11"])
            let deadline = Date().addingTimeInterval(60)
            while status(statusPath) == nil, Date() < deadline { usleep(50_000) }
            // The ticker runs a second: the loop keeps presenting on this renderer.
            Thread.sleep(forTimeInterval: 1)
            #expect(process.isRunning, "\(choice) still playing")
            process.terminate()
            process.waitUntilExit()
            let renderer = status(statusPath)?["renderer"] as? String ?? ""
            #expect(renderer.hasPrefix(expected) || (choice == "auto" && renderer.hasPrefix("software")), "\(choice): \(renderer)")
            #expect((status(statusPath)?["frames_presented"] as? Int ?? 0) >= 1, "\(choice) presented a frame")
            #expect(process.terminationStatus == 0)
        }
    }

    @Test(.enabled(if: available), arguments: ["software", "gpu"])
    func framesOfOnlyWhatChangedEqualAWholeRedraw(renderer: String) throws {
        let server = try XServer.start()
        defer { server.stop() }
        let start = temporary + "/\(renderer)-start.xwd", before = temporary + "/\(renderer)-before.xwd", after = temporary + "/\(renderer)-after.xwd"
        let result = try CommandRunner.run(["bench", "window-check", "--renderer", renderer, "--screen", "city-hall-lobby", "--frames", "40",
                                            "--start", start, "--before", before, "--after", after],
                                           environment: ["DISPLAY": server.display, "SDL_VIDEODRIVER": "x11"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        if renderer == "software" {
            #expect(report["stripPresents"] as? Int == 40, "every ticker step sent only its strip: \(report)")
        } else {
            #expect(report["wholeFramesDuringTicker"] as? Int == 0, "no ticker step redrew the whole frame: \(report)")
        }
        #expect(try pixels(start) != pixels(before), "the ticker moved on the X server")
        #expect(try pixels(before) == pixels(after), "after 40 steps the X server shows what a whole redraw shows")
    }
}
