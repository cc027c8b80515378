import Foundation

/// The holiday rota of on-duty clinics (休日当番医) from `data/clinics.csv`.
public struct ClinicRota: DataPayload {
    public let clinics: [Clinic]
    /// The days listed, found once when the file is read: asked on every frame and plan.
    public let listedDays: Set<DayDate>

    public init(clinics: [Clinic]) {
        self.clinics = clinics
        listedDays = Set(clinics.map(\.day))
    }

    /// One clinic on duty on one day.
    public struct Clinic: Hashable, Sendable {
        public var day: DayDate
        public var department: String
        public var name: String
        public var address: String
        public var phone: String
        /// Opening hours as written (`09:00-17:00`, or two spans `09:00-12:00/13:00-17:00`).
        public var hours: String
        public var area: String
    }

    /// The days the rota lists, in order.
    public var days: [DayDate] { listedDays.sorted() }
}

/// A clinics board's settings: its file, and from what time the evening before a listed day
/// the board shows that day's rota (nil: only on the day).
public struct ClinicsSettings: ContentPayload {
    public var data: String
    /// Minutes after midnight.
    public var eveningBefore: Int?
}

/// `{board: clinics, data: data/clinics.csv}`: the on-duty clinics of the day by department,
/// with hours, address and phone, the screen's own area first; shown on the days the file
/// lists, and from the evening before (`evening_before: "17:00"`, the default, or `none`).
/// A day with nothing listed: the board leaves the rotation.
public struct ClinicsBoard: DataBoardHandler {
    public var kind: ContentKind { .board }
    public var folder: String? { nil }
    public var boardName: String { "clinics" }
    public var settingKeys: Set<String> { ["data", "evening_before"] }
    public var dataExtension: String { "csv" }
    public var formatSummary: String { "clinics: a .csv whose header is \(Self.columns.joined(separator: ","))" }
    static let columns = ["date", "department", "name", "address", "phone", "hours", "area"]
    /// Departments in the order a rota lists them; others follow in the file's order.
    static let departments: [(String, String)] = [
        ("内科", "Internal medicine"), ("小児科", "Pediatrics"), ("外科", "Surgery"), ("整形外科", "Orthopedics"),
        ("歯科", "Dentistry"), ("眼科", "Ophthalmology"), ("耳鼻咽喉科", "ENT"), ("耳鼻科", "ENT"),
        ("産婦人科", "Obstetrics & gynecology"), ("皮膚科", "Dermatology"), ("薬局", "Pharmacy"), ("調剤薬局", "Pharmacy"),
    ]

    public init() {}

    public func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError> {
        var evening: Int? = 17 * 60
        if let text = settings["evening_before"] {
            if ["none", "false", "no", "off"].contains(text.lowercased()) {
                evening = nil
            } else if let range = Daypart.parseRange(text + "-23:59"), range.start > 0 {
                evening = range.start
            } else {
                return .failure(BoardSettingError(key: "evening_before", message: "'\(text)' is not a time such as \"17:00\", or none"))
            }
        }
        return dataItem(settings: settings, title: "休日当番医  Holiday clinics on duty",
                        payload: ClinicsSettings(data: settings["data"] ?? "", eveningBefore: evening))
    }

    public func recognises(name: String, firstLine: String) -> Bool {
        name.lowercased().hasPrefix("clinic") || firstLine.lowercased().contains("department")
    }

    // MARK: - Reading

    public func read(_ text: String, path: String, into diagnostics: inout [Diagnostic]) -> (any DataPayload)? {
        var fields = DataFields(path: path)
        defer { diagnostics += fields.diagnostics }
        guard let table = DataTable.read(text, columns: Self.columns, into: &fields) else { return nil }
        var clinics: [ClinicRota.Clinic] = []
        for row in table.rows {
            func text(_ column: String, required: Bool = true) -> String? {
                let field = row[column]
                return fields.text(field.text, column, line: field.line, column: field.column, required: required)
            }
            let date = row["date"]
            let day = fields.day(date.text, "date", line: date.line, column: date.column)
            let hoursField = row["hours"]
            // A note in brackets after the hours (9:00-17:00（受付16:30まで）) is shown after
            // them: a clinic's file was refused for it, and a panel then showed no clinic.
            // (Cleaned and cut as every text shown is: a note of 100,000 characters is not set.)
            let shown = fields.text(hoursField.text, "hours", line: hoursField.line, column: hoursField.column, required: false) ?? ""
            let (written, note) = Self.note(after: shown)
            let hours = DataFields.normalised(written)
            let spans = hours.split(whereSeparator: { Self.spanSeparators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            if spans.isEmpty || spans.contains(where: { Daypart.parseRange(Self.asciiRange($0)) == nil }) {
                fields.fail(line: hoursField.line, column: hoursField.column, "'hours' must be a time range such as 9:00-17:00 (two as 9:00-12:00/13:00-17:00; a note in brackets may follow), not '\(hours.prefix(40))'")
            }
            guard let day, let department = text("department"), let name = text("name"),
                let address = text("address", required: false), let phone = text("phone", required: false), let area = text("area", required: false)
            else { continue }
            // Written the same way on every row (9:00〜17:00 and ０９：００-１７：００ alike), the hour
            // without a leading zero as Japanese notices write it (9:00, not 09:00): two spans
            // then fit a 1080p board's hours column on one line, and each clinic takes one.
            let ranges = spans.map { span -> String in
                guard let range = Daypart.parseRange(Self.asciiRange(span)) else { return span }
                return String(format: "%d:%02d-%d:%02d", range.start / 60, range.start % 60, range.end / 60, range.end % 60)
            }
            // A phone number typed in full-width digits (０４２－０００－０００５) is dialled as the
            // others are and set as they are: in ASCII, so its dashes read as a number's.
            clinics.append(ClinicRota.Clinic(day: day, department: department, name: name, address: address, phone: DataFields.normalised(phone),
                                             hours: ranges.joined(separator: " / ") + note, area: area))
        }
        guard !fields.hasErrors else { return nil }
        return ClinicRota(clinics: clinics)
    }

    /// `9:00〜17:00` as `9:00-17:00`: the wave dash Japanese writers use for a range (the
    /// full-width forms are made ASCII before).
    static func asciiRange(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { Self.rangeDashes.contains($0) ? "-" : $0 }))
    }

    /// Every dash a keyboard or a spreadsheet gives between two times: 〜 and ~, the en and em
    /// dashes a word processor puts for "-", the full-width hyphen and ー an input method types,
    /// the minus sign a Shift_JIS converter makes of －, and Unicode's hyphens. (A set: a
    /// string's `contains` compared each character of a 1 MB file as a grapheme, 9 % of
    /// reading it.)
    static let rangeDashes: Set<Unicode.Scalar> = ["〜", "~", "–", "—", "―", "－", "ー", "−", "‐", "‑"]

    /// What stands between two spans of hours: 9:00-12:00/13:00-17:00, or ・ 、 , between them.
    static let spanSeparators: Set<Character> = ["/", "・", ",", "、", "，"]

    /// The hours and a note in brackets at their end, the note as written ("" when none).
    static func note(after hours: String) -> (hours: String, note: String) {
        guard hours.last == "）" || hours.last == ")", let open = hours.lastIndex(where: { $0 == "（" || $0 == "(" }), open > hours.startIndex else {
            return (hours, "")
        }
        return (hours[..<open].trimmingCharacters(in: .whitespaces), String(hours[open...]))
    }

    // MARK: - Which day

    /// The day whose rota shows at `instant`: today's, until the evening before a listed
    /// tomorrow; nil when neither is listed.
    func shownDay(_ settings: ClinicsSettings, rota: ClinicRota, at instant: Date, zone: TimeZone) -> (day: DayDate, tomorrow: Bool)? {
        let today = DayDate(instant, zone: zone)
        let tomorrow = today.next(in: zone)
        let listed = rota.listedDays
        if let evening = settings.eveningBefore, listed.contains(tomorrow),
            instant >= today.start(in: zone).addingTimeInterval(Double(evening) * 60)
        {
            return (tomorrow, true)
        }
        return listed.contains(today) ? (today, false) : nil
    }

    private func rota(_ item: ContentItem, in context: SlideContext) -> (ClinicsSettings, ClinicRota)? {
        guard let settings = item.payload as? ClinicsSettings, let file = file(of: settings.data, in: context),
            let rota = file.payload as? ClinicRota
        else { return nil }
        return (settings, rota)
    }

    public func hasContent(_ item: ContentItem, at instant: Date, context: SlideContext) -> Bool {
        guard let (settings, rota) = rota(item, in: context) else { return false }
        return shownDay(settings, rota: rota, at: instant, zone: context.screen.zone) != nil
    }

    public func boundaries(_ item: ContentItem, context: SlideContext) -> [Date] {
        guard let (settings, rota) = rota(item, in: context) else { return [] }
        let zone = context.screen.zone
        return rota.days.flatMap { day -> [Date] in
            let start = day.start(in: zone)
            var instants = [start, day.next(in: zone).start(in: zone)]
            if let evening = settings.eveningBefore {
                instants.append(start.addingTimeInterval(-86_400 + Double(evening) * 60))
            }
            return instants
        }
    }

    // MARK: - Showing

    /// What the board says on a day the rota does not list.
    static let noneToday = "本日の当番医の情報はありません"

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        var board = BoardSlide(badge: "医療  Medical", title: "休日当番医", subtitle: "Holiday clinics on duty", style: .table,
                               columns: [BoardSlide.Column("医療機関・所在地  Clinic, address", weight: 2.6, evident: true),
                                         BoardSlide.Column("電話  Phone", weight: 1.2, keepWhole: true, evident: true),
                                         BoardSlide.Column("受付時間  Hours", weight: 1.3, keepWhole: true, evident: true)],
                               rows: [], empty: Self.noneToday + "  No clinics listed for today")
        let zone = context.screen.zone
        guard let (settings, rota) = rota(item, in: context) else {
            if unreadable(item, in: context) { board.empty = Self.unreadableNotice }
            return .board(board)
        }
        guard let (day, tomorrow) = shownDay(settings, rota: rota, at: instant, zone: zone) else {
            // A panel says it all week: with when the next listed day is, it tells a resident
            // something (the next holiday's clinics are listed, and when).
            let today = DayDate(instant, zone: zone)
            if let next = rota.days.first(where: { $0 > today }) {
                let start = next.start(in: zone)
                board.empty = "\(Self.noneToday)　次は\(ClockText.day(start, zone: zone, allDay: true))  No clinics listed for today — next: \(ClockText.englishDay(start, zone: zone))"
            }
            return .board(board)
        }
        let date = ClockText.day(day.start(in: zone), zone: zone, allDay: true)
        let english = ClockText.englishDay(day.start(in: zone), zone: zone)
        board.title = (tomorrow ? "明日 " : "") + "\(date)の休日当番医"
        board.subtitle = "Holiday clinics on duty " + (tomorrow ? "tomorrow, " : "today, ") + english
        board.status = BoardSlide.StatusLine("受診の前に電話で確認してください  Please call before you go")
        let clinics = rota.clinics.filter { $0.day == day }
        // Departments in the rota's order, the known ones first; each clinic grouped under its
        // own in one pass (a file may name thousands of departments).
        var byDepartment: [String: [ClinicRota.Clinic]] = [:]
        var order = Self.departments.map(\.0)
        var known = Set(order)
        for clinic in clinics {
            if known.insert(clinic.department).inserted { order.append(clinic.department) }
            byDepartment[clinic.department, default: []].append(clinic)
        }
        let near = context.screen.nearness()
        for department in order {
            guard let here = byDepartment[department], !here.isEmpty else { continue }
            // Rows past what any screen shows are counted, not built.
            guard board.rows.count < BoardSlide.rowLimit else {
                board.totalRows = (board.totalRows ?? board.rows.count) + here.count
                continue
            }
            let englishName = Self.departments.first { $0.0 == department }?.1
            // The screen's own area first, then the file's order.
            let sorted = here.filter { near($0.area) } + here.filter { !near($0.area) }
            for (index, clinic) in sorted.enumerated() {
                guard board.rows.count < BoardSlide.rowLimit else {
                    board.totalRows = (board.totalRows ?? board.rows.count) + 1
                    continue
                }
                let address = clinic.area.isEmpty || clinic.address.contains(clinic.area) ? clinic.address : "\(clinic.area)　\(clinic.address)"
                board.rows.append(BoardSlide.Row(
                    [.text(clinic.name, secondary: address.isEmpty ? nil : address), .text(clinic.phone), .text(clinic.hours)],
                    section: index == 0 ? department + (englishName.map { "  \($0)" } ?? "") : nil,
                    nearby: near(clinic.area)))
            }
        }
        return .board(board)
    }
}
