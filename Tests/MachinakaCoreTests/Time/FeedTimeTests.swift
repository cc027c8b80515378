import Foundation
import MachinakaCore
import Testing

@Suite struct FeedTimeTests {
    @Test func dateOnlyIsLocalMidnightInTokyo() {
        let date = FeedTime.parseInstant("2026-12-28")
        #expect(date == Date(timeIntervalSince1970: 1_798_383_600))  // 2026-12-27T15:00:00Z
    }

    @Test func dateTimeForms() {
        let expected = FeedTime.parseInstant("2026-12-28T17:00")
        #expect(expected != nil)
        #expect(FeedTime.parseInstant("2026-12-28 17:00") == expected)
        #expect(FeedTime.parseInstant("2026-12-28T17:00:00+09:00") == expected)
        #expect(FeedTime.parseInstant("2026-12-28T08:00:00Z") == expected)
        #expect(FeedTime.parseInstant("2026-12-28T03:00-05:00") == expected)
    }

    @Test func screenTimeZoneAppliesToLocalTimes() {
        let utc = TimeZone(identifier: "UTC")!
        let tokyo = FeedTime.parseInstant("2026-12-28T09:00")!
        let london = FeedTime.parseInstant("2026-12-28T09:00", timeZone: utc)!
        #expect(london.timeIntervalSince(tokyo) == 9 * 3600)
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-12-28T24:00", "28/12/2026", "2026-12-28T17", "", "tomorrow", "2026-12-28T17:00+9"])
    func rejectsWhatIsNotADate(_ text: String) {
        #expect(FeedTime.parseInstant(text) == nil)
    }

    @Test func leapDay() {
        #expect(FeedTime.parseInstant("2028-02-29") != nil)
        #expect(FeedTime.parseInstant("2027-02-29") == nil)
    }

    @Test func durations() {
        #expect(FeedTime.parseDuration("12s") == 12)
        #expect(FeedTime.parseDuration("1m30s") == 90)
        #expect(FeedTime.parseDuration("2m") == 120)
        #expect(FeedTime.parseDuration("1h") == 3600)
        #expect(FeedTime.parseDuration("15") == 15)
        #expect(FeedTime.parseDuration("0s") == nil)
        #expect(FeedTime.parseDuration("12 seconds") == nil)
        #expect(FeedTime.parseDuration("s") == nil)
        #expect(FeedTime.parseDuration("5x") == nil)
    }
}
