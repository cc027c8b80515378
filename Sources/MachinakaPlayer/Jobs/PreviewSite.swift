import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX
import MachinakaRecords
import MachinakaRender

/// The `preview` job: a static site staff open from the shared folder — per screen, the days
/// ahead as a timeline (the same plan as `plan --json`), every slide and page as it will look
/// (rendered by the player's own code), each mistake beside its file, the alerts, the data
/// boards' freshness, and with a play log what was shown yesterday. HTML and PNGs only: no
/// script, nothing fetched from outside. Thumbnails are kept by what went into them (the item's
/// file, the screen's file, the page), so a second run renders only what changed.
public enum PreviewSite {
    /// What a run did, in figures.
    public struct Outcome: Sendable {
        public var screens: Int
        public var slides: Int
        /// Thumbnails drawn this run, and those kept from an earlier one.
        public var rendered: Int
        public var reused: Int
        public var seconds: Double
    }

    /// The frame size thumbnails are drawn at: the screen's own shape at a width staff can read.
    static func thumbnailSize(_ screen: ScreenConfig) -> PixelSize {
        let width = screen.size.isPortrait ? 540 : 960
        return PixelSize(width: width, height: width * screen.size.height / screen.size.width)
    }

    /// The page the player serves for its own screen at `/` (`play --http`): the same sections
    /// as the site's, the frame on screen instead of thumbnails, a day ahead, `check`'s findings
    /// without the layout ones (those need every slide composed: `check` and `preview` say them).
    public static func livePage(feed: Feed, screenID: String, at instant: Date) -> String? {
        guard let screen = feed.screen(screenID) else { return nil }
        let entries = Planner.plan(feed: feed.asPreview, screen: screen, from: instant, duration: 86_400)
        let diagnostics = (feed.diagnostics + FeedChecker.warnings(for: feed, at: instant)).sorted { ($0.path, $0.line) < ($1.path, $1.line) }
        return ScreenPage(screen: screen, feed: feed, entries: entries, thumbs: [:], diagnostics: diagnostics, plays: nil, from: instant, live: true).html
    }

    /// Writes the site for every screen of `feed` into `out`.
    public static func write(feed: Feed, from: Date, days: Int, fonts: FontLibrary, out: String, playLog: String?) throws -> Outcome {
        let started = MonotonicClock.now()
        try FileManager.default.createDirectory(atPath: out + "/thumbs", withIntermediateDirectories: true)
        let diagnostics = FeedCheck.diagnostics(of: feed, at: from, fonts: fonts)
        let plays = try playLog.map { try PlayLog(readingFrom: $0).report(from: from.addingTimeInterval(-86_400), to: from, zone: FeedTime.defaultTimeZone) }
        var outcome = Outcome(screens: 0, slides: 0, rendered: 0, reused: 0, seconds: 0)
        var kept = Set<String>()
        let screens = feed.screens.values.sorted { $0.id < $1.id }
        for screen in screens {
            let entries = Planner.plan(feed: feed.asPreview, screen: screen, from: from, duration: Double(days) * 86_400,
                                       pacing: FeedCheck.pacing(feed: feed, screen: screen, fonts: fonts))
            var thumbs: [String: [String]] = [:]  // entry key → thumbnail file names (pages)
            for entry in entries where entry.kind != "display-off" {
                let key = thumbKey(entry)
                guard thumbs[key] == nil else { continue }
                thumbs[key] = try thumbnails(of: entry, feed: feed, screen: screen, fonts: fonts, out: out, outcome: &outcome)
                kept.formUnion(thumbs[key]!)
            }
            let page = ScreenPage(screen: screen, feed: feed, entries: entries, thumbs: thumbs, diagnostics: diagnostics, plays: plays, from: from)
            try Data(page.html.utf8).write(to: URL(fileURLWithPath: out + "/screen-\(fileSafe(screen.id)).html"))
            outcome.screens += 1
            outcome.slides += thumbs.count
        }
        try Data(index(screens: screens, feed: feed, diagnostics: diagnostics, from: from, days: days).utf8).write(to: URL(fileURLWithPath: out + "/index.html"))
        try Data(stylesheet.utf8).write(to: URL(fileURLWithPath: out + "/style.css"))
        // Thumbnails nothing points to any more go.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: out + "/thumbs")) ?? [] where !kept.contains(name) {
            try? FileManager.default.removeItem(atPath: out + "/thumbs/" + name)
        }
        outcome.seconds = MonotonicClock.now() - started
        return outcome
    }

    /// The running program, as its file's size and time: new with every build and upgrade.
    static let program: String = FileStamp(path: "/proc/self/exe").map { "\($0.size)-\($0.modified)" } ?? ""

    static func thumbKey(_ entry: PlanEntry) -> String {
        entry.kind == "alert" || entry.kind == "all-clear" ? "\(entry.kind)|\(entry.source)|\(entry.identifier ?? "")" : "\(entry.kind)|\(entry.source)"
    }

    /// The thumbnails of an entry's slide, one per page, drawn unless a file made from the same
    /// inputs is there.
    private static func thumbnails(of entry: PlanEntry, feed: Feed, screen: ScreenConfig, fonts: FontLibrary, out: String, outcome: inout Outcome) throws -> [String] {
        let size = thumbnailSize(screen)
        let at = entry.start.addingTimeInterval(min(1, entry.end.timeIntervalSince(entry.start) / 2))
        let first = Preview.frame(feed: feed, screen: screen, at: at, size: size, fonts: fonts)
        let pages = max(1, first.composition.pages)
        // What the picture is made of: the item's file (or the alert's), the screen's file, the
        // size and the page, and the program that draws it (an upgrade that draws a slide
        // differently — a phone's clip turned upright — must not leave the old picture up).
        // The header clock is left out on purpose: it would make every thumbnail new every minute.
        var inputs = [screen.id, "\(size)", entry.kind, entry.source, entry.identifier ?? "", Self.program]
        for path in [entry.source, "screens/\(screen.id).yml"] {
            if let data = FileManager.default.contents(atPath: feed.root + "/" + path) { inputs.append(StableHash.fnv1a(data)) }
        }
        var names: [String] = []
        for page in 0..<pages {
            let name = StableHash.fnv1a((inputs + ["\(page)/\(pages)"]).joined(separator: "|").utf8) + ".png"
            names.append(name)
            let path = out + "/thumbs/" + name
            if FileManager.default.fileExists(atPath: path) {
                outcome.reused += 1
                continue
            }
            let instant = pages == 1 ? at : entry.start.addingTimeInterval(entry.end.timeIntervalSince(entry.start) / Double(pages) * (Double(page) + 0.5))
            let frame = page == 0 ? first : Preview.frame(feed: feed, screen: screen, at: instant, size: size, fonts: fonts)
            let display = try OffscreenDisplay(size: size, fonts: fonts)
            try display.show(frame.composition.scene)
            try display.writePNG(to: path)
            outcome.rendered += 1
        }
        return names
    }

    static func fileSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" ? Character($0) : "_" })
    }

    /// Text for HTML: &, <, >, " escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func head(_ title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title><link rel="stylesheet" href="style.css"></head>
        <body>
        """
    }

    private static func index(screens: [ScreenConfig], feed: Feed, diagnostics: [Diagnostic], from: Date, days: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count, warnings = diagnostics.count - errors
        var html = head("まちなか 表示予定 / Machinaka preview")
        html += "<header><h1>表示予定 <span lang=\"en\">Preview</span></h1><p>\(escape(ClockText.isoDay(from)))から\(days)日間 · "
        html += "要修正 \(errors) 件・確認 \(warnings) 件 <span lang=\"en\">(\(errors) errors, \(warnings) warnings)</span></p></header><main><ul class=\"screens\">"
        for screen in screens {
            html += "<li><a href=\"screen-\(fileSafe(screen.id)).html\">\(escape(screen.name))</a> <span class=\"id\">\(escape(screen.id))</span> · \(escape(screen.facility))</li>"
        }
        return html + "</ul></main></body></html>\n"
    }

    static let stylesheet = """
        body { font-family: "BIZ UDPGothic", "Noto Sans CJK JP", sans-serif; color: #1a1a1a; background: #ffffff; margin: 0 auto; max-width: 1200px; padding: 1rem; line-height: 1.6; }
        h1, h2, h3 { line-height: 1.3; }
        a { color: #0b4fa3; }
        .id, .en, [lang="en"] { color: #4a4a4a; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid #c8c8c8; padding: .4rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        ul.items { list-style: none; padding: 0; margin: 0; }
        ul.items li { margin-bottom: .6rem; }
        img.now { width: 100%; max-width: 960px; height: auto; border: 1px solid #888; }
        img.thumb { width: 240px; max-width: 100%; height: auto; border: 1px solid #888; margin: 0 .3rem .3rem 0; }
        .off td { background: #ececec; color: #333333; }
        .alert td { background: #fde8e8; }
        .problem.error { border-left: 6px solid #b00020; padding-left: .6rem; }
        .problem.warning { border-left: 6px solid #8a6d00; padding-left: .6rem; }
        .stale { color: #b00020; font-weight: bold; }
        @media (max-width: 700px) { img.thumb { width: 100%; } td:first-child { white-space: nowrap; } }
        @media print { a { color: #000; text-decoration: none; } img.thumb { width: 160px; } section { break-inside: avoid; } }

        """
}

/// One screen's page of the preview site.
struct ScreenPage {
    var screen: ScreenConfig
    var feed: Feed
    var entries: [PlanEntry]
    var thumbs: [String: [String]]
    var diagnostics: [Diagnostic]
    var plays: [PlayReportRow]?
    var from: Date
    /// Served by the player itself: the frame on screen at the top, no link to other screens.
    var live = false

    var html: String {
        let e = PreviewSite.escape
        var html = PreviewSite.head("\(screen.name) — 表示予定")
        html += live ? "<header>" : "<header><p><a href=\"index.html\">← 画面の一覧 <span lang=\"en\">All screens</span></a></p>"
        html += "<h1>\(e(screen.name)) <span class=\"id\">\(e(screen.id))</span></h1><p>\(e(screen.facility)) · \(screen.size.width)×\(screen.size.height)</p></header><main>"
        if live {
            html += "<section id=\"now\"><h2>いまの画面 <span lang=\"en\">On screen now</span></h2><img class=\"now\" src=\"screenshot.png\" alt=\"この画面がいま表示している内容 / what this screen shows now\"></section>"
        }
        html += problems + alerts + data + timeline + shown
        return html + "</main></body></html>\n"
    }

    /// `check`'s findings, beside the file each names: Japanese first, the message as `check` says it.
    private var problems: String {
        let e = PreviewSite.escape
        // This screen's findings: another screen's file or a finding said of another screen is on its page.
        let mine = diagnostics.filter { diagnostic in
            if diagnostic.path.hasPrefix("screens/") { return diagnostic.path == "screens/\(screen.id).yml" }
            guard let range = diagnostic.message.range(of: "screen '") else { return true }
            return diagnostic.message[range.upperBound...].hasPrefix(screen.id + "'")
        }
        var html = "<section id=\"problems\"><h2>要確認のファイル <span lang=\"en\">Files to fix</span></h2>"
        guard !mine.isEmpty else { return html + "<p>問題はありません。<span lang=\"en\">Nothing to fix.</span></p></section>" }
        html += "<ul>"
        for diagnostic in mine {
            let severity = diagnostic.severity == .error ? "error" : "warning"
            let label = diagnostic.severity == .error ? "エラー（表示されません）" : "警告"
            html += "<li class=\"problem \(severity)\"><strong class=\"file\">\(e(diagnostic.path))</strong> — \(label): <span lang=\"en\">\(e(diagnostic.message))</span>"
            if diagnostic.line > 0 { html += " <span class=\"where\">(\(diagnostic.line)行目 <span lang=\"en\">line \(diagnostic.line)</span>)</span>" }
            html += "</li>"
        }
        return html + "</ul></section>"
    }

    private var alerts: String {
        let e = PreviewSite.escape
        let board = feed.asPreview.alertBoard(for: screen)
        let entries = board.entries(at: from).filter { [.active, .scheduled, .folded].contains($0.standing) }
        var html = "<section id=\"alerts\"><h2>緊急情報 <span lang=\"en\">Alerts</span></h2>"
        guard !entries.isEmpty else { return html + "<p>今は出ていません。<span lang=\"en\">None in force.</span></p></section>" }
        html += "<ul>"
        for entry in entries {
            html += "<li><strong>\(e(entry.standing.rawValue))</strong> \(e(entry.source)) — \(e(entry.reason))</li>"
        }
        return html + "</ul></section>"
    }

    private var data: String {
        let e = PreviewSite.escape
        guard !feed.data.isEmpty else { return "" }
        var html = "<section id=\"data\"><h2>データ <span lang=\"en\">Data boards</span></h2><table><tr><th>ファイル <span lang=\"en\">File</span></th><th>更新 <span lang=\"en\">Written</span></th></tr>"
        let written = DateFormatter()
        written.timeZone = screen.zone
        written.dateFormat = "yyyy-MM-dd HH:mm"
        for file in feed.data.values.sorted(by: { $0.source < $1.source }) {
            let age = from.timeIntervalSince(file.received)
            let stale = age > 3600 ? " <span class=\"stale\">（\(Int(age / 3600))時間前 <span lang=\"en\">\(Int(age / 3600)) h old</span>）</span>" : ""
            html += "<tr><td>\(e(file.source))</td><td>\(e(written.string(from: file.received)))\(stale)</td></tr>"
        }
        return html + "</table></section>"
    }

    /// A run of the plan shown as one row: the rotation between two breaks (an alert, the
    /// display going off, midnight) with its items once each, or one alert, or an off period.
    struct Block {
        var start: Date
        var end: Date
        var kind: String
        /// The entries of the block, one per distinct item, in order of first showing, with
        /// how often each is shown.
        var items: [(entry: PlanEntry, times: Int)]
    }

    /// The plan in blocks, split at midnight (in the screen's zone) so each day reads alone.
    var blocks: [Block] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = screen.zone
        var result: [Block] = []
        for entry in entries {
            let kind = entry.kind == "display-off" || entry.kind == "alert" || entry.kind == "all-clear" ? entry.kind : "rotation"
            if var last = result.last, last.kind == kind, kind == "rotation" || last.items.first?.entry.identifier == entry.identifier,
                last.end == entry.start, calendar.isDate(last.start, inSameDayAs: entry.start)
            {
                last.end = entry.end
                if let index = last.items.firstIndex(where: { PreviewSite.thumbKey($0.entry) == PreviewSite.thumbKey(entry) }) {
                    last.items[index].times += 1
                } else {
                    last.items.append((entry, 1))
                }
                result[result.count - 1] = last
            } else {
                result.append(Block(start: entry.start, end: entry.end, kind: kind, items: [(entry, 1)]))
            }
        }
        return result
    }

    private var timeline: String {
        let e = PreviewSite.escape
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = screen.zone
        let time = DateFormatter()
        time.timeZone = screen.zone
        time.dateFormat = "HH:mm:ss"
        var html = "<section id=\"timeline\"><h2>表示予定 <span lang=\"en\">Timeline</span></h2>"
        var day: Date?
        for block in blocks {
            let start = calendar.startOfDay(for: block.start)
            if start != day {
                if day != nil { html += "</table>" }
                day = start
                html += "<h3>\(e(ClockText.isoDay(start)))</h3><table><tr><th>時刻 <span lang=\"en\">Time</span></th><th>内容 <span lang=\"en\">What</span></th></tr>"
            }
            let what: String
            switch block.kind {
            case "display-off": what = "画面オフ（営業時間外） <span lang=\"en\">Display off (closed)</span>"
            case "rotation": what = "\(block.items.count)件を順に表示 <span lang=\"en\">\(block.items.count) items in turn</span>"
            default: what = "緊急情報 <span lang=\"en\">Alert</span>"
            }
            html += "<tr class=\"\(block.kind == "display-off" ? "off" : (block.kind == "rotation" ? "slide" : "alert"))\" data-kind=\"\(e(block.kind))\" "
            html += "data-start=\"\(e(block.start.formatted(.iso8601)))\" data-end=\"\(e(block.end.formatted(.iso8601)))\"><td>\(time.string(from: block.start))–\(time.string(from: block.end))</td><td><p>\(what)</p>"
            if block.kind != "display-off" {
                html += "<ul class=\"items\">"
                for (entry, times) in block.items {
                    let names = thumbs[PreviewSite.thumbKey(entry)] ?? []
                    let images = names.enumerated().map { index, name in
                        "<img class=\"thumb\" src=\"thumbs/\(name)\" alt=\"\(e(entry.title))\(names.count > 1 ? "（\(index + 1)/\(names.count)ページ）" : "")\" loading=\"lazy\">"
                    }.joined()
                    html += "<li data-source=\"\(e(entry.source))\"><span class=\"kind\">\(e(entry.kind))</span> \(e(entry.title)) <span class=\"id\">\(e(entry.source)) · \(times)回 <span lang=\"en\">\(times)×</span></span><br>\(images)</li>"
                }
                html += "</ul>"
            }
            html += "</td></tr>"
        }
        if day != nil { html += "</table>" }
        return html + "</section>"
    }

    private var shown: String {
        let e = PreviewSite.escape
        guard let plays else { return "" }
        let mine = plays.filter { $0.screen == screen.id }
        var html = "<section id=\"shown\"><h2>昨日の表示 <span lang=\"en\">Shown in the last day</span></h2>"
        guard !mine.isEmpty else { return html + "<p>記録はありません。<span lang=\"en\">Nothing recorded.</span></p></section>" }
        html += "<table><tr><th>内容 <span lang=\"en\">What</span></th><th>回数 <span lang=\"en\">Times</span></th><th>秒 <span lang=\"en\">Seconds</span></th></tr>"
        for row in mine.sorted(by: { $0.plays > $1.plays }) {
            html += "<tr><td>\(e(row.title))<br><span class=\"id\">\(e(row.source))</span></td><td>\(row.plays)</td><td>\(Int(row.seconds))</td></tr>"
        }
        return html + "</table></section>"
    }
}
