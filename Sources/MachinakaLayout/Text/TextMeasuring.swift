import MachinakaCore

/// How layout learns the size of text without knowing how it is drawn.
///
/// The renderer's font library implements it with the real fonts; tests can use a simple
/// fixed-advance one.
public protocol TextMeasuring {
    /// The advance width of a line of `text` set in `font`, in pixels.
    func width(of text: String, font: FontSpec) -> Int
    /// The height of a line box of `font` (ascent plus descent), in pixels.
    func height(of font: FontSpec) -> Int
    /// Where `text`'s ink lies in its line box: from `top` below the box's top, `height` high.
    /// A large number is placed and spaced by its ink, not by the box, which a CJK face makes
    /// half as tall again as the digits.
    func ink(of text: String, font: FontSpec) -> Ink
}

/// The vertical extent of a text's glyphs inside its line box, in pixels.
public struct Ink: Equatable, Sendable {
    public var top: Int
    public var height: Int

    public init(top: Int, height: Int) {
        self.top = top
        self.height = height
    }
}

extension TextMeasuring {
    /// The whole line box: a measurer that cannot see glyphs assumes ink fills it.
    public func ink(of text: String, font: FontSpec) -> Ink { Ink(top: 0, height: height(of: font)) }

    /// `text`, shortened with "…" until it fits `width`.
    public func fitted(_ text: String, font: FontSpec, width: Int) -> String {
        guard self.width(of: text, font: font) > width else { return text }
        var characters = Array(text)
        while !characters.isEmpty, self.width(of: String(characters) + "…", font: font) > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }
}
