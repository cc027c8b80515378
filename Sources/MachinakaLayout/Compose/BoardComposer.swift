import Foundation
import MachinakaCore

/// Lays a data board out in a rectangle: a slide's content area, or a panel beside the
/// rotation. Counters become cards with a large number each; clinics and shelters a table.
/// Rows that do not fit go on pages shown in turn — nothing is cut — and every meaning a
/// colour carries is also written in words.
public struct BoardComposer {
    public let metrics: ScreenMetrics
    public let theme: Theme
    public let measurer: TextMeasuring
    /// The smallest text the screen's type scale allows, in pixels: every size here is at least this.
    public let minimum: Int
    /// The screen's body text size, in pixels, when the board fills a slide: a called number
    /// is `figureRatio` times the larger of it and the board's own text (0: the board's own).
    public let reference: Int

    public init(metrics: ScreenMetrics, theme: Theme, measurer: TextMeasuring, minimum: Int = 0, body: Int = 0) {
        self.metrics = metrics
        self.theme = theme
        self.measurer = measurer
        self.minimum = minimum
        reference = body
    }

    /// A text size of `value` units, never below the screen's minimum.
    private func px(_ value: Double) -> Int { max(minimum, u(value)) }

    /// One page of a board: its nodes, and how many of the board's rows (or counters) it shows,
    /// which is what its time on screen is judged by (`ReadingPace.boardPage`).
    public struct Page: Equatable, Sendable {
        public var nodes: [SceneNode]
        public var rows: Int
        /// It shows a number just called (a panel turns to it at once).
        public var highlighted = false
    }

    /// The nodes of one page, and how many pages the board needs in this rectangle.
    public struct Laid: Equatable, Sendable {
        public var nodes: [SceneNode]
        public var pages: Int
    }

    private func u(_ value: Double) -> Int { metrics.u(value) }

    /// Sizes in units, for a slide or (compact) a panel.
    private struct Sizes {
        var title: Double, subtitle: Double, status: Double
        var name: Double, secondary: Double, caption: Double, wait: Double, figureMax: Double
        var cell: Double, cellSecondary: Double, header: Double, pad: Double, gap: Double

        static let slide = Sizes(title: 60, subtitle: 34, status: 30, name: 44, secondary: 30, caption: 28, wait: 40, figureMax: 220,
                                 cell: 36, cellSecondary: 27, header: 26, pad: 26, gap: 22)
        static let panel = Sizes(title: 34, subtitle: 24, status: 22, name: 28, secondary: 20, caption: 20, wait: 26, figureMax: 150,
                                 cell: 28, cellSecondary: 22, header: 22, pad: 12, gap: 12)
    }

    /// The most pages a slide's board is dealt onto (a panel's: `maxPanelPages`). The work of a
    /// board is bounded by the screen, never by its file: rows past these pages are not laid
    /// out at all, and the last page says how many more there are. A file of 5,000 rows costs
    /// what one that fills these pages does. As many as a slide's longest time shows at the
    /// shortest page time (120 s / 8 s = 15 pages): with 12, a slide beside a 720p panel left
    /// 5 of 40 shelters out, though the 14 pages they need are read within that time.
    public static let maxPages = Int(ReadingPace.longestSlide / ReadingPace.minimumPage)

    /// The most pages of a panel. A panel is on screen all the time, so a longer round costs
    /// only a wait, while a row it leaves out is never seen — and a clinics board leaves out
    /// whole departments, the last ones: at the foot of a portrait screen, 12 pages held 18 of
    /// the review's 30 clinics.
    public static let maxPanelPages = 24

    /// The most pages `pages` deals a board onto: a panel's (`compact`) or a slide's.
    public static func mostPages(compact: Bool) -> Int { compact ? maxPanelPages : maxPages }

    /// Every page of `board` laid out in `area`, each whole (title, status and rows), in one
    /// pass over the rows they show: what the layout cache keeps, so a panel beside a still
    /// slide costs a lookup per frame, not a layout. At most `maxPages` (and never more than
    /// `mostPages`): the last says how many rows were left out.
    public func pages(_ board: BoardSlide, in area: Rect, compact: Bool, maxPages: Int? = nil) -> [Page] {
        let most = Self.mostPages(compact: compact)
        let maxPages = max(1, min(most, maxPages ?? most))
        let sizes = compact ? Sizes.panel : Sizes.slide
        let (head, body, room) = header(board, in: area, compact: compact, sizes: sizes)
        guard !board.rows.isEmpty, body.height > u(40) else {
            var nodes = head
            // Each language on lines of its own (a panel's narrow column ran them together).
            var y = body.y + u(20)
            for part in Self.languages(of: board.empty) {
                y = lines(part, bold: true, size: compact ? 28 : 44, maxLines: 3, colour: theme.muted, x: body.x, y: y, width: body.width, into: &nodes) + u(6)
            }
            return [Page(nodes: nodes, rows: 0)]
        }
        var tableSizes = sizes
        if !compact, board.rows.count <= 2 {
            // One or two rows: set larger, not lost at the top of an empty slide.
            tableSizes.cell *= 1.4
            tableSizes.cellSecondary *= 1.3
        }
        let bodies = board.style == .cards ? cards(board, in: body, sizes: sizes, maxPages: maxPages, most: most) : table(board, in: body, room: room, sizes: tableSizes, maxPages: maxPages, most: most)
        return bodies.map { Page(nodes: head + $0.nodes, rows: $0.rows, highlighted: $0.highlighted) }
    }

    /// Lays `board` out in `area`; `page` picks the page shown from the number of pages.
    public func compose(_ board: BoardSlide, in area: Rect, compact: Bool, page: (Int) -> Int) -> Laid {
        let all = pages(board, in: area, compact: compact)
        return Laid(nodes: all[min(all.count - 1, max(0, page(all.count)))].nodes, pages: all.count)
    }

    /// What a panel's header leaves free at the end of its title's line and of its status
    /// line: where a page number or the legend may stand instead of taking a line at the foot.
    private struct HeaderRoom {
        var title: Rect?
        var status: Rect?
    }

    /// The part every page shares — label, title, status line and rule — the rectangle left
    /// for the rows, and (in a panel) the room its lines leave.
    private func header(_ board: BoardSlide, in area: Rect, compact: Bool, sizes: Sizes) -> (nodes: [SceneNode], body: Rect, room: HeaderRoom) {
        var room = HeaderRoom()
        var nodes: [SceneNode] = []
        var y = area.y
        var titleFont = FontSpec(role: .heading, bold: true, size: px(sizes.title))
        let subtitleFont = FontSpec(role: .body, size: px(sizes.subtitle))
        let subtitleWidth = board.subtitle.map { u(32) + measurer.width(of: $0, font: subtitleFont) } ?? 0
        if compact, board.subtitle != nil, measurer.width(of: board.title, font: titleFont) + subtitleWidth > area.width {
            // In a panel, the English beside the title rather than on a line of its own (a
            // line a panel's rows need more): the title a little smaller where that lets both
            // fit, down to five sixths and always larger than its English.
            let least = max(subtitleFont.size + 1, titleFont.size * 5 / 6)
            var smaller = titleFont
            for size in stride(from: titleFont.size - 1, through: least, by: -1) {
                smaller.size = size
                if measurer.width(of: board.title, font: smaller) + subtitleWidth <= area.width {
                    titleFont = smaller
                    break
                }
            }
        }
        let titleWidth = measurer.width(of: board.title, font: titleFont)
        let titleLine = titleWidth + subtitleWidth
        // The label, as on every text slide: at the end of the first line under it that has
        // room — the title's, the English's, the status line's (a board's rows need the height
        // more than a label needs its own line: at 1080p it was a clinic a page) — else above
        // the title, unless the data is stale. Not in a panel, which says what it is by its
        // title.
        let badgeFont = FontSpec(role: .body, bold: true, size: px(30))
        let badgeHeight = measurer.height(of: badgeFont) + u(12)
        let badgeWidth = measurer.width(of: board.badge, font: badgeFont) + u(36)
        func fitsBeside(_ lineWidth: Int) -> Bool { lineWidth + u(48) + badgeWidth <= area.width }
        /// The label at the end of a line of `height` at `top`.
        func badge(beside top: Int, height: Int) {
            let badgeX = area.x + area.width - badgeWidth, badgeY = top + (height - badgeHeight) / 2
            nodes.append(.fill(Rect(x: badgeX, y: badgeY, width: badgeWidth, height: badgeHeight), theme.badgeBackground))
            nodes.append(.text(TextNode(text: board.badge, font: badgeFont, color: theme.badgeText, x: badgeX + u(18), y: badgeY + u(6))))
        }
        var badgePending = !compact
        if badgePending, !fitsBeside(titleLine) {
            // (The English has a line of its own only when it does not stand beside the title.)
            let subtitleBeside = titleLine > area.width && (board.subtitle.map { fitsBeside(measurer.width(of: $0, font: subtitleFont)) } ?? false)
            let statusBeside = board.status.map { !$0.stale && fitsBeside(measurer.width(of: $0.text, font: FontSpec(role: .body, size: px(sizes.status)))) } ?? false
            if !subtitleBeside, !statusBeside {
                // Above the title — but not when the data has stopped: the red line across the
                // width, which has no room beside it, stands where the label would (a line
                // of its own above the title was a counter's room on every page: beside a
                // 1080p panel, stale counters took 15 pages where fresh ones took 10).
                if board.status?.stale != true {
                    badge(beside: y, height: badgeHeight)
                    y += badgeHeight + u(20)
                }
                badgePending = false
            }
        }
        // In a panel, the time of the data at the end of the title's line when the line has
        // room: a panel's rows need the height more. Judged with every digit a 0, so the line
        // does not move (and the panel re-page) as the minutes go by.
        let statusFont = FontSpec(role: .body, size: px(sizes.status))
        let statusWidth = board.status.map { status in
            let template = String(status.text.map { $0.isNumber ? "0" : $0 })
            return max(measurer.width(of: template, font: statusFont), measurer.width(of: status.text, font: statusFont))
        } ?? 0
        let statusBeside = board.status.map { compact && !$0.stale && titleLine + u(48) + statusWidth <= area.width } ?? false
        if statusBeside, let status = board.status {
            let baseline = measurer.height(of: titleFont) * 4 / 5 - measurer.height(of: statusFont) * 4 / 5
            nodes.append(.text(TextNode(text: status.text, font: statusFont, color: theme.muted,
                                        x: area.x + area.width - measurer.width(of: status.text, font: statusFont), y: y + baseline)))
        }
        if compact, !statusBeside, titleLine <= area.width {
            room.title = Rect(x: area.x + titleLine + u(32), y: y, width: area.width - titleLine - u(32), height: measurer.height(of: titleFont))
        }
        if badgePending, fitsBeside(titleLine) {
            badge(beside: y, height: measurer.height(of: titleFont))
            badgePending = false
        }
        if let subtitle = board.subtitle, titleLine <= area.width {
            // The English beside the Japanese, on its baseline, when both fit on the line.
            nodes.append(.text(TextNode(text: board.title, font: titleFont, color: theme.text, x: area.x, y: y)))
            let baseline = measurer.height(of: titleFont) * 4 / 5 - measurer.height(of: subtitleFont) * 4 / 5
            nodes.append(.text(TextNode(text: subtitle, font: subtitleFont, color: theme.text, x: area.x + titleWidth + u(32), y: y + baseline)))
            y += leading(titleFont)
        } else {
            y = lines(board.title, bold: true, role: .heading, size: sizes.title, maxLines: 2, colour: theme.text, x: area.x, y: y, width: area.width, into: &nodes)
            if let subtitle = board.subtitle {
                if badgePending, fitsBeside(measurer.width(of: subtitle, font: subtitleFont)) {
                    badge(beside: y, height: leading(subtitleFont))
                    badgePending = false
                }
                // English wraps rather than ends in "…": a panel at a portrait screen's side
                // read "Holiday clinics on duty today, Sun 6…".
                y = lines(subtitle, bold: false, size: sizes.subtitle, maxLines: 3, colour: theme.text, x: area.x, y: y, width: area.width, into: &nodes)
            }
        }
        if let status = board.status, !statusBeside {
            y += u(8)
            if status.stale {
                // Said plainly, on a chip of its own, so nobody reads old numbers as current.
                let font = FontSpec(role: .body, bold: true, size: px(sizes.status))
                let set = wrappedByLanguage(status.text, font: font, minimum: u(sizes.status * 0.8), width: area.width - u(32), maxLines: 3)
                let height = set.lines.count * leading(set.font) + u(16)
                nodes.append(.fill(Rect(x: area.x, y: y, width: area.width, height: height), theme.warningFill))
                var lineY = y + u(8)
                for line in set.lines {
                    nodes.append(.text(TextNode(text: line, font: set.font, color: theme.warningFillText, x: area.x + u(16), y: lineY)))
                    lineY += leading(set.font)
                }
                y += height
            } else {
                let top = y
                if badgePending {
                    // (Only when the status line has room for it: decided above.)
                    badge(beside: y, height: leading(statusFont))
                    badgePending = false
                }
                // (The clinics' advice read 「…確認してください Please」 | "call before you go".)
                let set = wrappedByLanguage(status.text, font: statusFont, minimum: px(max(16, sizes.status * 0.7)), width: area.width, maxLines: 3)
                for line in set.lines {
                    nodes.append(.text(TextNode(text: line, font: set.font, color: theme.muted, x: area.x, y: y)))
                    y += leading(set.font)
                }
                // Judged, as beside the title, by `statusWidth`, so what stands beside it does
                // not move (and the panel re-page) as the minutes go by.
                if compact, statusWidth <= area.width {
                    room.status = Rect(x: area.x + statusWidth + u(32), y: top, width: area.width - statusWidth - u(32), height: y - top)
                }
            }
        }
        y += u(10)
        nodes.append(.fill(Rect(x: area.x, y: y, width: area.width, height: u(4)), theme.accent))
        y += u(4) + sizes.gap.scaled(by: metrics)
        return (nodes, Rect(x: area.x, y: y, width: area.width, height: area.y + area.height - y), room)
    }

    // MARK: - Counters

    /// The pages of a counters board, each without the shared header: a call board, as at a
    /// station or a hospital. Each counter's number now served is the largest thing on it — at
    /// least `Self.figureRatio` times the text beside it — then the counter's name (its English
    /// wrapping, never cut) and the wait. In rows, in two columns where the width allows; in a
    /// low band (a portrait screen's bottom panel) a row of big numbers side by side, when
    /// every counter's words leave its number that room.
    private func cards(_ board: BoardSlide, in body: Rect, sizes: Sizes, maxPages: Int, most mostPages: Int) -> [Page] {
        let rows = board.rows
        let count = rows.count
        let text = px(sizes.name)
        let target = max(text, reference) * Self.figureRatio
        let gap = u(sizes.gap)
        // A panel under a portrait slide: a low, wide band (see `bandColumns`).
        let low = sizes.pad < Sizes.slide.pad && body.width > body.height * 2
        // The column heading says once what every number is (a row that differs says it itself).
        let caption = rows.first.flatMap { row -> String? in
            if row.cells.count > 1, case .figure(_, let caption, _, _) = row.cells[1] { return caption } else { return nil }
        } ?? "呼出番号  Now serving"
        // The heading wraps in a narrow panel rather than running out of it.
        var captionNodes: [SceneNode] = []
        let captionHeight = lines(caption, bold: true, size: sizes.caption, maxLines: 2, colour: theme.muted, x: 0, y: 0, width: body.width, into: &captionNodes)
        // Rows past the pages shown are never looked at: a file of 5,000 counters costs what
        // a screenful does.
        // Dealt as onto all the pages a board may have, whatever `maxPages` asks, so the pages a
        // short slot shows are the same (as full, with the same numbers) as those of a long one.
        let considered = rows.prefix(mostPages * 8)
        // The widest number shown, at size 1: how wide a number column must be.
        let widest = considered.map { row -> Int in
            guard row.cells.count > 1, case .figure(let number, _, _, _) = row.cells[1] else { return 0 }
            return measurer.width(of: number, font: FontSpec(role: .heading, bold: true, size: 100))
        }.max() ?? 0
        func numberWidth(_ size: Int) -> Int { max(size, widest * size / 100) + size / 3 + u(24) }
        // A number takes the height of its digits' ink, not of the face's line box (which a CJK
        // face makes half as tall again): rows are spaced by what a reader sees.
        let digits = measurer.ink(of: "0123456789", font: FontSpec(role: .heading, bold: true, size: 100)).height
        func figureHeight(_ size: Int) -> Int { max(1, digits * size / 100) + 2 * u(12) }
        // Rows in two columns when each still holds the number and a readable name beside it
        // (the heading then stands over each column).
        let twoColumns = (body.width - gap) / 2 - numberWidth(target) - u(16) - 2 * u(10) >= text * 10
        // In a low band the page number stands at the end of the heading's line, when the
        // longest it can be fits there — beside the first column's heading when there are two:
        // the foot it would take is a counter's room.
        let numberFont = FontSpec(role: .body, bold: true, size: px(sizes.caption))
        let longestNumber = "ほか\(board.rowCount)件  +\(board.rowCount) more　\(mostPages) / \(mostPages)"
        let numberBeside = low && captionNodes.count == 1
            && measurer.width(of: caption, font: numberFont) + u(32) + measurer.width(of: longestNumber, font: numberFont)
                <= (twoColumns ? (body.width - gap) / 2 : body.width)
        let footer = numberBeside ? u(8) : u(44)
        let area = Rect(x: body.x, y: body.y + captionHeight + u(6), width: body.width, height: max(1, body.height - captionHeight - u(6) - footer))

        // In the low band, counters stand side by side,
        // each a column of name, number and wait. The number keeps its size (three times the
        // words); the columns are as many as leave every counter's words room above and below
        // it. Where not even two do (long names with their English), the band holds rows, the
        // number beside the words, as a wider panel does.
        let bandColumns: Int? = {
            guard low else { return nil }
            let room = area.height - figureHeight(target) - 2 * u(10)
            let most = min(8, count, (area.width + gap) / (max(numberWidth(target), text * 16) + gap))
            return stride(from: most, through: 2, by: -1).first { columns in
                let width = (area.width - gap * (columns - 1)) / columns - 2 * u(10)
                // Only the counters its pages can show: one past them does not shrink the rest.
                return considered.prefix(mostPages * columns).allSatisfy {
                    callTexts($0, sizes: sizes, width: width, beside: false, note: Self.note(of: $0, besides: caption)).height <= room
                }
            }
        }()
        let band = bandColumns != nil

        // Too narrow for the words beside the number (a side panel on a portrait screen): each
        // counter stacked, its name above the number and its wait below, one under another.
        let narrow = !band && area.width - numberWidth(target) - u(16) - 2 * u(10) < text * 6
        let stacked = band || narrow
        let columns: Int
        if narrow {
            columns = 1
        } else if let bandColumns {
            columns = bandColumns
        } else {
            columns = twoColumns ? 2 : 1
        }
        let columnWidth = (area.width - gap * (columns - 1)) / columns
        // The number's column: what its size needs, within two thirds of the row. The figure is
        // the same on every row, so the numbers compare at a glance.
        func numberColumn(_ figure: Int) -> Int { stacked ? columnWidth : min(columnWidth * 2 / 3, numberWidth(figure)) }
        func textWidth(_ figure: Int) -> Int { stacked ? columnWidth - 2 * u(10) : columnWidth - numberColumn(figure) - u(16) - 2 * u(10) }
        // The wait in a column of its own beside the name when the row is wide enough.
        func beside(_ figure: Int) -> Bool { !stacked && textWidth(figure) >= text * 18 }
        var measured: [Int: [Int]] = [:]
        func texts(_ figure: Int) -> [Int] {
            if let known = measured[figure] { return known }
            let heights = considered.map { row in
                callTexts(row, sizes: sizes, width: textWidth(figure), beside: beside(figure), note: Self.note(of: row, besides: caption)).height
            }
            measured[figure] = heights
            return heights
        }

        // Each row as tall as its own texts need, never lower than its number: a counter with a
        // long name does not make every row tall. Rows are dealt down each column in turn, at
        // most `most` a page.
        typealias Placed = (index: Int, column: Int, y: Int, height: Int)
        func deal(_ figure: Int, most: Int = 8) -> [[Placed]] {
            if band {
                return stride(from: 0, to: considered.count, by: columns).prefix(maxPages).map { start in
                    (start..<min(considered.count, start + columns)).map { ($0, $0 - start, 0, area.height) }
                }
            }
            let heights = texts(figure)
            var pages: [[Placed]] = [[]]
            var column = 0, y = 0
            for index in considered.indices {
                let needed = stacked ? heights[index] + figureHeight(figure) + 2 * u(10) : max(figureHeight(figure), heights[index] + 2 * u(10))
                let height = min(area.height, needed)
                if y > 0, y + height > area.height {
                    column += 1
                    y = 0
                }
                if column == columns || pages[pages.count - 1].count == most {
                    if pages.count == mostPages { break }
                    pages.append([])
                    column = 0
                    y = 0
                }
                pages[pages.count - 1].append((index, column, y, height))
                y += height + u(6)
            }
            return pages
        }
        var figure = target
        if numberColumn(target) < numberWidth(target) { figure = max(1, target * numberColumn(target) / max(1, numberWidth(target))) }
        // A counter whose texts leave its number less than the target (a narrow stacked panel)
        // gets what is left, never less than the words beside it. (In the band, `bandColumns`
        // left every counter shown its number's full size.)
        if narrow, let tallest = texts(figure).max(), tallest + figureHeight(figure) + 2 * u(10) > area.height {
            figure = max(text, (area.height - tallest - 2 * u(10) - 2 * u(12)) * 100 / max(1, digits))
        }
        var dealt = deal(figure)
        func shown(_ pages: [[Placed]]) -> Int { pages.reduce(0) { $0 + $1.count } }
        if !band, !narrow, board.rowCount <= considered.count, shown(dealt) < considered.count {
            // Counters its pages would leave out at the full size (a slide beside a 720p
            // panel held one a page: 8 of 20 never shown) get a smaller number, down to twice
            // the words beside it, where that shows them all — a counter never shown is never
            // read — or else the size that shows the most. Twice the screen's body was tried
            // and showed no more there: the names' lines, not the number, fill the row, and
            // only a narrower number column sets the wait beside the name. (A few sizes only:
            // each sets every name.)
            let least = text * 2
            for smaller in [figure * 9 / 10, figure * 8 / 10, figure * 7 / 10, least] where smaller >= least {
                let tried = deal(smaller)
                guard shown(tried) > shown(dealt) else { continue }
                figure = smaller
                dealt = tried
                if shown(tried) == considered.count { break }
            }
        }
        if band {
            // Side by side, as many a page as the band has columns.
        } else if dealt.count == 1, figure == target {
            // Few counters: larger, as long as they still fit on the one page and in their column.
            for larger in stride(from: target * 3 / 2, to: target, by: -max(1, target / 20))
            where numberColumn(larger) >= numberWidth(larger) && deal(larger).count == 1 {
                figure = larger
                dealt = deal(larger)
                break
            }
        } else if dealt.count > 1, dealt.count < mostPages {
            // Pages evenly filled (3 and 3, not 5 and 1), as long as that needs no more pages.
            let even = (considered.count + dealt.count - 1) / dealt.count
            let balanced = deal(figure, most: even)
            if balanced.count == dealt.count { dealt = balanced }
        }
        if columns == 2 {
            // Two columns side by side, not all down the first while the second stays empty:
            // a page's counters shared between them, as long as each still fits its column.
            dealt = dealt.map { page in
                guard page.count > 1, !page.contains(where: { $0.column > 0 }) else { return page }
                let half = (page.count + 1) / 2
                var placed: [Placed] = []
                for (index, place) in page.enumerated() {
                    let column = index < half ? 0 : 1
                    let y = placed.last.map { $0.column == column ? $0.y + $0.height + u(6) : 0 } ?? 0
                    placed.append((place.index, column, y, place.height))
                }
                return placed
            }
        }
        dealt = Array(dealt.prefix(maxPages))

        let hidden = max(0, count - shown(dealt)) + (board.rowCount - count)
        return dealt.enumerated().map { pageIndex, placed in
            var nodes: [SceneNode] = []
            if band {
                nodes += captionNodes.map { $0.moved(dx: body.x, dy: body.y) }
            } else {
                for column in 0..<((placed.map(\.column).max() ?? 0) + 1) {
                    nodes += captionNodes.map { $0.moved(dx: body.x + column * (columnWidth + gap), dy: body.y) }
                }
            }
            var line = 0
            for place in placed {
                line = place.y == 0 ? 0 : line + 1
                let frame = Rect(x: area.x + place.column * (columnWidth + gap), y: area.y + place.y, width: columnWidth, height: place.height)
                nodes += call(rows[place.index], in: frame, figure: figure, numberWidth: numberColumn(figure), stacked: stacked,
                              sizes: sizes, caption: caption, shaded: line % 2 == 0 || band)
            }
            if dealt.count > 1 || hidden > 0 {
                let more = pageIndex == dealt.count - 1 ? hidden : 0
                nodes += numberBeside
                    ? pageNumber(pageIndex, of: dealt.count, hidden: more, in: Rect(x: body.x, y: body.y, width: body.width, height: measurer.height(of: numberFont)), size: sizes.caption)
                    : pageNumber(pageIndex, of: dealt.count, hidden: more, in: body)
            }
            let called = placed.contains { place in
                let row = rows[place.index]
                if row.cells.count > 1, case .figure(_, _, _, true) = row.cells[1] { return true } else { return false }
            }
            return Page(nodes: nodes, rows: placed.count, highlighted: called)
        }
    }

    /// What a row's number is, when it is not what the board's heading says (the last one
    /// called, data stopped): said with the counter's texts.
    private static func note(of row: BoardSlide.Row, besides shared: String) -> String? {
        guard row.cells.count > 1, case .figure(_, let caption, _, _) = row.cells[1], caption != shared else { return nil }
        return caption
    }

    /// The most lines a counter's name takes, Japanese included: past them it ends in "…".
    static let nameLines = 4

    /// How many times the height of the text beside it a called number is at least.
    public static let figureRatio = 3

    /// One counter in `frame`: the number at `figure` size in its column, the texts beside it
    /// (or, `stacked`, the name above and the wait below).
    private func call(_ row: BoardSlide.Row, in frame: Rect, figure: Int, numberWidth: Int, stacked: Bool, sizes: Sizes, caption shared: String, shaded: Bool) -> [SceneNode] {
        var nodes: [SceneNode] = []
        if shaded { nodes.append(.fill(frame, theme.card)) }
        let pad = u(10)
        guard row.cells.count > 1, case .figure(let number, _, let tone, let highlighted) = row.cells[1] else {
            nodes += callTexts(row, sizes: sizes, width: frame.width - 2 * pad, beside: false).nodes.map { $0.moved(dx: frame.x + pad, dy: frame.y + pad) }
            return nodes
        }
        let font = FontSpec(role: .heading, bold: true, size: figure)
        // Placed by its ink: the digits centred where they are seen, not their line box.
        let ink = measurer.ink(of: number, font: font)
        let figureHeight = ink.height
        let figureWidth = measurer.width(of: number, font: font)
        var numberX: Int, numberY: Int
        let textWidth = stacked ? frame.width - 2 * pad : frame.width - numberWidth - 2 * pad - u(16)
        // A number that is not what the heading says (the last one called, data stopped) says
        // so with the counter's texts.
        var texts = callTexts(row, sizes: sizes, width: textWidth, beside: !stacked && textWidth >= px(sizes.name) * 18, note: Self.note(of: row, besides: shared))
        if stacked {
            // Name at the top, wait at the foot, the number between them, centred.
            nodes += texts.top.map { $0.moved(dx: frame.x + pad, dy: frame.y + pad) }
            nodes += texts.bottom.map { $0.moved(dx: frame.x + pad, dy: frame.y + frame.height - pad - texts.bottomHeight) }
            let top = frame.y + pad + texts.topHeight, bottom = frame.y + frame.height - pad - texts.bottomHeight
            numberX = frame.x + (frame.width - figureWidth) / 2
            numberY = top + max(0, (bottom - top - figureHeight) / 2) - ink.top
            texts = CallTexts(top: [], topHeight: 0, bottom: [], bottomHeight: 0)
        } else {
            // The digits right-aligned in their column, so units line up down the board.
            numberX = frame.x + pad + numberWidth - figure / 3 - u(24) - figureWidth
            numberY = frame.y + (frame.height - figureHeight) / 2 - ink.top
            let textX = frame.x + pad + numberWidth + u(16)
            let textY = frame.y + max(pad, (frame.height - texts.height) / 2)
            nodes += texts.nodes.map { $0.moved(dx: textX, dy: textY) }
        }
        if highlighted {
            // A number just called: on a bright ground for a few seconds, with an arrow (the
            // change shows in shape, not only in colour).
            let arrow = FontSpec(role: .body, bold: true, size: max(u(20), figure / 3))
            let inkY = numberY + ink.top
            nodes.append(.fill(Rect(x: numberX - u(8), y: inkY - u(10), width: figureWidth + figure / 3 + u(28), height: figureHeight + 2 * u(10)), theme.highlight))
            nodes.append(.text(TextNode(text: number, font: font, color: theme.highlightText, x: numberX, y: numberY)))
            nodes.append(.text(TextNode(text: "◀", font: arrow, color: theme.highlightText, x: numberX + figureWidth + u(10), y: inkY + (figureHeight - measurer.height(of: arrow)) / 2)))
        } else {
            nodes.append(.text(TextNode(text: number, font: font, color: theme.colour(of: tone), x: numberX, y: numberY)))
        }
        return nodes
    }

    /// A counter's texts: its name and English (top), the wait and its English (bottom), each
    /// relative to its own top; the English wraps onto a second line rather than being cut.
    /// `besideAt`: the wait stands beside the name, that far to the right, not under it.
    private struct CallTexts {
        var top: [SceneNode], topHeight: Int
        var bottom: [SceneNode], bottomHeight: Int
        var besideAt: Int? = nil
        var height: Int { besideAt == nil ? topHeight + bottomHeight : max(topHeight, bottomHeight) }
        var nodes: [SceneNode] { top + bottom.map { $0.moved(dx: besideAt ?? 0, dy: besideAt == nil ? topHeight : 0) } }
    }

    private func callTexts(_ row: BoardSlide.Row, sizes: Sizes, width full: Int, beside: Bool, note: String? = nil) -> CallTexts {
        // Beside: the name takes three fifths of the width, the wait the rest.
        let width = beside ? full * 3 / 5 - u(24) : full
        let waitWidth = beside ? full - full * 3 / 5 : full
        let cells = row.cells
        var top: [SceneNode] = [], bottom: [SceneNode] = []
        var y = 0
        if let note {
            y = lines(note, bold: true, size: sizes.caption, maxLines: 2, colour: theme.muted, x: 0, y: y, width: width, into: &top)
        }
        if case .text(let name, let secondary, let tone)? = cells.first {
            // At most four lines, however long the name a ticket machine sends (`check` warns).
            y = lines(name, bold: true, size: sizes.name, maxLines: 2, most: Self.nameLines, colour: theme.colour(of: tone), x: 0, y: y, width: width, into: &top)
            if let secondary {
                // The English wraps as the Japanese does, cut only past eight lines (issue 29:
                // "Family Regist…" after three).
                // (Twice the Japanese's lines: English takes about twice its width.)
                y = lines(secondary, bold: false, size: sizes.secondary, maxLines: 3, most: 2 * Self.nameLines, colour: theme.colour(of: tone == .normal ? .muted : tone), x: 0, y: y, width: width, into: &top)
            }
        }
        var end = 0
        if cells.count > 2, case .text(let text, let secondary, let tone) = cells[2] {
            let colour = theme.colour(of: tone)
            end = lines(text, bold: true, size: sizes.wait, maxLines: 2, colour: colour, x: 0, y: beside ? 0 : u(4), width: waitWidth, into: &bottom)
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.secondary, maxLines: 2, colour: tone == .normal ? theme.muted : colour, x: 0, y: end, width: waitWidth, into: &bottom)
            }
        }
        return CallTexts(top: top, topHeight: y, bottom: bottom, bottomHeight: end, besideAt: beside ? full * 3 / 5 : nil)
    }

    // MARK: - Table

    /// A table row (or a group's heading) set at y 0, to be moved onto its page.
    private struct SetRow {
        var nodes: [SceneNode]
        var height: Int
        var section: String?
        var nearby: Bool
    }

    /// The pages of a table board, each without the shared header. Rows are set as they are
    /// dealt, and dealing stops at `maxPages`.
    private func table(_ board: BoardSlide, in body: Rect, room: HeaderRoom, sizes: Sizes, maxPages: Int, most: Int) -> [Page] {
        let marker = u(12)
        let inner = Rect(x: body.x + marker + u(12), y: body.y, width: body.width - marker - u(12), height: body.height)
        let gap = u(32)
        var xs: [Int] = []
        var widths: [Int] = []
        // Each column's width for its cells on one line, read from the first rows (a board's
        // work is bounded by the screen, not by its file: a later, longer row takes two lines).
        let sample = board.rows.prefix(Self.widthSample)
        func widest(_ measure: (BoardSlide.Cell, Bool) -> Int) -> [Int] {
            board.columns.indices.map { column in
                sample.map { row in row.cells.count > column ? measure(row.cells[column], board.columns[column].keepWhole) : 0 }.max() ?? 0
            }
        }
        let wants = widest { oneLine($0, keepWhole: $1, sizes: sizes) }
        let floors = widest { cell, keepWhole in
            let font = FontSpec(role: .body, bold: true, size: px(sizes.cell))
            if case .text(let text, let secondary, _) = cell {
                // A name: its first line whole, and its second (the English, an address) set
                // under it. A value kept whole: its widest part, as it is set when the line is
                // too narrow (two hour ranges one above the other).
                if !keepWhole {
                    return max(measurer.width(of: text, font: font),
                               secondary.map { measurer.width(of: $0, font: FontSpec(role: .body, size: px(sizes.cellSecondary))) } ?? 0)
                }
                return text.components(separatedBy: " / ").map { measurer.width(of: $0, font: font) }.max() ?? 0
            }
            if case .bar(_, let label, _) = cell {
                // A bar a third of its cell at least, its label beside it.
                return (measurer.width(of: label, font: barLabelFont(sizes)) + u(16)) * 3 / 2
            }
            return oneLine(cell, keepWhole: keepWhole, sizes: sizes)
        }
        // The widest bar label of each column: its bars end where that label still fits beside them.
        let labelRooms = widest { cell, _ in
            if case .bar(_, let label, _) = cell { return measurer.width(of: label, font: barLabelFont(sizes)) } else { return 0 }
        }
        // On a narrow screen (portrait) a row takes two lines: the first cell across the whole
        // width, the others under it; elsewhere the cells stand in columns — and in a narrow
        // frame too where every cell's first line fits side by side, a bar with its label
        // beside it (shelters in a band at a portrait screen's foot: a line each, not two).
        let narrowFrame = board.columns.count > 1 && inner.width < u(1100)
        let headFont = FontSpec(role: .body, bold: true, size: px(sizes.header))
        let stacked = narrowFrame && floors.reduce(0, +) + gap * (board.columns.count - 1) > inner.width
        let indent = stacked ? u(28) : 0
        func share(_ columns: ArraySlice<BoardSlide.Column>, from left: Int, width: Int) {
            let shared = Self.share(width - gap * (columns.count - 1), weights: columns.map(\.weight), wants: Array(wants[columns.indices]),
                                    floors: Array(floors[columns.indices]), whole: columns.map(\.keepWhole))
            var x = left
            for cellWidth in shared {
                xs.append(x)
                widths.append(cellWidth)
                x += cellWidth + gap
            }
        }
        // Too narrow even for that (a panel at a portrait screen's side): every cell on a line
        // of its own, so a phone number is never set over the hours beside it. Judged as
        // `share` judges how narrow each may become.
        let rest = board.columns.indices.dropFirst()
        let restWidth = inner.width - indent - gap * (rest.count - 1)
        let oneCellALine = stacked && Self.narrowest(restWidth, weights: rest.map { board.columns[$0].weight }, floors: rest.map { floors[$0] },
                                                     whole: rest.map { board.columns[$0].keepWhole }).reduce(0, +) > restWidth
        if oneCellALine {
            // The details under the name, indented — but not where that leaves a value kept
            // whole too little room (at a portrait screen's side 042-000-0021 parted after 042-).
            let tight = rest.contains { board.columns[$0].keepWhole && floors[$0] > inner.width - indent }
            let detail = tight ? 0 : indent
            xs = [inner.x] + rest.map { _ in inner.x + detail }
            widths = [inner.width] + rest.map { _ in inner.width - detail }
        } else if stacked {
            xs = [inner.x]
            widths = [inner.width]
            share(board.columns.dropFirst(), from: inner.x + indent, width: inner.width - indent)
        } else if narrowFrame {
            // Columns only because every first line fits: each keeps it, and its heading
            // on one line where there is room (a heading of two lines is a row's height).
            let heads = board.columns.indices.map { max(wants[$0], measurer.width(of: board.columns[$0].title, font: headFont)) }
            // And room for each language of its heading on a line (stale shelters' dashes left
            // 受入れ人数 People / places a sliver: a character a line, down the page).
            let total = inner.width - gap * (board.columns.count - 1)
            let headed = board.columns.indices.map { column in
                max(floors[column], Self.languages(of: board.columns[column].title).map { measurer.width(of: $0, font: headFont) }.max() ?? 0)
            }
            var x = inner.x
            for cellWidth in Self.fill(total, weights: board.columns.map(\.weight), wants: heads, floors: headed.reduce(0, +) <= total ? headed : floors) {
                xs.append(x)
                widths.append(cellWidth)
                x += cellWidth + gap
            }
        } else {
            // Values kept whole are served first (`share`), unless giving the names their line
            // first sets the sampled rows in fewer lines: at 720p a clinic's name and address
            // missed one line by 10 px while hours took the room to stand on one, and every
            // clinic took two lines (three a page, ten pages) — now only those with two spans do.
            let total = inner.width - gap * (board.columns.count - 1)
            let whole = board.columns.map(\.keepWhole)
            let served = Self.share(total, weights: board.columns.map(\.weight), wants: wants, floors: floors, whole: whole)
            let namesFirst = Self.namesFirst(total, weights: board.columns.map(\.weight), wants: wants, floors: floors, whole: whole)
            // And the widths that set every cell on one line where the table's text goes
            // down to 0.85 of its size: at 1080p a clinic's two spans wanted 517 px beside
            // names and addresses that wanted 960 of 1688, so the hours or the longest names
            // took two lines, five clinics a page; a little smaller, all take one, six a page.
            // (Not below the screen's minimum: at 720p that is 22 px of the cells' 24.)
            let cellSize = max(1, px(sizes.cell))
            let scaled = Self.scaled(total, wants: wants, least: max(85, (minimum * 100 + cellSize - 1) / cellSize))
            var chosen = served
            var fewest = lines(of: sample, widths: served, whole: whole, sizes: sizes)
            for candidate in [namesFirst, scaled].compactMap({ $0 }) {
                let count = lines(of: sample, widths: candidate, whole: whole, sizes: sizes)
                if count < fewest { (chosen, fewest) = (candidate, count) }
            }
            var x = inner.x
            for cellWidth in chosen {
                xs.append(x)
                widths.append(cellWidth)
                x += cellWidth + gap
            }
        }
        // Column headings, on every page — but not where every cell has a line of its own (a
        // panel at a screen's side): there they stood over nothing, three lines of a page that
        // held one clinic, and a phone number or hours read as what they are.
        var head: [SceneNode] = []
        var headHeight = 0
        // In a low band (a portrait screen's foot) too, when every column's values say what
        // they are (a clinic, its phone, its hours): the line of headings was a clinic's room,
        // and the review's 30 clinics took 15 pages there.
        let low = sizes.pad < Sizes.slide.pad && body.width > body.height * 2
        if oneCellALine || (low && board.columns.allSatisfy(\.evident)) {
        } else if stacked {
            // The headings in the order a row reads them, a bar between two — never at a
            // line's end (「Clinic, address ｜」 | 「電話 Phone ｜ 受付時間 Hours」): a heading that
            // does not fit after the bar starts the next line.
            var titleLines: [String] = []
            for title in board.columns.map(\.title) {
                if let last = titleLines.last, measurer.width(of: last + "　｜　" + title, font: headFont) <= inner.width {
                    titleLines[titleLines.count - 1] = last + "　｜　" + title
                } else {
                    titleLines.append(title)
                }
            }
            var end = body.y
            for line in titleLines {
                end = lines(line, bold: true, size: sizes.header, maxLines: 2, colour: theme.muted, x: inner.x, y: end, width: inner.width, into: &head)
            }
            headHeight = end - body.y
        } else {
            var spare = 0
            for (index, column) in board.columns.enumerated() {
                // A heading a little wider than its column stays on one line, ending at the
                // column's end, where the heading before it leaves room (a heading of two
                // lines is a row's height on every page).
                let width = measurer.width(of: column.title, font: headFont)
                if width > widths[index], width <= widths[index] + spare {
                    head.append(.text(TextNode(text: column.title, font: headFont, color: theme.muted, x: xs[index] + widths[index] - width, y: body.y)))
                    headHeight = max(headHeight, leading(headFont))
                    spare = 0
                    continue
                }
                let end = lines(column.title, bold: true, size: sizes.header, maxLines: 2, colour: theme.muted, x: xs[index], y: body.y, width: widths[index], into: &head)
                headHeight = max(headHeight, end - body.y)
                spare = width < widths[index] ? widths[index] - width + gap - u(24) : 0
            }
        }
        if !head.isEmpty { head.append(.fill(Rect(x: body.x, y: body.y + headHeight + u(6), width: body.width, height: u(2)), theme.muted)) }
        let top = head.isEmpty ? body.y : body.y + headHeight + u(14)

        // Each row set once, as it is dealt onto a page.
        let rowPad = u(sizes.pad * 0.4)
        var setRows: [SetRow] = []
        var rowsSet = 0
        /// Sets board rows until `count` entries (headings and rows) are set; false when the
        /// board has fewer.
        func ensure(_ count: Int) -> Bool {
            while setRows.count < count, rowsSet < board.rows.count {
                setEntries(of: board.rows[rowsSet])
                rowsSet += 1
            }
            return setRows.count >= count
        }
        func setEntries(of row: BoardSlide.Row) {
            if let section = row.section {
                var heading: [SceneNode] = []
                // A group's heading marked by its bar, a little smaller than its rows and close
                // above them: ten departments of three clinics left pages a third empty.
                let end = lines(section, bold: true, size: sizes.cell * 0.9, maxLines: 2, colour: theme.text, x: inner.x + u(22), y: rowPad, width: inner.width - u(22), into: &heading)
                heading.append(.fill(Rect(x: inner.x, y: rowPad, width: u(10), height: end - rowPad), theme.accent))
                setRows.append(SetRow(nodes: heading, height: end + rowPad / 2, section: section, nearby: false))
            }
            var cells: [SceneNode] = []
            var height = 0
            var lineTop = rowPad
            for (index, cell) in row.cells.prefix(board.columns.count).enumerated() {
                let end = self.cell(cell, x: xs[index], y: lineTop, width: widths[index], keepWhole: board.columns[index].keepWhole,
                                    labelRoom: labelRooms[index], sizes: sizes, into: &cells)
                height = max(height, end)
                if stacked, index == 0 || oneCellALine { lineTop = end + u(4) }
            }
            setRows.append(SetRow(nodes: cells, height: height + rowPad, section: nil, nearby: row.nearby))
        }

        // The mark of the screen's own area is explained under the table.
        let hasNearby = board.rows.contains(where: \.nearby)
        // The legend at the foot, left of the page number: on one line where it fits beside the
        // widest number, else wrapped above the foot (a panel at a screen's side). Sized for
        // the most pages the board may have, so a short slot deals its pages as a long one.
        // In a low band (a portrait screen's foot) the page number stands at the end of the
        // title's line and the legend at the end of the status line, where both fit: the foot
        // they would take is a row's room on every page.
        let numberFont = FontSpec(role: .body, bold: true, size: px(28))
        let numberRoom = room.title.flatMap { $0.width >= measurer.width(of: "\(most) / \(most)", font: numberFont) ? $0 : nil }
        var legendBeside: [SceneNode]? = nil
        if low, hasNearby, let status = room.status {
            let font = FontSpec(role: .body, bold: true, size: px(26))
            if let text = Self.legendTexts.first(where: { marker + u(12) + measurer.width(of: $0, font: font) <= status.width }) {
                let x = status.x + status.width - measurer.width(of: text, font: font) - marker - u(12)
                let y = status.y + (status.height - measurer.height(of: font)) / 2
                legendBeside = [.fill(Rect(x: x, y: y, width: marker, height: measurer.height(of: font)), theme.accent),
                                .text(TextNode(text: text, font: font, color: theme.muted, x: x + marker + u(12), y: y))]
            }
        }
        // The page number on the title's baseline, when it and the legend both leave the foot.
        let numberRect = low && (!hasNearby || legendBeside != nil) ? numberRoom.map { title in
            Rect(x: title.x, y: title.y + (title.height - measurer.height(of: numberFont)) * 4 / 5, width: title.width, height: measurer.height(of: numberFont))
        } : nil
        let legend = hasNearby && numberRect == nil ? self.legend(in: body, marker: marker, pages: most) : nil
        if numberRect != nil { head += legendBeside ?? [] }
        let foot = numberRect != nil ? u(8) : max(u(44), (legend?.height ?? 0) + u(8))
        let bottom = body.y + body.height
        /// Deals the rows onto pages, at most `most` rows a page (headings not counted): the
        /// pages, where the last one's rows end, how many rows were dealt, and whether the
        /// pages filled before the rows ran out.
        func deal(most: Int) -> (pages: [[(SetRow, Int)]], y: Int, dealt: Int, capped: Bool) {
            var pages: [[(SetRow, Int)]] = [[]]
            var y = top
            var section: String? = nil
            var index = 0
            var dealt = 0
            var onPage = 0
            while ensure(index + 1) {
                let row = setRows[index]
                let isLast = !ensure(index + 2)
                // A heading goes to the next page with its first row rather than stay alone.
                let needed = row.height + (row.section != nil && !isLast ? setRows[index + 1].height : 0)
                let limit = pages.count == 1 && isLast && !hasNearby ? bottom : bottom - foot
                if y + needed > limit || (row.section == nil && onPage == most), !pages[pages.count - 1].isEmpty {
                    // The screen's pages are full: what is left is counted, never laid out.
                    if pages.count == maxPages { return (pages, y, dealt, true) }
                    pages.append([])
                    y = top
                    onPage = 0
                    if row.section == nil, let section {
                        // A group that goes on over the page says so — in a line: where both
                        // languages do not fit one, in Japanese alone (at a 720p screen's side
                        // 「産婦人科 Obstetrics & gynecology（つづき continued）」 took three lines
                        // of a page that held one clinic under it).
                        var heading: [SceneNode] = []
                        let width = inner.width - u(22)
                        let font = FontSpec(role: .body, bold: true, size: px(sizes.cell * 0.9))
                        let both = section + "（つづき  continued）"
                        let japanese = (Self.languages(of: section).first ?? section) + "（つづき）"
                        let text = measurer.width(of: both, font: font) <= width ? both : japanese
                        let end = lines(text, bold: true, size: sizes.cell * 0.9, maxLines: 1, colour: theme.muted, x: inner.x + u(22), y: rowPad, width: width, into: &heading)
                        pages[pages.count - 1].append((SetRow(nodes: heading, height: end + rowPad / 2, section: section, nearby: false), y))
                        y += end + rowPad / 2
                    }
                }
                if let heading = row.section {
                    section = heading
                } else {
                    dealt += 1
                    onPage += 1
                }
                pages[pages.count - 1].append((row, y))
                y += row.height
                index += 1
            }
            return (pages, y, dealt, false)
        }
        var (pages, y, dealt, capped) = deal(most: .max)
        let rowsOnLast = pages[pages.count - 1].filter { $0.0.section == nil }.count
        if !capped, pages.count > 1, rowsOnLast * 2 < dealt / pages.count {
            // Pages evenly filled (4, 4 and 3 events, not 5, 5 and 1), as long as that needs
            // no more pages.
            let even = deal(most: (dealt + pages.count - 1) / pages.count)
            if !even.capped, even.pages.count == pages.count { (pages, y, dealt, capped) = even }
        }
        // Rows the board only counted (`BoardSlide.rowLimit`) are said as those dealt past the pages.
        if board.rowCount > board.rows.count { capped = true }
        if capped {
            // The last row of the last page says how many did not fit (rows make room for it:
            // at the foot it would meet the legend on a narrow screen).
            func note() -> SetRow {
                let hidden = board.rowCount - dealt
                var nodes: [SceneNode] = []
                let end = lines("ほか\(hidden)件（全\(board.rowCount)件）は表示しきれません  \(hidden) more not shown", bold: true, size: sizes.cell * 0.9, maxLines: 2,
                                colour: theme.text, x: inner.x, y: rowPad, width: inner.width, into: &nodes)
                return SetRow(nodes: nodes, height: end + rowPad, section: "", nearby: false)
            }
            var last = note()
            while y + last.height > bottom - foot, let (removed, removedY) = pages[pages.count - 1].last, pages[pages.count - 1].count > 1 {
                pages[pages.count - 1].removeLast()
                if removed.section == nil { dealt -= 1 }
                y = removedY
                last = note()
            }
            // Nor does the page end on a heading with none of its rows under it (200 clinics:
            // 「整形外科 Orthopedics」 over the note, at the foot of the last page).
            while let (removed, removedY) = pages[pages.count - 1].last, removed.section != nil, pages[pages.count - 1].count > 1 {
                pages[pages.count - 1].removeLast()
                y = removedY
            }
            pages[pages.count - 1].append((last, y))
        }
        return pages.indices.map { shown in
            // The legend at the foot explains a mark: said on the pages that show one (its
            // room is kept on every page, so the pages are dealt alike). In a low band it
            // stands at the end of the status line, on every page, as part of the header.
            Page(nodes: tablePage(pages[shown], head: head, number: shown, of: pages.count, numberAt: numberRect ?? body,
                                  in: body, marker: marker, legend: pages[shown].contains { $0.0.nearby } ? legend : nil),
                 rows: pages[shown].filter { $0.0.section == nil }.count)
        }
    }

    /// How many rows the table's column widths are read from.
    static let widthSample = 120

    /// Widths for columns sharing `total` pixels: by `weights`, except that a column wider
    /// than its cells need on one line (`wants`) lends the rest to those that need more. Values
    /// kept whole (`whole`: a phone number, hours) are served first and may also borrow what
    /// sets them on one line from the other columns, down to their `floors` (a clinic's name
    /// with its address under it, as wide as the wider of the two, or two thirds of its share
    /// when its names wrap anyway; hours, their widest range); then the rest, the smallest need
    /// first. What nobody needs goes back to the lenders.
    static func share(_ total: Int, weights: [Double], wants: [Int], floors: [Int], whole: [Bool]) -> [Int] {
        var widths = shares(total, weights: weights)
        let floors = narrowest(total, weights: weights, floors: floors, whole: whole)
        guard widths.indices.contains(where: { wants[$0] > widths[$0] }) else { return widths }
        let lent = widths.indices.map { max(0, widths[$0] - wants[$0]) }
        let lenders = lent.reduce(0, +)
        var left = lenders
        for index in widths.indices { widths[index] -= lent[index] }
        let order = widths.indices.filter { wants[$0] > widths[$0] }
            .sorted { (whole[$0] ? 0 : 1, wants[$0] - widths[$0]) < (whole[$1] ? 0 : 1, wants[$1] - widths[$1]) }
        for index in order {
            let given = min(left, wants[index] - widths[index])
            widths[index] += given
            left -= given
            // Borrowed only when it sets the values whole on one line: a column still too
            // narrow would only squeeze the names beside it. A value kept whole lends down to
            // its widest part (two hour ranges go one above the other; a phone number has no
            // parts and never breaks).
            let others = widths.indices.filter { $0 != index && widths[$0] > floors[$0] }
            guard whole[index], others.reduce(0, { $0 + widths[$1] - floors[$1] }) >= wants[index] - widths[index] else { continue }
            for other in others {
                let taken = min(wants[index] - widths[index], widths[other] - floors[other])
                widths[other] -= taken
                widths[index] += taken
            }
        }
        if lenders > 0 {
            for index in widths.indices { widths[index] += lent[index] * left / lenders }
        }
        return widths
    }

    /// Widths where every column has what sets its widest cells on one line at the same
    /// fraction of their size, no less than `least` per cent (85: as a table's text may go):
    /// the longest names, the longest hours and the phone numbers made smaller alike, the rest
    /// at their size. Nil when everything fits at the full size, or not even at `least`.
    static func scaled(_ total: Int, wants: [Int], least: Int) -> [Int]? {
        let sum = wants.reduce(0, +)
        guard sum > total, total * 100 >= sum * least else { return nil }
        var widths = wants.map { $0 * total / sum }
        widths[widths.count - 1] += total - widths.reduce(0, +)
        return widths
    }

    /// Widths where every column not kept whole has what sets its cells on one line
    /// (`wants`), and those kept whole at least their `floors` (hours one span above the
    /// other), what is left going to them up to their `wants`, then by `weights`; nil when
    /// that does not fit in `total`.
    static func namesFirst(_ total: Int, weights: [Double], wants: [Int], floors: [Int], whole: [Bool]) -> [Int]? {
        var widths = wants.indices.map { whole[$0] ? floors[$0] : wants[$0] }
        var left = total - widths.reduce(0, +)
        guard left >= 0 else { return nil }
        for index in widths.indices where whole[index] && wants[index] > widths[index] {
            let given = min(left, wants[index] - widths[index])
            widths[index] += given
            left -= given
        }
        let extra = shares(left, weights: weights)
        return widths.indices.map { widths[$0] + extra[$0] }
    }

    /// About how many lines `rows` take in columns of `widths`: per row, its tallest cell's
    /// (a name with its second line beside it or under it, a value kept whole in one line or
    /// a line a part, a name wrapping as its width says).
    private func lines(of rows: ArraySlice<BoardSlide.Row>, widths: [Int], whole: [Bool], sizes: Sizes) -> Int {
        rows.reduce(0) { total, row in
            total + (row.cells.prefix(widths.count).enumerated().map { index, cell -> Int in
                let width = max(1, widths[index])
                guard oneLine(cell, keepWhole: whole[index], sizes: sizes) > width else { return 1 }
                guard case .text(let text, let secondary, _) = cell else { return 2 }
                if whole[index] { return keptWhole(text, width: width, sizes: sizes).parts.count }
                if let secondary, beside(text, secondary, width: width, sizes: sizes) != nil { return 1 }
                let font = FontSpec(role: .body, bold: true, size: px(sizes.cell))
                let main = snug(text, width: width, sizes: sizes) != nil ? 1 : (measurer.width(of: text, font: font) + width - 1) / width
                let second = secondary.map { (measurer.width(of: $0, font: FontSpec(role: .body, size: px(sizes.cellSecondary))) + width - 1) / width } ?? 0
                return main + second
            }.max() ?? 1)
        }
    }

    /// Widths for columns whose `floors` all fit in `total`: each its floor, then what is left
    /// to those that want more on one line, the smallest need first (a shelter's area beside
    /// its name before a long status's English beside it), and the rest by `weights`.
    static func fill(_ total: Int, weights: [Double], wants: [Int], floors: [Int]) -> [Int] {
        var widths = floors
        var left = total - floors.reduce(0, +)
        for index in widths.indices.sorted(by: { wants[$0] - floors[$0] < wants[$1] - floors[$1] }) where wants[index] > widths[index] {
            let given = min(left, wants[index] - widths[index])
            widths[index] += given
            left -= given
        }
        let extra = shares(max(0, left), weights: weights)
        return widths.indices.map { widths[$0] + extra[$0] }
    }

    /// `total` pixels shared by `weights`.
    static func shares(_ total: Int, weights: [Double]) -> [Int] {
        let sum = max(0.01, weights.reduce(0, +))
        return weights.map { Int(Double(total) * $0 / sum) }
    }

    /// The narrowest each column sharing `total` may become: a name lends down to two thirds
    /// of its share at most (its `floors` when more); a value kept whole only down to what
    /// still sets it (`floors`: a phone number all of it, hours their widest range).
    static func narrowest(_ total: Int, weights: [Double], floors: [Int], whole: [Bool]) -> [Int] {
        zip(shares(total, weights: weights), floors.indices).map { shared, index in
            whole[index] ? floors[index] : min(floors[index], shared * 2 / 3)
        }
    }

    /// The font that sets a cell's `text`, a little too wide for `width`, on one line: down to
    /// 0.85 of the cell's size (as a table's text may go), or nil when it fits as it is or
    /// needs more. A row of two lines where it took three (最終更新 | 12月3日 10:10 under a
    /// stale shelter, where 9:55 fitted beside it) reads at a glance, as its neighbours do.
    private func snug(_ text: String, width: Int, sizes: Sizes) -> FontSpec? {
        func font(_ size: Int) -> FontSpec { FontSpec(role: .body, bold: true, size: size) }
        let size = px(sizes.cell)
        guard measurer.width(of: text, font: font(size)) > width else { return nil }
        return shrunk(size, toFit: width) { measurer.width(of: text, font: font($0)) }.map(font)
    }

    /// The largest size from `size` down to 0.85 of it (never below the screen's minimum) at
    /// which what is set takes no more than `width` (`wide`: its width at a size); nil when
    /// none does. Tried first in proportion, then a pixel at a time.
    private func shrunk(_ size: Int, toFit width: Int, _ wide: (Int) -> Int) -> Int? {
        let floor = max(minimum, size * 85 / 100)
        var tried = max(floor, min(size, size * width / max(1, wide(size))))
        while tried > floor, wide(tried) > width { tried -= 1 }
        return wide(tried) <= width ? tried : nil
    }

    /// The fonts that set a name and its second line (an address) side by side in `width`:
    /// the cell's own, or both down to 0.85 of them where that keeps the row one line (the
    /// longest clinic names and addresses at 1080p missed it by 16 px); nil when they do not fit.
    private func beside(_ text: String, _ secondary: String, width: Int, sizes: Sizes) -> (FontSpec, FontSpec)? {
        let (first, second) = (px(sizes.cell), px(sizes.cellSecondary))
        func fonts(_ size: Int) -> (FontSpec, FontSpec) {
            (FontSpec(role: .body, bold: true, size: size), FontSpec(role: .body, size: size == first ? second : max(minimum, second * size / first)))
        }
        func wide(_ size: Int) -> Int {
            let (font, small) = fonts(size)
            return measurer.width(of: text, font: font) + u(24) + measurer.width(of: secondary, font: small)
        }
        guard wide(first) > width else { return fonts(first) }
        return shrunk(first, toFit: width, wide).map(fonts)
    }

    /// A value kept whole set in `width`: on one line when it fits, down to 0.85 of its size;
    /// else each part (two hour ranges) on a line of its own, the whole made smaller until the
    /// widest fits — to 0.85 of its size, past which a range parts after its 〜 (an event's
    /// 14:00〜15:30 stood at half the size of the date beside it), and then smaller again,
    /// never below the screen's minimum; a part still too wide there parts before a note in
    /// brackets and at its spaces (`notes(of:)`). A phone number never parts: its dashes are
    /// not a range's (042- | 000-0003（夜間… stood in a narrow panel, running out of it).
    private func keptWhole(_ text: String, width: Int, sizes: Sizes) -> (parts: [String], font: FontSpec) {
        var font = FontSpec(role: .body, bold: true, size: px(sizes.cell))
        guard measurer.width(of: text, font: font) > width else { return ([text], font) }
        // One line at 0.85 of the size before two at the full size: a clinic's two spans
        // (9:00-12:00 / 13:00-17:00) keep its row one line, as its neighbours' one span does.
        if let snug = snug(text, width: width, sizes: sizes) { return ([text], snug) }
        var parts = text.components(separatedBy: " / ")
        func widest() -> Int { parts.map { measurer.width(of: $0, font: font) }.max() ?? 0 }
        if case let wide = widest(), wide > width { font.size = max(minimum, u(14), font.size * 85 / 100, font.size * width / wide) }
        // A note goes under its value before the value parts (9:00-17:00 |（受付16:30まで）,
        // not 9:00- | 17:00（受付…).
        parts = parts.flatMap { part -> [String] in
            guard measurer.width(of: part, font: font) > width, let (value, note) = Self.valueAndNote(part) else { return [part] }
            return [value, note]
        }
        parts = parts.flatMap { part -> [String] in
            guard measurer.width(of: part, font: font) > width, let dash = Self.rangeDash(in: part) else { return [part] }
            return [String(part[...dash]), String(part[part.index(after: dash)...])]
        }
        if case let wide = widest(), wide > width { font.size = max(minimum, u(14), font.size * width / wide) }
        parts = parts.flatMap { part -> [String] in
            measurer.width(of: part, font: font) > width ? Self.notes(of: part) : [part]
        }
        return (parts, font)
    }

    /// The lines a value kept whole takes where even its smallest size is too wide: the value,
    /// then a note in brackets after it, each parted at its spaces (042-000-0003 |（夜間 |
    /// 042-000-0004）); never inside a word or a number.
    static func notes(of part: String) -> [String] {
        let pieces = valueAndNote(part).map { [$0.value, $0.note] } ?? [part]
        return pieces.flatMap { $0.split(separator: " ").map(String.init) }
    }

    /// A phone number or a range of times and the note in brackets after it (042-000-0003 and
    /// （夜間 042-000-0004）, 9:00-17:00 and （受付16:30まで）); nil for anything else — a date
    /// keeps its weekday (12月19日（土）).
    static func valueAndNote(_ part: String) -> (value: String, note: String)? {
        guard let open = part.firstIndex(where: { $0 == "（" || $0 == "(" }), open > part.startIndex else { return nil }
        let value = part[..<open].trimmingCharacters(in: .whitespaces)
        guard Self.rangeInValue.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil else { return nil }
        return (value, String(part[open...]))
    }

    // Made once: a regular expression literal was parsed again at each call (`perf`: a
    // tenth of laying out a board of 4,800 clinics whose every phone carried a note).
    private static let rangeInValue = try! NSRegularExpression(pattern: "\\d\\s*[-〜~～]\\s*\\d")
    private static let timeDash = try! NSRegularExpression(pattern: "\\d{1,2}:\\d\\d\\s*[-–]")

    /// Where a range parts, after its 〜 or ~ (14:00〜 | 15:30, 12月29日〜 | 1月3日), or after the
    /// dash of a time range (9:00- | 17:00); nil for anything else, a phone number's dashes too.
    static func rangeDash(in part: String) -> String.Index? {
        // Not inside a note: （受付〜17:00） stays one.
        if part.first == "（" || part.first == "(" { return nil }
        if let wave = part.firstIndex(where: { $0 == "〜" || $0 == "~" || $0 == "～" }) { return wave }
        guard let match = timeDash.firstMatch(in: part, range: NSRange(part.startIndex..., in: part)),
            let range = Range(match.range, in: part)
        else { return nil }
        return part.index(before: range.upperBound)
    }

    /// The width `cell` takes on one line: a text with its second line beside it, a value
    /// kept whole with its parts in a row, a bar with its label beside it.
    private func oneLine(_ cell: BoardSlide.Cell, keepWhole: Bool, sizes: Sizes) -> Int {
        let font = FontSpec(role: .body, bold: true, size: px(sizes.cell))
        switch cell {
        case .text(let text, let secondary, _):
            let main = measurer.width(of: text, font: font)
            guard let secondary, !keepWhole else { return main }
            return main + u(24) + measurer.width(of: secondary, font: FontSpec(role: .body, size: px(sizes.cellSecondary)))
        case .figure(let text, _, _, _):
            return measurer.width(of: text, font: FontSpec(role: .body, bold: true, size: px(sizes.cell * 1.3)))
        case .bar(_, let label, _):
            // Wanted: the bar at `barShare` of the cell, the label the rest.
            return (measurer.width(of: label, font: barLabelFont(sizes)) + u(20)) * 100 / (100 - Self.barShare)
        }
    }

    /// The face of the label beside a bar.
    private func barLabelFont(_ sizes: Sizes) -> FontSpec { FontSpec(role: .body, bold: true, size: px(sizes.cell * 0.9)) }

    /// The share of a bar cell's width, in per cent, its bar takes where the column has room
    /// (the same in every row, so bars compare at a glance); in a narrow column the bar is
    /// shorter, down to a third, so the column's widest label still fits beside it.
    static let barShare = 55

    /// One page of a table: the column headings, its rows on alternate grounds, the page
    /// number and the legend.
    /// `numberAt`: where the page number stands (the body, at its foot; or the end of a
    /// panel's title line).
    private func tablePage(_ rows: [(SetRow, Int)], head: [SceneNode], number shown: Int, of pages: Int, numberAt: Rect,
                           in body: Rect, marker: Int, legend: Legend?) -> [SceneNode] {
        var nodes = head
        // Every other row on a tinted ground, counted afresh under each heading.
        var zebra = true
        for (row, rowY) in rows {
            if row.section != nil {
                zebra = true
            } else {
                zebra.toggle()
                if zebra { nodes.append(.fill(Rect(x: body.x, y: rowY, width: body.width, height: row.height), theme.card)) }
            }
            if row.nearby {
                // The screen's own area: marked at the row's start (and listed first).
                nodes.append(.fill(Rect(x: body.x, y: rowY, width: marker, height: row.height), theme.accent))
            }
            nodes += row.nodes.map { $0.moved(dx: 0, dy: rowY) }
        }
        if pages > 1 { nodes += pageNumber(shown, of: pages, in: numberAt) }
        if let legend {
            let legendY = body.y + body.height - legend.height
            nodes.append(.fill(Rect(x: body.x, y: legendY, width: marker, height: legend.mark), theme.accent))
            nodes += legend.nodes.map { $0.moved(dx: body.x + marker + u(12), dy: legendY) }
        }
        return nodes
    }

    /// What the mark of the screen's own area means, long and short.
    static let legendTexts = ["この施設の地区（先に表示）  In this area (listed first)", "この施設の地区  In this area"]

    /// What the mark of the screen's own area means, set at y 0 left of where a page number
    /// of `pages` stands: one line where it fits (its height the face's); in a narrow panel
    /// without "listed first" (its rows say that by coming first), each language on a line of
    /// its own — beside the number where each fits there, else above the number's line (a
    /// panel at a portrait screen's side, where it stood in five lines of a word or two:
    /// この｜施設の｜地区 In｜this｜area). `mark`: how tall the mark beside its words is.
    private func legend(in body: Rect, marker: Int, pages: Int) -> Legend {
        let font = FontSpec(role: .body, bold: true, size: px(26))
        let numberFont = FontSpec(role: .body, bold: true, size: px(28))
        let number = measurer.width(of: "\(pages) / \(pages)", font: numberFont)
        let full = body.width - marker - u(12)
        let width = full - (pages > 1 ? number + u(24) : 0)
        if let text = Self.legendTexts.first(where: { measurer.width(of: $0, font: font) <= width }) {
            let height = measurer.height(of: font)
            return Legend(nodes: [.text(TextNode(text: text, font: font, color: theme.muted, x: 0, y: 0))], height: height, mark: height)
        }
        let languages = Self.languages(of: Self.legendTexts[1])
        let beside = languages.allSatisfy { measurer.width(of: $0, font: font) <= width }
        var nodes: [SceneNode] = []
        var y = 0
        for words in languages {
            y = lines(words, bold: true, size: 26, maxLines: 2, colour: theme.muted, x: 0, y: y, width: beside ? width : full, into: &nodes)
        }
        return Legend(nodes: nodes, height: y + (pages > 1 && !beside ? measurer.height(of: numberFont) + u(6) : 0), mark: y)
    }

    /// The legend's words, how tall it stands at the foot, and how tall its mark is.
    private struct Legend {
        var nodes: [SceneNode], height: Int, mark: Int
    }

    /// A table cell at `y`; returns where it ends.
    /// `labelRoom`: the widest bar label of the cell's column.
    private func cell(_ cell: BoardSlide.Cell, x: Int, y: Int, width: Int, keepWhole: Bool, labelRoom: Int = 0, sizes: Sizes, into nodes: inout [SceneNode]) -> Int {
        switch cell {
        case .text(let text, let secondary, let tone) where keepWhole:
            let (parts, font) = keptWhole(text, width: width, sizes: sizes)
            var end = y
            for part in parts {
                nodes.append(.text(TextNode(text: part, font: font, color: theme.colour(of: tone), x: x, y: end)))
                end += leading(font)
            }
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.cellSecondary, maxLines: 3, colour: theme.muted, x: x, y: end, width: width, into: &nodes)
            }
            return end
        case .text(let text, let secondary, let tone):
            let colour = tone == .normal ? theme.muted : theme.colour(of: tone)
            if let secondary, let (font, small) = beside(text, secondary, width: width, sizes: sizes) {
                // The second line beside the first, on its baseline: a row read at a glance.
                nodes.append(.text(TextNode(text: text, font: font, color: theme.colour(of: tone), x: x, y: y)))
                let baseline = measurer.height(of: font) * 4 / 5 - measurer.height(of: small) * 4 / 5
                nodes.append(.text(TextNode(text: secondary, font: small, color: colour,
                                            x: x + measurer.width(of: text, font: font) + u(24), y: y + baseline)))
                return y + leading(font)
            }
            var end: Int
            if let font = snug(text, width: width, sizes: sizes) {
                nodes.append(.text(TextNode(text: text, font: font, color: theme.colour(of: tone), x: x, y: y)))
                end = y + leading(font)
            } else {
                // At most `nameLines` lines, and its second (an address) three, then "…": a
                // name of 200 characters took fourteen lines of a 720p panel, ran over its page
                // number and left no room for its phone and hours.
                end = lines(text, bold: true, size: sizes.cell, maxLines: 3, most: Self.nameLines, colour: theme.colour(of: tone), x: x, y: y, width: width, into: &nodes)
            }
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.cellSecondary, maxLines: 3, most: 3, colour: colour, x: x, y: end, width: width, into: &nodes)
            }
            return end
        case .figure(let text, let caption, let tone, _):
            let end = lines(text, bold: true, size: sizes.cell * 1.3, maxLines: 1, colour: theme.colour(of: tone), x: x, y: y, width: width, into: &nodes)
            return lines(caption, bold: false, size: sizes.cellSecondary, maxLines: 2, colour: theme.muted, x: x, y: end, width: width, into: &nodes)
        case .bar(let fraction, let label, let tone):
            let font = barLabelFont(sizes)
            let labelWidth = measurer.width(of: label, font: font)
            let barHeight = u(sizes.cell * 0.8)
            let lineHeight = leading(font)
            // Bars of one length in every row, so they compare at a glance: `barShare` of the
            // cell, or shorter (down to a third) where the column's widest label then fits
            // beside them; the label beside the bar when it fits there, else under it.
            let barWidth = min(width * Self.barShare / 100, max(width / 3, width - labelRoom - u(16)))
            let beside = labelWidth + u(16) <= width - barWidth
            let barY = y + (lineHeight - barHeight) / 2
            nodes.append(.fill(Rect(x: x, y: barY, width: barWidth, height: barHeight), theme.barTrack))
            let filled = Int(Double(barWidth) * max(0, min(1, fraction)))
            if filled > 0 { nodes.append(.fill(Rect(x: x, y: barY, width: filled, height: barHeight), theme.barColour(of: tone))) }
            if beside {
                nodes.append(.text(TextNode(text: label, font: font, color: theme.colour(of: tone == .good ? .normal : tone), x: x + barWidth + u(16), y: y)))
                return y + lineHeight
            }
            return lines(label, bold: true, size: sizes.cell * 0.9, maxLines: 2, colour: theme.colour(of: tone == .good ? .normal : tone), x: x, y: y + lineHeight, width: width, into: &nodes)
        }
    }

    // MARK: - Text

    /// The line box of `font` with room between lines (never less than the glyphs' box).
    private func leading(_ font: FontSpec) -> Int {
        max(Int(Double(font.size) * 1.3), measurer.height(of: font))
    }

    /// `text` wrapped in `width` at `font`, made smaller (down to `minimum`) until it needs at
    /// most `maxLines` lines; at the minimum, the last line is shortened.
    private func wrapped(_ text: String, font: FontSpec, minimum: Int, width: Int, maxLines: Int, most: Int = .max) -> (lines: [String], font: FontSpec) {
        var font = font
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.japanese)
        while true {
            let set = layout.lines(of: [Span(text, strong: font.bold)], font: font, width: max(1, width)).map(\.text)
            if set.count <= maxLines { return (set, font) }
            if font.size <= minimum {
                // Japanese is never cut: it takes the lines it needs, up to `most` (a name of
                // 200 characters would run out of its row); so is any text given a `most` (a
                // counter's English name). Other English may end in "…" after `maxLines` (the
                // Japanese beside it says it whole).
                let japanese = text.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
                let maxLines = japanese || most != .max ? most : maxLines
                if set.count <= maxLines {
                    return (set, font)
                }
                var kept = Array(set.prefix(maxLines))
                // Latin words were parted by the space the break took.
                let rest = set[maxLines...].reduce(kept[kept.count - 1]) { line, next in
                    (line.last?.isLetter == true && line.last?.isASCII == true && next.first?.isASCII == true) ? line + " " + next : line + next
                }
                kept[kept.count - 1] = measurer.fitted(rest, font: font, width: width)
                return (kept, font)
            }
            font.size = max(minimum, font.size * 9 / 10)
        }
    }

    /// The languages of a board's text, which writes them one after another two spaces apart
    /// (「受診の前に電話で確認してください  Please call before you go」).
    static func languages(of text: String) -> [String] {
        text.components(separatedBy: "  ").filter { !$0.isEmpty }
    }

    /// `wrapped`, except that on more than a line each language starts a line of its own,
    /// where that takes no more lines (at least two): a line broken inside the English
    /// ("…since 6 Dec" | "10:15") is read as two things.
    private func wrappedByLanguage(_ text: String, font: FontSpec, minimum: Int, width: Int, maxLines: Int) -> (lines: [String], font: FontSpec) {
        var set = wrapped(text, font: font, minimum: minimum, width: width, maxLines: maxLines)
        let languages = Self.languages(of: text)
        guard set.lines.count > 1, languages.count > 1 else { return set }
        let apart = languages.flatMap { wrapped($0, font: set.font, minimum: set.font.size, width: width, maxLines: maxLines).lines }
        if apart.count <= max(2, set.lines.count) { set.lines = apart }
        return set
    }

    /// Sets `text` at `size` units (smaller when it needs more than `maxLines`); returns the y
    /// under it.
    @discardableResult
    private func lines(_ text: String, bold: Bool, role: FontSpec.Role = .body, size: Double, maxLines: Int, most: Int = .max, colour: RGBA,
                       x: Int, y: Int, width: Int, into nodes: inout [SceneNode]) -> Int {
        let set = wrapped(text, font: FontSpec(role: role, bold: bold, size: px(size)), minimum: px(max(16, size * 0.7)), width: width,
                          maxLines: maxLines, most: most)
        var lineY = y
        for line in set.lines {
            nodes.append(.text(TextNode(text: line, font: set.font, color: colour, x: x, y: lineY)))
            lineY += leading(set.font)
        }
        return lineY
    }

    /// The page number at the right of `body`'s last line (its foot, or a heading's line); on
    /// the last page of a board cut at `maxPages`, how many rows did not fit.
    private func pageNumber(_ page: Int, of pages: Int, hidden: Int = 0, in body: Rect, size: Double = 28) -> [SceneNode] {
        let font = FontSpec(role: .body, bold: true, size: px(size))
        let more = hidden > 0 ? "ほか\(hidden)件  +\(hidden) more　" : ""
        let label = more + "\(page + 1) / \(pages)"
        return [.text(TextNode(text: label, font: font, color: theme.muted, x: body.x + body.width - measurer.width(of: label, font: font),
                               y: body.y + body.height - measurer.height(of: font)))]
    }
}

extension Double {
    /// Units to pixels on a screen.
    fileprivate func scaled(by metrics: ScreenMetrics) -> Int { metrics.u(self) }
}
