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

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The screen named `id`; with nil, the first screen by id; with no screens, a default one.
    public func screen(_ id: String?) -> ScreenConfig? {
        if let id { return screens[id] }
        return screens.keys.sorted().first.flatMap { screens[$0] } ?? ScreenConfig(id: "default")
    }
}
