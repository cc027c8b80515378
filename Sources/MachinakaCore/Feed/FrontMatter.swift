import Foundation
import Yams

/// Splits a Markdown file into its YAML front matter and its body, and reads typed fields from
/// the YAML with their line numbers, so every complaint can point at the line to fix.
struct FrontMatter {
    /// The YAML keys, in file order, with their nodes.
    let fields: [(key: String, keyMark: Mark?, value: Node)]
    /// The Markdown after the closing `---`.
    let body: String
    /// The 1-based line on which the body starts.
    let bodyLine: Int
    /// Lines before the YAML text (the opening `---`), added to YAML marks.
    private let lineOffset: Int

    /// Thrown with a position when the file cannot be read as front matter plus Markdown.
    struct Failure: Error {
        var line: Int
        var column: Int
        var message: String
    }

    init(text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw Failure(
                line: 1, column: 1,
                message: "the file must begin with a '---' line, then title: and the other settings, then '---'")
        }
        guard let close = lines.dropFirst().firstIndex(where: {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t == "---" || t == "..."
        }) else {
            throw Failure(
                line: lines.count, column: 1,
                message: "the settings block opened by '---' on line 1 is never closed by another '---' line")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        if let problem = YAMLGuard.problem(in: yaml) {
            throw Failure(line: problem.line + 1, column: problem.column, message: problem.message)
        }
        lineOffset = 1
        bodyLine = close + 2
        body = lines[(close + 1)...].joined(separator: "\n")
        lines.removeAll()

        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            throw FrontMatter.failure(from: error, lineOffset: 1)
        }
        guard let node else {
            fields = []
            return
        }
        guard case .mapping(let mapping) = node else {
            throw Failure(
                line: (node.mark?.line ?? 1) + 1, column: node.mark?.column ?? 1,
                message: "the settings between the '---' lines must be 'key: value' lines")
        }
        if Self.depth(of: node) > YAMLGuard.maxDepth {
            throw Failure(line: 2, column: 1, message: "the settings are nested more than \(YAMLGuard.maxDepth) levels deep")
        }
        fields = mapping.map { pair in (pair.key.string ?? "", pair.key.mark, pair.value) }
    }

    private static func depth(of node: Node) -> Int {
        switch node {
        case .mapping(let mapping): return 1 + (mapping.values.map(depth).max() ?? 0)
        case .sequence(let sequence): return 1 + (sequence.map(depth).max() ?? 0)
        default: return 1
        }
    }

    /// The absolute position of a node inside the file.
    func position(of mark: Mark?) -> (line: Int, column: Int) {
        guard let mark else { return (1, 1) }
        return (mark.line + lineOffset, mark.column)
    }

    func value(_ key: String) -> Node? {
        fields.first(where: { $0.key == key })?.value
    }

    static func failure(from error: YamlError, lineOffset: Int) -> Failure {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return Failure(line: mark.line + lineOffset, column: mark.column, message: "YAML: \(problem)")
        case .composer(_, let problem, let mark, _):
            return Failure(line: mark.line + lineOffset, column: mark.column, message: "YAML: \(problem)")
        default:
            return Failure(line: 1 + lineOffset, column: 1, message: "YAML: \(error)")
        }
    }
}
