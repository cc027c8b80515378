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
    /// Behind posters.
    public var posterBackground: RGBA

    /// The light design: dark text on white, navy header.
    public static let standard = Theme(
        name: "default",
        background: RGBA(0xFF, 0xFF, 0xFF), text: RGBA(0x1A, 0x1A, 0x1A),
        headerBackground: RGBA(0x0B, 0x2E, 0x5C), headerText: RGBA(0xFF, 0xFF, 0xFF),
        accent: RGBA(0x00, 0x7A, 0x4D), badgeBackground: RGBA(0x0B, 0x2E, 0x5C), badgeText: RGBA(0xFF, 0xFF, 0xFF),
        posterBackground: RGBA(0x20, 0x20, 0x20))

    /// The dark design, for bright lobbies at night or screens beside windows.
    public static let dark = Theme(
        name: "dark",
        background: RGBA(0x10, 0x14, 0x1C), text: RGBA(0xF2, 0xF2, 0xF2),
        headerBackground: RGBA(0x00, 0x00, 0x00), headerText: RGBA(0xFF, 0xFF, 0xFF),
        accent: RGBA(0xFF, 0xC8, 0x3D), badgeBackground: RGBA(0xFF, 0xC8, 0x3D), badgeText: RGBA(0x10, 0x14, 0x1C),
        posterBackground: RGBA(0x00, 0x00, 0x00))

    /// Every built-in theme.
    public static let all = [standard, dark]

    /// The theme called `name`, or the standard one.
    public static func named(_ name: String) -> Theme {
        all.first { $0.name == name } ?? standard
    }
}
