import Foundation
import Logging
import MachinakaCore
@testable import MachinakaPlayer
import MachinakaRender
import Testing

/// Regression (#25): eight clients polling /screenshot.png dropped the ticker from ~60 to ~11
/// frames a second, because each PNG was encoded on the loop. Now the loop only copies pixels,
/// at most about once a second however many ask; the counts here are work, not time.
@Suite(.serialized) struct ScreenshotTests {
    func display() throws -> OffscreenDisplay {
        let display = try OffscreenDisplay(size: PixelSize(width: 640, height: 360), fonts: try LoopHarness.fonts())
        try display.show(Scene(width: 640, height: 360, background: RGBA(0, 90, 160), nodes: [
            .text(TextNode(text: "相模原市", font: FontSpec(role: .body, size: 40), color: RGBA(255, 255, 255), x: 20, y: 20)),
        ]))
        return display
    }

    @Test func manyPollingClientsCostTheLoopAboutOneCopyASecond() throws {
        let display = try display()
        let broker = ScreenshotBroker()
        let answers = Answers()
        let clients = 8, seconds = 2.0
        let group = DispatchGroup()
        let end = Date().addingTimeInterval(seconds)
        for _ in 0..<clients {
            group.enter()
            Thread {
                while Date() < end { answers.add(broker.take()) }
                group.leave()
            }.start()
        }
        // The loop: serves whenever asked, as Player.step does each turn.
        var served = 0
        while group.wait(timeout: .now()) == .timedOut {
            if broker.hasRequests {
                broker.serve(from: display)
                served += 1
            }
            usleep(1000)
        }
        #expect(answers.nils == 0, "every request was answered")
        #expect(answers.count >= clients, "each client got at least one PNG")
        #expect(answers.allPNG)
        // One copy per fresh window (two seconds: two or three), with room for a request that
        // came in just as a window closed; 8 clients asking in a tight loop made thousands.
        #expect(served >= 1 && served <= Int(seconds / ScreenshotBroker.freshFor) + 3, "\(served) copies for \(answers.count) answers")
    }

    @Test func theFrameFileIsWrittenOffTheLoopAndHoldsTheNewestFrame() throws {
        let display = try display()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-frame-\(UUID().uuidString).png").path
        defer { unlink(path) }
        let writer = FrameFileWriter(path: path, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        for shade in 0..<20 {
            try display.show(Scene(width: 640, height: 360, background: RGBA(UInt8(shade * 10), 0, 0), nodes: []))
            writer.write(try display.capture())
        }
        writer.flush()
        let written = try OffscreenDisplay(size: PixelSize(width: 640, height: 360), fonts: try LoopHarness.fonts())
        try written.show(Scene(width: 640, height: 360, background: RGBA(190, 0, 0), nodes: []))
        #expect(try written.differingPixels(fromPNG: path) == 0, "the file holds the last frame handed over")
    }
}

/// Answers collected from several threads.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var pngs: [Data?] = []
    func add(_ png: Data?) { lock.lock(); pngs.append(png); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return pngs.count }
    var nils: Int { lock.lock(); defer { lock.unlock() }; return pngs.filter { $0 == nil }.count }
    var allPNG: Bool { lock.lock(); defer { lock.unlock() }; return pngs.allSatisfy { $0?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true } }
}
