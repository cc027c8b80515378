import Foundation
/// Refuses YAML that could cost a small kiosk more than its size suggests, before any parser
/// sees it: anchors and aliases (the "billion laughs" bomb expands them exponentially) and
/// deep nesting. Staff-written settings never need either.
enum YAMLGuard {
    /// The deepest nesting of `[` / `{` allowed, and of nodes after parsing.
    static let maxDepth = 16
    /// The deepest indentation of a key or list entry (block nesting, which libyaml follows
    /// by recursion): `maxDepth` levels of four spaces, with room to spare.
    static let maxIndent = 80

    /// A problem with its position, or nil when the text is safe to parse.
    static func problem(in text: String) -> (line: Int, column: Int, message: String)? {
        var line = 1
        var inBlockScalar: Int? = nil
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Block nesting: the column where a line's content starts, counting "- " entries
            // as nesting too. The lines of a `|` or `>` text block are text, not nesting.
            var indent = 0
            var scan = rawLine.startIndex
            while scan < rawLine.endIndex {
                if rawLine[scan] == " " {
                    indent += 1
                } else if rawLine[scan] == "-", rawLine.index(after: scan) < rawLine.endIndex, rawLine[rawLine.index(after: scan)] == " " {
                    indent += 1
                } else {
                    break
                }
                scan = rawLine.index(after: scan)
            }
            let isBlank = rawLine.allSatisfy { $0 == " " || $0 == "\r" }
            if let blockIndent = inBlockScalar, isBlank || indent > blockIndent {
                line += 1
                continue
            }
            inBlockScalar = nil
            if indent > maxIndent {
                return (line, indent + 1, "the settings are indented more than \(maxIndent) columns (nested too deeply)")
            }
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("|") || trimmed.hasSuffix(">") || trimmed.hasSuffix("|-") || trimmed.hasSuffix(">-") || trimmed.hasSuffix("|+") || trimmed.hasSuffix(">+") {
                inBlockScalar = indent
            }
            var depth = 0
            var quote: Character? = nil
            var previous: Character = " "
            var column = 0
            for character in rawLine {
                column += 1
                defer { previous = character }
                if let open = quote {
                    if character == open { quote = nil }
                    continue
                }
                switch character {
                case "\"", "'":
                    if " [{,:".contains(previous) || column == 1 { quote = character }
                case "#" where previous == " " || column == 1:
                    break
                case "&", "*":
                    // An anchor or alias starts a token: after a space, a flow indicator or the line start.
                    if column == 1 || " [{,-:".contains(previous) {
                        let rest = rawLine.dropFirst(column)
                        if let next = rest.first, !next.isWhitespace {
                            return (line, column, "YAML anchors and aliases (\(character)name) are not allowed in the feed; write the value out, or put the text in quotes")
                        }
                    }
                case "[", "{":
                    depth += 1
                    if depth > maxDepth {
                        return (line, column, "the settings are nested more than \(maxDepth) levels deep")
                    }
                case "]", "}":
                    depth -= 1
                default:
                    break
                }
                if quote == nil, character == "#", previous == " " || column == 1 { break }
            }
            line += 1
        }
        return nil
    }
}
