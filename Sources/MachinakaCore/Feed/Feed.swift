/// Everything one feed folder holds, parsed: the whole input of the scheduler.
///
/// A `Feed` is a value: a reload builds a new one and swaps it in whole, so no screen ever
/// sees half a reload.
public struct Feed: Equatable, Sendable {
    /// The folder it was read from (absolute).
    public var root: String
    /// Screens by id.
    public var screens: [String: ScreenConfig]
    /// Playlists, sorted by name.
    public var playlists: [Playlist]
    /// Playable items, sorted by source path.
    public var items: [ContentItem]
    /// CAP messages from `alerts/`, sorted by source path, each with when it arrived.
    public var alerts: [ReceivedAlert] = []
    /// Data files from `data/` by feed-relative path: the last good version of each.
    public var data: [String: DataFile] = [:]
    /// Data files in `data/` that could not be read and have no good version to show: a
    /// board of one says it cannot show its information, rather than that there is none
    /// (「開設中の避難所はありません」 over a shelters file with one bad row).
    public var unreadableData: Set<String> = []
    /// Words a line must not break inside, from `words.txt` (besides Sagamihara's place names).
    public var words: [String] = []
    /// What was wrong with the files left out, and warnings.
    public var diagnostics: [Diagnostic]

    /// Creates a feed from parts (tests, generators).
    public init(
        root: String, screens: [String: ScreenConfig] = [:], playlists: [Playlist] = [],
        items: [ContentItem] = [], diagnostics: [Diagnostic] = []
    ) {
        self.root = root
        self.screens = screens
        self.playlists = playlists
        self.items = items
        self.diagnostics = diagnostics
    }

    /// The alert board of `screen`: its policy over every message received, and the
    /// cancellations remembered after their files went.
    public func alertBoard(for screen: ScreenConfig, tombstones: [Tombstone] = []) -> AlertBoard {
        AlertBoard(messages: alerts, rejected: diagnostics.filter { $0.path.hasPrefix("alerts/") && $0.severity == .error },
                   policy: screen.alertPolicy, tombstones: tombstones)
    }

    /// The same feed with every alert counted as received at its `sent` time: how previews
    /// (`render`, `plan`) replay a folder holding an alert, its update and its cancel.
    public var asPreview: Feed {
        var copy = self
        copy.alerts = alerts.map { alert in
            var preview = alert
            preview.received = alert.message.sent
            return preview
        }
        return copy
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The screen named `id`; with nil, the first screen by id; with no screens, a default one.
    public func screen(_ id: String?) -> ScreenConfig? {
        if let id { return screens[id] }
        return screens.keys.sorted().first.flatMap { screens[$0] } ?? ScreenConfig(id: "default")
    }
}
