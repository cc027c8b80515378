import Foundation
import MachinakaCore

/// The full-screen alert: unmistakable from across a hall. White on deep red (8:1), a black
/// band in yellow (14:1), very large headline, then what to do, where, who said so and when.
/// It rotates through the message's languages in the screen's order, Japanese first.
public struct AlertComposer {
    public let screen: ScreenConfig
    public let width: Int
    public let height: Int
    public let measurer: TextMeasuring
    /// How long each language stays before the next.
    public static let languageInterval: TimeInterval = 8

    static let warningBackground = RGBA(0xA3, 0x00, 0x00)
    static let allClearBackground = RGBA(0x0B, 0x5D, 0x1E)
    static let band = RGBA(0, 0, 0)
    static let bandText = RGBA(0xFF, 0xD4, 0x00)
    static let exerciseBand = RGBA(0xFF, 0xD4, 0x00)
    static let exerciseText = RGBA(0, 0, 0)
    static let text = RGBA(0xFF, 0xFF, 0xFF)
    static let dimText = RGBA(0xC8, 0xC8, 0xC8)

    /// Creates a composer for `screen` at `size` (the screen's own size unless given).
    public init(screen: ScreenConfig, size: PixelSize? = nil, measurer: TextMeasuring) {
        self.screen = screen
        let size = size ?? screen.size
        width = size.width
        height = size.height
        self.measurer = measurer
    }

    private var metrics: ScreenMetrics { ScreenMetrics(width: width, height: height) }
    private var unit: Double { metrics.unit }
    private func u(_ value: Double) -> Int { metrics.u(value) }

    /// The info block on screen at `instant`, by the language rotation.
    public static func infoIndex(_ alert: ActiveAlert, at instant: Date) -> Int {
        guard alert.infos.count > 1 else { return 0 }
        let step = Int(max(0, instant.timeIntervalSince(alert.start)) / languageInterval)
        return step % alert.infos.count
    }

    /// When the language on screen changes next (nil with one language).
    public static func nextLanguageChange(_ alert: ActiveAlert, after instant: Date) -> Date? {
        guard alert.infos.count > 1 else { return nil }
        let steps = (max(0, instant.timeIntervalSince(alert.start)) / languageInterval).rounded(.down) + 1
        return alert.start.addingTimeInterval(steps * languageInterval)
    }

    /// The frame for the leading alert of `alerts` (most severe first) at `instant`.
    public func compose(_ alerts: [ActiveAlert], at instant: Date) -> Scene {
        guard let alert = alerts.first, !alert.infos.isEmpty else {
            return Scene(width: width, height: height, background: Self.band)
        }
        let info = alert.infos[Self.infoIndex(alert, at: instant)]
        let words = AlertWords.for(info.language)
        let background = alert.isAllClear ? Self.allClearBackground : Self.warningBackground
        var nodes: [SceneNode] = []

        // Band: what this is, and which languages come.
        let bandHeight = u(150)
        nodes.append(.fill(Rect(x: 0, y: 0, width: width, height: bandHeight), Self.band))
        let bandFont = FontSpec(role: .alert, bold: true, lang: info.language, size: u(68))
        let title = alert.isAllClear ? words.allClear : words.emergency
        nodes.append(.text(TextNode(text: title, font: bandFont, color: Self.bandText, x: u(56), y: (bandHeight - measurer.height(of: bandFont)) / 2)))
        var x = width - u(56)
        let languageFont = FontSpec(role: .alert, bold: true, size: u(34))
        for other in alert.infos.reversed() {
            var font = languageFont
            font.lang = other.language
            let name = AlertWords.for(other.language).languageName
            let w = measurer.width(of: name, font: font)
            x -= w
            let current = other == info
            nodes.append(.text(TextNode(text: name, font: font, color: current ? Self.bandText : Self.dimText, x: x, y: (bandHeight - measurer.height(of: font)) / 2)))
            if current {
                nodes.append(.fill(Rect(x: x, y: bandHeight - u(34), width: w, height: u(6)), Self.bandText))
            }
            x -= u(36)
        }

        var top = bandHeight
        if alert.isExercise {
            let exerciseHeight = u(96)
            nodes.append(.fill(Rect(x: 0, y: top, width: width, height: exerciseHeight), Self.exerciseBand))
            let font = FontSpec(role: .alert, bold: true, lang: "ja", size: u(56))
            let text = "訓練 EXERCISE — これは訓練です / This is a drill"
            nodes.append(.text(TextNode(text: text, font: font, color: Self.exerciseText, x: u(56), y: top + (exerciseHeight - measurer.height(of: font)) / 2)))
            top += exerciseHeight
        }

        // Footer: who and when, and how many more.
        let footerFont = FontSpec(role: .alert, lang: info.language, size: u(36))
        let footerHeight = Int(Double(measurer.height(of: footerFont)) * 1.6) * 2 + u(24)
        let footerTop = height - footerHeight
        nodes.append(.fill(Rect(x: 0, y: footerTop, width: width, height: footerHeight), Self.band))
        let issued = words.time(alert.message.sent, screen.zone)
        let senderLine = "\(words.issuedBy)  \(info.senderName ?? alert.message.sender)"
        let timeLine = "\(words.issuedAt)  \(issued)" + (alerts.count > 1 ? "    " + words.more(alerts.count - 1) : "")
        let lineHeight = Int(Double(measurer.height(of: footerFont)) * 1.6)
        for (index, line) in [senderLine, timeLine].enumerated() {
            nodes.append(.text(TextNode(
                text: measurer.fitted(line, font: footerFont, width: width - u(112)), font: footerFont, color: Self.text,
                x: u(56), y: footerTop + u(12) + index * lineHeight + (lineHeight - measurer.height(of: footerFont)) / 2)))
        }

        // Body: headline, instruction, area — the largest size at which all of it fits.
        let box = Rect(x: u(56), y: top + u(40), width: width - u(112), height: footerTop - top - u(72))
        let headline = info.headline ?? info.event
        var blocks: [(label: String?, text: String, size: Double, bold: Bool)] = [(nil, headline, 124, true)]
        if let instruction = info.instruction { blocks.append((nil, instruction, 64, true)) }
        let area = info.areas.map(\.description).joined(separator: "、")
        if !area.isEmpty { blocks.append((words.area, area, 48, false)) }
        if info.instruction == nil, let description = info.description { blocks.append((nil, description, 48, false)) }

        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: info.language))
        func set(scale: Double) -> (nodes: [SceneNode], height: Int, cut: Bool) {
            var placed: [SceneNode] = []
            var y = 0
            for (index, block) in blocks.enumerated() {
                let size = max(u(28), u(block.size * scale))
                let font = FontSpec(role: .alert, bold: block.bold, lang: info.language, size: size)
                let leading = Int(Double(size) * 1.3)
                var spans = [Span(block.text, strong: block.bold)]
                if let label = block.label { spans.insert(Span(label + "  ", strong: true), at: 0) }
                for line in layout.lines(of: spans, font: font, width: box.width) {
                    for run in line.runs {
                        var runFont = font
                        runFont.bold = block.bold || run.strong
                        placed.append(.text(TextNode(text: run.text, font: runFont, color: Self.text, x: box.x + run.x, y: box.y + y + (leading - measurer.height(of: runFont)) / 2)))
                    }
                    y += leading
                }
                if index < blocks.count - 1 { y += Int(Double(size) * 0.5) }
            }
            return (placed, y, y > box.height)
        }
        var low = 0.35, high = 1.0
        var best = set(scale: low)
        if !best.cut {
            for _ in 0..<7 {
                let mid = (low + high) / 2
                let candidate = set(scale: mid)
                if candidate.cut { high = mid } else { low = mid; best = candidate }
            }
            let full = set(scale: 1.0)
            if !full.cut { best = full }
        }
        // Whatever does not fit below the box is dropped; the headline always comes first.
        nodes += best.nodes.filter { node in
            if case .text(let t) = node { return t.y + measurer.height(of: t.font) <= footerTop }
            return true
        }
        return Scene(width: width, height: height, background: background, nodes: nodes)
    }

}

/// The few fixed words of the alert screen, in the languages Sagamihara serves first.
struct AlertWords {
    var languageName: String
    var emergency: String
    var allClear: String
    var area: String
    var issuedBy: String
    var issuedAt: String
    var more: (Int) -> String
    var time: (Date, TimeZone) -> String = { date, zone in ClockText.header(date, zone: zone) }

    static func `for`(_ language: String) -> AlertWords {
        let tag = language.lowercased()
        if tag.hasPrefix("ja") {
            return AlertWords(languageName: "日本語", emergency: "緊急情報", allClear: "解除のお知らせ", area: "対象地域", issuedBy: "発表", issuedAt: "発表時刻", more: { "ほかに\($0)件の警報" })
        }
        if tag.hasPrefix("zh") {
            let traditional = tag.contains("tw") || tag.contains("hk") || tag.contains("mo") || tag.contains("hant")
            return traditional
                ? AlertWords(languageName: "中文", emergency: "緊急警報", allClear: "警報解除", area: "地區", issuedBy: "發布單位", issuedAt: "發布時間", more: { "另有\($0)則警報" },
                             time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d年%d月%d日 %d:%02d") })
                : AlertWords(languageName: "中文", emergency: "紧急警报", allClear: "警报解除", area: "地区", issuedBy: "发布单位", issuedAt: "发布时间", more: { "另有\($0)条警报" },
                             time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d年%d月%d日 %d:%02d") })
        }
        if tag.hasPrefix("ko") {
            return AlertWords(languageName: "한국어", emergency: "긴급 경보", allClear: "경보 해제", area: "대상 지역", issuedBy: "발표", issuedAt: "발표 시각", more: { "그 밖의 경보 \($0)건" },
                              time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d년 %d월 %d일 %d:%02d") })
        }
        if tag.hasPrefix("en") {
            return AlertWords(languageName: "English", emergency: "EMERGENCY ALERT", allClear: "ALL CLEAR", area: "Area", issuedBy: "Issued by", issuedAt: "Issued", more: { "+\($0) more alert\($0 == 1 ? "" : "s")" },
                              time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%04d-%02d-%02d %d:%02d") })
        }
        var english = AlertWords.for("en")
        english.languageName = Locale(identifier: "en").localizedString(forLanguageCode: String(tag.prefix(2))) ?? language
        return english
    }
}
