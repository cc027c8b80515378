/// Refuses YAML that could cost a small kiosk more than its size suggests, before any parser
/// sees it: anchors and aliases (the "billion laughs" bomb expands them exponentially) and
/// deep nesting. Staff-written settings never need either.
enum YAMLGuard {
    /// The deepest nesting of `[` / `{` allowed, and of nodes after parsing.
    static let maxDepth = 16

    /// A problem with its position, or nil when the text is safe to parse.
    static func problem(in text: String) -> (line: Int, column: Int, message: String)? {
        var line = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
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
