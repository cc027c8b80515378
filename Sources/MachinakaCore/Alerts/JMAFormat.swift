import Foundation

/// JMA's own warnings (気象庁防災情報XML) read onto the alert model: weather warnings in JMA's
/// 2026 system (気象警報・注意報（Ｒ０６）, one report per phenomenon: VPWW55 大雨 … VPWW61
/// その他注意報) and in the transitional reports that go on beside them (VPWW53, VPWW54 (Ｈ２７),
/// 土砂災害警戒情報 VXWW50), designated-river flood forecasts (指定河川洪水予報), tsunami
/// warnings (津波警報・注意報) and earthquake early warnings (緊急地震速報).
///
/// - `Control/Status` 通常 / 訓練 / 試験 → Actual / Exercise / Test.
/// - `Head/InfoType` 発表 / 訂正 / 取消 → Alert / Update / Cancel. JMA names no earlier report:
///   a report replaces (or, 取消, cancels) the earlier ones of its *group* — the same `EventID`
///   (tsunami, earthquake, a river's forecast area), or for weather warnings the same office
///   **and phenomenon** (an R06 土砂 report leaves the office's 大雨 report standing); the
///   transitional reports, which speak for every phenomenon at once, form one group per office.
/// - One publication arrives as up to three documents (R06, VPWW53, VPWW54). Each keeps
///   `JMAReport` so that `AlertBoard` can fold the transitional copies into the R06 reports:
///   a kind of a transitional report is shown only while no R06 report of its office speaks
///   for its phenomenon.
/// - What is in force in an area: every kind whose `Status` is not 解除 or なし — 発表, 継続 and
///   every change word (特別警報から危険警報, 危険警報から警報 …), the kind's name being the new one.
///   The 警戒レベル comes from the name (レベル４大雨危険警報), else from `Significancy`
///   (警戒レベル２), else from the old names (大雨警報 is level 3 相当).
/// - One `<info>` per area in force, in Japanese and, from `JMATerms`, English, Chinese and
///   Korean. Each area carries its JMA code as a `geocode` named `JMA` (rivers: `JMA-river`); a
///   screen shows the message only for its own `jma_areas` / `jma_rivers` (see `AlertBoard`),
///   and advisories only when asked.
/// - Times: `Head/ReportDateTime` is `sent`; `Control/DateTime` (UTC, `Z`) when it is missing.
///   JMA gives no expiry: a report stands until the next one of its group (24 h at most; an
///   earthquake early warning, 10 minutes).
struct JMAFormat: AlertFormat {
    var name: String { "JMA" }

    static let namespace = "http://xml.kishou.go.jp/jmaxml1/"
    /// `Control/Title` of JMA's 2026 weather reports, before the phenomenon: …（Ｒ０６）（大雨）.
    static let r06Title = "気象警報・注意報（Ｒ０６）"

    func recognises(_ root: XMLElement) -> Bool {
        root.name == "Report" && root.namespace == Self.namespace
    }

    /// The class of what is in force in an area, strongest first.
    enum Class: String, Comparable, Hashable, Sendable {
        case special, danger, warning, advisory
        static func < (a: Class, b: Class) -> Bool { a.rank < b.rank }
        var rank: Int { [.special: 0, .danger: 1, .warning: 2, .advisory: 3][self]! }
        var severity: CAPInfo.Severity { self == .special ? .extreme : (self == .advisory ? .moderate : .severe) }
    }

    /// One kind in force (レベル４大雨危険警報), with the phenomenon it belongs to.
    struct Kind: Hashable, Sendable {
        var name: String
        /// The phenomenon, as R06 reports are split: 大雨, 土砂, 高潮, 暴風, 波浪, 大雪,
        /// その他注意報; 洪水 and river floods (which R06 weather reports do not carry) their own.
        var phenomenon: String
        var klass: Class
        var level: Int?
    }

    /// One area with what is in force there.
    struct InForce: Hashable, Sendable {
        var areaName: String
        /// The area's codes, with the geocode name they go under (`JMA`, `JMA-river`).
        var codes: [CAPValue]
        var kinds: [Kind]
        /// An action fixed by the report's kind (tsunami, earthquake, landslide), else from the level.
        var action: String?
        /// Words of the report for this area (a river forecast's 主文).
        var text: String?
        /// A river rather than a place: "太平川　レベル３氾濫警報", not "…に…".
        var isRiver = false
    }

    /// What the report's blocks share.
    struct Context: Hashable, Sendable {
        var office: String
        var geo: Bool
        var urgency: CAPInfo.Urgency
        var expires: Date
        var headline: String?
    }

    func read(_ root: XMLElement) throws -> CAPMessage {
        func text(_ element: XMLElement?, _ path: String...) -> String? {
            var node = element
            for name in path { node = node?.first(name) }
            let value = node?.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return value?.isEmpty == false ? value : nil
        }
        guard let control = root.first("Control"), let head = root.first("Head") else {
            throw CAPParser.Rejection(line: root.line, reason: "a JMA <Report> needs <Control> and <Head>")
        }
        guard let statusText = text(control, "Status") else {
            throw CAPParser.Rejection(line: control.line, reason: "<Control> has no <Status>")
        }
        let status: CAPMessage.Status
        switch statusText {
        case "通常": status = .actual
        case "訓練": status = .exercise
        case "試験": status = .test
        default: throw CAPParser.Rejection(line: control.line, reason: "<Status> is '\(statusText)'; JMA uses 通常, 訓練 or 試験")
        }
        let infoType = text(head, "InfoType") ?? "発表"
        let type: CAPMessage.MessageType = infoType == "取消" ? .cancel : (infoType == "訂正" ? .update : .alert)
        guard let sent = text(head, "ReportDateTime").flatMap(Self.time) ?? text(control, "DateTime").flatMap(Self.time) else {
            throw CAPParser.Rejection(line: head.line, reason: "<ReportDateTime> is missing or not a time")
        }
        let office = text(control, "EditorialOffice") ?? text(control, "PublishingOffice") ?? "気象庁"
        let controlTitle = text(control, "Title") ?? ""
        let kind = text(head, "InfoKind") ?? text(control, "Title") ?? "JMA"
        let eventID = text(head, "EventID")
        let title = text(head, "Title") ?? kind
        let isRiver = kind.contains("指定河川洪水予報") || controlTitle.contains("指定河川洪水予報")
        let isWeather = !isRiver && kind.contains("気象警報・注意報") || controlTitle.contains("気象特別警報・警報・注意報")
        // R06 reports name their phenomenon last in the title: …（Ｒ０６）（大雨）.
        // (One of JMA's samples writes （土砂災害）: the same phenomenon.)
        let r06Phenomenon: String? = controlTitle.hasPrefix(Self.r06Title)
            ? controlTitle.dropFirst(Self.r06Title.count).trimmingCharacters(in: CharacterSet(charactersIn: "（）")).replacingOccurrences(of: "土砂災害", with: "土砂") : nil
        // The forecast region (府県予報区, e.g. 140000 神奈川県) a weather report is for: one office
        // may issue for two (沖縄気象台: 沖縄本島地方 and 大東島地方), each its own state.
        let region = isWeather ? Self.region(root.first("Body"), head: head) : ""
        var group: String
        let identifier: String
        if isWeather {
            group = r06Phenomenon.map { "JMA|R06|\($0)|\(office)|\(region)" } ?? "JMA|気象警報・注意報|\(office)|\(region)"
            // The copies of one publication have one office and one time: the report type keeps them apart.
            identifier = "JMA-\(office)-\(r06Phenomenon.map { "R06" + $0 } ?? controlTitle)-\(Int(sent.timeIntervalSince1970))"
        } else {
            group = "JMA|\(kind)|\(eventID ?? office)"
            identifier = "JMA-\(eventID ?? office)-\(Int(sent.timeIntervalSince1970))"
        }
        // A drill or a test is its own story: a 訓練 report never replaces one in earnest.
        if status != .actual { group += "|\(status.rawValue)" }

        var inForce: [InForce] = []
        var lifetime: TimeInterval = 24 * 3600
        if let body = root.first("Body"), type != .cancel {
            if isRiver {
                inForce = river(body, head: head)
            } else if kind.contains("土砂災害") {
                inForce = landslide(body, title: title)
            } else if let tsunami = body.first("Tsunami") {
                inForce = self.tsunami(tsunami)
            } else if kind.contains("緊急地震速報") {
                inForce = earthquake(body, title: title)
                lifetime = 600
            } else {
                inForce = weather(body, phenomenon: r06Phenomenon)
            }
        }
        let context = Context(office: office, geo: kind.contains("地震") || kind.contains("津波"), urgency: kind.contains("津波") || kind.contains("地震") ? .immediate : .expected,
                              expires: sent.addingTimeInterval(lifetime), headline: text(head, "Headline", "Text"))
        var message = CAPMessage(version: "JMA", identifier: identifier, sender: "jma:\(office)", sent: sent, status: status, messageType: type,
                                 scope: .public, note: title, references: [], infos: Self.infos(inForce, context))
        message.group = group
        if isWeather || kind.contains("土砂災害") {
            message.jma = JMAReport(office: office, region: region, status: status, phenomenon: r06Phenomenon, inForce: inForce, context: context)
        }
        return message
    }

    /// The blocks for the areas in force: one per area and language.
    static func infos(_ inForce: [InForce], _ context: Context) -> [CAPInfo] {
        var infos: [CAPInfo] = []
        for area in inForce where !area.kinds.isEmpty {
            let klass = area.kinds.map(\.klass).min()!
            let level = area.kinds.compactMap(\.level).max()
            let action = area.action ?? Self.action(klass, level)
            for language in ["ja", "en", "zh", "ko"] {
                let names = area.kinds.map { JMATerms.name($0.name, in: language) }
                let place = JMATerms.area(area.areaName, in: language)
                let term = JMATerms.actions[action]
                let headline: String
                switch language {
                case "ja": headline = area.isRiver ? "\(place)　\(names.joined(separator: "・"))" : "\(place)に\(names.joined(separator: "・"))"
                case "en": headline = "\(names.joined(separator: ", ")): \(place)"
                case "zh": headline = "\(place)：\(names.joined(separator: "、"))"
                default: headline = "\(place): \(names.joined(separator: ", "))"
                }
                let instruction = language == "ja" ? term?.ja : term.map { term in
                    language == "en" ? term.term.en : (language == "zh" ? term.term.zh : term.term.ko)
                }
                var parameters = [CAPValue(name: "JMA-class", value: klass.rawValue)]
                if let level { parameters.append(CAPValue(name: "警戒レベル", value: "\(level)")) }
                let description = language == "ja" ? (area.text ?? context.headline).map { CleanText.field($0, limit: Limits.alertTextCharacters) } : nil
                infos.append(CAPInfo(
                    language: language == "ja" ? "ja-JP" : (language == "zh" ? "zh-CN" : (language == "ko" ? "ko-KR" : "en-US")),
                    categories: [context.geo ? "Geo" : "Met"], event: names.joined(separator: "・"),
                    responseTypes: ["tsunami", "landslide", "danger", "special"].contains(action) ? ["Evacuate"] : ["Prepare"],
                    urgency: context.urgency, severity: klass.severity,
                    certainty: .likely, eventCodes: [], effective: nil, onset: nil, expires: context.expires,
                    senderName: language == "ja" ? context.office : "Japan Meteorological Agency (\(context.office))",
                    headline: CleanText.field(headline, limit: Limits.alertHeadlineCharacters),
                    description: description,
                    instruction: instruction, web: nil, contact: nil,
                    areas: [CAPArea(description: place, polygons: [], circles: [], geocodes: area.codes)],
                    parameters: parameters))
            }
        }
        return infos
    }

    /// What to do, from the strongest class and the 警戒レベル: the level's action where the
    /// name carries one (R06), the class's otherwise.
    static func action(_ klass: Class, _ level: Int?) -> String {
        switch (klass, level) {
        case (.special, _), (_, 5?): return "special"
        case (.danger, _), (_, 4?): return "danger"
        case (.warning, 3?): return "level3"
        case (.warning, _): return "warning"
        case (.advisory, 2?): return "level2"
        case (.advisory, _): return "advisory"
        }
    }

    // MARK: - Report kinds

    /// Whether a kind's `Status` says it is in force: everything but 解除 and なし — 発表, 継続
    /// and every change word, whose kind name is the new one. An unknown word counts as in force:
    /// a warning wrongly kept is seen and corrected by the next report; one wrongly dropped is not.
    static func isInForce(status: String) -> Bool {
        !["解除", "発表警報・注意報はなし", "なし"].contains(status)
    }

    /// 気象警報・注意報: the municipality level (`（市町村等）`), one item per municipality. `phenomenon`
    /// is the R06 report's; the transitional reports' kinds are sorted by their names.
    private func weather(_ body: XMLElement, phenomenon: String?) -> [InForce] {
        guard let warning = body.all("Warning").first(where: { $0.attributes["type"]?.hasSuffix("（市町村等）") == true }) else { return [] }
        var result: [InForce] = []
        for item in warning.all("Item") {
            guard let area = item.first("Area"), let name = area.first("Name")?.shortText, let code = area.first("Code")?.shortText else { continue }
            var kinds: [Kind] = []
            for kindNode in item.all("Kind") {
                // The class and level from the whole name; what is shown, clipped.
                guard let kindName = kindNode.first("Name")?.trimmedText, !kindName.isEmpty else { continue }
                guard Self.isInForce(status: kindNode.first("Status")?.trimmedText ?? "") else { continue }
                guard let klass = Self.weatherClass(kindName) else { continue }
                let significancy = kindNode.all("Property").compactMap { property in
                    property.first("SignificancyPart")?.first("Base")?.first("Significancy")?.first("Name")?.shortText
                }.compactMap { AlertLevel.level(in: JMATerms.normalized($0), bare: false) }.max()
                let normal = JMATerms.normalized(kindName)
                kinds.append(Kind(name: CleanText.field(normal, limit: 64), phenomenon: phenomenon ?? Self.phenomenon(of: normal), klass: klass,
                                  level: Self.level(ofWeather: kindName) ?? significancy))
            }
            guard !kinds.isEmpty else { continue }
            result.append(InForce(areaName: name, codes: [CAPValue(name: "JMA", value: code)], kinds: kinds))
        }
        return result
    }

    /// The R06 phenomenon a weather kind's name belongs to, for folding the transitional
    /// reports: 大雨, 土砂, 高潮, 暴風 (with 強風, 暴風雪, 風雪), 波浪, 大雪, 洪水, and the rest
    /// (雷, 濃霧, 乾燥 …) その他注意報.
    static func phenomenon(of name: String) -> String {
        let table: [(String, String)] = [("土砂災害", "土砂"), ("大雨", "大雨"), ("高潮", "高潮"), ("暴風", "暴風"), ("強風", "暴風"), ("風雪", "暴風"),
                                         ("波浪", "波浪"), ("大雪", "大雪"), ("洪水", "洪水"), ("氾濫", "氾濫")]
        return table.first { name.contains($0.0) }?.1 ?? "その他注意報"
    }

    /// Special warning, danger warning, warning or advisory, from a kind's name; nil for none (解除, なし).
    static func weatherClass(_ name: String) -> Class? {
        if name.contains("特別警報") { return .special }
        if name.contains("危険警報") { return .danger }
        if name.contains("警報") { return .warning }
        if name.contains("注意報") { return .advisory }
        return nil
    }

    /// The 警戒レベル a weather kind stands for (警戒レベル相当情報), where one is defined.
    static func level(ofWeather name: String) -> Int? {
        let normal = JMATerms.normalized(name)
        if let range = normal.range(of: "レベル"), let digit = normal[range.upperBound...].first?.wholeNumberValue, (1...5).contains(digit) { return digit }
        switch normal {
        case "大雨特別警報", "高潮特別警報": return 5
        case "高潮警報": return 4
        case "大雨警報", "洪水警報": return 3
        case "大雨注意報", "洪水注意報", "高潮注意報": return 2
        default: return nil
        }
    }

    /// 土砂災害警戒情報: an area under 警戒 (code 3) is at 警戒レベル4.
    private func landslide(_ body: XMLElement, title: String) -> [InForce] {
        guard let warning = body.all("Warning").first(where: { $0.attributes["type"] == "土砂災害警戒情報" }) else { return [] }
        // The report's own name, without its prefecture: レベル4土砂災害危険警報 (2025 on) or
        // 土砂災害警戒情報.
        let name = JMATerms.normalized(title.contains("土砂災害危険警報") ? "レベル4土砂災害危険警報" : "土砂災害警戒情報")
        return warning.all("Item").compactMap { item in
            guard let kindNode = item.first("Kind"), kindNode.first("Code")?.shortText == "3",
                ["発表", "継続"].contains(kindNode.first("Status")?.trimmedText ?? ""),
                let area = item.first("Area"), let areaName = area.first("Name")?.shortText, let code = area.first("Code")?.shortText
            else { return nil }
            return InForce(areaName: areaName, codes: [CAPValue(name: "JMA", value: code)],
                           kinds: [Kind(name: name, phenomenon: "土砂", klass: .danger, level: 4)], action: "landslide")
        }
    }

    /// The first 府県予報区 code a weather report names (Body, else Head), or "".
    static func region(_ body: XMLElement?, head: XMLElement) -> String {
        if let warning = body?.all("Warning").first(where: { $0.attributes["type"]?.hasSuffix("（府県予報区等）") == true }),
            let code = warning.first("Item")?.first("Area")?.first("Code")?.shortText
        {
            return code
        }
        let information = head.first("Headline")?.all("Information").first { $0.attributes["type"]?.hasSuffix("（府県予報区等）") == true }
        return information?.first("Item")?.first("Areas")?.first("Area")?.first("Code")?.shortText ?? ""
    }

    /// 指定河川洪水予報: the river's forecast area with its level (レベル２氾濫注意報 …
    /// レベル５氾濫特別警報, or the names before 2026: 氾濫注意情報 … 氾濫発生情報); a 解除 is
    /// nothing in force. The forecast's main text (主文) is its description.
    private func river(_ body: XMLElement, head: XMLElement) -> [InForce] {
        let informations = head.first("Headline")?.all("Information") ?? []
        guard let item = informations.first(where: { $0.attributes["type"] == "指定河川洪水予報（予報区域）" })?.first("Item"),
            let rawName = item.first("Kind")?.first("Name")?.trimmedText,
            let area = item.first("Areas")?.first("Area"), let areaName = area.first("Name")?.shortText, let code = area.first("Code")?.shortText
        else { return [] }
        let name = JMATerms.normalized(rawName)
        // The kind's code says the level (its tens: 2 … 5; 1 is 解除) whatever the name's words:
        // 氾濫発生情報（氾濫水の予報） is 53, level 5; 氾濫注意情報（警戒情報解除） is 22, level 2 still.
        let level: Int
        if let kindCode = item.first("Kind")?.first("Code")?.shortText, let number = Int(kindCode), number >= 10 {
            guard (2...5).contains(number / 10) else { return [] }
            level = number / 10
        } else {
            let oldNames = ["氾濫発生情報": 5, "氾濫危険情報": 4, "氾濫警戒情報": 3, "氾濫注意情報": 2]
            guard !name.hasSuffix("解除"), let byName = Self.level(ofWeather: name) ?? oldNames.first(where: { name.contains($0.key) })?.value else { return [] }
            level = byName
        }
        var codes = [CAPValue(name: "JMA-river", value: code)]
        // Every river of the forecast area (a main river and its tributaries, in one item or several) by its own code too.
        let rivers = informations.filter { $0.attributes["type"] == "指定河川洪水予報（河川）" }.flatMap { $0.all("Item") }.flatMap { $0.first("Areas")?.all("Area") ?? [] }
        codes += rivers.compactMap { $0.first("Code")?.shortText }.map { CAPValue(name: "JMA-river", value: $0) }
        let mainText = body.all("Warning").flatMap { $0.all("Item") }.compactMap { $0.first("Kind")?.all("Property") }.joined()
            .first { $0.first("Type")?.trimmedText == "主文" }?.first("Text")?.trimmedText
        let klass: Class = level >= 5 ? .special : (level == 4 ? .danger : (level == 3 ? .warning : .advisory))
        return [InForce(areaName: areaName, codes: codes, kinds: [Kind(name: CleanText.field(name, limit: 64), phenomenon: "氾濫", klass: klass, level: level)], text: mainText, isRiver: true)]
    }

    /// 津波警報・注意報: each forecast area with its category.
    private func tsunami(_ tsunami: XMLElement) -> [InForce] {
        guard let forecast = tsunami.first("Forecast") else { return [] }
        return forecast.all("Item").compactMap { item in
            guard let area = item.first("Area"), let areaName = area.first("Name")?.shortText, let code = area.first("Code")?.shortText,
                let kindCode = item.first("Category")?.first("Kind")?.first("Code")?.shortText
            else { return nil }
            let codes = [CAPValue(name: "JMA", value: code)]
            switch kindCode {
            case "52", "53": return InForce(areaName: areaName, codes: codes, kinds: [Kind(name: "大津波警報", phenomenon: "津波", klass: .special, level: nil)], action: "tsunami")
            case "51": return InForce(areaName: areaName, codes: codes, kinds: [Kind(name: "津波警報", phenomenon: "津波", klass: .warning, level: nil)], action: "tsunami")
            case "62": return InForce(areaName: areaName, codes: codes, kinds: [Kind(name: "津波注意報", phenomenon: "津波", klass: .advisory, level: nil)], action: "tsunami-advisory")
            default: return nil  // lifted (50, 60), slight changes (71–73), none (00)
            }
        }
    }

    /// 緊急地震速報: the areas of `Intensity/Forecast/Pref/Area` (細分区域 codes), a warning
    /// (警報) severe and a forecast (予報) an advisory; a report that names no area reaches no
    /// screen.
    private func earthquake(_ body: XMLElement, title: String) -> [InForce] {
        let isWarning = title.contains("警報")
        let name = isWarning ? "緊急地震速報（警報）" : "緊急地震速報（予報）"
        var result: [InForce] = []
        for pref in body.first("Intensity")?.first("Forecast")?.all("Pref") ?? [] {
            for area in pref.all("Area") {
                guard let areaName = area.first("Name")?.shortText, let code = area.first("Code")?.shortText else { continue }
                result.append(InForce(areaName: areaName, codes: [CAPValue(name: "JMA", value: code)],
                                      kinds: [Kind(name: name, phenomenon: "地震", klass: isWarning ? .warning : .advisory, level: nil)], action: "earthquake"))
            }
        }
        return result
    }

    /// A JMA time: `2016-07-15T16:03:00+09:00`, or UTC with `Z` and perhaps fractions.
    static func time(_ text: String) -> Date? {
        if let date = FeedTime.parseInstant(text) { return date }
        let noFraction = text.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)
        return FeedTime.parseInstant(noFraction)
    }
}

extension XMLElement {
    /// The element's text without surrounding white space.
    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A name or code, clipped: JMA's are a few characters (大雨警報, 1415000), and a report that
    /// says otherwise must not put 40,000 characters into every block it makes.
    var shortText: String { CleanText.field(trimmedText, limit: 64) }
}
