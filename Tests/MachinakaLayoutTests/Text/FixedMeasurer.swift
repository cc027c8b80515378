import MachinakaCore
import MachinakaLayout

/// A measurer for tests without fonts: full width for CJK, half width for ASCII.
struct FixedMeasurer: TextMeasuring {
    func width(of text: String, font: FontSpec) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? font.size / 2 : font.size) }
    }

    func height(of font: FontSpec) -> Int { font.size }
}
