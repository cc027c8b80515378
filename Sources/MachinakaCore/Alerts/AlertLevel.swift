import Foundation

/// Japan's five-level evacuation scale (警戒レベル), which residents know from television and
/// phones by its colours. An alert carries its level in a CAP `<parameter>` named `警戒レベル`,
/// `AlertLevel` or `alert_level` (value `1`…`5`, or `レベル4`, `警戒レベル4`), or in its
/// headline, event or description text (`【警戒レベル4】`, `[Alert level 4]`, `警戒级别4`,
/// `경계 레벨 4`). The parameter wins over the text; the highest level among the alert's
/// languages counts.
public enum AlertLevel {
    /// The parameter names read, compared without case.
    public static let parameterNames: Set<String> = ["警戒レベル", "alertlevel", "alert_level", "alert level"]

    /// What each level asks people to do, as the Cabinet Office names them.
    public static let actions: [Int: String] = [
        5: "緊急安全確保", 4: "避難指示", 3: "高齢者等避難", 2: "大雨・洪水・高潮注意報", 1: "早期注意情報",
    ]

    /// The level of `message`, if it carries one.
    public static func of(_ message: CAPMessage) -> Int? {
        of(message.infos)
    }

    /// The level carried by `infos` (parameters first, then text), the highest if several.
    public static func of(_ infos: [CAPInfo]) -> Int? {
        let fromParameters = infos.flatMap(\.parameters)
            .filter { parameterNames.contains($0.name.lowercased().trimmingCharacters(in: .whitespaces)) }
            .compactMap { level(in: $0.value, bare: true) }
        if let highest = fromParameters.max() { return highest }
        return infos.flatMap { [$0.headline, $0.event, $0.description].compactMap { $0 } }.compactMap { level(in: $0, bare: false) }.max()
    }

    /// Level words in several languages, followed by the digit (half or full width).
    private static let markers = ["警戒レベル", "レベル", "警戒級別", "警戒级别", "경계 레벨", "경계레벨", "alert level", "level"]

    /// The level named in `text`; `bare` also accepts a lone digit (a parameter's value).
    static func level(in text: String, bare: Bool) -> Int? {
        // No digit from 1 to 5, no level: a long description is not searched for every
        // marker (the longest alert's frame spent a tenth of its time here).
        guard text.contains(where: { $0.wholeNumberValue.map { (1...5).contains($0) } ?? false }) else { return nil }
        let lower = text.lowercased()
        func digit(_ character: Character) -> Int? {
            guard let value = character.wholeNumberValue, (1...5).contains(value) else { return nil }
            return value
        }
        if bare {
            let trimmed = lower.trimmingCharacters(in: .whitespaces)
            if trimmed.count == 1, let value = trimmed.first.flatMap(digit) { return value }
        }
        for marker in markers {
            var search = lower.startIndex
            while let range = lower.range(of: marker, range: search..<lower.endIndex) {
                var rest = lower[range.upperBound...].drop { $0 == " " || $0 == "　" || $0 == ":" || $0 == "：" }
                if marker == "level", range.lowerBound > lower.startIndex {
                    // "level" alone only after "alert", "warning" or at the start: not "sea level 3 m".
                    let before = lower[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                    if !(before.hasSuffix("alert") || before.hasSuffix("warning") || before.hasSuffix("[") || before.hasSuffix("【") || before.isEmpty) {
                        search = range.upperBound
                        continue
                    }
                }
                if let first = rest.first, let value = digit(first) {
                    rest = rest.dropFirst()
                    // Not part of a longer number ("レベル45").
                    if rest.first?.wholeNumberValue == nil { return value }
                }
                search = range.upperBound
            }
        }
        return nil
    }
}
