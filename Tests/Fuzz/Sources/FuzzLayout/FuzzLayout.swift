import Foundation
import FuzzSupport
import MachinakaCore
import MachinakaLayout

/// Line breaking (ICU, kinsoku, Korean words, ruby kept whole) on any text, at any width, in
/// each language's locale: every character laid out once, no line wider than allowed unless
/// it is a single character.
struct Measurer: TextMeasuring {
    func width(of text: String, font: FontSpec) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? font.size / 2 : font.size) }
    }
    func height(of font: FontSpec) -> Int { font.size }
}

@_cdecl("FuzzLayout_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 2 else { return 0 }
    let width = 10 + Int(data[0]) * 3
    let locale = ["ja", "en", "zh", "ko"][Int(data[1]) % 4]
    let text = CleanText(String(decoding: UnsafeBufferPointer(start: data + 2, count: size - 2), as: UTF8.self), limit: 2_000).text
    // Cut into spans at '|' (bold every other one) and '{…}' readings, as notices are.
    let spans = text.split(separator: "|", omittingEmptySubsequences: false).enumerated().map { index, part in
        Span(String(part), strong: index % 2 == 1, ruby: part.hasPrefix("{") ? "よみ" : nil)
    }
    let font = FontSpec(role: .body, size: 10)
    let lines = ParagraphLayout(measurer: Measurer(), locale: LineBreaker.locale(forLanguage: locale)).lines(of: spans, font: font, width: width)
    // Scalars, not characters: UAX #14 may break between a space and a combining mark on it
    // (LB10), which regroups characters but must not lose or change a code point.
    let laid = String(String.UnicodeScalarView(lines.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }))
    let given = String(String.UnicodeScalarView(spans.map(\.text).joined().unicodeScalars.filter { !$0.properties.isWhitespace }))
    if laid != given { fatalError("layout lost or changed text: \(given.debugDescription) → \(laid.debugDescription)") }
    return 0
}
