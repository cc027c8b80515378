import Foundation
import MachinakaCore
import Testing

/// The day start the ticker asks for every frame, kept between asks, stays right across
/// midnight and between zones.
@Suite struct StartOfDayTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theKeptDayIsLeftAtMidnightAndForAnotherZone() {
        let lateEvening = instant("2026-12-01T14:59:59Z")  // 23:59:59 in Tokyo
        #expect(FeedTime.startOfDay(for: lateEvening, in: tokyo) == instant("2026-11-30T15:00:00Z"))
        #expect(FeedTime.startOfDay(for: lateEvening.addingTimeInterval(1), in: tokyo) == instant("2026-12-01T15:00:00Z"))
        #expect(FeedTime.startOfDay(for: lateEvening.addingTimeInterval(1), in: berlin) == instant("2026-11-30T23:00:00Z"))
        // Berlin's clocks go back on 2026-10-25: that day is 25 hours long.
        #expect(FeedTime.startOfDay(for: instant("2026-10-25T22:30:00Z"), in: berlin) == instant("2026-10-24T22:00:00Z"))
        #expect(FeedTime.startOfDay(for: instant("2026-10-25T23:00:00Z"), in: berlin) == instant("2026-10-25T23:00:00Z"))
        for offset in stride(from: 0.0, to: 86_400 * 3, by: 3_700) {
            let when = lateEvening.addingTimeInterval(offset)
            #expect(FeedTime.startOfDay(for: when, in: tokyo) == FeedTime.calendar(in: tokyo).startOfDay(for: when))
        }
    }
}
