/// Japan's public holidays (国民の祝日), from the rules of the Act on National Holidays as they
/// stand since 2020: fixed dates, the Mondays of 成人の日, 海の日, 敬老の日 and スポーツの日,
/// the equinoxes by the National Astronomical Observatory's approximation (valid 1980–2099),
/// 振替休日 (a holiday on a Sunday moves to the next weekday that is not one) and 国民の休日 (a
/// day between two holidays). Calendars print these days in red, as the events board does.
///
/// The one-off changes of 2019–2021 (the enthronement, the Olympics) are not modelled: the
/// board shows events from now on.
public enum JapaneseHolidays {
    /// Whether `day` is a public holiday.
    public static func isHoliday(_ day: DayDate) -> Bool {
        holidays(in: day.year).contains(day)
    }

    /// Every holiday of `year`.
    public static func holidays(in year: Int) -> Set<DayDate> {
        var days = Set<DayDate>()
        func add(_ month: Int, _ day: Int) { days.insert(DayDate(year: year, month: month, day: day)) }
        add(1, 1)
        add(2, 11)
        if year >= 2020 { add(2, 23) }
        add(3, vernalEquinox(year))
        add(4, 29)
        add(5, 3)
        add(5, 4)
        add(5, 5)
        if year >= 2016 { add(8, 11) }
        add(9, autumnalEquinox(year))
        add(11, 3)
        add(11, 23)
        add(1, nthMonday(2, month: 1, year: year))
        add(7, nthMonday(3, month: 7, year: year))
        add(9, nthMonday(3, month: 9, year: year))
        add(10, nthMonday(2, month: 10, year: year))
        // 国民の休日: a weekday between two holidays.
        for day in days {
            let next = day.adding(days: 1), after = day.adding(days: 2)
            if days.contains(after), !days.contains(next), weekday(next) != 0 { days.insert(next) }
        }
        // 振替休日: a holiday on a Sunday gives the next day that is not a holiday.
        for day in days.sorted() where weekday(day) == 0 {
            var substitute = day.adding(days: 1)
            while days.contains(substitute) { substitute = substitute.adding(days: 1) }
            days.insert(substitute)
        }
        return days
    }

    /// 0 for Sunday … 6 for Saturday (Zeller's congruence: no calendar object needed).
    public static func weekday(_ day: DayDate) -> Int {
        var y = day.year, m = day.month
        if m < 3 {
            m += 12
            y -= 1
        }
        let h = (day.day + (13 * (m + 1)) / 5 + y + y / 4 - y / 100 + y / 400) % 7
        return (h + 6) % 7
    }

    private static func nthMonday(_ n: Int, month: Int, year: Int) -> Int {
        let first = weekday(DayDate(year: year, month: month, day: 1))
        let firstMonday = 1 + (8 - first) % 7
        return firstMonday + 7 * (n - 1)
    }

    private static func vernalEquinox(_ year: Int) -> Int {
        Int(20.8431 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }

    private static func autumnalEquinox(_ year: Int) -> Int {
        Int(23.2488 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }
}

extension DayDate {
    /// The day `count` days later (or earlier), by the Gregorian calendar.
    public func adding(days count: Int) -> DayDate {
        // Days since 1 March of year 0, then back (the usual civil-from-days conversion).
        func toDays(_ d: DayDate) -> Int {
            let y = d.month <= 2 ? d.year - 1 : d.year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe
        }
        let z = toDays(self) + count
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return DayDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}
