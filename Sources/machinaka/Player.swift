import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// The frame loop: asks the core what to show, draws it when it changed, and sleeps until the
/// next deadline (the slide's end or the clock's next minute) or an event.
final class Player {
    private let feed: Feed
    private let screen: ScreenConfig
    private let display: Display
    private let fonts: FontLibrary
    private let pump: EventPump
    private let clock: any MachinakaCore.Clock
    private let frameFile: String?
    private let logger: Logger

    init(feed: Feed, screen: ScreenConfig, display: Display, fonts: FontLibrary, pump: EventPump,
         clock: any MachinakaCore.Clock, frameFile: String?, logger: Logger) {
        self.feed = feed
        self.screen = screen
        self.display = display
        self.fonts = fonts
        self.pump = pump
        self.clock = clock
        self.frameFile = frameFile
        self.logger = logger
    }

    func run() throws {
        for diagnostic in feed.diagnostics {
            logger.warning("\(diagnostic)")
        }
        let rotation = Rotation(feed: feed, screen: screen)
        logger.info("Playing \(rotation.members.count) items on screen '\(screen.id)' (\(display.size)).")
        var shown: Scene? = nil
        var current: Slot? = nil
        while true {
            let now = clock.now()
            let slot = rotation.slot(at: now)
            if slot != current {
                logger.info("Now showing \(slot.kind.rawValue) \(slot.item?.source ?? "(fallback)") until \(ISO8601DateFormatter().string(from: slot.end))")
                current = slot
            }
            let composer = SlideComposer(screen: screen, size: display.size, measurer: fonts)
            let scene = composer.compose(slot, at: now).scene
            if scene != shown {
                try display.show(scene)
                shown = scene
                if let frameFile { writeFrame(to: frameFile) }
            }
            let deadline = min(slot.end, ClockText.nextChange(after: now, zone: screen.zone))
            let wait = Int((deadline.timeIntervalSince(clock.now()) * 1000).rounded(.up))
            switch pump.wait(milliseconds: max(1, wait)) {
            case .quit:
                logger.info("Stopping.")
                return
            case .redraw:
                if let window = display as? WindowDisplay { window.refreshSize() }
                shown = nil
            case .timeout, .wake:
                continue
            }
        }
    }

    /// Writes the frame beside its final name and renames it, so a viewer never reads half a PNG.
    private func writeFrame(to path: String) {
        let temporary = path + ".tmp"
        do {
            try display.writePNG(to: temporary)
            _ = rename(temporary, path)
        } catch {
            logger.error("Could not write the frame to \(path): \(error)")
        }
    }
}
