import Foundation
import MachinakaCore
import Testing

@Suite struct ClockTextTests {
    let zone = TimeZone(identifier: "Asia/Tokyo")!

    @Test func headerInJapanese() {
        let instant = FeedTime.parseInstant("2026-11-25T09:05")!
        #expect(ClockText.header(instant, zone: zone) == "2026年11月25日（水） 9:05")
    }

    @Test func eventSpans() {
        let start = FeedTime.parseInstant("2026-12-06T10:00")!, end = FeedTime.parseInstant("2026-12-06T12:00")!
        #expect(ClockText.span(from: start, to: end, zone: zone, allDay: false) == "12月6日（日） 10:00〜12:00")
        let dayStart = FeedTime.parseInstant("2026-12-19")!, dayEnd = FeedTime.parseInstant("2026-12-21")!
        #expect(ClockText.span(from: dayStart, to: dayEnd, zone: zone, allDay: true) == "12月19日（土）〜12月20日（日）")
        #expect(ClockText.span(from: dayStart, to: FeedTime.parseInstant("2026-12-20")!, zone: zone, allDay: true) == "12月19日（土）")
    }

    /// Yesterday's 10:15, read at 10:04 as "last update 10:15", looked like a time to come.
    @Test func anUpdateOnAnotherDayIsSaidWithItsDay() {
        let updated = FeedTime.parseInstant("2026-12-06T10:15")!
        #expect(ClockText.stamp(updated, seenAt: FeedTime.parseInstant("2026-12-06T23:59")!, zone: zone) == ("10:15", "10:15"))
        #expect(ClockText.stamp(updated, seenAt: FeedTime.parseInstant("2026-12-07T10:04")!, zone: zone) == ("12月6日 10:15", "6 Dec 10:15"))
        #expect(ClockText.stampChanges(updated, zone: zone) == FeedTime.parseInstant("2026-12-07T00:00")!)
    }

    @Test func nextChangeIsTheNextMinute() {
        let instant = FeedTime.parseInstant("2026-11-25T09:05:42")!
        #expect(ClockText.nextChange(after: instant, zone: zone) == FeedTime.parseInstant("2026-11-25T09:06")!)
    }
}
