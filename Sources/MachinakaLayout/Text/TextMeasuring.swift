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
}

extension TextMeasuring {
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
