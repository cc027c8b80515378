/// A data board's slide (or panel): a title, how current the data is, and rows the composer
/// lays out as cards (one per counter) or as a table (clinics, shelters). A board fills it;
/// it never places anything itself.
public struct BoardSlide: Hashable, Sendable {
    /// How the rows are laid out.
    public enum Style: String, Hashable, Sendable {
        /// One card per row, its first cell a name, its second a large figure.
        case cards
        /// One line per row, cells in columns.
        case table
    }

    /// The label above the title ("窓口案内  Counters").
    public var badge: String
    /// The title in Japanese, and in English under it.
    public var title: String
    public var subtitle: String?
    /// The line under the title: how current the data is, or a note.
    public var status: StatusLine?
    public var style: Style
    /// The table's columns (ignored for cards).
    public var columns: [Column]
    public var rows: [Row]
    /// How many rows the data holds, when a board built only the first `rowLimit`.
    public var totalRows: Int? = nil
    /// What to say when there are no rows.
    public var empty: String

    /// The most rows a board builds from its data: more than any screen's pages can show (the
    /// composer deals at most a dozen pages), so a file of 5,000 rows costs a frame what one
    /// of 600 does. The rest are counted in `totalRows` and said on the last page.
    public static let rowLimit = 600

    /// The number of rows the board stands for: built or only counted.
    public var rowCount: Int { totalRows ?? rows.count }

    /// Keeps the first `rowLimit` of `all` as rows, counting the rest.
    public mutating func setRows<S: Collection>(_ all: S, _ make: (S.Element) -> Row) {
        rows = all.prefix(Self.rowLimit).map(make)
        totalRows = all.count > Self.rowLimit ? all.count : nil
    }

    public init(badge: String, title: String, subtitle: String? = nil, status: StatusLine? = nil, style: Style,
                columns: [Column] = [], rows: [Row], empty: String) {
        self.badge = badge
        self.title = title
        self.subtitle = subtitle
        self.status = status
        self.style = style
        self.columns = columns
        self.rows = rows
        self.empty = empty
    }

    /// The line under the title: `10:15 現在  As of 10:15`, that the data stopped coming, or
    /// a note ("call before you go").
    public struct StatusLine: Hashable, Sendable {
        public var text: String
        /// The data is older than the board's `stale_after`: said plainly, in the warning tone.
        public var stale: Bool

        public init(_ text: String, stale: Bool = false) {
            self.text = text
            self.stale = stale
        }
    }

    /// A column of the table: its heading, its share of the width, whether its values must
    /// never break inside (a phone number, a time range: made smaller instead, each
    /// `" / "`-separated part on a line of its own), and whether they say what they are
    /// without the heading (a clinic's name, a phone number, opening hours; not a count).
    public struct Column: Hashable, Sendable {
        public var title: String
        public var weight: Double
        public var keepWhole: Bool
        /// A band too low for a line of headings may leave them out when every column's
        /// values say what they are.
        public var evident: Bool

        public init(_ title: String, weight: Double, keepWhole: Bool = false, evident: Bool = false) {
            self.title = title
            self.weight = weight
            self.keepWhole = keepWhole
            self.evident = evident
        }
    }

    /// A row: its cells, the heading of a group it starts (a department), and whether it is
    /// near the screen (its own area).
    public struct Row: Hashable, Sendable {
        public var cells: [Cell]
        public var section: String?
        public var nearby: Bool

        public init(_ cells: [Cell], section: String? = nil, nearby: Bool = false) {
            self.cells = cells
            self.section = section
            self.nearby = nearby
        }
    }

    /// What a cell holds.
    public enum Cell: Hashable, Sendable {
        /// Text, with an optional second line (English, an address).
        case text(String, secondary: String? = nil, tone: Tone = .normal)
        /// A large figure (the number now served) with its caption; `highlighted` while it
        /// has just changed.
        case figure(String, caption: String, tone: Tone = .normal, highlighted: Bool = false)
        /// A bar filled to `fraction` (0…1), with its label ("120 / 400人").
        case bar(fraction: Double, label: String, tone: Tone)
    }

    /// What a value means, which the composer turns into colour and shape (never colour alone:
    /// the words say it too, for readers who do not tell the colours apart).
    public enum Tone: String, Hashable, Sendable {
        case normal
        /// Old or not in service: greyed.
        case muted
        /// Open, room to spare.
        case good
        /// Filling up, paused.
        case caution
        /// Full, closed, not updating.
        case warning
        /// A Saturday, in blue, and a Sunday or public holiday, in red, as Japanese calendars
        /// print them (the day's name says it too).
        case saturday, holiday
    }
}
