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

    public init(metrics: ScreenMetrics, theme: Theme, measurer: TextMeasuring, minimum: Int = 0) {
        self.metrics = metrics
        self.theme = theme
        self.measurer = measurer
        self.minimum = minimum
    }

    /// A text size of `value` units, never below the screen's minimum.
    private func px(_ value: Double) -> Int { max(minimum, u(value)) }

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

    /// The most pages a board is dealt onto. The work of a board is bounded by the screen,
    /// never by its file: rows past these pages are not laid out at all, and the last page says
    /// how many more there are. A file of 5,000 rows costs what one that fills these pages does.
    public static let maxPages = 12

    /// Every page of `board` laid out in `area`, each whole (title, status and rows), in one
    /// pass over the rows they show: what the layout cache keeps, so a panel beside a still
    /// slide costs a lookup per frame, not a layout.
    public func pages(_ board: BoardSlide, in area: Rect, compact: Bool) -> [[SceneNode]] {
        let sizes = compact ? Sizes.panel : Sizes.slide
        let (head, body) = header(board, in: area, compact: compact, sizes: sizes)
        guard !board.rows.isEmpty, body.height > u(40) else {
            var nodes = head
            _ = lines(board.empty, bold: true, size: compact ? 28 : 44, maxLines: 3, colour: theme.muted, x: body.x, y: body.y + u(20), width: body.width, into: &nodes)
            return [nodes]
        }
        var tableSizes = sizes
        if !compact, board.rows.count <= 2 {
            // One or two rows: set larger, not lost at the top of an empty slide.
            tableSizes.cell *= 1.4
            tableSizes.cellSecondary *= 1.3
        }
        let bodies = board.style == .cards ? cards(board, in: body, sizes: sizes) : table(board, in: body, sizes: tableSizes)
        return bodies.map { head + $0 }
    }

    /// Lays `board` out in `area`; `page` picks the page shown from the number of pages.
    public func compose(_ board: BoardSlide, in area: Rect, compact: Bool, page: (Int) -> Int) -> Laid {
        let all = pages(board, in: area, compact: compact)
        return Laid(nodes: all[min(all.count - 1, max(0, page(all.count)))], pages: all.count)
    }

    /// The part every page shares — label, title, status line and rule — and the rectangle
    /// left for the rows.
    private func header(_ board: BoardSlide, in area: Rect, compact: Bool, sizes: Sizes) -> (nodes: [SceneNode], body: Rect) {
        var nodes: [SceneNode] = []
        var y = area.y
        if !compact {
            // The label above the title, as on every text slide.
            let badgeFont = FontSpec(role: .body, bold: true, size: px(30))
            let badgeHeight = measurer.height(of: badgeFont) + u(12)
            nodes.append(.fill(Rect(x: area.x, y: y, width: measurer.width(of: board.badge, font: badgeFont) + u(36), height: badgeHeight), theme.badgeBackground))
            nodes.append(.text(TextNode(text: board.badge, font: badgeFont, color: theme.badgeText, x: area.x + u(18), y: y + u(6))))
            y += badgeHeight + u(20)
        }
        let titleFont = FontSpec(role: .heading, bold: true, size: px(sizes.title))
        let subtitleFont = FontSpec(role: .body, size: px(sizes.subtitle))
        let titleWidth = measurer.width(of: board.title, font: titleFont)
        if let subtitle = board.subtitle, !compact, titleWidth + u(32) + measurer.width(of: subtitle, font: subtitleFont) <= area.width {
            // The English beside the Japanese, on its baseline, when both fit on the line.
            nodes.append(.text(TextNode(text: board.title, font: titleFont, color: theme.text, x: area.x, y: y)))
            let baseline = measurer.height(of: titleFont) * 4 / 5 - measurer.height(of: subtitleFont) * 4 / 5
            nodes.append(.text(TextNode(text: subtitle, font: subtitleFont, color: theme.text, x: area.x + titleWidth + u(32), y: y + baseline)))
            y += leading(titleFont)
        } else {
            y = lines(board.title, bold: true, role: .heading, size: sizes.title, maxLines: 2, colour: theme.text, x: area.x, y: y, width: area.width, into: &nodes)
            if let subtitle = board.subtitle {
                y = lines(subtitle, bold: false, size: sizes.subtitle, maxLines: 2, colour: theme.text, x: area.x, y: y, width: area.width, into: &nodes)
            }
        }
        if let status = board.status {
            y += u(8)
            if status.stale {
                // Said plainly, on a chip of its own, so nobody reads old numbers as current.
                let font = FontSpec(role: .body, bold: true, size: px(sizes.status))
                let set = wrapped(status.text, font: font, minimum: u(sizes.status * 0.8), width: area.width - u(32), maxLines: 3)
                let height = set.lines.count * leading(set.font) + u(16)
                nodes.append(.fill(Rect(x: area.x, y: y, width: area.width, height: height), theme.warningFill))
                var lineY = y + u(8)
                for line in set.lines {
                    nodes.append(.text(TextNode(text: line, font: set.font, color: theme.warningFillText, x: area.x + u(16), y: lineY)))
                    lineY += leading(set.font)
                }
                y += height
            } else {
                y = lines(status.text, bold: false, size: sizes.status, maxLines: 3, colour: theme.muted, x: area.x, y: y, width: area.width, into: &nodes)
            }
        }
        y += u(10)
        nodes.append(.fill(Rect(x: area.x, y: y, width: area.width, height: u(4)), theme.accent))
        y += u(4) + sizes.gap.scaled(by: metrics)
        return (nodes, Rect(x: area.x, y: y, width: area.width, height: area.y + area.height - y))
    }

    // MARK: - Cards

    /// The pages of a cards board, each without the shared header.
    private func cards(_ board: BoardSlide, in body: Rect, sizes: Sizes) -> [[SceneNode]] {
        let rows = board.rows
        let gap = u(sizes.gap)
        let count = rows.count
        // Columns and rows of cards on a page: a narrow panel stacks them, a wide band lines
        // them up, a slide makes a grid.
        var columns: Int, lines: Int
        if body.width < body.height {
            // A panel at the side: wide cards one above another.
            // The least a card needs: its name, English, wait and English wait, one line each.
            // As tall as the tallest card's texts need, set at the screen's sizes beside the
            // figure's column: no card's words run into the next.
            let textWidth = (body.width - u(sizes.pad * 2)) * 55 / 100
            // (Judged on the cards the pages can show, not on the whole file.)
            let least = u(sizes.pad * 2) + u(8) + rows.prefix(Self.maxPages * 8).map { cardTexts($0, sizes: sizes, width: textWidth, scale: 1).height }.max()!
            columns = 1
            lines = max(1, min(count, (body.height + gap) / (least + gap)))
        } else if body.height < u(380) {
            // A band below the slide: tall cards side by side.
            lines = 1
            columns = max(1, min(count, (body.width + gap) / (u(300) + gap)))
        } else if metrics.isPortrait {
            columns = 1
            lines = min(4, count)
        } else {
            // Three tall cards in a row, or four in two rows: more would shrink the numbers
            // below what reads across a hall, so a fifth goes to the next page.
            columns = count <= 3 ? count : 2
            lines = count <= 3 ? 1 : 2
        }
        columns = max(1, columns)
        let perPage = columns * lines
        let pages = min(Self.maxPages, (count + perPage - 1) / perPage)
        // Rows the board only counted (`BoardSlide.rowLimit`) are left out too.
        let hidden = max(0, count - pages * perPage) + (board.rowCount - count)
        let footer = pages > 1 || hidden > 0 ? u(44) : 0
        let cardWidth = (body.width - gap * (columns - 1)) / columns
        let cardHeight = (body.height - footer - gap * (lines - 1)) / lines
        let compact = sizes.pad < Sizes.slide.pad
        // Cards stand out from what they sit on: tinted on a slide, white on a tinted panel.
        let ground = compact ? theme.background : theme.card
        func frame(_ index: Int) -> Rect {
            Rect(x: body.x + (index % columns) * (cardWidth + gap), y: body.y + (index / columns) * (cardHeight + gap), width: cardWidth, height: cardHeight)
        }
        return (0..<pages).map { shown in
            var nodes: [SceneNode] = []
            let shownRows = rows[(shown * perPage)..<min(count, (shown + 1) * perPage)]
            // Every figure of the page at the size the tightest card allows.
            let figureSize = shownRows.enumerated().map { card($1, in: frame($0), sizes: sizes, on: ground).figureSize }.filter { $0 > 0 }.min()
            for (index, row) in shownRows.enumerated() {
                nodes += card(row, in: frame(index), sizes: sizes, on: ground, figureSize: figureSize).nodes
            }
            if pages > 1 || hidden > 0 { nodes += pageNumber(shown, of: pages, hidden: shown == pages - 1 ? hidden : 0, in: body) }
            return nodes
        }
    }

    /// One card: the counter's name and its English, the line about the wait, and the large
    /// figure with its caption — the figure at the right over the card's whole height on a
    /// wide card, between the name and the wait on a tall one. The texts shrink together until
    /// they fit their column. Returns the nodes and the figure's size, which `figureSize` caps:
    /// every card of a page shows its figure at the size the tightest card allows, so the
    /// numbers compare at a glance.
    private func card(_ row: BoardSlide.Row, in frame: Rect, sizes: Sizes, on ground: RGBA, figureSize: Int? = nil) -> (nodes: [SceneNode], figureSize: Int) {
        var nodes: [SceneNode] = [.fill(frame, ground)]
        let pad = u(sizes.pad)
        let inner = Rect(x: frame.x + pad, y: frame.y + pad, width: frame.width - 2 * pad, height: frame.height - 2 * pad)
        let cells = row.cells
        let side = inner.width * 10 >= inner.height * 12
        let textWidth = side ? inner.width * 55 / 100 : inner.width
        // The name block (top) and the wait block (bottom), set together at the largest scale
        // at which they fit the text column and leave the figure room.
        func blocks(_ scale: Double) -> CardTexts { cardTexts(row, sizes: sizes, width: textWidth, scale: scale) }
        // A tall card keeps at least a third of its height for the figure.
        let textRoom = side ? inner.height : inner.height * 2 / 3
        var set = blocks(1)
        for scale in [0.9, 0.8, 0.7, 0.6] where set.topHeight + set.bottomHeight + u(8) > textRoom {
            set = blocks(scale)
        }
        nodes += set.top.map { $0.moved(dx: inner.x, dy: inner.y) }
        let bottomY = max(inner.y + set.topHeight, inner.y + inner.height - set.bottomHeight)
        nodes += set.bottom.map { $0.moved(dx: inner.x, dy: bottomY) }
        guard cells.count > 1, case .figure(let number, let caption, let tone, let highlighted) = cells[1] else { return (nodes, 0) }
        let box = side
            ? Rect(x: inner.x + textWidth + u(sizes.gap), y: inner.y, width: inner.width - textWidth - u(sizes.gap), height: inner.height)
            : Rect(x: inner.x, y: inner.y + set.topHeight + u(8), width: inner.width, height: max(1, inner.height - set.topHeight - set.bottomHeight - u(16)))
        let captionSet = wrapped(caption, font: FontSpec(role: .body, bold: true, size: px(sizes.caption)), minimum: px(16), width: box.width, maxLines: 2)
        let captionHeight = captionSet.lines.count * leading(captionSet.font)
        // The figure as large as its box allows, by height and by width (room for the arrow).
        var font = FontSpec(role: .heading, bold: true, size: min(max(px(sizes.figureMax), u(sizes.figureMax)), Int(Double(box.height - captionHeight) / 1.15)))
        let arrowRoom = font.size / 3 + u(24)
        let width = measurer.width(of: number, font: font)
        if width > box.width - arrowRoom, width > 0 {
            font.size = font.size * (box.width - arrowRoom) / width
        }
        // Never taller than its box: a cramped card shows a smaller number, not one over its words.
        font.size = max(1, min(font.size, figureSize ?? font.size, Int(Double(box.height - captionHeight) / 1.15)))
        let figureHeight = measurer.height(of: font)
        let top = box.y + max(0, (box.height - captionHeight - figureHeight) / 2)
        var captionY = top
        for line in captionSet.lines {
            nodes.append(.text(TextNode(text: line, font: captionSet.font, color: theme.colour(of: tone == .normal ? .muted : tone), x: box.x, y: captionY)))
            captionY += leading(captionSet.font)
        }
        let figureY = top + captionHeight
        let figureWidth = measurer.width(of: number, font: font)
        if highlighted {
            // A number just called: on a bright ground for a few seconds, with an arrow (the
            // change shows in shape, not only in colour).
            let arrow = FontSpec(role: .body, bold: true, size: max(u(20), font.size / 3))
            let arrowWidth = measurer.width(of: "◀", font: arrow)
            nodes.append(.fill(Rect(x: box.x - u(8), y: figureY, width: figureWidth + arrowWidth + u(28), height: figureHeight), theme.highlight))
            nodes.append(.text(TextNode(text: number, font: font, color: theme.highlightText, x: box.x, y: figureY)))
            nodes.append(.text(TextNode(text: "◀", font: arrow, color: theme.highlightText, x: box.x + figureWidth + u(10), y: figureY + (figureHeight - measurer.height(of: arrow)) / 2)))
        } else {
            nodes.append(.text(TextNode(text: number, font: font, color: theme.colour(of: tone), x: box.x, y: figureY)))
        }
        return (nodes, font.size)
    }

    /// A card's texts: the name block for its top, the wait block for its bottom (each
    /// relative to its own top).
    private struct CardTexts {
        var top: [SceneNode], topHeight: Int
        var bottom: [SceneNode], bottomHeight: Int
        var height: Int { topHeight + bottomHeight }
    }

    private func cardTexts(_ row: BoardSlide.Row, sizes: Sizes, width textWidth: Int, scale: Double) -> CardTexts {
        let cells = row.cells
        var top: [SceneNode] = [], bottom: [SceneNode] = []
        var y = 0
        if case .text(let name, let secondary, let tone)? = cells.first {
            y = lines(name, bold: true, size: sizes.name * scale, maxLines: 3, colour: theme.colour(of: tone), x: 0, y: y, width: textWidth, into: &top)
            if let secondary {
                y = lines(secondary, bold: false, size: sizes.secondary * scale, maxLines: 1, colour: theme.colour(of: tone == .normal ? .muted : tone), x: 0, y: y, width: textWidth, into: &top)
            }
        }
        var end = 0
        if cells.count > 2, case .text(let text, let secondary, let tone) = cells[2] {
            let colour = theme.colour(of: tone)
            end = lines(text, bold: true, size: sizes.wait * scale, maxLines: 2, colour: colour, x: 0, y: 0, width: textWidth, into: &bottom)
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.secondary * scale, maxLines: 2, colour: tone == .normal ? theme.muted : colour, x: 0, y: end, width: textWidth, into: &bottom)
            }
        }
        return CardTexts(top: top, topHeight: y, bottom: bottom, bottomHeight: end)
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
    private func table(_ board: BoardSlide, in body: Rect, sizes: Sizes) -> [[SceneNode]] {
        let marker = u(12)
        let inner = Rect(x: body.x + marker + u(12), y: body.y, width: body.width - marker - u(12), height: body.height)
        let gap = u(20)
        // On a narrow screen (portrait) a row takes two lines: the first cell across the whole
        // width, the others under it; elsewhere the cells stand in columns.
        let stacked = board.columns.count > 1 && inner.width < u(1100)
        let indent = stacked ? u(28) : 0
        var xs: [Int] = []
        var widths: [Int] = []
        func share(_ columns: ArraySlice<BoardSlide.Column>, from left: Int, width: Int) {
            let total = max(0.01, columns.map(\.weight).reduce(0, +))
            var x = left
            for column in columns {
                let cellWidth = Int(Double(width + gap) * column.weight / total) - gap
                xs.append(x)
                widths.append(cellWidth)
                x += cellWidth + gap
            }
        }
        if stacked {
            xs = [inner.x]
            widths = [inner.width]
            share(board.columns.dropFirst(), from: inner.x + indent, width: inner.width - indent)
        } else {
            share(board.columns[...], from: inner.x, width: inner.width)
        }
        // Column headings, on every page.
        var head: [SceneNode] = []
        var headHeight = 0
        if stacked {
            let end = lines(board.columns.map(\.title).joined(separator: "　｜　"), bold: true, size: sizes.header, maxLines: 2, colour: theme.muted,
                            x: inner.x, y: body.y, width: inner.width, into: &head)
            headHeight = end - body.y
        } else {
            for (index, column) in board.columns.enumerated() {
                let end = lines(column.title, bold: true, size: sizes.header, maxLines: 2, colour: theme.muted, x: xs[index], y: body.y, width: widths[index], into: &head)
                headHeight = max(headHeight, end - body.y)
            }
        }
        head.append(.fill(Rect(x: body.x, y: body.y + headHeight + u(6), width: body.width, height: u(2)), theme.muted))
        let top = body.y + headHeight + u(14)

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
                let end = lines(section, bold: true, size: sizes.cell * 1.05, maxLines: 2, colour: theme.text, x: inner.x + u(22), y: rowPad, width: inner.width - u(22), into: &heading)
                heading.append(.fill(Rect(x: inner.x, y: rowPad, width: u(10), height: end - rowPad), theme.accent))
                setRows.append(SetRow(nodes: heading, height: end + rowPad, section: section, nearby: false))
            }
            var cells: [SceneNode] = []
            var height = 0
            var lineTop = rowPad
            for (index, cell) in row.cells.prefix(board.columns.count).enumerated() {
                let end = self.cell(cell, x: xs[index], y: lineTop, width: widths[index], keepWhole: board.columns[index].keepWhole, sizes: sizes, into: &cells)
                height = max(height, end)
                if stacked, index == 0 { lineTop = end + u(4) }
            }
            setRows.append(SetRow(nodes: cells, height: height + rowPad, section: nil, nearby: row.nearby))
        }

        // The mark of the screen's own area is explained under the table.
        let hasNearby = board.rows.contains(where: \.nearby)
        var pages: [[(SetRow, Int)]] = [[]]
        let bottom = body.y + body.height
        var y = top
        var section: String? = nil
        var index = 0
        var dealt = 0
        var capped = false
        while ensure(index + 1) {
            let row = setRows[index]
            let isLast = !ensure(index + 2)
            // A heading goes to the next page with its first row rather than stay alone.
            let needed = row.height + (row.section != nil && !isLast ? setRows[index + 1].height : 0)
            let limit = pages.count == 1 && isLast && !hasNearby ? bottom : bottom - u(44)
            if y + needed > limit, !pages[pages.count - 1].isEmpty {
                // The screen's pages are full: what is left is counted, never laid out.
                if pages.count == Self.maxPages {
                    capped = true
                    break
                }
                pages.append([])
                y = top
                if row.section == nil, let section {
                    // A group that goes on over the page says so.
                    var heading: [SceneNode] = []
                    let end = lines(section + "（つづき  continued）", bold: true, size: sizes.cell, maxLines: 1, colour: theme.muted, x: inner.x + u(22), y: rowPad, width: inner.width - u(22), into: &heading)
                    pages[pages.count - 1].append((SetRow(nodes: heading, height: end + rowPad, section: section, nearby: false), y))
                    y += end + rowPad
                }
            }
            if let heading = row.section { section = heading } else { dealt += 1 }
            pages[pages.count - 1].append((row, y))
            y += row.height
            index += 1
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
            while y + last.height > bottom - u(44), let (removed, removedY) = pages[pages.count - 1].last, pages[pages.count - 1].count > 1 {
                pages[pages.count - 1].removeLast()
                if removed.section == nil { dealt -= 1 }
                y = removedY
                last = note()
            }
            pages[pages.count - 1].append((last, y))
        }
        return pages.indices.map { shown in
            tablePage(pages[shown], head: head, number: shown, of: pages.count, in: body, marker: marker, hasNearby: hasNearby)
        }
    }

    /// One page of a table: the column headings, its rows on alternate grounds, the page
    /// number and the legend.
    private func tablePage(_ rows: [(SetRow, Int)], head: [SceneNode], number shown: Int, of pages: Int,
                           in body: Rect, marker: Int, hasNearby: Bool) -> [SceneNode] {
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
        if pages > 1 { nodes += pageNumber(shown, of: pages, in: body) }
        if hasNearby {
            let font = FontSpec(role: .body, bold: true, size: px(26))
            let legendY = body.y + body.height - measurer.height(of: font)
            nodes.append(.fill(Rect(x: body.x, y: legendY, width: marker, height: measurer.height(of: font)), theme.accent))
            nodes.append(.text(TextNode(text: "この施設の地区（先に表示）  In this area (listed first)", font: font, color: theme.muted, x: body.x + marker + u(12), y: legendY)))
        }
        return nodes
    }

    /// A table cell at `y`; returns where it ends.
    private func cell(_ cell: BoardSlide.Cell, x: Int, y: Int, width: Int, keepWhole: Bool, sizes: Sizes, into nodes: inout [SceneNode]) -> Int {
        switch cell {
        case .text(let text, let secondary, let tone) where keepWhole:
            // Each part on a line of its own, the whole made smaller until the widest fits —
            // but never below the screen's minimum: then a range parts after its 〜.
            var parts = text.components(separatedBy: " / ")
            var font = FontSpec(role: .body, bold: true, size: px(sizes.cell))
            let widest = parts.map { measurer.width(of: $0, font: font) }.max() ?? 0
            if widest > width, widest > 0 { font.size = max(minimum, u(14), font.size * width / widest) }
            if parts.contains(where: { measurer.width(of: $0, font: font) > width }) {
                parts = parts.flatMap { part -> [String] in
                    guard measurer.width(of: part, font: font) > width, let dash = part.firstIndex(where: { "〜~-".contains($0) }) else { return [part] }
                    return [String(part[...dash]), String(part[part.index(after: dash)...])]
                }
            }
            var end = y
            for part in parts {
                nodes.append(.text(TextNode(text: part, font: font, color: theme.colour(of: tone), x: x, y: end)))
                end += leading(font)
            }
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.cellSecondary, maxLines: 2, colour: theme.muted, x: x, y: end, width: width, into: &nodes)
            }
            return end
        case .text(let text, let secondary, let tone):
            var end = lines(text, bold: true, size: sizes.cell, maxLines: 3, colour: theme.colour(of: tone), x: x, y: y, width: width, into: &nodes)
            if let secondary {
                end = lines(secondary, bold: false, size: sizes.cellSecondary, maxLines: 2, colour: tone == .normal ? theme.muted : theme.colour(of: tone), x: x, y: end, width: width, into: &nodes)
            }
            return end
        case .figure(let text, let caption, let tone, _):
            let end = lines(text, bold: true, size: sizes.cell * 1.3, maxLines: 1, colour: theme.colour(of: tone), x: x, y: y, width: width, into: &nodes)
            return lines(caption, bold: false, size: sizes.cellSecondary, maxLines: 2, colour: theme.muted, x: x, y: end, width: width, into: &nodes)
        case .bar(let fraction, let label, let tone):
            let font = FontSpec(role: .body, bold: true, size: px(sizes.cell * 0.9))
            let labelWidth = measurer.width(of: label, font: font)
            let barHeight = u(sizes.cell * 0.8)
            let lineHeight = leading(font)
            // Bars of one length in every row, so they compare at a glance; the label beside
            // the bar when it fits there, else under it.
            let barWidth = width * 58 / 100
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
    private func wrapped(_ text: String, font: FontSpec, minimum: Int, width: Int, maxLines: Int) -> (lines: [String], font: FontSpec) {
        var font = font
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.japanese)
        while true {
            let set = layout.lines(of: [Span(text, strong: font.bold)], font: font, width: max(1, width)).map(\.text)
            if set.count <= maxLines { return (set, font) }
            if font.size <= minimum {
                // Japanese is never cut: it takes the lines it needs. A long English line may
                // end in "…" (the Japanese beside it says it whole).
                if text.unicodeScalars.contains(where: { (0x3040...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }) {
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

    /// Sets `text` at `size` units (smaller when it needs more than `maxLines`); returns the y
    /// under it.
    @discardableResult
    private func lines(_ text: String, bold: Bool, role: FontSpec.Role = .body, size: Double, maxLines: Int, colour: RGBA,
                       x: Int, y: Int, width: Int, into nodes: inout [SceneNode]) -> Int {
        let set = wrapped(text, font: FontSpec(role: role, bold: bold, size: px(size)), minimum: px(max(16, size * 0.7)), width: width, maxLines: maxLines)
        var lineY = y
        for line in set.lines {
            nodes.append(.text(TextNode(text: line, font: set.font, color: colour, x: x, y: lineY)))
            lineY += leading(set.font)
        }
        return lineY
    }

    /// The page number at the foot's right; on the last page of a board cut at `maxPages`, how
    /// many rows did not fit.
    private func pageNumber(_ page: Int, of pages: Int, hidden: Int = 0, in body: Rect) -> [SceneNode] {
        let font = FontSpec(role: .body, bold: true, size: px(28))
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
