import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX
import MachinakaRecords
import MachinakaRender
import MachinakaSystem

/// The display power schedule: off outside the hours (black, then the driver on a queue of its
/// own), on for an alert or the opening hour.
extension Player {
    /// Whether the schedule has the display on at `now`, and until when it stays so.
    func power(_ schedule: PowerSchedule, _ program: Program, at now: Date) -> (on: Bool, until: Date?) {
        // No change within the schedule's horizon (a long closure): asked again within the hour.
        if let state = powerState, state.version == program.version, state.screen == program.screen.id, now >= state.from,
            now < (state.until ?? state.from.addingTimeInterval(3600))
        {
            return (state.on, state.until)
        }
        let extra = schedule.extraSpans(program.feed, screen: program.screen)
        let on = schedule.isOn(at: now, zone: program.screen.zone, extra: extra)
        let until = schedule.nextChange(after: now, zone: program.screen.zone, extra: extra)
        powerState = (program.version, program.screen.id, now, on, until)
        return (on, until)
    }

    // MARK: - Display power

    /// Off by schedule: the driver turns the display off (or the player draws black once), the
    /// off period is recorded like a showing, and the loop sleeps until the schedule turns it
    /// on — still telling the watchdog it is alive and keeping the metrics fresh, so sleep is
    /// never mistaken for a hang.
    func sleepDisplay(_ schedule: PowerSchedule, program: Program, state: (feed: Feed, version: Int), now: Date) -> Date {
        let until = power(schedule, program, at: now).until
        if displayOff == nil {
            finishShowing(at: now, cutShort: false)
            // Black first, whatever the driver: the screen is dark at once, and stays dark if
            // the driver fails (said in the log). The driver runs on a queue of its own: a
            // program that hangs (up to its 15 s) never holds the loop — nor an alert after it.
            try? display.show(Scene(width: display.size.width, height: display.size.height, background: RGBA(0, 0, 0)), transition: nil)
            tellDisplay(on: false, schedule: schedule, saying: "Display off by schedule", until: until)
            displayOff = (now, until)
            onScreen = ("power|off|\(now.timeIntervalSince1970)", Play(screen: program.screen.id, kind: "display-off", source: "power:schedule",
                                                                       title: "画面オフ（営業時間外）", start: now, end: now, cutShort: false), until ?? .distantFuture)
            onScreenDrawnWhole = true
            // Whatever comes next is drawn whole.
            shown = nil
            base = nil
            baseKey = nil
            fade = nil
            updateOffStatus(program: program, state: state, now: now)
        }
        powerAsserted = nil
        // Inputs that fail overnight are said overnight, not at opening.
        let (changed, inputsAlive) = checkInputs(now: now)
        if changed { updateOffStatus(program: program, state: state, now: now) }
        feedWatchdog(now: now, inputsAlive: inputsAlive)
        if let metrics, now >= metricsDue { metricsDue = planMetrics(metrics, metricsReading(program: program, state: state, alerts: [], kind: "display-off", source: "power:schedule"), now: now) }
        var deadline = min(until ?? .distantFuture, now.addingTimeInterval((notifier?.watchdogInterval ?? 60) / 2))
        if metrics != nil { deadline = min(deadline, max(metricsDue, now.addingTimeInterval(0.001))) }
        return deadline
    }

    /// On again: the driver turns the display on, the off period is recorded, and the next
    /// frame is drawn whole.
    func wakeDisplay(because reason: String, now: Date) {
        guard let off = displayOff else { return }
        // The frame is drawn on this very turn; the display comes on as fast as its driver can
        // (a CEC television takes seconds), never holding the alert's frame back.
        tellDisplay(on: true, schedule: program?.screen.power, saying: "Display on (\(reason))")
        logger.notice("Display on: \(reason) (off since \(off.since.formatted(.iso8601))).")
        finishShowing(at: now, cutShort: false)
        displayOff = nil
        display.refreshSize()
        shown = nil
    }

    /// Tells the display, on the power queue, to be on or off, with the schedule's driver
    /// (found there once and kept while the schedule is the same).
    func tellDisplay(on: Bool, schedule: PowerSchedule?, saying what: String, until: Date? = nil) {
        let logger = self.logger, resolve = powerDriver, cache = resolvedDriver
        powerQueue.async {
            guard let (driver, note) = cache.driver(for: schedule, resolve) else { return }
            if !on { logger.notice("\(what) (\(note)) until \(until?.formatted(.iso8601) ?? "further notice").") }
            do {
                try on ? driver.on() : driver.off()
            } catch {
                logger.error("\(what): \(driver.name) failed (\(error)); \(on ? "the screen is drawn all the same" : "the screen shows black instead").")
            }
        }
    }
}

/// The power driver of the schedule last asked for, kept while the schedule is the same: used on
/// the player's power queue only.
final class ResolvedDriver: @unchecked Sendable {
    private var kept: (schedule: PowerSchedule, driver: any PowerDriver, note: String)?

    /// The driver for `schedule` (the last one's when the screen no longer has a schedule).
    func driver(for schedule: PowerSchedule?, _ resolve: (PowerSchedule) -> (driver: any PowerDriver, note: String)) -> (any PowerDriver, String)? {
        guard let schedule else { return kept.map { ($0.driver, $0.note) } }
        if let kept, kept.schedule == schedule { return (kept.driver, kept.note) }
        let (driver, note) = resolve(schedule)
        kept = (schedule, driver, note)
        return (driver, note)
    }
}
