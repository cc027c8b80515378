import Foundation

/// JMA's own warnings (気象庁防災情報XML) read onto the alert model: weather special warnings,
/// warnings and advisories (気象警報・注意報), landslide alerts (土砂災害警戒情報 /
/// レベル４土砂災害危険警報), tsunami warnings (津波警報・注意報) and earthquake early warnings
/// (緊急地震速報).
///
/// - `Control/Status` 通常 / 訓練 / 試験 → Actual / Exercise / Test.
/// - `Head/InfoType` 発表 / 訂正 / 取消 → Alert / Update / Cancel. JMA names no earlier report:
///   a report replaces (or, 取消, cancels) the earlier ones of its *group* — the same `EventID`,
///   or, for weather warnings (which have none), the same office's previous report.
/// - One `<info>` per area in force, in Japanese and, from `JMATerms`, English, Chinese and
///   Korean. Each area carries its JMA code as a `geocode` named `JMA`; a screen shows the
///   message only for its own `jma_areas` (see `AlertBoard`), and advisories only when asked.
/// - Times: `Head/ReportDateTime` is `sent`; `Control/DateTime` (UTC, `Z`) when it is missing.
///   JMA gives no expiry: a report stands until the next one of its group (24 h at most; an
///   earthquake early warning, 10 minutes).
struct JMAFormat: AlertFormat {
    var name: String { "JMA" }

    static let namespace = "http://xml.kishou.go.jp/jmaxml1/"

    func recognises(_ root: XMLElement) -> Bool {
        root.name == "Report" && root.namespace == Self.namespace
    }

    /// The class of what is in force in an area, strongest first.
    enum Class: String, Comparable {
        case special, warning, advisory
        static func < (a: Class, b: Class) -> Bool { a.rank < b.rank }
        var rank: Int { self == .special ? 0 : (self == .warning ? 1 : 2) }
        var severity: CAPInfo.Severity { self == .special ? .extreme : (self == .warning ? .severe : .moderate) }
    }

    /// One area with what is in force there.
    struct InForce {
        var areaName: String
        var areaCode: String
        var names: [String]
        var klass: Class
        var level: Int?
        var action: String
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
        let kind = text(head, "InfoKind") ?? text(control, "Title") ?? "JMA"
        let eventID = text(head, "EventID")
        let title = text(head, "Title") ?? kind
        let headlineText = text(head, "Headline", "Text")
        let group = "JMA|\(kind)|\(eventID ?? office)"
        let identifier = "JMA-\(eventID ?? office)-\(Int(sent.timeIntervalSince1970))"

        var inForce: [InForce] = []
        var lifetime: TimeInterval = 24 * 3600
        if let body = root.first("Body"), type != .cancel {
            if kind.contains("土砂災害") {
                inForce = landslide(body, title: title)
            } else if let tsunami = body.first("Tsunami") {
                inForce = self.tsunami(tsunami)
            } else if kind.contains("緊急地震速報") {
                inForce = earthquake(body, title: title)
                lifetime = 600
            } else {
                inForce = weather(body)
            }
        }
        let expires = sent.addingTimeInterval(lifetime)
        var infos: [CAPInfo] = []
        for area in inForce {
            for language in ["ja", "en", "zh", "ko"] {
                let names = area.names.map { JMATerms.name($0, in: language) }
                let place = JMATerms.area(area.areaName, in: language)
                let action = JMATerms.actions[area.action]
                let headline: String
                switch language {
                case "ja": headline = "\(place)に\(names.joined(separator: "・"))"
                case "en": headline = "\(names.joined(separator: ", ")): \(place)"
                case "zh": headline = "\(place)：\(names.joined(separator: "、"))"
                default: headline = "\(place): \(names.joined(separator: ", "))"
                }
                let instruction = language == "ja" ? action?.ja : action.map { term in
                    language == "en" ? term.term.en : (language == "zh" ? term.term.zh : term.term.ko)
                }
                var parameters = [CAPValue(name: "JMA-class", value: area.klass.rawValue)]
                if let level = area.level { parameters.append(CAPValue(name: "警戒レベル", value: "\(level)")) }
                infos.append(CAPInfo(
                    language: language == "ja" ? "ja-JP" : (language == "zh" ? "zh-CN" : (language == "ko" ? "ko-KR" : "en-US")),
                    categories: [kind.contains("地震") || kind.contains("津波") ? "Geo" : "Met"], event: names.joined(separator: "・"),
                    responseTypes: area.action == "tsunami" || area.action == "landslide" ? ["Evacuate"] : ["Prepare"],
                    urgency: kind.contains("津波") || kind.contains("地震") ? .immediate : .expected, severity: area.klass.severity,
                    certainty: .likely, eventCodes: [], effective: nil, onset: nil, expires: expires,
                    senderName: language == "ja" ? office : "Japan Meteorological Agency (\(office))",
                    headline: CleanText.field(headline, limit: Limits.alertHeadlineCharacters),
                    description: language == "ja" ? headlineText.map { CleanText.field($0, limit: Limits.alertTextCharacters) } : nil,
                    instruction: instruction, web: nil, contact: nil,
                    areas: [CAPArea(description: place, polygons: [], circles: [], geocodes: [CAPValue(name: "JMA", value: area.areaCode)])],
                    parameters: parameters))
            }
        }
        var message = CAPMessage(version: "JMA", identifier: identifier, sender: "jma:\(office)", sent: sent, status: status, messageType: type,
                                 scope: .public, note: title, references: [], infos: infos)
        message.group = group
        return message
    }

    // MARK: - Report kinds

    /// 気象警報・注意報: the municipality level (`（市町村等）`), one item per municipality.
    private func weather(_ body: XMLElement) -> [InForce] {
        guard let warning = body.all("Warning").first(where: { $0.attributes["type"]?.hasSuffix("（市町村等）") == true }) else { return [] }
        var result: [InForce] = []
        for item in warning.all("Item") {
            guard let area = item.first("Area"), let name = area.first("Name")?.trimmedText, let code = area.first("Code")?.trimmedText else { continue }
            var names: [String] = []
            var klass: Class? = nil
            var level: Int? = nil
            for kindNode in item.all("Kind") {
                guard let kindName = kindNode.first("Name")?.trimmedText, !kindName.isEmpty else { continue }
                let status = kindNode.first("Status")?.trimmedText ?? ""
                // In force: 発表, 継続, and a special warning stepping down to a warning or advisory.
                guard ["発表", "継続", "特別警報から警報", "特別警報から注意報", "警報から注意報"].contains(status) else { continue }
                guard let kindClass = Self.weatherClass(kindName) else { continue }
                names.append(JMATerms.normalized(kindName))
                klass = min(klass ?? kindClass, kindClass)
                if let kindLevel = Self.level(ofWeather: kindName) { level = max(level ?? 0, kindLevel) }
            }
            guard let klass, !names.isEmpty else { continue }
            result.append(InForce(areaName: name, areaCode: code, names: names, klass: klass, level: level,
                                  action: klass == .special ? "special" : (klass == .warning ? "warning" : "advisory")))
        }
        return result
    }

    /// Special warning, warning or advisory, from a kind's name; nil for none (解除, なし).
    static func weatherClass(_ name: String) -> Class? {
        if name.contains("特別警報") { return .special }
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
            guard let kindNode = item.first("Kind"), kindNode.first("Code")?.trimmedText == "3",
                ["発表", "継続"].contains(kindNode.first("Status")?.trimmedText ?? ""),
                let area = item.first("Area"), let areaName = area.first("Name")?.trimmedText, let code = area.first("Code")?.trimmedText
            else { return nil }
            return InForce(areaName: areaName, areaCode: code, names: [name], klass: .warning, level: 4, action: "landslide")
        }
    }

    /// 津波警報・注意報: each forecast area with its category.
    private func tsunami(_ tsunami: XMLElement) -> [InForce] {
        guard let forecast = tsunami.first("Forecast") else { return [] }
        return forecast.all("Item").compactMap { item in
            guard let area = item.first("Area"), let areaName = area.first("Name")?.trimmedText, let code = area.first("Code")?.trimmedText,
                let kindCode = item.first("Category")?.first("Kind")?.first("Code")?.trimmedText
            else { return nil }
            switch kindCode {
            case "52", "53": return InForce(areaName: areaName, areaCode: code, names: ["大津波警報"], klass: .special, level: nil, action: "tsunami")
            case "51": return InForce(areaName: areaName, areaCode: code, names: ["津波警報"], klass: .warning, level: nil, action: "tsunami")
            case "62": return InForce(areaName: areaName, areaCode: code, names: ["津波注意報"], klass: .advisory, level: nil, action: "tsunami-advisory")
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
                guard let areaName = area.first("Name")?.trimmedText, let code = area.first("Code")?.trimmedText else { continue }
                result.append(InForce(areaName: areaName, areaCode: code, names: [name], klass: isWarning ? .warning : .advisory, level: nil, action: "earthquake"))
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
}
