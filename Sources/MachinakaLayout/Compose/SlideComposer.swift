import Foundation
import MachinakaCore

/// A composed frame and what layout had to give up to make it.
public struct Composition: Equatable, Sendable {
    public var scene: Scene
    /// True when the text did not fit one slide even at the smallest readable size, and so
    /// is shown as pages in turn.
    public var overflowed: Bool
    /// When the frame changes next by itself, if it does before its slot ends: the slide's
    /// next page, a panel's, a changed number's highlight ending, data going stale.
    public var nextChange: Date? = nil
}

/// Turns what the scheduler chose into a scene: header, title, body, poster or fallback.
///
/// Sizes are in units of 1/1080 of the screen's shorter side, so one feed looks alike on a
/// 1280×720 panel, a 4K one and a portrait one.
public struct SlideComposer {
    public let screen: ScreenConfig
    public let width: Int
    public let height: Int
    public let theme: Theme
    public let measurer: TextMeasuring
    /// Laid-out text shared with the layout worker: a slide's text is set once, ahead of its
    /// slot, not again at each page turn or clock minute.
    public let cache: LayoutCache?

    /// Smallest body text, in units: readable from a few metres. Titles are 1.45 times the body.
    static let bodyMin = 34.0
    /// Largest body text; a portrait screen has room for more lines of the same width.
    var bodyMax: Double { height > width ? 64 : 56 }

    /// Creates a composer for `screen` at `size` (the screen's own size unless given).
    public init(screen: ScreenConfig, size: PixelSize? = nil, measurer: TextMeasuring, theme: Theme? = nil, cache: LayoutCache? = nil) {
        self.screen = screen
        self.cache = cache
        let size = size ?? screen.size
        width = size.width
        height = size.height
        self.measurer = measurer
        self.theme = theme ?? Theme.named(screen.theme)
    }

    private var metrics: ScreenMetrics { ScreenMetrics(width: width, height: height) }
    private var unit: Double { metrics.unit }
    private func u(_ value: Double) -> Int { metrics.u(value) }

    /// The ticker strip's height.
    private var tickerHeight: Int { u(76) }

    /// The frame for `slot` at `instant`, its content as its kind gives it with nothing else of
    /// the feed to draw on (a notice, an event, a poster; a board needs `compose(_:content:…)`).
    public func compose(_ slot: Slot, at instant: Date, headlines: [String] = []) -> Composition {
        let content = slot.item.flatMap { item in item.handler?.slide(item, at: instant, context: SlideContext(screen: screen, items: [item])) }
        return compose(slot, content: content, at: instant, headlines: headlines)
    }

    /// The frame for `slot` showing `content` at `instant` (the instant sets the header clock
    /// and the page), with a ticker of `headlines` along the bottom when the screen has one;
    /// no content: the fallback slide.
    /// `panel` is what the screen's panel shows now (nil: the screen has none).
    public func compose(_ slot: Slot, content: SlideContent?, at instant: Date, headlines: [String] = [], panel: BoardSlide? = nil) -> Composition {
        var nodes: [SceneNode] = []
        var overflowed = false
        var nextChange: Date? = nil
        let headerHeight = u(96)
        let ticker = screen.ticker && !headlines.isEmpty ? tickerNode(headlines, at: instant) : nil
        let frameArea = contentArea(withTicker: ticker != nil)
        /// The slide's pages share its time on screen.
        func paged(_ pages: Int) {
            guard pages > 1 else { return }
            let share = slot.end.timeIntervalSince(slot.start) / Double(pages)
            let next = slot.start.addingTimeInterval(Double(pageIndex(pages: pages, slot: slot, at: instant) + 1) * share)
            if next < slot.end { nextChange = next }
        }

        // A panel that is the whole screen leaves no room for the slide.
        let slide = screen.panel?.position == .full ? SlideContent?.none : content
        switch slide {
        case _ where screen.panel?.position == .full:
            break
        case .image(let image)?:
            let area = slideArea(withTicker: ticker != nil)
            nodes.append(.fill(area, theme.posterBackground))
            nodes.append(.image(ImageNode(path: image.path, frame: area, mode: .fit, version: image.version)))
        case .text(let text)?:
            let textArea = self.textArea(for: text, withTicker: ticker != nil)
            if let link = text.link, let code = QRCode(link) {
                let side = u(230)
                nodes += qrNodes(code, frame: Rect(x: frameArea.x + frameArea.width - side, y: frameArea.y + frameArea.height - side - u(56), width: side, height: side))
            }
            let result = composeText(text, slot: slot, at: instant, in: textArea, into: &nodes)
            overflowed = result.overflowed
            paged(result.pages)
        case .board(let board)?:
            let pages = boardPages(board, in: frameArea, compact: false)
            nodes += pages[pageIndex(pages: pages.count, slot: slot, at: instant)]
            overflowed = pages.count > 1
            paged(pages.count)
        case nil:
            composeFallback(in: frameArea, into: &nodes)
        }
        nodes += header(height: headerHeight, at: instant)
        var panelNode: PanelNode? = nil
        if let panel, let frame = panelFrame(withTicker: ticker != nil) {
            let full = screen.panel?.position == .full
            let inner = full ? frameArea : Rect(x: frame.x + u(32), y: frame.y + u(28), width: frame.width - u(64), height: frame.height - u(56))
            // A panel turns its pages on its own, every few seconds, whatever the slide does.
            let pages = boardPages(panel, in: inner, compact: !full)
            panelNode = PanelNode(frame: frame, background: full ? theme.background : theme.card, nodes: pages[Self.panelPage(of: pages.count, at: instant)])
            if pages.count > 1 {
                let turn = Date(timeIntervalSince1970: ((instant.timeIntervalSince1970 / Self.panelPageInterval).rounded(.down) + 1) * Self.panelPageInterval)
                nextChange = min(nextChange ?? turn, turn)
            }
        }
        return Composition(scene: Scene(width: width, height: height, background: theme.background, nodes: nodes, panel: panelNode, ticker: ticker),
                           overflowed: overflowed, nextChange: nextChange)
    }

    /// How long a panel's page stays before the next.
    public static let panelPageInterval: TimeInterval = 8

    /// The page of a panel's `pages` at `instant`: turning on the clock, so every screen with
    /// the same panel shows the same page.
    static func panelPage(of pages: Int, at instant: Date) -> Int {
        guard pages > 1 else { return 0 }
        return Int((instant.timeIntervalSince1970 / panelPageInterval).rounded(.down)) % pages
    }

    /// A board's pages in `area`, laid out once while the board's data stays the same.
    private func boardPages(_ board: BoardSlide, in area: Rect, compact: Bool) -> [[SceneNode]] {
        let composer = BoardComposer(metrics: metrics, theme: theme, measurer: measurer)
        guard let cache else { return composer.pages(board, in: area, compact: compact) }
        return cache.boardPages(for: LayoutCache.BoardKey(board: board, area: area, compact: compact, theme: theme.name)) {
            composer.pages(board, in: area, compact: compact)
        }
    }

    // MARK: - Ticker

    /// The ticker at `instant`: its scroll offset follows elapsed time, not frames drawn, so it
    /// moves at the same speed whatever the frame rate, and is the same in a preview.
    func tickerNode(_ headlines: [String], at instant: Date) -> TickerNode {
        let font = FontSpec(role: .body, bold: true, size: u(40))
        let frame = Rect(x: 0, y: height - tickerHeight, width: width, height: tickerHeight)
        let y = frame.y + (tickerHeight - measurer.height(of: font)) / 2
        // Headlines until the line holds `Limits.tickerCharacters`; each cut into pieces of a
        // few dozen characters, measured once, so drawing touches only what is in view.
        var segments: [TextNode] = []
        var x = 0, characters = 0
        for (index, headline) in headlines.enumerated() {
            let text = (index > 0 ? "　◆　" : "") + headline
            guard characters + text.count <= Limits.tickerCharacters || segments.isEmpty else { break }
            characters += text.count
            var piece = ""
            for character in text {
                piece.append(character)
                if piece.count >= Self.tickerPiece {
                    segments.append(TextNode(text: piece, font: font, color: theme.headerText, x: x, y: y))
                    x += measurer.width(of: piece, font: font)
                    piece = ""
                }
            }
            if !piece.isEmpty {
                segments.append(TextNode(text: piece, font: font, color: theme.headerText, x: x, y: y))
                x += measurer.width(of: piece, font: font)
            }
        }
        let period = x + width / 3
        let speed = screen.tickerSpeed * unit
        let elapsed = instant.timeIntervalSince(FeedTime.calendar(in: screen.zone).startOfDay(for: instant))
        let offset = Int((elapsed * speed).truncatingRemainder(dividingBy: Double(max(1, period))))
        return TickerNode(frame: frame, background: theme.headerBackground, segments: segments, period: period, offset: offset)
    }

    /// Characters in one piece of the ticker line.
    static let tickerPiece = 24

    /// The same ticker moved on to `instant`: what the loop does between slide changes.
    public func advance(_ ticker: TickerNode, to instant: Date) -> TickerNode {
        var next = ticker
        let speed = screen.tickerSpeed * unit
        let elapsed = instant.timeIntervalSince(FeedTime.calendar(in: screen.zone).startOfDay(for: instant))
        next.offset = Int((elapsed * speed).truncatingRemainder(dividingBy: Double(max(1, ticker.period))))
        return next
    }

    // MARK: - Header

    private func header(height headerHeight: Int, at instant: Date) -> [SceneNode] {
        var nodes: [SceneNode] = [
            .fill(Rect(x: 0, y: 0, width: width, height: headerHeight), theme.headerBackground),
            .fill(Rect(x: 0, y: headerHeight, width: width, height: u(8)), theme.accent),
        ]
        let size = u(40)
        let nameFont = FontSpec(role: .heading, bold: true, size: size)
        let clockFont = FontSpec(role: .body, bold: true, size: size)
        let clock = ClockText.header(instant, zone: screen.zone)
        let clockWidth = measurer.width(of: clock, font: clockFont)
        let y = (headerHeight - measurer.height(of: nameFont)) / 2
        let clockX = width - u(48) - clockWidth
        var nameX = u(48)
        if let logo = screen.logoPath {
            // The facility's logo, fitted into a square at the left of the header.
            let side = headerHeight - u(20)
            nodes.append(.image(ImageNode(path: logo, frame: Rect(x: u(36), y: u(10), width: side, height: side), mode: .fit)))
            nameX = u(36) + side + u(20)
        }
        let name = measurer.fitted(screen.facility, font: nameFont, width: clockX - nameX - u(48))
        nodes.append(.text(TextNode(text: name, font: nameFont, color: theme.headerText, x: nameX, y: y)))
        nodes.append(.text(TextNode(text: clock, font: clockFont, color: theme.headerText, x: clockX, y: y)))
        return nodes
    }


    // MARK: - Notices and events

    /// A block set at one body size: lines with their offsets, relative to the block's top.
    private struct SetBlock {
        var nodes: [(text: String, font: FontSpec, x: Int, y: Int)]
        var height: Int
        /// Space above the block: list items sit closer to each other than paragraphs.
        var gapAbove = 0
    }

    private func set(title: String, blocks: [Block], lang: String, bodySize: Int, width: Int) -> [SetBlock] {
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: lang))
        var result: [SetBlock] = []
        func setSpans(_ spans: [Span], font: FontSpec, indent: Int, leading: Int, marker: String? = nil) -> SetBlock {
            var nodes: [(String, FontSpec, Int, Int)] = []
            let glyphHeight = measurer.height(of: font)
            let lines = layout.lines(of: spans, font: font, width: width - indent)
            // Furigana sit above their word at half size; a block that has any gets the room
            // on every line, so its lines stay evenly spaced.
            var rubyFont = font
            rubyFont.size = max(8, font.size / 2)
            rubyFont.bold = false
            let room = lines.contains(where: \.hasRuby) ? measurer.height(of: rubyFont) + rubyFont.size / 8 : 0
            let lineLeading = leading + room
            for (index, line) in lines.enumerated() {
                let top = index * lineLeading + room + (leading - glyphHeight) / 2
                if index == 0, let marker, !marker.isEmpty {
                    nodes.append((marker, font, 0, top))
                }
                for run in line.runs {
                    var f = font
                    f.bold = font.bold || run.strong
                    nodes.append((run.text, f, indent + run.x, top))
                    if let ruby = run.ruby {
                        let base = measurer.width(of: run.text, font: f), reading = measurer.width(of: ruby, font: rubyFont)
                        nodes.append((ruby, rubyFont, indent + run.x + (base - reading) / 2, top - room - rubyFont.size / 8))
                    }
                }
            }
            return SetBlock(nodes: nodes, height: lines.count * lineLeading)
        }

        let titleFont = FontSpec(role: .heading, bold: true, lang: lang, size: Int(Double(bodySize) * 1.45))
        result.append(setSpans([Span(title)], font: titleFont, indent: 0, leading: Int(Double(titleFont.size) * 1.3)))
        let bodyFont = FontSpec(role: .body, lang: lang, size: bodySize)
        let bodyLeading = Int(Double(bodySize) * 1.6)
        var previous: Block? = nil
        for block in blocks {
            defer { previous = block }
            let gap: Int
            if case .listItem = block, case .listItem? = previous {
                gap = bodySize / 4
            } else {
                gap = Int(Double(bodySize) * 0.6)
            }
            switch block {
            case .heading(let spans):
                var font = bodyFont
                font.bold = true
                font.size = Int(Double(bodySize) * 1.15)
                result.append(setSpans(spans, font: font, indent: 0, leading: Int(Double(font.size) * 1.5)))
            case .paragraph(let spans):
                result.append(setSpans(spans, font: bodyFont, indent: 0, leading: bodyLeading))
            case .listItem(let marker, let spans):
                let indent = Int(Double(bodySize) * 1.3)
                result.append(setSpans(spans, font: bodyFont, indent: indent, leading: bodyLeading, marker: marker))
            }
            result[result.count - 1].gapAbove = gap
        }
        return result
    }

    /// Returns whether the text needed more than one page, and how many.
    private func composeText(_ text: TextSlide, slot: Slot, at instant: Date, in content: Rect, into nodes: inout [SceneNode]) -> (overflowed: Bool, pages: Int) {
        let key = LayoutCache.Key(slide: text, area: content, theme: theme.name)
        let laid: TextPages
        if let cached = cache?.pages(for: key) {
            laid = cached
        } else {
            laid = layText(text, in: content)
            cache?.store(laid, for: key)
        }
        nodes += laid.badge
        let index = pageIndex(pages: laid.pages.count, slot: slot, at: instant)
        nodes += laid.pages[index]
        if laid.pages.count > 1 {
            let font = FontSpec(role: .body, bold: true, size: u(30))
            let label = "\(index + 1) / \(laid.pages.count)"
            nodes.append(.text(TextNode(text: label, font: font, color: theme.accent,
                                        x: content.x + content.width - measurer.width(of: label, font: font), y: content.y + content.height - measurer.height(of: font))))
        }
        return (laid.pages.count > 1, laid.pages.count)
    }

    /// Lays out a text slide in `content`, the text area it has on this screen: the costly
    /// part of a slide (line breaking at several sizes), done once per slide and area, ahead
    /// of time by the layout worker when it can.
    public func layText(_ slide: TextSlide, in content: Rect) -> TextPages {
        var badgeNodes: [SceneNode] = []
        let badgeFont = FontSpec(role: .body, bold: true, size: u(30))
        let badgeText = slide.badge
        let badgeHeight = measurer.height(of: badgeFont) + u(12)
        let badgeWidth = measurer.width(of: badgeText, font: badgeFont) + u(36)
        badgeNodes.append(.fill(Rect(x: content.x, y: content.y, width: badgeWidth, height: badgeHeight), theme.badgeBackground))
        badgeNodes.append(.text(TextNode(text: badgeText, font: badgeFont, color: theme.badgeText, x: content.x + u(18), y: content.y + u(6))))

        let top = content.y + badgeHeight + u(28)
        let available = content.y + content.height - top
        let blocks = slide.blocks
        func totalHeight(_ set: [SetBlock], size: Int) -> Int {
            set.reduce(0) { $0 + $1.height + $1.gapAbove } + u(24) + Int(Double(size) * 0.6)
        }

        // The largest body size at which everything fits, found by bisection.
        var low = u(Self.bodyMin), high = u(bodyMax)
        var best = set(title: slide.title, blocks: blocks, lang: slide.lang, bodySize: low, width: content.width)
        var bestSize = low
        let fitsAtMinimum = totalHeight(best, size: low) <= available
        if fitsAtMinimum {
            while low < high {
                let mid = (low + high + 1) / 2
                let candidate = set(title: slide.title, blocks: blocks, lang: slide.lang, bodySize: mid, width: content.width)
                if totalHeight(candidate, size: mid) <= available {
                    low = mid
                    best = candidate
                    bestSize = mid
                } else {
                    high = mid - 1
                }
            }
        }

        // Lay the lines out on pages: the title (and its rule) on each, the body continuing
        // where the page before ended. Text is never cut: a notice too long for one slide
        // shows its pages in turn during its time on screen.
        func paginate(bottom: Int) -> [[SceneNode]] {
            var pages: [[SceneNode]] = []
            var page: [SceneNode] = []
            func startPage() -> Int {
                var y = top
                for line in best[0].nodes {
                    page.append(.text(TextNode(text: line.text, font: line.font, color: theme.text, x: content.x + line.x, y: y + line.y)))
                }
                y += best[0].height
                page.append(.fill(Rect(x: content.x, y: y + u(6), width: content.width, height: u(4)), theme.accent))
                return y + u(24) + Int(Double(bestSize) * 0.6)
            }
            var y = startPage()
            let bodyTop = y
            for block in best.dropFirst() {
                y += block.gapAbove
                for line in block.nodes {
                    if y + line.y + measurer.height(of: line.font) > bottom, y + line.y > bodyTop {
                        pages.append(page)
                        page = []
                        // This line goes to the top of the new page's body; the rest follow it.
                        y = startPage() - line.y
                    }
                    page.append(.text(TextNode(text: line.text, font: line.font, color: theme.text, x: content.x + line.x, y: y + line.y)))
                }
                y += block.height
            }
            pages.append(page)
            return pages
        }
        var pages = paginate(bottom: content.y + content.height)
        if pages.count > 1 {
            // Room for the page number under the body.
            pages = paginate(bottom: content.y + content.height - u(44))
        }
        return TextPages(badge: badgeNodes, pages: pages)
    }

    /// Below the header and above the ticker (when there is one): where a slide and the
    /// screen's panel go.
    private func bodyArea(withTicker: Bool) -> Rect {
        let top = u(96) + u(8)
        let bottom = screen.ticker && withTicker ? tickerHeight : 0
        return Rect(x: 0, y: top, width: width, height: height - top - bottom)
    }

    /// The screen's panel: a third of the width at the right, a third of the height at the
    /// bottom, or the whole body; nil when the screen has none.
    public func panelFrame(withTicker: Bool) -> Rect? {
        guard let panel = screen.panel else { return nil }
        let body = bodyArea(withTicker: withTicker)
        switch panel.position {
        case .right:
            let panelWidth = body.width * 32 / 100
            return Rect(x: body.x + body.width - panelWidth, y: body.y, width: panelWidth, height: body.height)
        case .bottom:
            let panelHeight = body.height * 30 / 100
            return Rect(x: body.x, y: body.y + body.height - panelHeight, width: body.width, height: panelHeight)
        case .full:
            return body
        }
    }

    /// What the slide has of the body: all of it, or what the panel leaves.
    private func slideArea(withTicker: Bool) -> Rect {
        var area = bodyArea(withTicker: withTicker)
        if let panel = panelFrame(withTicker: withTicker), let position = screen.panel?.position {
            switch position {
            case .right: area.width = panel.x - area.x
            case .bottom: area.height = panel.y - area.y
            case .full: break
            }
        }
        return area
    }

    /// The slide's area inside the margins.
    private func contentArea(withTicker: Bool) -> Rect {
        let area = slideArea(withTicker: withTicker)
        return Rect(x: area.x + u(72), y: area.y + u(48), width: area.width - 2 * u(72), height: area.height - u(48) - u(56))
    }

    /// The text area an item gets on this screen, with or without a ticker: what the layout
    /// worker needs to set a slide's text ahead of its slot.
    public func textArea(for slide: TextSlide, withTicker: Bool) -> Rect {
        var area = contentArea(withTicker: withTicker)
        if let link = slide.link, QRCode(link) != nil {
            area.width -= u(230) + u(48)
        }
        return area
    }

    /// Which page of `pages` shows at `instant`: the slot's time shared equally.
    func pageIndex(pages: Int, slot: Slot, at instant: Date) -> Int {
        let duration = slot.end.timeIntervalSince(slot.start)
        guard pages > 1, duration > 0 else { return 0 }
        let elapsed = max(0, instant.timeIntervalSince(slot.start))
        return min(pages - 1, Int(elapsed / (duration / Double(pages))))
    }

    // MARK: - QR code

    /// A QR code with its quiet zone and a caption; dark modules merged into runs per row.
    private func qrNodes(_ code: QRCode, frame: Rect) -> [SceneNode] {
        let quiet = 4
        let module = max(1, frame.width / (code.size + 2 * quiet))
        let side = module * (code.size + 2 * quiet)
        let origin = (x: frame.x + frame.width - side, y: frame.y + frame.height - side)
        var nodes: [SceneNode] = [.fill(Rect(x: origin.x, y: origin.y, width: side, height: side), RGBA(255, 255, 255))]
        let dark = RGBA(0, 0, 0)
        for y in 0..<code.size {
            var x = 0
            while x < code.size {
                guard code.isDark(x: x, y: y) else { x += 1; continue }
                var end = x
                while end < code.size, code.isDark(x: end, y: y) { end += 1 }
                nodes.append(.fill(Rect(x: origin.x + (quiet + x) * module, y: origin.y + (quiet + y) * module, width: (end - x) * module, height: module), dark))
                x = end
            }
        }
        let font = FontSpec(role: .body, bold: true, size: u(26))
        let caption = "くわしくはスマホで  More info"
        nodes.append(.text(TextNode(text: caption, font: font, color: theme.text,
                                    x: origin.x + side - measurer.width(of: caption, font: font), y: origin.y + side + u(12))))
        return nodes
    }

    // MARK: - Fallback

    private func composeFallback(in content: Rect, into nodes: inout [SceneNode]) {
        let nameFont = FontSpec(role: .heading, bold: true, size: u(88))
        let noteFont = FontSpec(role: .body, size: u(44))
        let lines: [(String, FontSpec)] = [
            (screen.facility, nameFont),
            ("ただいま表示するお知らせはありません", noteFont),
            ("No notices at the moment", noteFont),
        ]
        var y = content.y + content.height / 3
        for (text, font) in lines {
            let shown = measurer.fitted(text, font: font, width: content.width)
            let x = content.x + (content.width - measurer.width(of: shown, font: font)) / 2
            nodes.append(.text(TextNode(text: shown, font: font, color: theme.text, x: x, y: y)))
            y += Int(Double(measurer.height(of: font)) * 1.5)
        }
    }
}
