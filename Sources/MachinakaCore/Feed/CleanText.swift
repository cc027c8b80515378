/// Text from a file made safe to lay out and draw: control characters removed, each character
/// held to `Limits.scalarsPerCharacter` code points and `Limits.marksPerCharacter` combining
/// marks (more are dropped: they stack above the line into the text around), and the whole cut
/// to a number of characters. Layout and drawing costs then follow the screen, not the file.
public struct CleanText: Equatable, Sendable {
    /// The text to show.
    public var text: String
    /// Characters were dropped beyond the limit.
    public var wasCut: Bool
    /// Code points were dropped from over-long characters or as control characters.
    public var wasCleaned: Bool
    /// How many characters the text had before it was cut.
    public var originalCount: Int

    /// Cleans `raw`, keeping at most `limit` characters (line breaks and tabs are kept).
    public init(_ raw: String, limit: Int) {
        var out = String.UnicodeScalarView()
        var cleaned = false
        var count = 0
        var kept = 0
        for character in raw {
            count += 1
            guard kept < limit else { continue }
            var scalars = 0, marks = 0
            for scalar in character.unicodeScalars {
                if Self.isUnwantedControl(scalar) {
                    cleaned = true
                    continue
                }
                let isMark = Self.isCombiningMark(scalar)
                if scalars >= Limits.scalarsPerCharacter || (isMark && marks >= Limits.marksPerCharacter) {
                    cleaned = true
                    continue
                }
                out.append(scalar)
                scalars += 1
                if isMark { marks += 1 }
            }
            if scalars > 0 { kept += 1 }
        }
        text = String(out)
        wasCut = count > limit
        wasCleaned = cleaned
        originalCount = count
    }

    /// C0 and C1 controls other than line feed and tab, and bidirectional overrides (which can
    /// make a notice read backwards); other format characters (joiners, variation selectors)
    /// are part of real text.
    static func isUnwantedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A combining mark (accents, dakuten, vowel signs), not a variation selector or joiner.
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            return !scalar.properties.isVariationSelector
        default:
            return false
        }
    }

    /// `raw` cleaned and cut, with "…" where it was cut.
    public static func field(_ raw: String, limit: Int) -> String {
        let clean = CleanText(raw, limit: limit)
        return clean.wasCut ? clean.text + "…" : clean.text
    }
}
