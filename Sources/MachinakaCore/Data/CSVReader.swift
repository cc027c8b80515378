/// Reads CSV (RFC 4180: commas, double-quoted fields, `""` for a quote inside one, CRLF or LF)
/// and keeps where each field starts, so a bad value is reported at its line and column.
///
/// Hand-written because the CSV libraries at hand (SwiftCSV, CSV.swift) give rows, not
/// positions, and `machinaka check` must say `data/clinics.csv:14:23:` to the person fixing it.
public struct CSVReader: Sendable {
    /// One field and where it starts (1-based line and column, in characters).
    public struct Field: Equatable, Sendable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    /// A record: its fields, and the line it starts on.
    public struct Record: Equatable, Sendable {
        public var fields: [Field]
        public var line: Int
    }

    /// Why a file is not CSV, and where.
    public struct Problem: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The records of `text` (a BOM at the start is skipped); blank lines are left out.
    public static func records(_ text: String, limit: Int = Limits.dataRows + 1) throws(Problem) -> [Record] {
        var records: [Record] = []
        var fields: [Field] = []
        var field = ""
        var fieldStart = (line: 1, column: 1)
        var recordLine = 1
        var line = 1, column = 1
        var quoted = false, wasQuoted = false, afterQuote = false
        // Whether the record has a quoted field: `""` alone on a line is a record of one empty field.
        var wasQuotedRecord = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        if text.first == "\u{FEFF}" { _ = characters.next() }

        func endField() {
            fields.append(Field(text: field, line: fieldStart.line, column: fieldStart.column))
            field = ""
            wasQuoted = false
            afterQuote = false
        }
        func endRecord() throws(Problem) {
            endField()
            // A line holding nothing at all is not a record.
            if !(fields.count == 1 && fields[0].text.isEmpty && !wasQuotedRecord) {
                records.append(Record(fields: fields, line: recordLine))
                guard records.count <= limit else {
                    throw Problem(line: line, column: 1, message: "the file has more than \(limit - 1) rows; at most \(limit - 1) are read")
                }
            }
            fields = []
            wasQuotedRecord = false
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    // `""` is a quote inside the field; a single one ends it.
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                        column += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                    column += 1
                    pending = next
                    continue
                }
                field.append(character)
                if character == "\n" || character == "\r\n" || character == "\r" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                continue
            }
            switch character {
            case ",":
                endField()
                column += 1
                fieldStart = (line, column)
            case "\n", "\r\n", "\r":
                try endRecord()
                line += 1
                column = 1
                fieldStart = (line, column)
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote && !wasQuoted:
                quoted = true
                wasQuoted = true
                wasQuotedRecord = true
                column += 1
            default:
                if afterQuote {
                    throw Problem(line: line, column: column, message: "after a quoted field comes a comma or the end of the line, not '\(character)'")
                }
                if character == "\"" {
                    throw Problem(line: line, column: column, message: "a quote inside a field that does not start with one; quote the whole field and write \"\" for the quote")
                }
                field.append(character)
                column += 1
            }
        }
        if quoted {
            throw Problem(line: fieldStart.line, column: fieldStart.column, message: "this quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuotedRecord { try endRecord() }
        return records
    }
}
