/// Every kind of content the player knows, in one table, like mpv's list of video outputs:
/// adding a kind is one file with its handler, and one line here.
public enum ContentKinds {
    /// The kinds, files first.
    public static let all: [any ContentKindHandler] = [
        NoticeKind(),
        EventKind(),
        PosterKind(),
        ClipKind(),
        UpcomingEventsBoard(),
        CountersBoard(),
        ClinicsBoard(),
        SheltersBoard(),
    ]

    /// The handler of `kind`.
    public static func handler(for kind: ContentKind) -> (any ContentKindHandler)? {
        all.first { $0.kind == kind }
    }

    /// The handlers whose files live in `folder` (posters and clips share `media/`).
    public static func handlers(forFolder folder: String) -> [any ContentKindHandler] {
        all.filter { $0.folder == folder }
    }

    /// The board called `name` in playlists.
    public static func board(named name: String) -> (any BoardHandler)? {
        all.lazy.compactMap { $0 as? any BoardHandler }.first { $0.boardName == name }
    }

    /// The boards that show a data file, which also read it.
    public static var dataBoards: [any DataBoardHandler] {
        all.compactMap { $0 as? any DataBoardHandler }
    }

    /// The names of every board, for messages.
    public static var boardNames: [String] {
        all.compactMap { ($0 as? any BoardHandler)?.boardName }.sorted()
    }
}
