import MachinakaCore
import Testing

@Suite struct JapaneseHolidaysTests {
    /// 2026's holidays as the Cabinet Office publishes them, 振替休日 and 国民の休日 included.
    @Test func twentyTwentySix() {
        let expected: Set<String> = ["2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29", "2026-05-03",
                                     "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11", "2026-09-21", "2026-09-22",
                                     "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23"]
        #expect(Set(JapaneseHolidays.holidays(in: 2026).map(\.description)) == expected)
    }

    @Test func twentyTwentySeven() {
        let holidays = Set(JapaneseHolidays.holidays(in: 2027).map(\.description))
        // 2/11 Thu; 3/21 春分 is a Sunday, so 3/22 is off; 11/23 Tue.
        #expect(holidays.isSuperset(of: ["2027-01-01", "2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22", "2027-09-20", "2027-09-23", "2027-10-11"]))
        #expect(!holidays.contains("2027-09-22"), "no 国民の休日 when the two holidays are not a day apart")
    }

    @Test func weekdaysAndDayArithmetic() {
        #expect(JapaneseHolidays.weekday(DayDate(year: 2026, month: 12, day: 6)) == 0, "a Sunday")
        #expect(JapaneseHolidays.weekday(DayDate(year: 2026, month: 12, day: 5)) == 6, "a Saturday")
        #expect(DayDate(year: 2026, month: 12, day: 31).adding(days: 1) == DayDate(year: 2027, month: 1, day: 1))
        #expect(DayDate(year: 2028, month: 2, day: 28).adding(days: 1) == DayDate(year: 2028, month: 2, day: 29))
        #expect(DayDate(year: 2027, month: 3, day: 1).adding(days: -1) == DayDate(year: 2027, month: 2, day: 28))
    }
}
