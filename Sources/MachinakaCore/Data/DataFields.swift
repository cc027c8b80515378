import Foundation

/// Reads typed values out of a data file's rows (CSV fields or JSON values) and collects one
/// positioned error for each value that is wrong, naming the column and what it should be.
struct DataFields {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// `raw` trimmed, with full-width digits, letters and signs (`１７：００`, which Japanese
    /// input methods type) as their ASCII forms.
    static func normalised(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                out.append(ascii)
            } else if scalar == "\u{3000}" {
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    mutating func fail(line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(path: path, line: line, column: column, message: message))
    }

    mutating func warn(line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(path: path, line: line, column: column, severity: .warning, message: message))
    }

    /// A text to show, cleaned and cut to `limit` characters; nil (an error) when required and empty.
    mutating func text(_ raw: String, _ name: String, line: Int, column: Int, required: Bool = true, limit: Int = Limits.shortCharacters) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { fail(line: line, column: column, "'\(name)' is empty") }
            return required ? nil : ""
        }
        let clean = CleanText(trimmed, limit: limit)
        if clean.wasCut {
            warn(line: line, column: column, "'\(name)' has \(clean.originalCount) characters; only the first \(limit) are shown")
        }
        return clean.text.replacingOccurrences(of: "\n", with: " ")
    }

    /// A whole number within `Limits.dataCount`.
    mutating func count(_ raw: String, _ name: String, line: Int, column: Int) -> Int? {
        let trimmed = Self.normalised(raw)
        guard let value = Int(trimmed) else {
            fail(line: line, column: column, "'\(name)' must be a whole number, not '\(trimmed.prefix(40))'")
            return nil
        }
        guard Limits.dataCount.contains(value) else {
            fail(line: line, column: column, "'\(name)' is \(value), outside \(Limits.dataCount.lowerBound)…\(Limits.dataCount.upperBound)")
            return nil
        }
        return value
    }

    /// An instant (`2026-12-03T10:15:30+09:00`; without an offset, Tokyo time).
    mutating func instant(_ raw: String, _ name: String, line: Int, column: Int) -> Date? {
        let trimmed = Self.normalised(raw)
        guard let date = FeedTime.parseInstant(trimmed), !FeedTime.isDateOnly(trimmed) else {
            fail(line: line, column: column, "'\(name)' must be a date and time such as 2026-12-03T10:15:30+09:00, not '\(trimmed.prefix(40))'")
            return nil
        }
        return date
    }

    /// A calendar day (`2026-12-06`).
    mutating func day(_ raw: String, _ name: String, line: Int, column: Int) -> DayDate? {
        let trimmed = Self.normalised(raw)
        guard FeedTime.isDateOnly(trimmed), FeedTime.parseInstant(trimmed) != nil, let day = DayDate(trimmed) else {
            fail(line: line, column: column, "'\(name)' must be a date such as 2026-12-06, not '\(trimmed.prefix(40))'")
            return nil
        }
        return day
    }

    /// One of `choices` (matched without regard to case), by what it means.
    mutating func choice<T>(_ raw: String, _ name: String, _ choices: [String: T], line: Int, column: Int) -> T? {
        let trimmed = Self.normalised(raw)
        if let value = choices[trimmed] ?? choices[trimmed.lowercased()] { return value }
        fail(line: line, column: column, "'\(name)' must be one of \(choices.keys.sorted().joined(separator: ", ")), not '\(trimmed.prefix(40))'")
        return nil
    }
}

/// A calendar day, as a rota names it: no time, no zone until it is placed on a screen.
public struct DayDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2026-12-06`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `instant` falls on in `zone`.
    public init(_ instant: Date, zone: TimeZone) {
        let c = FeedTime.calendar(in: zone).dateComponents([.year, .month, .day], from: instant)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    /// The day's first instant in `zone`.
    public func start(in zone: TimeZone) -> Date {
        FeedTime.calendar(in: zone).date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The day after.
    public func next(in zone: TimeZone) -> DayDate {
        DayDate(FeedTime.calendar(in: zone).date(byAdding: .day, value: 1, to: start(in: zone))!, zone: zone)
    }

    public static func < (a: DayDate, b: DayDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

/// A CSV file read as a table: its header names the columns (in any order), and each row's
/// fields are found by column name.
struct DataTable {
    /// A row: its fields by column name, and its line.
    struct Row {
        var fields: [String: CSVReader.Field]
        var line: Int

        subscript(_ column: String) -> CSVReader.Field { fields[column] ?? CSVReader.Field(text: "", line: line, column: 1) }
    }

    var rows: [Row] = []

    /// Reads `text` with the header `columns` (all required); extra columns are warned about.
    /// Nil when the file is not such a table, with the reason in `fields`.
    static func read(_ text: String, columns: [String], into fields: inout DataFields) -> DataTable? {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            fields.fail(line: error.line, column: error.column, error.message)
            return nil
        }
        guard let header = records.first else {
            fields.fail(line: 1, column: 1, "the file is empty; its first line must be the header \(columns.joined(separator: ","))")
            return nil
        }
        let names = header.fields.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            fields.fail(line: header.line, column: 1, "the header line lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); it must name \(columns.joined(separator: ","))")
            return nil
        }
        for (index, name) in names.enumerated() where !columns.contains(name) {
            fields.warn(line: header.line, column: header.fields[index].column, "the column '\(name)' is not read (known: \(columns.joined(separator: ",")))")
        }
        var table = DataTable()
        for record in records.dropFirst() {
            if record.fields.count != names.count {
                let last = record.fields.last!
                fields.fail(line: record.line, column: record.fields.count > names.count ? record.fields[names.count].column : last.column + last.text.count,
                            "this row has \(record.fields.count) fields; the header has \(names.count) (a comma inside a value needs the value in \"quotes\")")
                continue
            }
            var row = Row(fields: [:], line: record.line)
            for (index, name) in names.enumerated() where columns.contains(name) { row.fields[name] = record.fields[index] }
            table.rows.append(row)
        }
        return table
    }
}
