import Foundation

/// What the counter ticket system last wrote to `data/counters.json`.
public struct CounterData: DataPayload {
    /// When the ticket system wrote it (its `updated`).
    public var updated: Date
    public var counters: [Counter]
    public var updatedTimes: [Date] { [updated] }

    /// One counter (窓口).
    public struct Counter: Hashable, Sendable {
        public enum Status: String, Hashable, Sendable {
            case open, paused, closed
        }

        public var id: String
        public var name: String
        public var nameEnglish: String?
        /// The ticket number now called.
        public var serving: Int
        /// People waiting.
        public var waiting: Int
        /// The ticket system's estimate of the wait, in minutes.
        public var waitMinutes: Int?
        public var status: Status
        /// When `serving` last changed, as the player saw the files arrive (nil: not seen change).
        public var servingChanged: Date?

        /// Creates a counter (the reader, adapters, tests).
        public init(id: String, name: String, nameEnglish: String? = nil, serving: Int, waiting: Int, waitMinutes: Int? = nil, status: Status = .open,
                    servingChanged: Date? = nil) {
            self.id = id
            self.name = name
            self.nameEnglish = nameEnglish
            self.serving = serving
            self.waiting = waiting
            self.waitMinutes = waitMinutes
            self.status = status
            self.servingChanged = servingChanged
        }
    }

    /// Creates counters data (the reader, adapters, tests).
    public init(updated: Date, counters: [Counter]) {
        self.updated = updated
        self.counters = counters
    }

    public func following(_ previous: any DataPayload, at instant: Date) -> CounterData {
        guard let previous = previous as? CounterData else { return self }
        var next = self
        for index in next.counters.indices {
            let counter = next.counters[index]
            if let before = previous.counters.first(where: { $0.id == counter.id }) {
                next.counters[index].servingChanged = before.serving == counter.serving ? before.servingChanged : instant
            }
        }
        return next
    }
}

/// A counters board's settings: its file and when its data is too old to show as current.
public struct CountersSettings: ContentPayload {
    public var data: String
    public var staleAfter: TimeInterval
}

/// `{board: counters, data: data/counters.json}`: each counter's number now served (large),
/// people waiting and the estimated wait, in Japanese and English; a number that just changed
/// is highlighted for a few seconds. When the file stops coming (older than `stale_after`,
/// 3 minutes by default) the estimates are hidden and the board says 更新停止中.
public struct CountersBoard: DataBoardHandler {
    public var kind: ContentKind { .board }
    public var folder: String? { nil }
    public var boardName: String { "counters" }
    public var settingKeys: Set<String> { ["data", "stale_after"] }
    public var dataExtension: String { "json" }
    public var formatSummary: String { "counters: a .json object with \"updated\" and \"counters\"" }
    /// How long a number that changed stays highlighted.
    public static let highlight: TimeInterval = 6
    public static let defaultStaleAfter: TimeInterval = 180

    public init() {}

    public func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError> {
        DataSettings.duration(settings, "stale_after", default: Self.defaultStaleAfter).flatMap { stale in
            dataItem(settings: settings, title: "窓口の待ち状況  Waiting at the counters",
                     payload: CountersSettings(data: settings["data"] ?? "", staleAfter: stale))
        }
    }

    public func recognises(name: String, firstLine: String) -> Bool {
        name.lowercased().hasPrefix("counter") || firstLine.contains("\"counters\"")
    }

    // MARK: - Reading

    public func read(_ text: String, path: String, into diagnostics: inout [Diagnostic]) -> (any DataPayload)? {
        var fields = DataFields(path: path)
        defer { diagnostics += fields.diagnostics }
        let root: JSONReader.Value
        do {
            root = try JSONReader.parse(text)
        } catch {
            fields.fail(line: error.line, column: error.column, "not JSON: \(error.message)")
            return nil
        }
        guard case .object = root.kind else {
            fields.fail(line: root.line, column: root.column, "the file must hold one object with \"updated\" and \"counters\", not \(root.described)")
            return nil
        }
        for key in root.keys where !["updated", "counters"].contains(key) {
            fields.warn(line: root.line, column: root.column, "the key \"\(key)\" is not read")
        }
        func string(_ value: JSONReader.Value, _ name: String) -> String? {
            switch value.kind {
            case .string(let text): return text
            case .number(let text): return text
            default:
                fields.fail(line: value.line, column: value.column, "\"\(name)\" must be text, not \(value.described)")
                return nil
            }
        }
        func number(_ value: JSONReader.Value, _ name: String) -> Int? {
            guard case .number(let text) = value.kind else {
                fields.fail(line: value.line, column: value.column, "\"\(name)\" must be a whole number, not \(value.described)")
                return nil
            }
            return fields.count(text, name, line: value.line, column: value.column)
        }
        var updated: Date? = nil
        if let value = root["updated"] {
            updated = string(value, "updated").flatMap { fields.instant($0, "updated", line: value.line, column: value.column) }
        } else {
            fields.fail(line: root.line, column: root.column, "the object has no \"updated\" (when the data was written, such as \"2026-12-03T10:15:30+09:00\")")
        }
        guard let list = root["counters"] else {
            fields.fail(line: root.line, column: root.column, "the object has no \"counters\" list")
            return nil
        }
        guard let entries = list.array else {
            fields.fail(line: list.line, column: list.column, "\"counters\" must be a list, not \(list.described)")
            return nil
        }
        guard entries.count <= Limits.dataRows else {
            fields.fail(line: list.line, column: list.column, "\"counters\" lists \(entries.count) counters; at most \(Limits.dataRows) are read")
            return nil
        }
        let statuses: [String: CounterData.Counter.Status] = ["open": .open, "paused": .paused, "closed": .closed]
        var counters: [CounterData.Counter] = []
        for entry in entries {
            guard case .object = entry.kind else {
                fields.fail(line: entry.line, column: entry.column, "each counter must be an object, not \(entry.described)")
                continue
            }
            func required(_ key: String) -> JSONReader.Value? {
                if let value = entry[key] { return value }
                fields.fail(line: entry.line, column: entry.column, "this counter has no \"\(key)\"")
                return nil
            }
            for key in entry.keys where !["id", "name", "name_en", "serving", "waiting", "wait_minutes", "status"].contains(key) {
                fields.warn(line: entry.line, column: entry.column, "the key \"\(key)\" is not read")
            }
            let id = required("id").flatMap { string($0, "id") }
            let name = required("name").flatMap { value in string(value, "name").flatMap { fields.text($0, "name", line: value.line, column: value.column) } }
            let english = entry["name_en"].flatMap { value -> String? in
                value.isNull ? nil : string(value, "name_en").flatMap { fields.text($0, "name_en", line: value.line, column: value.column, required: false) }
            }
            let serving = required("serving").flatMap { number($0, "serving") }
            let waiting = required("waiting").flatMap { number($0, "waiting") }
            var minutes: Int? = nil
            if let value = entry["wait_minutes"], !value.isNull {
                minutes = number(value, "wait_minutes")
            }
            let status = required("status").flatMap { value in string(value, "status").flatMap { fields.choice($0, "status", statuses, line: value.line, column: value.column) } }
            guard let id, let name, let serving, let waiting, let status else { continue }
            if counters.contains(where: { $0.id == id }) {
                fields.fail(line: entry.line, column: entry.column, "two counters have the id \"\(id)\"")
                continue
            }
            counters.append(CounterData.Counter(id: id, name: name, nameEnglish: english?.isEmpty == false ? english : nil, serving: serving,
                                                waiting: waiting, waitMinutes: minutes, status: status))
        }
        guard !fields.hasErrors, let updated else { return nil }
        return CounterData(updated: updated, counters: counters)
    }

    // MARK: - Showing

    public func hasContent(_ item: ContentItem, at instant: Date, context: SlideContext) -> Bool {
        guard let settings = item.payload as? CountersSettings else { return false }
        return file(of: settings.data, in: context) != nil
    }

    public func boundaries(_ item: ContentItem, context: SlideContext) -> [Date] { [] }

    public func nextChange(_ item: ContentItem, after instant: Date, context: SlideContext) -> Date? {
        guard let settings = item.payload as? CountersSettings, let file = file(of: settings.data, in: context),
            let data = file.payload as? CounterData
        else { return nil }
        let changes = data.counters.compactMap { $0.servingChanged?.addingTimeInterval(Self.highlight) }
            + [data.updated.addingTimeInterval(settings.staleAfter), data.updated.addingTimeInterval(-ForeignClock.tolerance),
               ClockText.stampChanges(data.updated, zone: context.screen.zone)]
        return changes.filter { $0 > instant }.min()
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        let settings = item.payload as? CountersSettings
        let zone = context.screen.zone
        var board = BoardSlide(badge: "窓口案内  Counters", title: "窓口の待ち状況", subtitle: "Waiting at the counters", style: .cards,
                               rows: [], empty: "窓口の情報はまだありません  No counter information yet")
        guard let settings, let file = file(of: settings.data, in: context), let data = file.payload as? CounterData else {
            if unreadable(item, in: context) { board.empty = Self.unreadableNotice }
            return .board(board)
        }
        let (time, timeEnglish) = ClockText.stamp(data.updated, seenAt: instant, zone: zone)
        // Stale from the instant `nextChange` names, so the frame redrawn then shows it. Data
        // stamped ahead of this screen's clock (JST written as UTC, a wrong year) is no more
        // current than old data: nobody reads "19:15 現在" at noon as now.
        let ahead = ForeignClock.isAhead(data.updated, of: instant)
        let stale = ahead || instant.timeIntervalSince(data.updated) >= settings.staleAfter
        board.status = ahead
            ? BoardSlide.StatusLine("更新時刻が未来です（\(time)）　情報を確認中  Update time is in the future — not shown as current", stale: true)
            : stale
            ? BoardSlide.StatusLine("更新停止中　最終更新 \(time)  Not updating since \(timeEnglish)", stale: true)
            : BoardSlide.StatusLine("\(time) 現在  As of \(timeEnglish)")
        // Data that stopped coming: every number shown is the last one called, a paused or
        // closed counter's too (it read "Now serving" under a heading of "Last called").
        let caption = stale ? "最後の呼出番号  Last called" : "呼出番号  Now serving"
        board.setRows(data.counters) { counter in
            let name = BoardSlide.Cell.text(counter.name, secondary: counter.nameEnglish)
            let changed = counter.servingChanged.map { instant >= $0 && instant < $0.addingTimeInterval(Self.highlight) } ?? false
            let number = String(counter.serving)
            switch counter.status {
            case .closed:
                return BoardSlide.Row([name, .figure(number, caption: caption, tone: .muted),
                                       .text("本日の受付は終了", secondary: "Closed for today", tone: .muted)])
            case .paused:
                return BoardSlide.Row([name, .figure(number, caption: caption, tone: stale ? .muted : .normal),
                                       .text("受付一時停止中", secondary: "Paused", tone: .caution)])
            case .open where stale:
                // A wait estimate that stopped coming is worse than none; the number shown is
                // the last one called, said so.
                return BoardSlide.Row([name, .figure(number, caption: caption, tone: .muted),
                                       .text("待ち時間 ―", secondary: "Wait unknown", tone: .muted)])
            case .open where counter.waiting == 0:
                // Nobody ahead: said as such, not as "0 waiting, about 0 min".
                return BoardSlide.Row([name, .figure(number, caption: "呼出番号  Now serving", highlighted: changed),
                                       .text("待ちなし　すぐご案内", secondary: "No wait")])
            case .open:
                // "About 0 minutes" with people waiting is not believed by anyone who reads
                // it (the review saw 約0分 beside 43 people): the estimate is left out then.
                let minutes = counter.waitMinutes.flatMap { $0 > 0 ? $0 : nil }
                let wait = minutes.map { "　約\($0)分" } ?? ""
                let waitEnglish = minutes.map { ", about \($0) min" } ?? ""
                return BoardSlide.Row([name, .figure(number, caption: "呼出番号  Now serving", highlighted: changed),
                                       .text("待ち \(counter.waiting)人\(wait)", secondary: "\(counter.waiting) waiting\(waitEnglish)")])
            }
        }
        return .board(board)
    }
}
