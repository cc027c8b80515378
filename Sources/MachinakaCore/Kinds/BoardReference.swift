/// Which board an item of the rotation is, and the data file it shows: the one place that
/// knows how a board item's source is spelled (`board:upcoming-events`,
/// `board:counters:data/counters.json` — two boards of two files stay apart in the play log).
public struct BoardReference: Equatable, Hashable, Sendable {
    /// The board's name in the table of kinds (`ContentKinds.board(named:)`).
    public var name: String
    /// The data file it shows (nil: a board that shows the feed itself, such as events).
    public var data: String?

    public init(name: String, data: String? = nil) {
        self.name = name
        self.data = data
    }

    /// Reads a board item's source; nil for any other source.
    public init?(source: String) {
        guard source.hasPrefix(Self.prefix) else { return nil }
        let parts = source.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = parts.first, !name.isEmpty else { return nil }
        self.name = String(name)
        data = parts.count == 2 ? String(parts[1]) : nil
    }

    /// The item's source, as the play log and the status name it.
    public var source: String { Self.prefix + name + (data.map { ":" + $0 } ?? "") }

    /// The file `check` reports the board at: its data file, else its own source.
    public var reportedPath: String { data ?? source }

    private static let prefix = "board:"
}
