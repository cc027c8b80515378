import Foundation
@testable import MachinakaCore
import Testing
import Yams

/// The building's day: opening hours by kind of day, holidays, closed dates, margins.
@Suite struct PowerScheduleTests {
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    /// A city-hall lobby: weekdays 8:30–17:15, closed at weekends, on holidays and over 年末年始.
    static func cityHall() throws -> PowerSchedule {
        try YAMLDecoder().decode(PowerSchedule.self, from: """
            open: {weekdays: "08:30-17:15", saturday: closed, sunday: closed, holidays: closed}
            closed_dates: [2026-12-29, 2026-12-30, 2026-12-31, 2027-01-01, 2027-01-02, 2027-01-03]
            on_early: 15m
            off_late: 10m
            """)
    }

    static func at(_ text: String) -> Date { FeedTime.parseInstant(text)! }

    @Test func aWeekWithAHolidayFollowsTheCalendar() throws {
        let power = try Self.cityHall()
        let on: (String) -> Bool = { power.isOn(at: Self.at($0), zone: Self.tokyo) }
        // Friday 2026-11-20: on from 08:15 (15 minutes early) to 17:25 (10 minutes late).
        #expect(!on("2026-11-20T08:14:59+09:00") && on("2026-11-20T08:15:00+09:00") && on("2026-11-20T17:24:59+09:00") && !on("2026-11-20T17:25:00+09:00"))
        // Saturday and Sunday: closed all day.
        #expect(!on("2026-11-21T12:00:00+09:00") && !on("2026-11-22T12:00:00+09:00"))
        // Monday 2026-11-23 is 勤労感謝の日, a public holiday: closed.
        #expect(!on("2026-11-23T12:00:00+09:00"))
        #expect(on("2026-11-24T12:00:00+09:00"), "Tuesday: open")
        // 年末年始: 2026-12-29 (Tuesday) is closed; 2027-01-04 (Monday) opens again.
        #expect(!on("2026-12-29T12:00:00+09:00") && on("2027-01-04T09:00:00+09:00"))
        // The next change: from Friday evening to Tuesday morning across the weekend and the holiday.
        #expect(power.nextChange(after: Self.at("2026-11-20T18:00:00+09:00"), zone: Self.tokyo) == Self.at("2026-11-24T08:15:00+09:00"))
        #expect(power.nextChange(after: Self.at("2026-11-24T08:15:00+09:00"), zone: Self.tokyo) == Self.at("2026-11-24T17:25:00+09:00"))
    }

    @Test func hoursPastMidnightAndAlwaysOn() throws {
        let late = try YAMLDecoder().decode(PowerSchedule.self, from: #"{open: {weekdays: "18:00-02:00", saturday: always, sunday: closed, holidays: closed}, on_early: 0s, off_late: 0s}"#)
        // Thursday 23:00 and Friday 01:59 (Thursday's evening running on) are on; Friday 02:00 off.
        #expect(late.isOn(at: Self.at("2026-11-19T23:00:00+09:00"), zone: Self.tokyo))
        #expect(late.isOn(at: Self.at("2026-11-20T01:59:00+09:00"), zone: Self.tokyo))
        #expect(!late.isOn(at: Self.at("2026-11-20T02:00:00+09:00"), zone: Self.tokyo))
        #expect(late.isOn(at: Self.at("2026-11-21T04:00:00+09:00"), zone: Self.tokyo), "Saturday: always")
        let always = PowerSchedule()
        #expect(always.isAlwaysOn && always.nextChange(after: Date(), zone: Self.tokyo) == nil)
    }

    @Test func settingsDecodeWithADefaultForEveryKeyAndSayWhatIsWrong() throws {
        let defaults = try YAMLDecoder().decode(PowerSchedule.self, from: "{}")
        #expect(defaults == PowerSchedule() && defaults.driver == "auto" && defaults.onEarly == 600 && defaults.offLate == 600)
        let command = try YAMLDecoder().decode(PowerSchedule.self, from: #"{driver: command, command: {off: "vcgencmd display_power 0", on: "vcgencmd display_power 1"}}"#)
        #expect(command.offCommand == "vcgencmd display_power 0" && command.onCommand == "vcgencmd display_power 1")
        #expect(PowerSchedule.knownKeys == ["open", "closed_dates", "on_early", "off_late", "driver", "command"])
        for (bad, said) in [(#"{open: {weekdays: "9-5"}}"#, "opening hours"), ("{closed_dates: [12/29]}", "not a date"), ("{driver: hdmi}", "not a power driver"),
                            ("{driver: command}", "needs command"), ("{on_early: 5h}", "outside the allowed range")] {
            do {
                _ = try YAMLDecoder().decode(PowerSchedule.self, from: bad)
                Issue.record("\(bad) was accepted")
            } catch let DecodingError.dataCorrupted(context) {
                #expect(context.debugDescription.contains(said), "\(bad): \(context.debugDescription)")
            }
        }
        let screen = try YAMLDecoder().decode(ScreenConfig.self, from: "power: {open: {sunday: closed}}")
        #expect(screen.power?.sunday == nil && screen.power?.weekdays == 0..<1440)
    }
}
