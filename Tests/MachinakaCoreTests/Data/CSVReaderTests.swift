import MachinakaCore
import Testing

@Suite struct CSVReaderTests {
    @Test func fieldsKnowTheirLineAndColumn() throws {
        let records = try CSVReader.records("date,name\n2026-12-06,相模原クリニック\n")
        #expect(records.count == 2)
        #expect(records[1].line == 2)
        #expect(records[1].fields.map(\.text) == ["2026-12-06", "相模原クリニック"])
        #expect(records[1].fields[1].column == 12, "columns count characters, not bytes")
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let records = try CSVReader.records("a,b\r\n\"橋本, 緑区\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\r\nnext,row\r\n")
        #expect(records.map { $0.fields.map(\.text) } == [["a", "b"], ["橋本, 緑区", "say \"hi\""], ["two\nlines", "x"], ["next", "row"]])
        #expect(records[3].line == 5, "a line break inside quotes still counts as a line")
    }

    @Test func aByteOrderMarkAndBlankLinesAreSkipped() throws {
        let records = try CSVReader.records("\u{FEFF}a,b\n\n1,2\n\n")
        #expect(records.map { $0.fields.map(\.text) } == [["a", "b"], ["1", "2"]])
        #expect(records[1].line == 3)
    }

    @Test func emptyFieldsAndAMissingLastLineBreak() throws {
        let records = try CSVReader.records("a,,c\n,,\n\"\"")
        #expect(records.map { $0.fields.map(\.text) } == [["a", "", "c"], ["", "", ""], [""]])
    }

    @Test(arguments: [
        ("a,b\n\"never closed,x\n", 2, 1, "never closed"),
        ("a,b\nx\"y,z\n", 2, 2, "quote inside a field"),
        ("a,b\n\"ok\"x,z\n", 2, 5, "after a quoted field"),
    ])
    func brokenQuotingIsPointedAt(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        #expect(throws: CSVReader.Problem.self) { try CSVReader.records(text) }
        do {
            _ = try CSVReader.records(text)
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(words), "\(error.message)")
        }
    }

    @Test func aFileOfTooManyRowsIsRefused() {
        let text = String(repeating: "1,2\n", count: 30)
        #expect(throws: CSVReader.Problem.self) { try CSVReader.records(text, limit: 10) }
        #expect((try? CSVReader.records(text, limit: 30))?.count == 30)
    }
}
