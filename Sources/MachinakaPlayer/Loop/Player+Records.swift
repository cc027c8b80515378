import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX
import MachinakaRecords
import MachinakaRender
import MachinakaSystem

/// The proof of play (each showing recorded when it ends) and what is left out when it cannot
/// be drawn.
extension Player {
    // MARK: - Proof of play

    /// Records the previous showing when what is on screen changes.
    func noteShowing(slot: Slot, alerts: [ActiveAlert], screen: ScreenConfig, now: Date) {
        let play: Play
        let key: String
        let due: Date
        if let lead = alerts.first {
            key = "alert|\(lead.source)"
            play = Play(screen: screen.id, kind: lead.isAllClear ? "all-clear" : "alert", source: lead.source,
                        title: lead.headline, start: now, end: now, cutShort: false)
            due = lead.end
        } else {
            key = "\(slot.kind.rawValue)|\(slot.item?.source ?? "")|\(slot.start.timeIntervalSince1970)"
            play = Play(screen: screen.id, kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item?.title ?? screen.facility,
                        start: now, end: now, cutShort: false)
            due = slot.end
        }
        guard onScreen?.key != key else { return }
        // An item whose time was not up when an alert took the screen was cut short.
        let cut = !alerts.isEmpty && onScreen.map { !$0.play.kind.hasPrefix("alert") && $0.due > now } == true
        finishShowing(at: now, cutShort: cut)
        onScreen = (key, play, due)
        onScreenDrawnWhole = false
    }

    func finishShowing(at now: Date, cutShort: Bool) {
        // A slide whose image never got onto the screen (still decoding all its time, or
        // failing) was not shown: no proof of play for it.
        guard onScreenDrawnWhole else {
            onScreen = nil
            return
        }
        guard var previous = onScreen?.play, let recorder else { return }
        previous.end = now
        previous.cutShort = cutShort
        recorder.record(previous, now: now)
        onScreen = nil
    }

    // MARK: - What could not be drawn

    /// Leaves out what could not be drawn, each reported once; true when the rotation must
    /// be rebuilt without it.
    func leaveOut(_ failures: [DrawFailure], slot: Slot, program: Program, now: Date) -> Bool {
        var changed = false
        for failure in failures {
            if let path = failure.path, path == program.screen.logoPath {
                logger.error("\(program.screen.id): the logo \(path) cannot be drawn (\(failure.reason)); the header is shown without it.")
                brokenLogo = path
                changed = true
                continue
            }
            // Only a failure in the slide's own part is the slide's item's: a line of the panel
            // (a counters.json name) or of the ticker leaves out that line, never the notice
            // beside it (before, it was left out for an hour).
            let item = failure.path.flatMap { path in program.feed.items.first { $0.poster?.path == path || $0.clip?.path == path } } ?? (failure.part == .slide ? slot.item : nil)
            guard let item, item.kind != .board, leftOut[item.source] == nil else {
                // Said once (a ticker piece fails on every frame it is in view).
                if saidFailures.count < 256, saidFailures.insert(failure.description + failure.part.rawValue).inserted {
                    logger.error("Part of the \(failure.part.rawValue) could not be drawn and is left out: \(failure)")
                }
                continue
            }
            logger.error("\(item.source):1:1: error: left out of the rotation for now: \(failure.reason)")
            leftOut[item.source] = LeftOut(item: item, reason: failure.reason, until: now.addingTimeInterval(Self.leftOutFor))
            changed = true
        }
        return changed
    }
}
