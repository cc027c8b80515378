import MachinakaCore

/// The colours of a screen's design. Every text colour meets WCAG AAA (7:1) on its background,
/// checked by a test, because people read these screens from across a hall.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var background: RGBA
    public var text: RGBA
    public var headerBackground: RGBA
    public var headerText: RGBA
    /// The stripe under the header and the rule under titles.
    public var accent: RGBA
    /// The label above a title ("お知らせ"): text on accent.
    public var badgeBackground: RGBA
    public var badgeText: RGBA
    /// Data boards: the ground of a card, a panel, a table's rows.
    public var card: RGBA
    /// Text by what it means (`BoardSlide.Tone`), each 7:1 on the background and on a card.
    public var muted: RGBA
    public var good: RGBA
    public var caution: RGBA
    public var warning: RGBA
    /// Saturdays and Sundays or holidays in a calendar.
    public var saturday: RGBA
    public var holiday: RGBA
    /// A notice that the data stopped coming: text on a filled chip.
    public var warningFill: RGBA
    public var warningFillText: RGBA
    /// A number that just changed.
    public var highlight: RGBA
    public var highlightText: RGBA
    /// Occupancy bars: the track, and the fills by tone (Okabe–Ito's colours, told apart by
    /// readers with any common colour blindness; the words say the same).
    public var barTrack: RGBA
    public var barGood = RGBA(0x00, 0x72, 0xB2)
    public var barCaution = RGBA(0xE6, 0x9F, 0x00)
    public var barWarning = RGBA(0xD5, 0x5E, 0x00)

    /// The light design: dark text on white, navy header.
    public static let standard = Theme(
        name: "default",
        background: RGBA(0xFF, 0xFF, 0xFF), text: RGBA(0x1A, 0x1A, 0x1A),
        headerBackground: RGBA(0x0B, 0x2E, 0x5C), headerText: RGBA(0xFF, 0xFF, 0xFF),
        accent: RGBA(0x00, 0x7A, 0x4D), badgeBackground: RGBA(0x0B, 0x2E, 0x5C), badgeText: RGBA(0xFF, 0xFF, 0xFF),
        card: RGBA(0xEE, 0xF2, 0xF7), muted: RGBA(0x4D, 0x4D, 0x4D), good: RGBA(0x00, 0x5A, 0x32), caution: RGBA(0x70, 0x44, 0x00),
        warning: RGBA(0x8F, 0x00, 0x00), saturday: RGBA(0x00, 0x47, 0x9D), holiday: RGBA(0x9E, 0x00, 0x00),
        warningFill: RGBA(0x8F, 0x00, 0x00), warningFillText: RGBA(0xFF, 0xFF, 0xFF),
        highlight: RGBA(0xFF, 0xD4, 0x00), highlightText: RGBA(0, 0, 0), barTrack: RGBA(0xD5, 0xDB, 0xE3))

    /// The dark design, for bright lobbies at night or screens beside windows.
    public static let dark = Theme(
        name: "dark",
        background: RGBA(0x10, 0x14, 0x1C), text: RGBA(0xF2, 0xF2, 0xF2),
        headerBackground: RGBA(0x00, 0x00, 0x00), headerText: RGBA(0xFF, 0xFF, 0xFF),
        accent: RGBA(0xFF, 0xC8, 0x3D), badgeBackground: RGBA(0xFF, 0xC8, 0x3D), badgeText: RGBA(0x10, 0x14, 0x1C),
        card: RGBA(0x1C, 0x23, 0x33), muted: RGBA(0xB0, 0xB0, 0xB0), good: RGBA(0x7F, 0xD8, 0xA0), caution: RGBA(0xFF, 0xC8, 0x3D),
        warning: RGBA(0xFF, 0x9B, 0x8F), saturday: RGBA(0x9C, 0xC2, 0xFF), holiday: RGBA(0xFF, 0xA0, 0xA0),
        warningFill: RGBA(0xFF, 0x9B, 0x8F), warningFillText: RGBA(0x10, 0x14, 0x1C),
        highlight: RGBA(0xFF, 0xD4, 0x00), highlightText: RGBA(0, 0, 0), barTrack: RGBA(0x3A, 0x43, 0x56))

    /// The text colour of `tone`.
    public func colour(of tone: BoardSlide.Tone) -> RGBA {
        switch tone {
        case .normal: return text
        case .muted: return muted
        case .good: return good
        case .caution: return caution
        case .warning: return warning
        case .saturday: return saturday
        case .holiday: return holiday
        }
    }

    /// The bar fill of `tone`.
    public func barColour(of tone: BoardSlide.Tone) -> RGBA {
        switch tone {
        case .warning: return barWarning
        case .caution: return barCaution
        case .muted: return muted
        case .normal, .good, .saturday, .holiday: return barGood
        }
    }

    /// Every built-in theme.
    public static let all = [standard, dark]

    /// The theme called `name`, or the standard one.
    public static func named(_ name: String) -> Theme {
        all.first { $0.name == name } ?? standard
    }
}
