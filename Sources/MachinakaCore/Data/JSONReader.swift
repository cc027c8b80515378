/// Reads JSON (RFC 8259) into values that know where they were written, so a wrong value in a
/// data file is reported at its line and column, not "somewhere in counters.json".
///
/// Hand-written because Foundation's parsers give values without positions (and an error as a
/// byte offset); Yams gives positions but is a YAML 1.1 parser that refuses valid JSON (tab
/// indentation, `\ud83d\ude00` surrogate escapes, which Python's `json.dumps` writes).
/// The fuzz target `FuzzData` holds it to Foundation's verdict on what is JSON.
public struct JSONReader {
    /// A value and where it starts (1-based line and column).
    public struct Value: Sendable {
        public enum Kind: Sendable {
            case object([(key: String, value: Value)])
            case array([Value])
            case string(String)
            /// The number as written; read it with `int` or `double`.
            case number(String)
            case bool(Bool)
            case null
        }

        public var kind: Kind
        public var line: Int
        public var column: Int

        /// The member `key` of an object (the last, when written twice).
        public subscript(key: String) -> Value? {
            guard case .object(let members) = kind else { return nil }
            return members.last { $0.key == key }?.value
        }

        /// The keys of an object, in order.
        public var keys: [String] {
            guard case .object(let members) = kind else { return [] }
            return members.map(\.key)
        }

        public var isNull: Bool {
            if case .null = kind { return true }
            return false
        }

        public var string: String? {
            if case .string(let text) = kind { return text }
            return nil
        }

        public var array: [Value]? {
            if case .array(let values) = kind { return values }
            return nil
        }

        /// A whole number, written without a fraction or exponent.
        public var int: Int? {
            if case .number(let text) = kind { return Int(text) }
            return nil
        }

        /// What the value is, for a message: "a string", "the number 12.5".
        public var described: String {
            switch kind {
            case .object: return "an object"
            case .array: return "a list"
            case .string(let text): return "the text \"\(text.prefix(40))\""
            case .number(let text): return "the number \(text.prefix(40))"
            case .bool(let value): return value ? "true" : "false"
            case .null: return "null"
            }
        }
    }

    /// Why the text is not JSON, and where.
    public struct Problem: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// How deep objects and lists may nest: a data file needs three levels, and a hostile one
    /// must not exhaust the stack.
    public static let maxDepth = 32

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    private init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    /// The one value `text` holds (a BOM before it is fine).
    public static func parse(_ text: String) throws(Problem) -> Value {
        var reader = JSONReader(text)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.scalars.count else {
            throw reader.problem("unexpected '\(reader.scalars[reader.index])' after the end of the JSON value")
        }
        return value
    }

    private func problem(_ message: String) -> Problem {
        Problem(line: line, column: column, message: message)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
    }

    private mutating func expect(_ scalar: Unicode.Scalar, _ what: String) throws(Problem) {
        guard current == scalar else {
            throw problem(current.map { "expected \(what), found '\($0)'" } ?? "the file ends where \(what) was expected")
        }
        advance()
    }

    private mutating func value(depth: Int) throws(Problem) -> Value {
        let (startLine, startColumn) = (line, column)
        func made(_ kind: Value.Kind) -> Value { Value(kind: kind, line: startLine, column: startColumn) }
        guard let c = current else { throw problem("the file ends where a value was expected") }
        switch c {
        case "{":
            guard depth < Self.maxDepth else { throw problem("objects and lists nest more than \(Self.maxDepth) deep") }
            advance()
            skipSpace()
            var members: [(key: String, value: Value)] = []
            if current == "}" {
                advance()
                return made(.object(members))
            }
            while true {
                skipSpace()
                guard current == "\"" else { throw problem(current.map { "expected a \"key\" in quotes, found '\($0)'" } ?? "the file ends inside an object") }
                let key = try string()
                skipSpace()
                try expect(":", "':' after the key")
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                if current == "," {
                    advance()
                    skipSpace()
                    // One comma after the last member is forgiven, as Foundation forgives it.
                    if current == "}" {
                        advance()
                        return made(.object(members))
                    }
                    continue
                }
                try expect("}", "',' or '}'")
                return made(.object(members))
            }
        case "[":
            guard depth < Self.maxDepth else { throw problem("objects and lists nest more than \(Self.maxDepth) deep") }
            advance()
            skipSpace()
            var values: [Value] = []
            if current == "]" {
                advance()
                return made(.array(values))
            }
            while true {
                skipSpace()
                values.append(try value(depth: depth + 1))
                skipSpace()
                if current == "," {
                    advance()
                    skipSpace()
                    if current == "]" {
                        advance()
                        return made(.array(values))
                    }
                    continue
                }
                try expect("]", "',' or ']'")
                return made(.array(values))
            }
        case "\"":
            return made(.string(try string()))
        case "-", "0"..."9":
            return made(.number(try number()))
        case "t", "f", "n":
            for (word, kind) in [("true", Value.Kind.bool(true)), ("false", .bool(false)), ("null", .null)] where word.unicodeScalars.first == c {
                for expected in word.unicodeScalars {
                    guard current == expected else { throw problem("expected '\(word)'") }
                    advance()
                }
                return made(kind)
            }
            throw problem("unexpected '\(c)'")
        default:
            throw problem("unexpected '\(c)' where a value was expected (text must be in \"double quotes\")")
        }
    }

    private mutating func string() throws(Problem) -> String {
        advance()  // the opening quote
        var text = String.UnicodeScalarView()
        var highSurrogate: UInt32? = nil
        while true {
            guard let c = current else { throw problem("the file ends inside a text in quotes") }
            if c == "\"" {
                advance()
                if highSurrogate != nil { text.append("\u{FFFD}") }
                return String(text)
            }
            guard c.value >= 0x20 else { throw problem("a control character (such as a line break) inside a text in quotes; write it as \\n") }
            if c != "\\" {
                if highSurrogate != nil { text.append("\u{FFFD}"); highSurrogate = nil }
                text.append(c)
                advance()
                continue
            }
            advance()
            guard let escape = current else { throw problem("the file ends inside a text in quotes") }
            advance()
            let simple: [Unicode.Scalar: Unicode.Scalar] = ["\"": "\"", "\\": "\\", "/": "/", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t"]
            if let replacement = simple[escape] {
                if highSurrogate != nil { text.append("\u{FFFD}"); highSurrogate = nil }
                text.append(replacement)
                continue
            }
            guard escape == "u" else { throw problem("'\\\(escape)' is not an escape JSON knows") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = current, let value = UInt32(String(digit), radix: 16) else { throw problem("'\\u' must be followed by four hexadecimal digits") }
                code = code * 16 + value
                advance()
            }
            // A character beyond the first 65,536 is written as two escapes (a surrogate pair).
            if (0xD800...0xDBFF).contains(code) {
                if highSurrogate != nil { text.append("\u{FFFD}") }
                highSurrogate = code
            } else if (0xDC00...0xDFFF).contains(code), let high = highSurrogate {
                text.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) ?? "\u{FFFD}")
                highSurrogate = nil
            } else {
                if highSurrogate != nil { text.append("\u{FFFD}"); highSurrogate = nil }
                text.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            }
        }
    }

    private mutating func number() throws(Problem) -> String {
        let start = index
        func digits() -> Int {
            var count = 0
            while let c = current, ("0"..."9").contains(c) {
                advance()
                count += 1
            }
            return count
        }
        if current == "-" { advance() }
        if current == "0" {
            advance()
        } else if digits() == 0 {
            throw problem("a number needs digits")
        }
        if current == "." {
            advance()
            guard digits() > 0 else { throw problem("a number needs digits after its '.'") }
        }
        if current == "e" || current == "E" {
            advance()
            if current == "+" || current == "-" { advance() }
            guard digits() > 0 else { throw problem("a number needs digits in its exponent") }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<index])
        return String(text)
    }
}
