import Foundation
import MachinakaCore
import Testing

@Suite struct JSONReaderTests {
    @Test func valuesKnowWhereTheyWereWritten() throws {
        let root = try JSONReader.parse("{\n  \"updated\": \"2026-12-03T10:15:30+09:00\",\n  \"counters\": [ {\"serving\": 124} ]\n}")
        #expect(root["updated"]?.string == "2026-12-03T10:15:30+09:00")
        #expect(root["updated"]?.line == 2 && root["updated"]?.column == 14)
        let counter = try #require(root["counters"]?.array?.first)
        #expect(counter["serving"]?.int == 124)
        #expect(counter["serving"]?.line == 3 && counter["serving"]?.column == 29)
    }

    @Test func compactJSONAndEscapesAsPythonWritesThem() throws {
        // json.dumps's defaults: ASCII only, emoji as a surrogate pair.
        let root = try JSONReader.parse("{\"name\":\"\\u5e02\\u6c11\\u8ab2 \\ud83d\\ude00\",\"n\":-0.5e+2,\"ok\":true,\"no\":null,\"tab\":\"a\\tb\\/c\"}")
        #expect(root["name"]?.string == "市民課 😀")
        #expect(root["n"]?.int == nil, "not a whole number")
        #expect(root["no"]?.isNull == true)
        #expect(root["tab"]?.string == "a\tb/c")
    }

    @Test func aLoneSurrogateBecomesAReplacementCharacter() throws {
        #expect(try JSONReader.parse("[\"a\\ud800b\"]").array?.first?.string == "a\u{FFFD}b")
    }

    @Test(arguments: [
        ("{\"a\": 1,,}", 1, 9),
        ("{'a': 1}", 1, 2),
        ("{\"a\": 01}", 1, 8),
        ("[1, 2", 1, 6),
        ("{\"a\": \"line\nbreak\"}", 1, 12),
        ("{\"a\": tru}", 1, 10),
        ("{\"a\": 1} x", 1, 10),
        ("", 1, 1),
    ])
    func whatIsNotJSONIsPointedAt(_ text: String, _ line: Int, _ column: Int) {
        do {
            _ = try JSONReader.parse(text)
            Issue.record("\(text.debugDescription) was read as JSON")
        } catch {
            #expect((error.line, error.column) == (line, column), "\(text.debugDescription): \(error)")
        }
    }

    @Test func deepNestingIsRefusedNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReader.Problem.self) { try JSONReader.parse(deep) }
        let fine = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect((try? JSONReader.parse(fine)) != nil)
    }

    /// Foundation's parser is the judge of what is JSON; this reader agrees on every sample.
    @Test(arguments: ["{}", "[]", "\"x\"", "1", "-0", "1.5e3", "[1,]", "{\"a\":1,}", "[1,,]", "[,]", "{,}", "{\"a\":}", "[\"\\x\"]", "[01]", "[.5]", "[1.]", "[\"\\u00e9\"]",
                      " \t\r\n[ true , false , null ] ", "{\"a\":{\"b\":[{\"c\":\"d\"}]}}", "[1e]", "[-]", "[\"a\" \"b\"]", "{\"a\" 1}"])
    func agreesWithFoundationOnWhatIsJSON(_ text: String) {
        let foundation = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
        let ours = (try? JSONReader.parse(text)) != nil
        #expect(ours == foundation, "\(text.debugDescription): Foundation \(foundation), JSONReader \(ours)")
    }
}
