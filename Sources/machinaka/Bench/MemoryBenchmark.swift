import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// Plays the sample feed's rotation through 100 times off screen (1920×1080, the real fonts,
/// posters and ticker), moving the clock a minute a slide so the header's text keeps changing,
/// and reads this process's resident memory as it goes: it must stay flat however long a
/// kiosk plays.
struct MemoryBenchmark {
    struct Result: Encodable {
        var cycles: Int
        var frames: Int
        var rssAfterFirstCycleMB: Double
        var rssAfterHalfMB: Double
        var rssAfterAllMB: Double
        var peakRSSMB: Double
    }

    let cycles: Int
    let fonts: FontLibrary

    func run() throws -> Result {
        let feed = try FeedLoader().load(from: RepositoryPaths.content)
        guard let screen = feed.screens["city-hall-lobby"] else { throw Failure(.feed, "The sample feed has no city-hall-lobby screen.") }
        let display = try OffscreenDisplay(size: screen.size, fonts: fonts)
        let rotation = Rotation(feed: feed, screen: screen)
        let composer = FrameComposer(screen: screen, measurer: fonts)
        var instant = FeedTime.parseInstant("2026-11-25T09:00")!
        var frames = 0
        var first = 0.0, half = 0.0
        for cycle in 1...cycles {
            for member in rotation.eligible(at: instant) {
                let slot = Slot(item: member.item, start: instant, end: instant.addingTimeInterval(member.duration))
                try display.show(composer.compose(slot: slot, alerts: [], headlines: rotation.headlines(at: instant), at: instant).scene)
                instant = instant.addingTimeInterval(60)
                frames += 1
            }
            if cycle == 1 { first = Self.resident().current }
            if cycle == cycles / 2 { half = Self.resident().current }
        }
        let end = Self.resident()
        return Result(cycles: cycles, frames: frames, rssAfterFirstCycleMB: first, rssAfterHalfMB: half, rssAfterAllMB: end.current, peakRSSMB: end.peak)
    }

    /// VmRSS and VmHWM of this process, in MB.
    static func resident() -> (current: Double, peak: Double) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func value(_ key: String) -> Double {
            status.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { Double($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }.map { $0 / 1024 } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"))
    }
}
