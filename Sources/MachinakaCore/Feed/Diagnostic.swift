/// A problem found in a feed file, addressed the way compilers do: `path:line:col`.
public struct Diagnostic: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// How bad it is: an error leaves the file out, a warning tells of something to fix, a
    /// note only informs (a notice that takes two pages on a screen).
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : (self == .warning ? 1 : 2) }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// The feed-relative path of the file.
    public var path: String
    /// 1-based line, 1 when the problem is the file as a whole.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// A sentence for the staff member who wrote the file.
    public var message: String

    /// Creates a diagnostic.
    public init(path: String, line: Int = 1, column: Int = 1, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `path:line:col: error: message`, the form `machinaka check` prints.
    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }

    /// Whether it is about a message in `alerts/` (said at once, not at a slide's end).
    public var concernsAlertFile: Bool {
        if case .alert = FeedPath.classify(path) { return true }
        return false
    }
}
