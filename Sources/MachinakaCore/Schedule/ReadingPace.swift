import Foundation

/// How long a page must stay on screen for the people passing it to read it: the rule every
/// slide, board and panel page is timed by, and `check` reports against.
public enum ReadingPace {
    /// 6 characters a second (360 a minute): a pace for older readers standing in a hall —
    /// adults read Japanese at 400–600 a minute.
    public static let charactersPerSecond = 6.0
    /// To find where the page starts, after it turned.
    public static let secondsToStart = 2.0
    /// No page turns sooner, however little it holds: a glance up from a queue takes longer.
    public static let minimumPage: TimeInterval = 8
    /// A board is scanned for one's own line (a department, a ward, a counter), not read
    /// through: a second and a half a row.
    public static let secondsPerRow = 1.5
    /// The longest a slide is kept on screen for its reading: a notice of thousands of
    /// characters does not hold a hall's screen for a quarter of an hour (`check` says it is
    /// too long to be read in passing).
    public static let longestSlide: TimeInterval = 120

    /// The time to read `characters` (whitespace not counted).
    public static func reading(characters: Int) -> TimeInterval {
        secondsToStart + Double(characters) / charactersPerSecond
    }

    /// The time a text page holding `characters` needs on screen.
    public static func page(characters: Int) -> TimeInterval {
        max(minimumPage, reading(characters: characters))
    }

    /// The time a board page of `rows` rows (or counters) needs on screen.
    public static func boardPage(rows: Int) -> TimeInterval {
        max(minimumPage, secondsToStart + Double(rows) * secondsPerRow)
    }

    /// The characters a reader reads in `text`.
    public static func characters<S: StringProtocol>(in text: S) -> Int {
        text.reduce(0) { $0 + (isBlank($1) ? 0 : 1) }
    }

    /// Whether a character is whitespace, as `Character.isWhitespace` says, answered without
    /// Unicode's tables for ASCII and for the kana and kanji most text here is made of (a page
    /// ending after a sentence counts every character before it; the tables were a tenth of
    /// laying out the longest notice).
    public static func isBlank(_ character: Character) -> Bool {
        let first = character.unicodeScalars.first!.value
        if first < 0x80 { return first == 0x20 || (0x09...0x0D).contains(first) }
        if first > 0x3000, first < 0xD800 { return false }
        return character.isWhitespace
    }
}

/// How long an item's pages need on one screen: what only layout knows (how the text falls
/// into pages there), asked by the rotation so a slide stays as long as its pages take to read.
public protocol Pacing: Sendable {
    /// The seconds each page of `item` needs on the screen; nil when the item has no text
    /// pages, or when its layout is not known yet (the rotation then keeps the given time).
    func pageTimes(of item: ContentItem, context: SlideContext) -> [TimeInterval]?
}
