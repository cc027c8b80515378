import Foundation

/// The evacuation shelters and how full they are, from `data/shelters.csv` (避難所開設状況).
public struct ShelterList: DataPayload {
    public var shelters: [Shelter]
    public var updatedTimes: [Date] { shelters.map(\.updated) }

    /// One shelter.
    public struct Shelter: Hashable, Sendable {
        public enum Status: String, Hashable, Sendable {
            case open, full, closed
        }

        public var name: String
        public var area: String
        public var status: Status
        public var capacity: Int
        public var occupancy: Int
        /// When the disaster office last updated this row.
        public var updated: Date
    }
}

/// A shelters board's settings: its file, and when a row is too old to show as current.
public struct SheltersSettings: ContentPayload {
    public var data: String
    public var staleAfter: TimeInterval
}

/// `{board: shelters, data: data/shelters.csv}`: the open shelters with their status and how
/// full they are (a bar, and the numbers in words), the screen's own area first. A row older
/// than `stale_after` (30 minutes by default) shows 更新停止中 instead of its numbers. With no
/// shelter open, the board leaves the rotation. The alert screen of an evacuation order lists
/// the same shelters (`openShelters`).
public struct SheltersBoard: DataBoardHandler {
    public var kind: ContentKind { .board }
    public var folder: String? { nil }
    public var boardName: String { "shelters" }
    public var settingKeys: Set<String> { ["data", "stale_after"] }
    public var dataExtension: String { "csv" }
    public var formatSummary: String { "shelters: a .csv whose header is \(Self.columns.joined(separator: ","))" }
    static let columns = ["name", "area", "status", "capacity", "occupancy", "updated"]
    public static let defaultStaleAfter: TimeInterval = 30 * 60
    /// From this share of its places a shelter shows as filling up.
    static let fillingUp = 0.8

    public init() {}

    public func item(settings: [String: String]) -> Result<ContentItem, BoardSettingError> {
        DataSettings.duration(settings, "stale_after", default: Self.defaultStaleAfter).flatMap { stale in
            dataItem(settings: settings, title: "避難所の開設状況  Open shelters",
                     payload: SheltersSettings(data: settings["data"] ?? "", staleAfter: stale))
        }
    }

    public func recognises(name: String, firstLine: String) -> Bool {
        name.lowercased().hasPrefix("shelter") || firstLine.lowercased().contains("occupancy")
    }

    // MARK: - Reading

    public func read(_ text: String, path: String, into diagnostics: inout [Diagnostic]) -> (any DataPayload)? {
        var fields = DataFields(path: path)
        defer { diagnostics += fields.diagnostics }
        guard let table = DataTable.read(text, columns: Self.columns, into: &fields) else { return nil }
        let statuses: [String: ShelterList.Shelter.Status] = ["開設": .open, "満員": .full, "閉鎖": .closed, "open": .open, "full": .full, "closed": .closed]
        var shelters: [ShelterList.Shelter] = []
        for row in table.rows {
            let (name, area, status, capacity, occupancy, updated) = (row["name"], row["area"], row["status"], row["capacity"], row["occupancy"], row["updated"])
            guard let shownName = fields.text(name.text, "name", line: name.line, column: name.column),
                let shownArea = fields.text(area.text, "area", line: area.line, column: area.column, required: false),
                let state = fields.choice(status.text, "status", statuses, line: status.line, column: status.column),
                let places = fields.count(capacity.text, "capacity", line: capacity.line, column: capacity.column),
                let people = fields.count(occupancy.text, "occupancy", line: occupancy.line, column: occupancy.column),
                let time = fields.instant(updated.text, "updated", line: updated.line, column: updated.column)
            else { continue }
            if places == 0, state != .closed {
                fields.fail(line: capacity.line, column: capacity.column, "an open shelter needs its 'capacity' (places), not 0")
                continue
            }
            shelters.append(ShelterList.Shelter(name: shownName, area: shownArea, status: state, capacity: places, occupancy: people, updated: time))
        }
        guard !fields.hasErrors else { return nil }
        return ShelterList(shelters: shelters)
    }

    // MARK: - Showing

    private func list(_ item: ContentItem, in context: SlideContext) -> (SheltersSettings, ShelterList)? {
        guard let settings = item.payload as? SheltersSettings, let file = file(of: settings.data, in: context),
            let list = file.payload as? ShelterList
        else { return nil }
        return (settings, list)
    }

    public func hasContent(_ item: ContentItem, at instant: Date, context: SlideContext) -> Bool {
        guard let (_, list) = list(item, in: context) else { return false }
        return list.shelters.contains { $0.status != .closed }
    }

    public func boundaries(_ item: ContentItem, context: SlideContext) -> [Date] { [] }

    public func nextChange(_ item: ContentItem, after instant: Date, context: SlideContext) -> Date? {
        guard let (settings, list) = list(item, in: context) else { return nil }
        // (The stamps' days are said from the next midnight: one instant for all of them.)
        let midnight = ClockText.stampChanges(instant, zone: context.screen.zone)
        return (list.shelters.flatMap { [$0.updated.addingTimeInterval(settings.staleAfter), $0.updated.addingTimeInterval(-ForeignClock.tolerance)] } + [midnight])
            .filter { $0 > instant }.min()
    }

    public func slide(_ item: ContentItem, at instant: Date, context: SlideContext) -> SlideContent {
        guard let (settings, list) = list(item, in: context) else {
            var board = Self.board(rows: [], status: nil)
            // Not 「開設中の避難所はありません」 over a file with one bad row: that is not known.
            if unreadable(item, in: context) { board.empty = Self.unreadableNotice }
            return .board(board)
        }
        return .board(Self.board(list, staleAfter: settings.staleAfter, at: instant, screen: context.screen))
    }

    /// The board of `list` on `screen` at `instant`: open and full shelters, the screen's own
    /// area first (then by name as listed); each row's numbers hidden once older than `staleAfter`.
    public static func board(_ list: ShelterList, staleAfter: TimeInterval, at instant: Date, screen: ScreenConfig) -> BoardSlide {
        // A row stamped ahead of this screen's clock is not current either (see CountersBoard).
        func stale(_ shelter: ShelterList.Shelter) -> Bool {
            ForeignClock.isAhead(shelter.updated, of: instant) || instant.timeIntervalSince(shelter.updated) >= staleAfter
        }
        let open = list.shelters.filter { $0.status != .closed }
        let near = screen.nearness()
        let sorted = open.filter { near($0.area) } + open.filter { !near($0.area) }
        let zone = screen.zone
        let latest = open.map(\.updated).filter { !ForeignClock.isAhead($0, of: instant) }.max() ?? open.map(\.updated).min()
        let rows = sorted.prefix(BoardSlide.rowLimit).map { shelter -> BoardSlide.Row in
            let (time, timeEnglish) = ClockText.stamp(shelter.updated, seenAt: instant, zone: zone)
            let place = BoardSlide.Cell.text(shelter.name, secondary: shelter.area.isEmpty ? nil : shelter.area)
            if ForeignClock.isAhead(shelter.updated, of: instant) {
                // Not "not updating, last update 10:10" at 10:03: the stamp is ahead of this
                // screen's clock, which the row says (as the counters board does).
                return BoardSlide.Row([place, .text("情報を確認中", secondary: "Being checked", tone: .muted),
                                       .text("更新時刻が未来 \(time)", secondary: "Time ahead: \(timeEnglish)", tone: .muted)], nearby: near(shelter.area))
            }
            if stale(shelter) {
                // The time the status line says is not said again on every row under it.
                let said = shelter.updated == latest
                return BoardSlide.Row([place, .text("更新停止中", secondary: "Not updating", tone: .muted),
                                       said ? .text("—", tone: .muted) : .text("最終更新 \(time)", secondary: "Last update \(timeEnglish)", tone: .muted)],
                                      nearby: near(shelter.area))
            }
            let fraction = min(1, Double(shelter.occupancy) / Double(max(1, shelter.capacity)))
            let full = shelter.status == .full || shelter.occupancy >= shelter.capacity
            let tone: BoardSlide.Tone = full ? .warning : (fraction >= fillingUp ? .caution : .good)
            let status: BoardSlide.Cell = full
                ? .text("満員", secondary: "Full", tone: .warning)
                : .text(fraction >= fillingUp ? "開設・残りわずか" : "開設", secondary: fraction >= fillingUp ? "Open — nearly full" : "Open", tone: tone)
            return BoardSlide.Row([place, status, .bar(fraction: fraction, label: "\(shelter.occupancy) / \(shelter.capacity)人", tone: tone)],
                                  nearby: near(shelter.area))
        }
        let staleCount = open.filter(stale).count
        let allAhead = !open.isEmpty && open.allSatisfy { ForeignClock.isAhead($0.updated, of: instant) }
        let status = latest.map { latest -> BoardSlide.StatusLine in
            let (time, timeEnglish) = ClockText.stamp(latest, seenAt: instant, zone: zone)
            // Said of all the shelters when it is all of them ("some" was said when every row
            // was stamped ahead of the clock).
            if allAhead {
                return BoardSlide.StatusLine("更新時刻が未来です（\(time)）　情報を確認中  Update time is in the future — not shown as current", stale: true)
            }
            if staleCount == open.count {
                return BoardSlide.StatusLine("避難所の情報が更新されていません（最新 \(time)）  Shelters are not updating", stale: true)
            }
            return staleCount > 0
                ? BoardSlide.StatusLine("一部の避難所の情報が更新されていません（最新 \(time)）  Some shelters are not updating", stale: true)
                : BoardSlide.StatusLine("\(time) 現在  As of \(timeEnglish)")
        }
        var slide = board(rows: Array(rows), status: status)
        if sorted.count > rows.count { slide.totalRows = sorted.count }
        return slide
    }

    private static func board(rows: [BoardSlide.Row], status: BoardSlide.StatusLine?) -> BoardSlide {
        BoardSlide(badge: "防災  Disaster", title: "避難所の開設状況", subtitle: "Open evacuation shelters", status: status, style: .table,
                   columns: [BoardSlide.Column("避難所  Shelter", weight: 2.2), BoardSlide.Column("状況  Status", weight: 1.3),
                             BoardSlide.Column("受入れ人数  People / places", weight: 2.2)],
                   rows: rows, empty: "開設中の避難所はありません  No shelter is open")
    }

    /// The open shelters a screen's alert lists during an evacuation order: from the shelters
    /// data of the feed (`data/shelters.csv` first), with the default `stale_after`; nil when
    /// the feed has no such data or none is open.
    public static func openShelters(in data: [String: DataFile], screen: ScreenConfig, at instant: Date) -> BoardSlide? {
        let files = data.values.filter { $0.payload is ShelterList }.sorted { ($0.source == "data/shelters.csv" ? 0 : 1, $0.source) < ($1.source == "data/shelters.csv" ? 0 : 1, $1.source) }
        guard let list = files.first?.payload as? ShelterList, list.shelters.contains(where: { $0.status != .closed }) else { return nil }
        return board(list, staleAfter: defaultStaleAfter, at: instant, screen: screen)
    }
}
