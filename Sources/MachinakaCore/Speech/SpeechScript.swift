import Foundation

/// What a screen says for the alerts on it, as Japanese municipalities announce: a chime,
/// 「緊急放送、緊急放送。」, who speaks, the message in Japanese and then in each other listed
/// language, the message again as often as set, and a drill framed 「これは訓練です。」 before
/// and after — by the player, whatever the headline says. A pure function of the alerts on
/// screen, the settings and the instant, like the frame: `say` and the player agree.
public struct SpeechScript: Equatable, Sendable {
    /// One part of the announcement.
    public enum Part: Equatable, Hashable, Sendable {
        /// The announcement chime (made by Machinaka).
        case chime
        /// The short ding before a counter call.
        case ding
        /// Text to say in a language (a BCP 47 primary tag: ja, en, zh, ko …).
        case say(language: String, text: String)
        /// A pause, in seconds.
        case pause(Double)
    }

    public var parts: [Part]
    /// What the announcement is about: the alerts' identifiers and sent times. A new key (an
    /// Update, another alert) is said anew; the same key is not said again.
    public var key: String

    /// Whether there is anything to say.
    public var isEmpty: Bool { parts.isEmpty }

    /// A script of `parts` about `key` (a part of an announcement, tests).
    public init(parts: [Part], key: String) {
        self.parts = parts
        self.key = key
    }

    /// The announcement for `alerts` (most important first) on a screen with `settings`, at
    /// `minute` of the local day; empty when there is nothing to say (no alert, an all-clear
    /// only, a quiet hour with no grave alert).
    public static func announcement(for alerts: [ActiveAlert], settings: SpeechSettings, minute: Int) -> SpeechScript {
        let key = alerts.map { "\($0.message.sender)|\($0.message.identifier)|\(Int($0.message.sent.timeIntervalSince1970))" }.joined(separator: ";")
        // Quiet hours keep only what may cost lives; what they hold back is said when they end
        // (the key says "quiet", so the same alert is new news at 07:00).
        let quiet = settings.isQuiet(minute: minute)
        guard let lead = alerts.first(where: { !$0.isAllClear }) else {
            // An all-clear is said once, briefly: that the danger is over is news too.
            guard !quiet, let clear = alerts.first, let info = clear.infos.first(where: { primary($0.language) == "ja" }) ?? clear.infos.first else {
                return SpeechScript(parts: [], key: key + (quiet ? "|quiet" : ""))
            }
            let drill: [Part] = clear.isExercise ? [.say(language: "ja", text: "これは訓練です。")] : []
            return SpeechScript(parts: [.chime] + drill + [.say(language: primary(info.language), text: sentence(info.headline ?? info.event, primary(info.language)))] + drill, key: key)
        }
        // The message itself is never a Test or a draft (the board shows none).
        if quiet, !isGrave(lead) {
            return SpeechScript(parts: [], key: key + "|quiet")
        }
        var parts: [Part] = [.chime, .pause(0.4), .say(language: "ja", text: "緊急放送、緊急放送。")]
        if lead.isExercise { parts.append(.say(language: "ja", text: "これは訓練です。")) }
        let japanese = lead.infos.first { primary($0.language) == "ja" }
        if let sender = japanese?.senderName ?? lead.infos.first?.senderName, !sender.isEmpty {
            parts.append(.say(language: "ja", text: "こちらは\(sender)です。"))
        }
        var message: [Part] = []
        for language in settings.languages.map(primary) {
            guard let info = lead.infos.first(where: { primary($0.language) == language }) else { continue }
            let text = [info.headline ?? info.event, info.instruction].compactMap { $0 }.map { sentence($0, language) }.joined(separator: language == "ja" || language == "zh" ? "" : " ")
            message.append(.say(language: language, text: text))
        }
        // An alert in no listed language is still said, in the first language it has.
        if message.isEmpty, let info = lead.infos.first {
            let language = primary(info.language)
            message.append(.say(language: language, text: [info.headline ?? info.event, info.instruction].compactMap { $0 }.map { sentence($0, language) }.joined(separator: " ")))
        }
        // Others of the same earnest: a drill is not counted among real warnings, nor the other way.
        let others = alerts.filter { !$0.isAllClear && $0.isExercise == lead.isExercise }.count - 1
        if others > 0 { message.append(.say(language: "ja", text: "このほかに\(others)件の警報・避難情報が出ています。画面をご覧ください。")) }
        for round in 0..<settings.repeats {
            if round > 0 { parts.append(.pause(1.0)) }
            if round == 1 { parts.append(.say(language: "ja", text: "繰り返します。")) }
            parts += message
        }
        if lead.isExercise { parts.append(.say(language: "ja", text: "これは訓練です。")) }
        return SpeechScript(parts: parts, key: key)
    }

    /// The announcement at `instant` on a screen whose local time is in `zone`.
    public static func announcement(for alerts: [ActiveAlert], settings: SpeechSettings, at instant: Date, zone: TimeZone) -> SpeechScript {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return announcement(for: alerts, settings: settings, minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// The counter calls for counters whose `serving` number went up from `previous` (by counter
    /// id) to `current`: a ding, then the call in Japanese and in the screen's other spoken
    /// languages that have words for it. Closed and paused counters call no one; a counter seen
    /// for the first time is not called (its number did not go up, it appeared).
    public static func counterCalls(previous: [String: Int], current: CounterData, settings: SpeechSettings) -> SpeechScript {
        var parts: [Part] = []
        for counter in current.counters where counter.status == .open {
            guard let before = previous[counter.id], counter.serving > before else { continue }
            parts.append(.ding)
            for language in settings.languages.map(primary) {
                guard let text = call(counter, language) else { continue }
                parts.append(.say(language: language, text: text))
            }
        }
        let key = current.counters.map { "\($0.id)=\($0.serving)" }.joined(separator: ",")
        return SpeechScript(parts: parts, key: key)
    }

    /// One counter's call in `language`, where there are words for it: by the counter's number
    /// when its id is one (1番窓口), else by its name.
    static func call(_ counter: CounterData.Counter, _ language: String) -> String? {
        let number = counter.serving
        let isNumbered = !counter.id.isEmpty && counter.id.allSatisfy(\.isNumber)
        switch language {
        case "ja": return isNumbered ? "番号札\(number)番の方、\(counter.id)番窓口へお越しください。" : "番号札\(number)番の方、\(counter.name)の窓口へお越しください。"
        case "en": return isNumbered ? "Ticket number \(number), please come to counter \(counter.id)." : "Ticket number \(number), please come to \(counter.nameEnglish ?? counter.name)."
        case "zh": return isNumbered ? "\(number)号，请到\(counter.id)号窗口。" : nil
        case "ko": return isNumbered ? "\(number)번 고객님, \(counter.id)번 창구로 와 주십시오." : nil
        default: return nil
        }
    }

    /// Level 4 and above, or CAP's gravest words: said even in quiet hours.
    static func isGrave(_ alert: ActiveAlert) -> Bool {
        (alert.level ?? 0) >= 4 || alert.infos.contains { $0.severity == .extreme || $0.urgency == .immediate }
    }

    /// The text lines of the script: one utterance a line, `<language>\t<text>` (the chime as
    /// `-\t(chime)`), as `say --script` prints.
    public var lines: [String] {
        parts.compactMap { part in
            switch part {
            case .chime: return "-\t(chime)"
            case .ding: return "-\t(ding)"
            case .say(let language, let text): return "\(language)\t\(text)"
            case .pause: return nil
            }
        }
    }

    static func primary(_ tag: String) -> String {
        tag.split(separator: "-").first.map { $0.lowercased() } ?? tag.lowercased()
    }

    /// A headline or instruction as a sentence to speak: ends with a stop, so voices pause
    /// (。 in Japanese and Chinese, . elsewhere).
    static func sentence(_ text: String, _ language: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        if "。.!?！？".contains(last) { return trimmed }
        return trimmed + (language == "ja" || language == "zh" ? "。" : ".")
    }
}
