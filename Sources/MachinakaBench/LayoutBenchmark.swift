import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// Measures what the longest text a file may hold costs to lay out with the real fonts: a
/// notice at the body limit in one paragraph, and an alert with every field at its limit.
/// The first is done off the frame loop (ahead of its slide); the second is on the alert's
/// path, so it bounds how much a hostile alert can delay its own frame.
public struct LayoutBenchmark {
    public struct Result: Encodable {
        var trials: Int
        /// A notice of `Limits.bodyCharacters` characters in one paragraph, 1920×1080.
        var longestNoticeMs: Stats
        /// An alert with headline, instruction, description and areas at their limits.
        var longestAlertMs: Stats
        /// The same alert in Japanese and English at their limits: the English is set in the
        /// region beside the Japanese, fitted by size (several layouts of it).
        var longestBilingualAlertMs: Stats
        /// Two such alerts, the second listed under the first: its row (its headline alone
        /// taller than the row) goes over pages of its own, laid out afresh (as when it first
        /// joins the list).
        var longestListedAlertMs: Stats
        /// The ja and en alert on a screen that turns whole frames by language, 10 s in (the
        /// Japanese turn): the frame lays out the language it shows and times its turn from it.
        var longestRotatedAlertMs: Stats

        /// The figures as lines.
        public var lines: String {
            "longest notice laid out: p50 \(Benchmarks.f(longestNoticeMs.p50)) ms, p99 \(Benchmarks.f(longestNoticeMs.p99)) ms\n"
                + "longest alert laid out:  p50 \(Benchmarks.f(longestAlertMs.p50)) ms, p99 \(Benchmarks.f(longestAlertMs.p99)) ms\n"
                + "the same in ja and en:   p50 \(Benchmarks.f(longestBilingualAlertMs.p50)) ms, p99 \(Benchmarks.f(longestBilingualAlertMs.p99)) ms\n"
                + "two, one listed:         p50 \(Benchmarks.f(longestListedAlertMs.p50)) ms, p99 \(Benchmarks.f(longestListedAlertMs.p99)) ms\n"
                + "ja and en in turns, 10 s in: p50 \(Benchmarks.f(longestRotatedAlertMs.p50)) ms, p99 \(Benchmarks.f(longestRotatedAlertMs.p99)) ms"
        }
    }

    let trials: Int
    let fonts: FontLibrary

    public init(trials: Int, fonts: FontLibrary) {
        self.trials = trials
        self.fonts = fonts
    }

    public func run() throws -> Result {
        let screen = ScreenConfig(id: "bench")
        let composer = FrameComposer(screen: screen, measurer: fonts)
        let sentence = "相模原市からのお知らせです。窓口の受付時間が変わります。"
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        // Each trial a text of its own (its number in front) at a new instant: nothing found
        // in one trial's text (the units kept whole, in a memo) serves the next, as nothing
        // serves a new notice or alert.
        func notice(_ trial: Int) -> (Slot, SlideContent?) {
            let text = "第\(trial + 1)報 " + String(repeating: sentence, count: Limits.bodyCharacters / sentence.count + 1)
            let item = ContentItem(source: "news/longest.md", kind: .news, title: String(repeating: "長い題名", count: Limits.titleCharacters / 4),
                                   body: [.paragraph([Span(String(text.prefix(Limits.bodyCharacters)))])])
            return (Slot(item: item, start: start, end: start.addingTimeInterval(15)),
                    NoticeKind().slide(item, at: start, context: SlideContext(screen: screen, items: [item])))
        }
        var notices: [Double] = []
        for trial in 0..<trials {
            let (slot, content) = notice(trial)
            let at = start.addingTimeInterval(Double(trial % 15))
            notices.append(milliseconds { _ = composer.compose(slot: slot, content: content, alerts: [], headlines: [], at: at) })
        }
        let (slot, content) = notice(0)
        var alerts: [Double] = []
        for trial in 0..<trials {
            let alert = Self.longestAlert(at: start, number: trial + 1)
            alerts.append(milliseconds { _ = composer.compose(slot: slot, content: content, alerts: [alert], headlines: [], at: start.addingTimeInterval(Double(trial))) })
        }
        var bilingual: [Double] = []
        for trial in 0..<trials {
            let alert = Self.longestAlert(at: start, number: trials + trial + 1, english: true)
            bilingual.append(milliseconds { _ = composer.compose(slot: slot, content: content, alerts: [alert], headlines: [], at: start.addingTimeInterval(Double(trial))) })
        }
        var listed: [Double] = []
        for trial in 0..<trials {
            let number = 2 * trials + 2 * trial + 1
            var second = Self.longestAlert(at: start, number: number + 1)
            second.source = "alerts/bench-listed.xml"
            let both = [Self.longestAlert(at: start, number: number), second]
            listed.append(milliseconds { _ = composer.compose(slot: slot, content: content, alerts: both, headlines: [], at: start.addingTimeInterval(Double(trial))) })
        }
        var rotating = screen
        rotating.alertLanguages = "rotate"
        // The player's composer keeps layouts (`LayoutCache`); each trial's alert is new to it.
        let turning = FrameComposer(screen: rotating, measurer: fonts, cache: LayoutCache())
        var rotated: [Double] = []
        for trial in 0..<trials {
            let alert = Self.longestAlert(at: start, number: 4 * trials + trial + 1, english: true)
            rotated.append(milliseconds { _ = turning.compose(slot: slot, content: content, alerts: [alert], headlines: [], at: start.addingTimeInterval(10)) })
        }
        return Result(trials: trials, longestNoticeMs: Stats(notices), longestAlertMs: Stats(alerts), longestBilingualAlertMs: Stats(bilingual),
                      longestListedAlertMs: Stats(listed), longestRotatedAlertMs: Stats(rotated))
    }

    /// An alert with every field at its limit; `number` leads its texts (第2報), so each
    /// number is a text of its own.
    /// With `english`, an English info at its limits follows the Japanese.
    static func longestAlert(at instant: Date, number: Int = 1, english: Bool = false) -> ActiveAlert {
        let text = "第\(number)報 " + String(repeating: "直ちに安全な場所へ避難してください。", count: Limits.alertTextCharacters / 18 + 1)
        let info = CAPInfo(
            language: "ja-JP", categories: ["Safety"], event: "避難指示", responseTypes: ["Evacuate"], urgency: .immediate,
            severity: .extreme, certainty: .observed, eventCodes: [], effective: nil, onset: nil, expires: nil,
            senderName: String(repeating: "相模原市危機管理局", count: 20).prefix(Limits.shortCharacters).description,
            headline: String(("第\(number)報 " + String(repeating: "相模川沿いの地域に避難指示", count: 30)).prefix(Limits.alertHeadlineCharacters)),
            description: String(text.prefix(Limits.alertTextCharacters)), instruction: String(text.prefix(Limits.alertTextCharacters)),
            web: nil, contact: nil,
            areas: (0..<100).map { CAPArea(description: "相模原市緑区\(number)地区\($0)", polygons: [], circles: [], geocodes: []) })
        var infos = [info]
        if english {
            let sentence = "Leave now for a safe place on higher ground. "
            let text = "Update \(number): " + String(repeating: sentence, count: Limits.alertTextCharacters / sentence.count + 1)
            infos.append(CAPInfo(
                language: "en-US", categories: ["Safety"], event: "Evacuation order", responseTypes: ["Evacuate"], urgency: .immediate,
                severity: .extreme, certainty: .observed, eventCodes: [], effective: nil, onset: nil, expires: nil,
                senderName: info.senderName,
                headline: String(("Update \(number): " + String(repeating: "Evacuation order for areas along the Sagami River. ", count: 8)).prefix(Limits.alertHeadlineCharacters)),
                description: String(text.prefix(Limits.alertTextCharacters)), instruction: String(text.prefix(Limits.alertTextCharacters)),
                web: nil, contact: nil,
                areas: (0..<100).map { CAPArea(description: "Midori Ward district \(number)-\($0)", polygons: [], circles: [], geocodes: []) }))
        }
        let message = CAPMessage(version: "1.2", identifier: "BENCH", sender: "bench@machinaka.invalid", sent: instant, status: .actual,
                                 messageType: .alert, scope: .public, note: nil, references: [], infos: infos)
        return ActiveAlert(source: "alerts/bench.xml", message: message, infos: infos, start: instant, end: instant.addingTimeInterval(3600),
                           isAllClear: false, isExercise: false)
    }
}
