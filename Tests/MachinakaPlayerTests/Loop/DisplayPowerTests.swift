import Foundation
import Logging
import MachinakaCore
@testable import MachinakaPlayer
import MachinakaSystem
import Testing

/// The player on a manual clock over a building's day: dark and idle when closed, woken at
/// once by an alert, asleep again when the alert ends.
@Suite struct DisplayPowerTests {
    /// The hardware drivers (DPMS, CEC) cannot be had here: a driver that records what it was told.
    final class RecordingDriver: PowerDriver, @unchecked Sendable {
        let lock = NSLock()
        var said: [String] = []
        var name: String { "recording" }
        var blanks: Bool { false }
        func off() throws { lock.lock(); said.append("off"); lock.unlock() }
        func on() throws { lock.lock(); said.append("on"); lock.unlock() }
    }

    /// The harness's feed on a lobby open 09:00–17:00 every day (no margins).
    static func feed() -> Feed {
        var feed = LoopHarness.feed(["お知らせ"])
        var power = PowerSchedule()
        power.weekdays = 540..<1020
        power.saturday = 540..<1020
        power.sunday = 540..<1020
        power.holidays = 540..<1020
        power.onEarly = 0
        power.offLate = 0
        feed.screens["lobby"]?.power = power
        return feed
    }

    @Test func closedIsDarkAndIdleAnAlertWakesItAndItSleepsAgain() throws {
        let base = Self.feed()
        let source = FixedFeed(base)
        let (player, clock, waiter, display) = try LoopHarness.player(source)
        let driver = RecordingDriver()
        player.powerDriver = { _ in (driver, "recorded") }
        // t0 is 10:00: open. Closing at 17:00.
        try player.step()
        player.waitForPowerDriver()
        #expect(!player.isDisplayOff && display.frames.count == 1)
        // A restart in opening hours tells the display to be on: an earlier run may have left it off.
        #expect(driver.said == ["on"])
        clock.set(LoopHarness.t0.addingTimeInterval(7 * 3600))
        let deadline = try #require(try player.step())
        player.waitForPowerDriver()
        #expect(player.isDisplayOff && driver.said == ["on", "off"])
        // Asleep: the loop turns only for the watchdog, the metrics or the opening, and draws nothing.
        #expect(deadline > clock.now())
        // An alert that comes into force later wakes the loop on its second, not at a watchdog turn.
        let later = clock.now().addingTimeInterval(7)
        var scheduled = base
        var pending = LoopHarness.alert("P1", from: clock.now(), until: later.addingTimeInterval(60))
        pending.message.infos[0].effective = later
        scheduled.alerts = [pending]
        source.replace(with: scheduled)
        #expect(try player.step() == later)
        source.replace(with: base)
        try player.step()
        // One black frame, then nothing.
        #expect(display.frames.last?.scene.nodes.isEmpty == true)
        let framesWhenOff = display.frames.count
        for minute in 1...30 {
            clock.set(LoopHarness.t0.addingTimeInterval(7 * 3600 + Double(minute) * 60))
            try player.step()
        }
        #expect(display.frames.count == framesWhenOff, "nothing drawn while off")
        // 17:31 an alert arrives: on at once, the alert drawn on that very turn.
        let alertAt = clock.now()
        var withAlert = base
        withAlert.alerts = [LoopHarness.alert("A1", from: alertAt, until: alertAt.addingTimeInterval(600))]
        source.replace(with: withAlert)
        try player.step()
        player.waitForPowerDriver()
        #expect(!player.isDisplayOff && driver.said == ["on", "off", "on"])
        #expect(display.frames.last?.at == alertAt && display.texts(at: alertAt).contains { $0.contains("避難指示") })
        // The alert expires at 17:41: off again.
        clock.set(alertAt.addingTimeInterval(601))
        try player.step()
        player.waitForPowerDriver()
        #expect(player.isDisplayOff && driver.said == ["on", "off", "on", "off"])
        // 09:00 the next day: on, and the rotation plays.
        clock.set(LoopHarness.t0.addingTimeInterval(23 * 3600))
        try player.step()
        player.waitForPowerDriver()
        #expect(!player.isDisplayOff && driver.said.last == "on")
        #expect(display.texts(at: clock.now()).contains("お知らせ"))
        _ = waiter
    }

    /// A display that takes its time coming on (a television over CEC): held at a gate.
    final class HeldDriver: PowerDriver, @unchecked Sendable {
        let gate = HoldGate()
        var name: String { "held" }
        var blanks: Bool { false }
        func off() throws {}
        func on() throws { gate.pass() }
    }

    @Test func anAlertIsDrawnWhileTheDisplayIsStillComingOn() throws {
        let base = Self.feed()
        let source = FixedFeed(base)
        let (player, clock, _, display) = try LoopHarness.player(source)
        let driver = HeldDriver()
        player.powerDriver = { _ in (driver, "held") }
        clock.set(LoopHarness.t0.addingTimeInterval(8 * 3600))
        try player.step()
        player.waitForPowerDriver()
        #expect(player.isDisplayOff)
        let alertAt = clock.now()
        var withAlert = base
        withAlert.alerts = [LoopHarness.alert("A1", from: alertAt, until: alertAt.addingTimeInterval(600))]
        source.replace(with: withAlert)
        // The driver's on() is held: the alert's frame is drawn all the same, on this turn.
        try player.step()
        #expect(display.frames.last?.at == alertAt && display.texts(at: alertAt).contains { $0.contains("避難指示") })
        #expect(driver.gate.waitUntilHeld(), "the display was told to come on")
        driver.gate.open()
        player.waitForPowerDriver()
        #expect(!driver.gate.timedOut)
    }

    @Test func theCommandDriverRunsTheScreensCommands() throws {
        let folder = NSTemporaryDirectory() + "machinaka-power-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var schedule = PowerSchedule()
        schedule.driver = "command"
        schedule.offCommand = "echo off >> '\(folder)/said'"
        schedule.onCommand = "echo on >> '\(folder)/said'"
        let (driver, note) = PowerDrivers.driver(for: schedule)
        #expect(driver.name == "command" && note == "the screen's commands")
        try driver.off()
        try driver.on()
        #expect(try String(contentsOfFile: folder + "/said", encoding: .utf8) == "off\non\n")
        let failing = CommandDriver(off: "echo 'no such display' >&2; exit 3", on: "true")
        #expect { try failing.off() } throws: { "\($0)".contains("failed (3): no such display") }
    }

    @Test func autoTakesWhatTheMachineHasAndSaysWhyItDrawsBlack() {
        var schedule = PowerSchedule()
        let bare = PowerDrivers.Machine(display: nil, cecDevice: nil, cecControl: nil, dpms: false)
        #expect(PowerDrivers.driver(for: schedule, on: bare).driver.name == "blank")
        #expect(PowerDrivers.driver(for: schedule, on: bare).note.contains("no X DPMS, no CEC device"))
        let cec = PowerDrivers.Machine(display: nil, cecDevice: "/dev/cec0", cecControl: "/usr/bin/cec-ctl", dpms: false)
        #expect(PowerDrivers.driver(for: schedule, on: cec).driver.name == "cec")
        schedule.driver = "dpms"
        // Xvfb, the X server tests can start, has no DPMS extension.
        let xvfb = PowerDrivers.Machine(display: ":99", cecDevice: nil, cecControl: nil, dpms: false)
        let chosen = PowerDrivers.driver(for: schedule, on: xvfb)
        #expect(chosen.driver.name == "blank" && chosen.note.contains("the X server has no DPMS extension"))
    }
}
