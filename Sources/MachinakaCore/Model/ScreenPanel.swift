/// A board a screen carries at all times beside or below its rotation, or as the whole
/// screen (a counter hall's display): `panel: {board: counters, data: data/counters.json,
/// position: right}` in the screen file. It shows the newest data at once, whatever slide
/// plays beside it; an alert still takes the whole screen.
public struct ScreenPanel: Equatable, Sendable, Decodable {
    /// Where the panel sits.
    public enum Position: String, Sendable, CaseIterable {
        /// A column at the right, a third of the width (landscape screens).
        case right
        /// A band above the ticker, a third of the height (portrait screens).
        case bottom
        /// The whole screen below the header: no rotation.
        case full
    }

    /// The board's name (`counters`, `clinics`, `shelters`, `upcoming-events`).
    public var board: String
    /// Its settings, as in a playlist entry.
    public var settings: [String: String]
    public var position: Position

    public init(board: String, settings: [String: String] = [:], position: Position = .right) {
        self.board = board
        self.settings = settings
        self.position = position
    }

    /// The panel's item, made by its board.
    public var item: ContentItem? {
        guard case .success(let item)? = ContentKinds.board(named: board)?.item(settings: settings) else { return nil }
        return item
    }

    private typealias Key = Playlist.Entry.Key

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        board = try c.decode(String.self, forKey: .board)
        let positionKey = Key(stringValue: "position")
        let written = try c.decodeIfPresent(String.self, forKey: positionKey) ?? "right"
        guard let position = Position(rawValue: written) else {
            throw DecodingError.dataCorruptedError(forKey: positionKey, in: c, debugDescription: "'\(written)' is not a panel position; use right, bottom or full")
        }
        self.position = position
        settings = try Playlist.Entry.boardSettings(c, board: board, besides: ["board", "position"])
        guard ContentKinds.board(named: board) is any DataBoardHandler else {
            throw DecodingError.dataCorruptedError(forKey: .board, in: c, debugDescription: "a panel shows only a data board (\(ContentKinds.dataBoards.map(\.boardName).joined(separator: ", "))), not '\(board)'")
        }
    }
}
