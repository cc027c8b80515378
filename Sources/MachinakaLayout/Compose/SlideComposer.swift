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
    /// Lines that had to break inside a unit kept whole (`check` reports them).
    public var forcedBreaks: [String] = []
    /// What of the slide could not be shown at all, said in words (`check` reports them).
    public var leftOut: [String] = []
    /// How many pages the slide shows in turn (1 for most).
    public var pages = 1
    /// When each page after the first begins: the slot is shared by what each page needs.
    public var pageTurns: [Date] = []
    /// A board slide whose time on screen is too short to show all its pages: the time they
    /// all need, and how many of them are left out (`check` says so).
    public var boardShortfall: BoardShortfall? = nil
    /// How much of the screen's panel its pages hold (nil: no panel shown).
    public var panelReach: PanelReach? = nil

    /// The rows of a panel's board its pages show, of all it has: a panel deals at most
    /// `BoardComposer.mostPages(compact:)` (24 beside a slide, 12 as the whole screen), and
    /// rows past them are never on screen (`check` says so).
    public struct PanelReach: Equatable, Sendable {
        public var shown: Int
        public var rows: Int
        public var pages: Int
    }

    /// The pages of a board its slide has no time for.
    public struct BoardShortfall: Equatable, Sendable {
        /// The seconds all its pages need.
        public var needed: TimeInterval
        public var pagesLeftOut: Int
    }
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

    /// The body size the design itself gives a frame, in units; the screen's type scale
    /// (viewing distance and panel size) may ask for more, never less.
    var designBody: Double { height > width ? 48 : 44 }
    /// The sizes of every text on this screen.
    public var scale: TypeScale {
        TypeScale(width: width, height: height, diagonal: screen.diagonal, distance: screen.viewingDistance, designBody: u(designBody))
    }
    /// What a line must not break inside: Sagamihara's place names and the feed's words.
    public var keep = KeepTogether.standard
    /// Chooses the ground a poster with transparent parts is shown on, from the screen's own
    /// and the alternatives given (nil: the screen's own). Only the renderer can look at the
    /// pixels: it answers (`ArtworkGround`); without it a poster sits on the screen's ground.
    public var artworkGround: (@Sendable (_ image: ImageSlide, _ background: RGBA, _ alternatives: [RGBA]) -> RGBA?)? = nil

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

    /// The ticker strip's height: room for its text at the scale's size.
    private var tickerHeight: Int { max(u(76), scale.ticker * 17 / 10) }
    /// The header's height, likewise.
    private var headerHeight: Int { max(u(96), scale.ticker * 2) }

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
        var clipNode: ClipNode? = nil
        var overflowed = false
        var nextChange: Date? = nil
        var forcedBreaks: [String] = []
        var leftOut: [String] = []
        let ticker = screen.ticker && !headlines.isEmpty ? tickerNode(headlines, at: instant) : nil
        let frameArea = contentArea(withTicker: ticker != nil)
        var pageCount = 1
        var turns: [Date] = []
        var shortfall: Composition.BoardShortfall? = nil
        /// The slide's pages share its time on screen, each in proportion to what it needs.
        func paged(_ times: [TimeInterval]) {
            pageCount = times.count
            guard times.count > 1 else { return }
            turns = Array(Self.pageTurns(times, slot: slot).dropLast())
            let next = Self.pageTurns(times, slot: slot)[Self.pageIndex(times, slot: slot, at: instant)]
            if next < slot.end { nextChange = next }
        }

        // A panel that is the whole screen leaves no room for the slide.
        let slide = screen.panel?.position == .full ? SlideContent?.none : content
        switch slide {
        case _ where screen.panel?.position == .full:
            break
        case .image(let image)?:
            let area = slideArea(withTicker: ticker != nil)
            // Letterboxed, and seen through where the artwork is transparent: on the screen's
            // own ground, never on black (dark artwork would vanish) — or, when the artwork
            // would vanish on that too (light artwork on a white screen), on one it stands out on.
            let ground = artworkGround?(image, theme.background, [theme.headerBackground, theme.text]) ?? theme.background
            nodes.append(.fill(area, ground))
            nodes.append(.image(ImageNode(path: image.path, frame: area, mode: .fit, version: image.version)))
        case .clip(let clip)?:
            // Letterboxed on black, as films are; pictures fill the clip's rectangle exactly.
            let area = slideArea(withTicker: ticker != nil)
            nodes.append(.fill(area, RGBA(0, 0, 0)))
            clipNode = ClipNode(path: clip.path, version: clip.version, frame: Self.fitted(clip.size, in: area), showing: slot.start,
                                frameRate: clip.frameRate, at: instant)
        case .text(let text)?:
            let times = composeText(text, slot: slot, at: instant, in: textArea(for: text, withTicker: ticker != nil), into: &nodes, forcedBreaks: &forcedBreaks,
                                    leftOut: &leftOut)
            overflowed = times.count > 1
            paged(times)
        case .board(let board)?:
            let (pages, all) = boardPages(board, in: frameArea, compact: false, time: slot.end.timeIntervalSince(slot.start))
            if pages.count < all.count {
                shortfall = .init(needed: all.reduce(0) { $0 + ReadingPace.boardPage(rows: $1.rows) }, pagesLeftOut: all.count - pages.count)
            }
            let times = pages.map { ReadingPace.boardPage(rows: $0.rows) }
            nodes += pages[Self.pageIndex(times, slot: slot, at: instant)].nodes
            overflowed = pages.count > 1
            paged(times)
        case nil:
            composeFallback(in: frameArea, into: &nodes)
        }
        nodes += header(height: headerHeight, at: instant)
        var panelNode: PanelNode? = nil
        var panelReach: Composition.PanelReach? = nil
        if let panel, let frame = panelFrame(withTicker: ticker != nil) {
            let full = screen.panel?.position == .full
            let inner = full ? frameArea : Rect(x: frame.x + u(32), y: frame.y + u(28), width: frame.width - u(64), height: frame.height - u(56))
            // A panel turns its pages on its own, every few seconds, whatever the slide does.
            let pages = boardPages(panel, in: inner, compact: !full, time: nil).shown
            let interval = Self.panelInterval(pages)
            // A number just called is shown at once, whatever page the panel was on; the panel
            // goes back to turning when its highlight ends (a change the frame waits for).
            let page = pages.firstIndex(where: \.highlighted) ?? Self.panelPage(of: pages.count, every: interval, at: instant)
            panelNode = PanelNode(frame: frame, background: full ? theme.background : theme.card, nodes: pages[page].nodes)
            panelReach = .init(shown: pages.reduce(0) { $0 + $1.rows }, rows: panel.rowCount, pages: pages.count)
            if pages.count > 1 {
                let turn = Date(timeIntervalSince1970: ((instant.timeIntervalSince1970 / interval).rounded(.down) + 1) * interval)
                nextChange = min(nextChange ?? turn, turn)
            }
        }
        return Composition(scene: Scene(width: width, height: height, background: theme.background, nodes: nodes, clip: clipNode, panel: panelNode, ticker: ticker),
                           overflowed: overflowed, nextChange: nextChange, forcedBreaks: forcedBreaks, leftOut: leftOut, pages: pageCount, pageTurns: turns, boardShortfall: shortfall,
                           panelReach: panelReach)
    }

    /// `size` scaled to fit `area` whole, centred (even sizes: pictures scale cleanly).
    static func fitted(_ size: PixelSize, in area: Rect) -> Rect {
        guard size.width > 0, size.height > 0 else { return area }
        let scale = min(Double(area.width) / Double(size.width), Double(area.height) / Double(size.height))
        let width = min(area.width, max(2, Int(Double(size.width) * scale) & ~1))
        let height = min(area.height, max(2, Int(Double(size.height) * scale) & ~1))
        return Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
    }

    /// How long each page of a panel stays: long enough for its fullest page to be scanned,
    /// never under 8 s. One interval for all its pages, so they turn on the clock's grid and
    /// every screen with the same panel shows the same page.
    static func panelInterval(_ pages: [BoardComposer.Page]) -> TimeInterval {
        ReadingPace.boardPage(rows: pages.map(\.rows).max() ?? 0).rounded(.up)
    }

    /// The page of a panel's `pages` at `instant`, each shown `interval` seconds.
    static func panelPage(of pages: Int, every interval: TimeInterval, at instant: Date) -> Int {
        guard pages > 1 else { return 0 }
        return Int((instant.timeIntervalSince1970 / interval).rounded(.down)) % pages
    }

    /// A board's pages in `area`, laid out once while the board's data stays the same. A
    /// board slide on screen for `time` seconds shows only the pages that time lets be read
    /// (`ReadingPace.boardPage` each); the last says how many rows were left out, and they are
    /// the farthest from the screen's area, which comes first.
    /// Returns the pages shown, and all the board would fill.
    private func boardPages(_ board: BoardSlide, in area: Rect, compact: Bool, time: TimeInterval?) -> (shown: [BoardComposer.Page], all: [BoardComposer.Page]) {
        let body = compact ? 0 : scale.body
        let composer = BoardComposer(metrics: metrics, theme: theme, measurer: measurer, minimum: scale.minimum, body: body)
        func laid(_ maxPages: Int) -> [BoardComposer.Page] {
            guard let cache else { return composer.pages(board, in: area, compact: compact, maxPages: maxPages) }
            let key = LayoutCache.BoardKey(board: board, area: area, compact: compact, theme: theme.name, minimum: scale.minimum, body: body, maxPages: maxPages)
            return cache.boardPages(for: key) {
                composer.pages(board, in: area, compact: compact, maxPages: maxPages)
            }
        }
        let all = laid(BoardComposer.mostPages(compact: compact))
        guard let time, all.count > 1 else { return (all, all) }
        let readable = Self.readablePages(all, in: time)
        return (readable < all.count ? laid(readable) : all, all)
    }

    /// The seconds each page of `content` needs on this screen (`ReadingPace`): a text slide's
    /// pages by their characters, a board's by their rows; nil for a poster or a clip.
    public func pageTimes(of content: SlideContent, withTicker: Bool) -> [TimeInterval]? {
        switch content {
        case .text(let text):
            return layText(text, in: textArea(for: text, withTicker: withTicker)).pageTimes
        case .board(let board):
            return boardPages(board, in: contentArea(withTicker: withTicker), compact: false, time: nil).all.map { ReadingPace.boardPage(rows: $0.rows) }
        case .image, .clip:
            return nil
        }
    }

    /// How many of a board's `pages` can each be shown for the time it needs in `time` seconds
    /// (at least one).
    public static func readablePages(_ pages: [BoardComposer.Page], in time: TimeInterval) -> Int {
        var total = 0.0, count = 0
        for page in pages {
            total += ReadingPace.boardPage(rows: page.rows)
            guard total <= time + 0.001 else { break }
            count += 1
        }
        return max(1, count)
    }

    // MARK: - Ticker

    /// The ticker at `instant`: its scroll offset follows elapsed time, not frames drawn, so it
    /// moves at the same speed whatever the frame rate, and is the same in a preview.
    func tickerNode(_ headlines: [String], at instant: Date) -> TickerNode {
        let font = FontSpec(role: .body, bold: true, size: scale.ticker)
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
        let elapsed = instant.timeIntervalSince(FeedTime.startOfDay(for: instant, in: screen.zone))
        let offset = Int((elapsed * speed).truncatingRemainder(dividingBy: Double(max(1, period))))
        return TickerNode(frame: frame, background: theme.headerBackground, segments: segments, period: period, offset: offset)
    }

    /// Characters in one piece of the ticker line.
    static let tickerPiece = 24

    /// The same ticker moved on to `instant`: what the loop does between slide changes.
    public func advance(_ ticker: TickerNode, to instant: Date) -> TickerNode {
        var next = ticker
        let speed = screen.tickerSpeed * unit
        let elapsed = instant.timeIntervalSince(FeedTime.startOfDay(for: instant, in: screen.zone))
        next.offset = Int((elapsed * speed).truncatingRemainder(dividingBy: Double(max(1, ticker.period))))
        return next
    }

    // MARK: - Header

    private func header(height headerHeight: Int, at instant: Date) -> [SceneNode] {
        var nodes: [SceneNode] = [
            .fill(Rect(x: 0, y: 0, width: width, height: headerHeight), theme.headerBackground),
            .fill(Rect(x: 0, y: headerHeight, width: width, height: u(8)), theme.accent),
        ]
        let size = scale.ticker
        let nameFont = FontSpec(role: .heading, bold: true, size: size)
        let clockFont = FontSpec(role: .body, bold: true, size: size)
        let y = (headerHeight - measurer.height(of: nameFont)) / 2
        var nameX = u(48)
        if let logo = screen.logoPath {
            // The facility's logo, fitted into a square at the left of the header.
            let side = headerHeight - u(20)
            nodes.append(.image(ImageNode(path: logo, frame: Rect(x: u(36), y: u(10), width: side, height: side), mode: .fit)))
            nameX = u(36) + side + u(20)
        }
        // The date and time; without the year when the facility's name would not fit beside it
        // (a portrait screen): the name is what a visitor needs whole.
        var clock = ClockText.header(instant, zone: screen.zone)
        let nameWidth = measurer.width(of: screen.facility, font: nameFont)
        if nameX + nameWidth + u(48) + measurer.width(of: clock, font: clockFont) + u(48) > width {
            clock = ClockText.shortHeader(instant, zone: screen.zone)
        }
        let clockX = width - u(48) - measurer.width(of: clock, font: clockFont)
        let name = measurer.fitted(screen.facility, font: nameFont, width: clockX - nameX - u(48))
        nodes.append(.text(TextNode(text: name, font: nameFont, color: theme.headerText, x: nameX, y: y)))
        nodes.append(.text(TextNode(text: clock, font: clockFont, color: theme.headerText, x: clockX, y: y)))
        return nodes
    }


    // MARK: - Notices and events

    /// A block set in lines: its nodes relative to the block's top (x relative to the text
    /// area), one group per line so a page can end between any two lines.
    private struct SetBlock {
        /// Each line's nodes (text, and for a table row its fills), its top and bottom, and the
        /// characters a reader reads in it (furigana not counted).
        var lines: [(nodes: [SceneNode], top: Int, bottom: Int, characters: Int)]
        var height: Int
        /// Space above the block: list items sit closer to each other than paragraphs.
        var gapAbove = 0
        /// Each line's text (running text only).
        var texts: [String] = []
        /// A table row: never split across pages.
        var whole = false
        /// A heading (or a table's header row): never left at the foot of a page without what
        /// follows it.
        var heading = false
        /// A table row's header row, set again at the top of a page the row starts.
        var header: (nodes: [SceneNode], height: Int, characters: Int)? = nil
        /// A table's last row: not left alone on a page the table ends on.
        var lastRow = false
        /// Lines that end inside a unit kept whole (it is wider than the line).
        var forced: [String] = []
        /// Running text (a paragraph, a list item): how to set it again when a page ends it
        /// after a sentence.
        var flow: Flow? = nil
        /// What the reader does not get, for `check` to say.
        var notes: [String] = []
    }

    /// What a block of running text was set from, and its lines' texts.
    private struct Flow {
        var spans: [Span]
        var font: FontSpec
        var width: Int
        var indent: Int
        var leading: Int
        var marker: String?
        var lang: String
        var texts: [String]
    }

    /// `spans` set as running text that a page may later end after a sentence.
    private func setFlow(_ spans: [Span], font: FontSpec, width: Int, indent: Int = 0, leading: Int, marker: String? = nil, lang: String) -> SetBlock {
        var set = setSpans(spans, font: font, width: width, indent: indent, leading: leading, marker: marker, lang: lang)
        set.flow = Flow(spans: spans, font: font, width: width, indent: indent, leading: leading, marker: marker, lang: lang, texts: set.texts)
        return set
    }

    /// Where a sentence ends in `text`, in characters: where ICU's sentence iterator finds a
    /// boundary after 。．！？ or . ! ? — not after "e.g." or "Mr.", nor a period a lower-case
    /// word follows — with its closing bracket or quote, without the spaces after it.
    /// `following` is the text after it (the paragraph's next line): without it, "e.g." at
    /// the end of a line would look like the end of everything.
    static func sentenceEnds(in text: String, before following: String = "") -> [Int] {
        let count = text.count
        // (A line break may have taken the space between the lines.)
        let text = following.isEmpty || text.last?.isWhitespace == true ? text + following : text + " " + following
        let utf16 = Array(text.utf16)
        // Each character's end as a UTF-16 offset, to turn ICU's offsets into characters.
        var ends: [Int: Int] = [:]
        var offset = 0
        var characters: [Character] = []
        for character in text {
            offset += character.utf16.count
            characters.append(character)
            ends[offset] = characters.count
        }
        return LineBreaker.sentenceOffsets(in: utf16).compactMap { boundary -> Int? in
            guard var end = ends[boundary] else { return nil }
            while end > 0, characters[end - 1].isWhitespace { end -= 1 }
            var last = end
            while last > 0, "」』）)\"”’".contains(characters[last - 1]) { last -= 1 }
            guard last > 0, end <= count, "。．！？.!?".contains(characters[last - 1]) else { return nil }
            return end
        }
    }

    /// `spans` cut after their `count`th character that is not white space: the head, and the
    /// tail without the space that starts it; nil when the cut falls inside a word with furigana.
    static func split(_ spans: [Span], afterVisible count: Int) -> (head: [Span], tail: [Span])? {
        var head: [Span] = [], tail: [Span] = []
        var seen = 0
        for span in spans {
            if seen >= count {
                tail.append(span)
                continue
            }
            let text = span.text
            var cut = text.startIndex
            while cut < text.endIndex, seen < count {
                if !ReadingPace.isBlank(text[cut]) { seen += 1 }
                text.formIndex(after: &cut)
            }
            if cut == text.endIndex {
                head.append(span)
            } else {
                guard span.ruby == nil else { return nil }
                head.append(Span(String(text[..<cut]), strong: span.strong))
                tail.append(Span(String(text[cut...]), strong: span.strong))
            }
        }
        while let first = tail.first, first.text.allSatisfy(\.isWhitespace) { tail.removeFirst() }
        if let first = tail.first { tail[0] = Span(String(first.text.drop { $0.isWhitespace }), strong: first.strong, ruby: first.ruby) }
        guard !head.isEmpty, !tail.isEmpty else { return nil }
        return (head, tail)
    }

    private func layout(_ lang: String) -> ParagraphLayout {
        ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: lang), keep: keep)
    }

    /// `spans` set in lines of `font` within `width`, at `indent`; furigana above their words.
    private func setSpans(_ spans: [Span], font: FontSpec, width: Int, indent: Int = 0, leading: Int, marker: String? = nil,
                          lang: String, fill: ParagraphLayout.Fill = .greedy, colour: RGBA? = nil, align: TableBlock.Alignment = .leading) -> SetBlock {
        let glyphHeight = measurer.height(of: font)
        let lines = layout(lang).lines(of: spans, font: font, width: max(1, width - indent), fill: fill)
        // Furigana sit above their word; a block that has any gets the room on every line, so
        // its lines stay evenly spaced. Never below the screen's minimum size.
        var rubyFont = font
        rubyFont.size = max(scale.ruby, font.size / 2)
        rubyFont.bold = false
        let room = lines.contains(where: \.hasRuby) ? measurer.height(of: rubyFont) + rubyFont.size / 8 : 0
        let lineLeading = max(leading, glyphHeight) + room
        var result: [(nodes: [SceneNode], top: Int, bottom: Int, characters: Int)] = []
        for (index, line) in lines.enumerated() {
            let top = index * lineLeading
            let textTop = top + room + (lineLeading - room - glyphHeight) / 2
            var nodes: [SceneNode] = []
            let shift = align == .trailing ? max(0, width - indent - line.width) : (align == .center ? max(0, (width - indent - line.width) / 2) : 0)
            if index == 0, let marker, !marker.isEmpty {
                nodes.append(.text(TextNode(text: marker, font: font, color: colour ?? theme.text, x: indent - measurer.width(of: marker + " ", font: font), y: textTop)))
            }
            for run in line.runs {
                var f = font
                f.bold = font.bold || run.strong
                nodes.append(.text(TextNode(text: run.text, font: f, color: colour ?? theme.text, x: indent + shift + run.x, y: textTop)))
                if let ruby = run.ruby {
                    let base = measurer.width(of: run.text, font: f), reading = measurer.width(of: ruby, font: rubyFont)
                    // Centred over its word, but never out past the text's edges: つくえ over 机
                    // at a line's start hung into the margin.
                    let centred = indent + shift + run.x + (base - reading) / 2
                    let x = max(indent, min(centred, width - reading))
                    nodes.append(.text(TextNode(text: ruby, font: rubyFont, color: colour ?? theme.text, x: x, y: textTop - room)))
                }
            }
            result.append((nodes, top, top + lineLeading, ReadingPace.characters(in: line.text)))
        }
        return SetBlock(lines: result, height: lines.count * lineLeading, texts: lines.map(\.text), forced: lines.filter(\.forcedBreak).map(\.text))
    }

    /// The body's blocks at the screen's one body size, within `width`.
    private func setBody(_ blocks: [Block], lang: String, width: Int, pageHeight: Int) -> [SetBlock] {
        let bodySize = scale.body
        let bodyFont = FontSpec(role: .body, lang: lang, size: bodySize)
        let bodyLeading = Int(Double(bodySize) * 1.5)
        var result: [SetBlock] = []
        var previous: Block? = nil
        var flowed = Set<Int>()
        for (index, block) in blocks.enumerated() where !flowed.contains(index) {
            defer { previous = block }
            var set: [SetBlock]
            // A long list of short items flows into two columns instead of onto pages — the
            // whole list, from its first item, or none of it: at 720p one item too long for a
            // column left eight items a column on two pages, it alone, then six in two columns.
            let startsList: Bool
            if case .listItem? = previous { startsList = false } else { startsList = true }
            if startsList, let columns = twoColumnList(blocks, from: index, lang: lang, width: width, font: bodyFont, leading: bodyLeading, pageHeight: pageHeight) {
                flowed.formUnion(index..<(index + columns.items))
                for var block in columns.blocks {
                    block.gapAbove = Int(Double(bodySize) * 0.5)
                    result.append(block)
                }
                continue
            }
            switch block {
            case .heading(let level, let spans):
                var font = bodyFont
                font.bold = true
                font.size = scale.heading(level)
                var heading = setSpans(spans, font: font, width: width, leading: Int(Double(font.size) * 1.4), lang: lang, fill: .balanced)
                if level == 1 {
                    // A first-level heading carries a rule under it, across the text.
                    let y = heading.height
                    heading.lines[heading.lines.count - 1].nodes.append(.fill(Rect(x: 0, y: y, width: width, height: u(3)), theme.accent))
                    heading.lines[heading.lines.count - 1].bottom += u(8)
                    heading.height += u(8)
                }
                heading.heading = true
                set = [heading]
            case .paragraph(let spans):
                set = [setFlow(spans, font: bodyFont, width: width, leading: bodyLeading, lang: lang)]
            case .listItem(let marker, let depth, let spans):
                // Each level of a list one marker's width further in.
                let step = measurer.width(of: "1. ", font: bodyFont) + bodySize / 4
                set = [setFlow(spans, font: bodyFont, width: width, indent: step * (depth + 1), leading: bodyLeading, marker: marker, lang: lang)]
            case .table(let table):
                set = setTable(table, lang: lang, width: width, pageHeight: pageHeight)
            }
            let gap: Int
            if case .listItem = block, case .listItem? = previous {
                gap = bodySize / 4
            } else {
                gap = Int(Double(bodySize) * 0.5)
            }
            guard !set.isEmpty else { continue }
            set[0].gapAbove = gap
            result += set
        }
        return result
    }

    /// A top-level list of six or more items, each one line at half the width: blocks
    /// of two columns (down the first, then the second), each as tall as a page allows and
    /// kept whole, so the reading order never runs across a page; nil otherwise.
    private func twoColumnList(_ blocks: [Block], from start: Int, lang: String, width: Int, font: FontSpec, leading: Int, pageHeight: Int)
        -> (blocks: [SetBlock], items: Int)?
    {
        var items: [(marker: String, spans: [Span])] = []
        for block in blocks[start...] {
            guard case .listItem(let marker, 0, let spans) = block, !marker.isEmpty, spans.allSatisfy({ $0.ruby == nil }) else { break }
            items.append((marker, spans))
        }
        // Nor a list that goes on with nested items: their place is under their parent.
        if start + items.count < blocks.count, case .listItem = blocks[start + items.count] { return nil }
        let gap = scale.body
        let column = (width - gap) / 2
        let step = measurer.width(of: "1. ", font: font) + scale.body / 4
        let rowsPerPage = max(1, pageHeight / max(1, leading))
        guard items.count >= 6, rowsPerPage >= 3, items.allSatisfy({ item in
            layout(lang).lines(of: item.spans, font: font, width: column - step).count == 1
        }) else { return nil }
        var result: [SetBlock] = []
        // The items shared evenly over the pages they need: no item left alone on the last.
        let pages = (items.count + 2 * rowsPerPage - 1) / (2 * rowsPerPage)
        let perPage = (items.count + pages - 1) / pages
        for chunkStart in stride(from: 0, to: items.count, by: perPage) {
            let chunk = Array(items[chunkStart..<min(items.count, chunkStart + perPage)])
            let rows = (chunk.count + 1) / 2
            var nodes: [SceneNode] = []
            for row in 0..<rows {
                for (side, index) in [row, row + rows].enumerated() where index < chunk.count {
                    let set = setSpans(chunk[index].spans, font: font, width: column, indent: step, leading: leading, marker: chunk[index].marker, lang: lang)
                    nodes += set.lines[0].nodes.map { $0.moved(dx: side * (column + gap), dy: row * leading) }
                }
            }
            let characters = chunk.reduce(0) { $0 + $1.spans.reduce(0) { $0 + ReadingPace.characters(in: $1.text) } }
            result.append(SetBlock(lines: [(nodes, 0, rows * leading, characters)], height: rows * leading, whole: true))
        }
        return (result, items.count)
    }

    /// A table: one block per row (the header row bold, over a rule), columns as wide as their
    /// content asks within the text's width, every other row on a tinted ground. A table whose
    /// columns cannot all fit without breaking a cell's number, time or word is set as cards.
    private func setTable(_ table: TableBlock, lang: String, width: Int, pageHeight: Int) -> [SetBlock] {
        // No column narrower than two characters at the smallest size a table takes: a table
        // of more columns than that (a hostile file of 120 drew cells beyond the slide's edge)
        // is read as cards, where no column is lost.
        let narrowest = max(scale.minimum, scale.body * 85 / 100)
        let fits = max(1, (width + narrowest / 4) / (narrowest * 2 + narrowest / 4))
        if table.header.count > fits { return setCards(table, lang: lang, width: width, pageHeight: pageHeight) }
        // A table is read cell by cell, not as running text: when its cells do not each fit on
        // a line at the body's size, it is set a little smaller (never below the screen's
        // minimum), so cells wrap less and more rows share a page.
        let widest = (0..<table.header.count).reduce(0) { total, column in
            total + ([table.header[column]] + table.rows.map { $0[column] }).map { cell in
                cell.reduce(0) { $0 + measurer.width(of: $1.text, font: FontSpec(role: .body, bold: true, lang: lang, size: scale.body)) }
            }.max()! + scale.body * 3 / 4
        }
        let size = widest <= width ? scale.body : max(scale.minimum, scale.body * 85 / 100)
        let font = FontSpec(role: .body, lang: lang, size: size)
        let bold = FontSpec(role: .body, bold: true, lang: lang, size: size)
        let columns = table.header.count
        guard columns > 0 else { return [] }
        var gap = size * 3 / 4
        // Column widths: each column wants its widest cell on one line (its natural width) and
        // needs at least its longest unbreakable piece (its minimum).
        let cells = { (column: Int) in [table.header[column]] + table.rows.map { $0[column] } }
        // (A few pixels over the cell measured whole: lines are measured piece by piece, each
        // rounded, and a cell given exactly its width must not wrap by a pixel.)
        let natural = (0..<columns).map { column in
            max(size * 2, (cells(column).map { cell in cell.reduce(0) { $0 + measurer.width(of: $1.text, font: $1.strong ? bold : font) } }.max() ?? 0) + size / 8)
        }
        let least = (0..<columns).map { column in
            max(size * 2, cells(column).map { cell in layout(lang).widestUnbreakable(cell, font: bold) }.max() ?? 0)
        }
        // Cells closer together rather than a number, a time or a phone number broken; where
        // even that breaks one, a card for each row.
        if least.reduce(0, +) + gap * (columns - 1) > width { gap = size / 4 }
        if least.reduce(0, +) + gap * (columns - 1) > width { return setCards(table, lang: lang, width: width, pageHeight: pageHeight) }
        let available = max(columns, width - gap * (columns - 1))
        var widths = natural
        if natural.reduce(0, +) > available {
            // The narrowest columns (a price, a time, a date) get their whole width first and
            // the widest (a name, a place) takes the squeeze: a name wraps well at any width,
            // 8:30〜|17:15 or 12月|29日〜 do not (the review saw times crushed while a fee
            // column had room to spare).
            widths = least
            var left = available - least.reduce(0, +)
            // (A column whose whole width is its minimum — a phone number — lacks nothing.)
            var wanting = Array(0..<columns).filter { natural[$0] > least[$0] }.sorted { natural[$0] < natural[$1] }
            while let column = wanting.first, natural[column] - least[column] <= left {
                left -= natural[column] - least[column]
                widths[column] = natural[column]
                wanting.removeFirst()
            }
            // Only one column (the widest) may wrap: a table whose times, dates or prices
            // would wrap too is read more easily as cards.
            if wanting.count > 1 { return setCards(table, lang: lang, width: width, pageHeight: pageHeight) }
            let lacking = wanting.reduce(0) { $0 + natural[$1] - least[$1] }
            for column in wanting { widths[column] += (natural[column] - least[column]) * left / max(1, lacking) }
        }
        var xs: [Int] = []
        var x = 0
        for w in widths {
            xs.append(x)
            x += w + gap
        }
        let pad = size / 4
        var forced: [String] = []
        func row(_ cells: [[Span]], header: Bool, tinted: Bool) -> SetBlock {
            var nodes: [SceneNode] = []
            var height = 0
            for (column, cell) in cells.enumerated() {
                let set = setSpans(cell, font: header ? bold : font, width: widths[column], leading: Int(Double(size) * 1.4), lang: lang,
                                   align: table.alignments[column])
                for line in set.lines {
                    nodes += line.nodes.map { $0.moved(dx: xs[column], dy: pad) }
                }
                forced += set.forced
                height = max(height, set.height)
            }
            height += 2 * pad
            // A tinted row and the header's rule reach a little past the text at both ends, into
            // the slide's margin: a row's first and last words stood on the tint's very edge.
            var ground: [SceneNode] = []
            let span = Rect(x: -pad, y: 0, width: min(width, x - gap) + 2 * pad, height: height)
            if tinted { ground.append(.fill(span, theme.card)) }
            if header { nodes.append(.fill(Rect(x: span.x, y: height - u(3), width: span.width, height: u(3)), theme.text)) }
            let characters = cells.reduce(0) { $0 + $1.reduce(0) { $0 + ReadingPace.characters(in: $1.text) } }
            return SetBlock(lines: [(ground + nodes, 0, height, characters)], height: height, whole: true)
        }
        var rows = [row(table.header, header: true, tinted: false)] + table.rows.enumerated().map { row($1, header: false, tinted: $0 % 2 == 1) }
        rows[0].forced = forced
        rows[0].heading = true
        rows[rows.count - 1].lastRow = rows.count > 1
        // A reader who meets the table on its second page still sees what each column is.
        let header = (nodes: rows[0].lines[0].nodes, height: rows[0].height, characters: rows[0].lines[0].characters)
        for index in rows.indices.dropFirst() { rows[index].header = header }
        return rows
    }

    /// A table too wide for its frame (a portrait screen, a slide beside a panel), as cards:
    /// each row's first cell as a heading, then a line for each other column, its header as the
    /// label and the cell beside it. Read down, as a printed form is, with nothing broken and no
    /// column lost; a bar down the left holds each card together. Where the width holds two or
    /// three cards side by side (a landscape screen), they stand in a row.
    ///
    /// A card taller than a page in a single column (the facilities' six fields at 720p, read
    /// field by field over nine pages) has its fields two a line instead, where every value
    /// then stands whole in half the card — at the body's size, or at the 0.85 of it a table
    /// may take — so that each card is read whole on a page.
    private func setCards(_ table: TableBlock, lang: String, width: Int, pageHeight: Int) -> [SetBlock] {
        // A table of only its header row: the header, as a line of text.
        guard !table.rows.isEmpty else {
            let size = scale.body
            return [setFlow(Array(table.header.map { $0 + [Span("　")] }.joined()), font: FontSpec(role: .body, bold: true, lang: lang, size: size),
                            width: width, leading: Int(Double(size) * 1.4), lang: lang)]
        }
        // (Cards one under another always come out: only pairing may find no room.)
        let usual = setCards(table, lang: lang, width: width, pageHeight: pageHeight, size: scale.body, paired: false)!
        guard usual.across == 1, !usual.fits else { return usual.blocks }
        let least = max(scale.minimum, scale.body * 85 / 100)
        for size in [scale.body, least] {
            if let paired = setCards(table, lang: lang, width: width, pageHeight: pageHeight, size: size, paired: true), paired.fits {
                return paired.blocks
            }
        }
        // Too narrow for two a line (beside a 720p screen's panel a phone number would not
        // stand whole in half a card): one a line at the 0.85, its lines closer (each field is
        // a line or two, read as a form's), where each card is then whole on its page.
        if least < scale.body, let closer = setCards(table, lang: lang, width: width, pageHeight: pageHeight, size: least, paired: false, leading: 1.3), closer.fits {
            return closer.blocks
        }
        return usual.blocks
    }

    /// Cards at `size`, lines `ratio` times it apart; `paired`: fields two a line (nil where a
    /// value or a label would not stand whole in its half). Says how many cards stand in a
    /// row, and whether every card fits a page.
    private func setCards(_ table: TableBlock, lang: String, width: Int, pageHeight: Int, size: Int, paired: Bool,
                          leading ratio: Double = 1.4) -> (blocks: [SetBlock], across: Int, fits: Bool)? {
        let font = FontSpec(role: .body, lang: lang, size: size)
        let bold = FontSpec(role: .body, bold: true, lang: lang, size: size)
        let leading = Int(Double(size) * ratio)
        let bar = u(6), indent = u(6) + size / 2, gap = size / 2, between = size
        let labels = table.header.map { $0.map(\.text).joined() }
        let widestLabel = labels.dropFirst().map { measurer.width(of: $0, font: bold) }.max() ?? 0
        // How wide a card wants to be: its label, its longest value and its name on one line.
        // Rows past the first 50 are not measured: a card grid is decided by what a page shows.
        let widestValue = table.rows.prefix(50).flatMap { $0.dropFirst() }.map { cell in
            cell.reduce(0) { $0 + measurer.width(of: $1.text, font: $1.strong ? bold : font) }
        }.max() ?? 0
        let widestName = table.rows.prefix(50).map { ($0.first ?? []).reduce(0) { $0 + measurer.width(of: $1.text, font: bold) } }.max() ?? 0
        let wanted = indent + max(widestName, widestLabel + gap + widestValue)
        let across = paired ? 1 : max(1, min(3, table.rows.count, (width + between) / (min(wanted, width) + between)))
        let cardWidth = (width - between * (across - 1)) / across
        // A field's room: the card's, or half of it when fields stand two a line.
        let fieldWidth = paired ? (cardWidth - indent - between) / 2 : cardWidth - indent
        // Labels in a column of their own, as wide as the longest, within two fifths of the field.
        let labelWidth = min(fieldWidth * 2 / 5, widestLabel)
        let valueWidth = fieldWidth - labelWidth - gap
        if paired, widestLabel > labelWidth || widestValue > valueWidth { return nil }
        // Each label above its value instead, where beside it a value would break that stands
        // whole on a line of its own, or a label would break: in a slide beside a portrait
        // screen's panel the fees read 「042-754-｜1111」, 「8:30〜｜17:15」 and 「問い合わ｜せ」.
        let stacked = !paired && across == 1 && (
            labels.dropFirst().contains { measurer.width(of: $0, font: bold) > labelWidth }
                || table.rows.prefix(50).contains { row in
                    row.dropFirst().contains { cell in
                        let width = cell.reduce(0) { $0 + measurer.width(of: $1.text, font: $1.strong ? bold : font) }
                        return width > valueWidth && width <= cardWidth - indent
                    }
                })
        var forced: [String] = []
        let cards: [[SetBlock]] = table.rows.map { row in
            var card: [SetBlock] = []
            let name = setSpans(row.first ?? [], font: bold, width: cardWidth - indent, leading: leading, lang: lang)
            forced += name.forced
            var title = name
            title.lines = name.lines.map { ($0.nodes.map { $0.moved(dx: indent, dy: 0) }, $0.top, $0.bottom, $0.characters) }
            title.heading = true
            title.gapAbove = size * 3 / 4
            card.append(title)
            let filled = (1..<max(1, row.count)).filter { !row[$0].allSatisfy({ $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) }
            if paired {
                // Two fields a line, read left to right as a form is: 電話 … FAX …
                for first in stride(from: 0, to: filled.count, by: 2) {
                    var nodes: [SceneNode] = [], characters = 0, height = 0
                    for (side, column) in filled[first..<min(filled.count, first + 2)].enumerated() {
                        let x = indent + side * (fieldWidth + between)
                        let label = setSpans([Span(column < labels.count ? labels[column] : "")], font: bold, width: labelWidth, leading: leading, lang: lang, colour: theme.muted)
                        let value = setSpans(row[column], font: font, width: valueWidth, leading: leading, lang: lang)
                        forced += value.forced
                        for line in label.lines { nodes += line.nodes.map { $0.moved(dx: x, dy: 0) }; characters += line.characters }
                        for line in value.lines { nodes += line.nodes.map { $0.moved(dx: x + labelWidth + gap, dy: 0) }; characters += line.characters }
                        height = max(height, label.height, value.height)
                    }
                    var field = SetBlock(lines: [(nodes, 0, height, characters)], height: height, whole: true)
                    field.gapAbove = size / 8
                    card.append(field)
                }
            }
            for column in paired ? [] : filled {
                let labelText = [Span(column < labels.count ? labels[column] : "")]
                if stacked {
                    let label = setSpans(labelText, font: bold, width: cardWidth - indent, leading: leading, lang: lang, colour: theme.muted)
                    let value = setSpans(row[column], font: font, width: cardWidth - indent, leading: leading, lang: lang)
                    forced += value.forced
                    let lines = label.lines.map { ($0.nodes.map { $0.moved(dx: indent, dy: 0) }, $0.top, $0.bottom, $0.characters) }
                        + value.lines.map { ($0.nodes.map { $0.moved(dx: indent, dy: label.height) }, $0.top + label.height, $0.bottom + label.height, $0.characters) }
                    var field = SetBlock(lines: lines, height: label.height + value.height, whole: lines.count <= 3)
                    field.gapAbove = size / 8
                    card.append(field)
                    continue
                }
                let label = setSpans(labelText, font: bold, width: labelWidth, leading: leading, lang: lang, colour: theme.muted)
                let value = setSpans(row[column], font: font, width: valueWidth, leading: leading, lang: lang)
                forced += value.forced
                // Line by line, side by side: the label's lines beside the value's first ones.
                let longer = value.lines.count >= label.lines.count ? value : label
                let lines = longer.lines.indices.map { index in
                    let nodes = (index < label.lines.count ? label.lines[index].nodes.map { $0.moved(dx: indent, dy: 0) } : [])
                        + (index < value.lines.count ? value.lines[index].nodes.map { $0.moved(dx: indent + labelWidth + gap, dy: 0) } : [])
                    let characters = (index < label.lines.count ? label.lines[index].characters : 0) + (index < value.lines.count ? value.lines[index].characters : 0)
                    return (nodes: nodes, top: longer.lines[index].top, bottom: longer.lines[index].bottom, characters: characters)
                }
                var field = SetBlock(lines: lines, height: longer.height, whole: lines.count <= 3)
                field.gapAbove = size / 8
                card.append(field)
            }
            // The bar runs down the card line by line, so it follows the card across a page.
            for index in card.indices {
                card[index].lines = card[index].lines.map { line in
                    let top = index > 0 && line.top == 0 ? -card[index].gapAbove : line.top
                    return ([.fill(Rect(x: 0, y: top, width: bar, height: line.bottom - top), theme.accent)] + line.nodes, line.top, line.bottom, line.characters)
                }
            }
            // A card that goes on over a page starts the next with its name again.
            let again = (nodes: card[0].lines.flatMap(\.nodes), height: card[0].height + size / 8, characters: card[0].lines.reduce(0) { $0 + $1.characters })
            for index in card.indices.dropFirst() { card[index].header = again }
            return card
        }
        func height(_ card: [SetBlock]) -> Int { card.enumerated().reduce(0) { $0 + ($1.offset == 0 ? 0 : $1.element.gapAbove) + $1.element.height } }
        /// Cards side by side as one block, kept whole on its page.
        func row(_ cards: ArraySlice<[SetBlock]>) -> SetBlock {
            var nodes: [SceneNode] = [], characters = 0, tallest = 0
            for (place, card) in cards.enumerated() {
                var y = 0
                for (index, block) in card.enumerated() {
                    if index > 0 { y += block.gapAbove }
                    for line in block.lines {
                        nodes += line.nodes.map { $0.moved(dx: place * (cardWidth + between), dy: y) }
                        characters += line.characters
                    }
                    y += block.height
                }
                tallest = max(tallest, y)
            }
            var row = SetBlock(lines: [(nodes, 0, tallest, characters)], height: tallest, whole: true)
            row.gapAbove = size * 3 / 4
            return row
        }
        var blocks: [SetBlock]
        let fits = cards.allSatisfy { height($0) <= pageHeight }
        if across > 1, fits {
            blocks = stride(from: 0, to: cards.count, by: across).map { row(cards[$0..<min(cards.count, $0 + across)]) }
        } else {
            // One card a row: each kept whole on its page when it fits one (a certificate's fee
            // stood on one page and its hours and phone number on the next, under its name
            // again); one taller than a page goes on over pages field by field.
            blocks = cards.flatMap { card in height(card) <= pageHeight ? [row([card][...])] : card }
        }
        if !blocks.isEmpty { blocks[0].forced = forced }
        return (blocks, across, fits)
    }

    /// The most characters a paragraph's rest may have to be set again so that a page ends
    /// after a sentence.
    static let sentenceTail = 600

    /// Where clauses end in `text`, in characters: after 、，；： or after a comma, semicolon
    /// or colon a space follows (the space not counted).
    static func clauseEnds(in text: String) -> [Int] {
        let characters = Array(text)
        return characters.indices.compactMap { index in
            let mark = characters[index]
            if "、，；：".contains(mark) { return index + 1 }
            if ",;:".contains(mark), index + 1 < characters.count, characters[index + 1] == " " { return index + 1 }
            return nil
        }
    }

    /// Whether a line, `following` coming after it, ends a sentence (its last mark, after any
    /// closing bracket or quote).
    static func endsSentence(_ text: String, before following: String = "") -> Bool {
        var visible = text
        while visible.last?.isWhitespace == true { visible.removeLast() }
        return sentenceEnds(in: text, before: following).last == visible.count
    }

    /// A notice that is only its title: set half as large again as a title (smaller when it
    /// would need more than three lines, never below the title's size), each line centred,
    /// the block in the middle of the room under the label.
    private func titleAlone(_ slide: TextSlide, badge: [SceneNode], in content: Rect, below top: Int) -> TextPages {
        var font = FontSpec(role: .heading, bold: true, lang: slide.lang, size: scale.title * 3 / 2)
        func set() -> SetBlock {
            setSpans(slide.titleSpans, font: font, width: content.width, leading: Int(Double(font.size) * 1.25), lang: slide.lang, fill: .balanced, align: .center)
        }
        var title = set()
        while title.lines.count > Self.titleLines, font.size > scale.title {
            font.size = max(scale.title, font.size * 9 / 10)
            title = set()
        }
        let y = top + max(0, (content.y + content.height - top - title.height) / 2)
        let nodes = title.lines.flatMap { line in line.nodes.map { $0.moved(dx: content.x, dy: y) } }
        let characters = title.lines.reduce(0) { $0 + $1.characters }
        return TextPages(badge: badge, pages: [nodes], forcedBreaks: title.forced, pageTimes: [ReadingPace.page(characters: characters)])
    }

    /// The most lines a title takes before it is set smaller.
    static let titleLines = 3

    /// Returns the time each page needs.
    private func composeText(_ text: TextSlide, slot: Slot, at instant: Date, in content: Rect, into nodes: inout [SceneNode], forcedBreaks: inout [String],
                             leftOut: inout [String]) -> [TimeInterval] {
        let key = LayoutCache.Key(slide: text, area: content, theme: theme.name, words: keep)
        let laid: TextPages
        if let cached = cache?.pages(for: key) {
            laid = cached
        } else {
            laid = layText(text, in: content)
            cache?.store(laid, for: key)
        }
        nodes += laid.badge
        let index = Self.pageIndex(laid.pageTimes, slot: slot, at: instant)
        nodes += laid.pages[index]
        if laid.pages.count > 1 {
            let font = FontSpec(role: .body, bold: true, size: scale.label)
            let label = "\(index + 1) / \(laid.pages.count)"
            nodes.append(.text(TextNode(text: label, font: font, color: theme.text,
                                        x: content.x + content.width - measurer.width(of: label, font: font), y: content.y + content.height - measurer.height(of: font))))
        }
        forcedBreaks = laid.forcedBreaks
        leftOut = laid.leftOut
        return laid.pageTimes
    }

    /// Lays out a text slide in `content`, the text area it has on this screen: the costly
    /// part of a slide (line breaking), done once per slide and area, ahead of time by the
    /// layout worker when it can. The body is set at the screen's one size; what does not fit
    /// one page goes on the next, the title (and the QR code) on each.
    public func layText(_ slide: TextSlide, in content: Rect) -> TextPages {
        // The title across the whole width, balanced over its lines, with a rule under it.
        // At most three lines: a longer title is set smaller, never below the body's size, so
        // it does not push the body onto pages that repeat it.
        var titleFont = FontSpec(role: .heading, bold: true, lang: slide.lang, size: scale.title)
        var title = setSpans(slide.titleSpans, font: titleFont, width: content.width, leading: Int(Double(titleFont.size) * 1.25), lang: slide.lang, fill: .balanced)
        var tried = [title]
        while title.lines.count > Self.titleLines, titleFont.size > scale.body {
            titleFont.size = max(scale.body, titleFont.size * 9 / 10)
            title = setSpans(slide.titleSpans, font: titleFont, width: content.width, leading: Int(Double(titleFont.size) * 1.25), lang: slide.lang, fill: .balanced)
            tried.append(title)
        }
        // A title that would take more than half of every page even at the body's size (a
        // 200-character title at 720p filled each of 193 pages, the text under it off the
        // page) is read once, as the text's first heading, and the pages go on without it.
        if title.height > content.height / 2, !slide.blocks.isEmpty || slide.link != nil {
            var headed = slide
            headed.blocks = [.heading(level: 1, slide.titleSpans)] + slide.blocks
            return layText(headed, in: content, title: SetBlock(lines: [], height: 0))
        }
        let laid = layText(slide, in: content, title: title)
        // Where not even the body's size sets it in three lines, the largest size that keeps it
        // within a third of the slide, when the body then takes no more pages: a portrait
        // screen's five-line title stood at the body's size over a page two thirds empty.
        if title.lines.count > Self.titleLines, !slide.blocks.isEmpty || slide.link != nil,
            let larger = tried.dropLast().first(where: { $0.height <= content.height / 3 })
        {
            let withLarger = layText(slide, in: content, title: larger)
            if withLarger.pages.count <= laid.pages.count { return withLarger }
        }
        return laid
    }

    /// `layText` with its title set.
    private func layText(_ slide: TextSlide, in content: Rect, title: SetBlock) -> TextPages {
        var fixed: [SceneNode] = []
        let badgeFont = FontSpec(role: .body, bold: true, size: scale.label)
        let badgeHeight = measurer.height(of: badgeFont) + u(12)
        let badgeWidth = measurer.width(of: slide.badge, font: badgeFont) + u(36)
        fixed.append(.fill(Rect(x: content.x, y: content.y, width: badgeWidth, height: badgeHeight), theme.badgeBackground))
        fixed.append(.text(TextNode(text: slide.badge, font: badgeFont, color: theme.badgeText, x: content.x + u(18), y: content.y + u(6))))

        if slide.blocks.isEmpty, slide.link == nil {
            // A title alone (本日は休館日です) is the whole message: large, in the middle.
            return titleAlone(slide, badge: fixed, in: content, below: content.y + badgeHeight + u(20))
        }
        let titleTop = content.y + badgeHeight + u(20)
        let ruleY = titleTop + title.height + u(6)
        let bodyTop = ruleY + u(4) + scale.body * 3 / 5

        // The QR code: a column beside the body on a landscape screen; under the text, with
        // its caption and the address in words, on a portrait one.
        var bodyWidth = content.width
        var bottom = content.y + content.height
        if let link = slide.link, let code = QRCode(link) {
            let caption = FontSpec(role: .body, bold: true, size: scale.label)
            let address = FontSpec(role: .body, size: scale.label)
            let urlLayout = ParagraphLayout(measurer: measurer, locale: "en", keep: keep)
            if metrics.isPortrait {
                let side = u(280)
                let top = bottom - side
                fixed += qrNodes(code, frame: Rect(x: content.x, y: top, width: side, height: side))
                let textX = content.x + side + u(28), textWidth = content.width - side - u(28)
                var y = top + u(8)
                // Each caption wraps in the room beside the code rather than running past it
                // (a narrow slide beside a panel cut "More info on your p…").
                for (text, locale) in [("くわしくはスマホで", LineBreaker.japanese), ("More info on your phone", "en")] {
                    for line in ParagraphLayout(measurer: measurer, locale: locale, keep: keep).lines(of: [Span(text)], font: caption, width: max(1, textWidth)).prefix(2) {
                        fixed.append(.text(TextNode(text: line.text, font: caption, color: theme.text, x: textX, y: y)))
                        y += measurer.height(of: caption)
                    }
                }
                y += u(10)
                for line in urlLayout.lines(of: [Span(link)], font: address, width: textWidth).prefix(3) {
                    fixed.append(.text(TextNode(text: line.text, font: address, color: theme.text, x: textX, y: y)))
                    y += measurer.height(of: address)
                }
                bottom = top - u(28)
            } else {
                // Above the page number's line, always kept free.
                let columnBottom = bottom - scale.label - u(16)
                let column = max(u(230), measurer.width(of: "くわしくはスマホで", font: caption))
                let captions = 2 * measurer.height(of: caption) + u(10)
                let side = max(u(120), min(u(230), columnBottom - bodyTop - captions))
                bodyWidth = content.width - column - u(48)
                let x = content.x + content.width - column
                fixed += qrNodes(code, frame: Rect(x: x, y: bodyTop, width: side, height: side))
                var y = bodyTop + side + u(10)
                for text in ["くわしくはスマホで", "More info"] where y + measurer.height(of: caption) <= columnBottom {
                    fixed.append(.text(TextNode(text: text, font: caption, color: theme.text, x: x, y: y)))
                    y += measurer.height(of: caption)
                }
            }
        }
        // A page's body: under the title, above the page number's line.
        var body = setBody(slide.blocks, lang: slide.lang, width: bodyWidth, pageHeight: bottom - bodyTop - scale.label - u(16))

        let titleCharacters = title.lines.reduce(0) { $0 + $1.characters }
        var pageCharacters: [Int] = []
        // Every line of the body in order, and where each block's first line is in that order.
        var flat: [(block: Int, line: Int)] = []
        var starts: [Int] = []
        func index() {
            flat = body.indices.flatMap { block in body[block].lines.indices.map { (block: block, line: $0) } }
            starts = []
            var count = 0
            for block in body {
                starts.append(count)
                count += block.lines.count
            }
        }
        index()
        /// Sets the lines onto pages, a new page at each of `breaks` and wherever a line would
        /// cross `bottom`; stops at the first such line, returned with where its page began.
        func place(bottom: Int, breaks: Set<Int>) -> (pages: [[SceneNode]], overflow: (index: Int, pageStart: Int)?) {
            var pages: [[SceneNode]] = []
            var page: [SceneNode] = []
            // The title is read once, on the first page.
            pageCharacters = [titleCharacters]
            func startPage() -> Int {
                for line in title.lines {
                    page += line.nodes.map { $0.moved(dx: content.x, dy: titleTop) }
                }
                if !title.lines.isEmpty {
                    page.append(.fill(Rect(x: content.x, y: ruleY, width: content.width, height: u(4)), theme.accent))
                }
                return bodyTop
            }
            var y = startPage()
            var pageHasBody = false
            var pageStart = 0
            for (index, block) in body.enumerated() {
                // A block's gap is left out at the top of a page.
                y += pageHasBody ? block.gapAbove : 0
                var blockTop = y
                for (number, line) in block.lines.enumerated() {
                    let flatIndex = starts[index] + number
                    // A line (a table row, a block of two columns, whole) that would cross the
                    // bottom starts a new page, unless it is the first on its page.
                    let crosses = blockTop + line.bottom > bottom
                    if crosses, pageHasBody, !breaks.contains(flatIndex) { return (pages, (flatIndex, pageStart)) }
                    if breaks.contains(flatIndex), pageHasBody {
                        pages.append(page)
                        page = []
                        pageCharacters.append(0)
                        pageStart = flatIndex
                        blockTop = startPage() - line.top
                        // (Not when it would push a row taller than the rest of the page onto
                        // the page number.)
                        if let header = block.header, blockTop + header.height + line.bottom <= bottom {
                            page += header.nodes.map { $0.moved(dx: content.x, dy: blockTop + line.top) }
                            pageCharacters[pageCharacters.count - 1] += header.characters
                            blockTop += header.height
                        }
                    }
                    page += line.nodes.map { $0.moved(dx: content.x, dy: blockTop) }
                    pageCharacters[pageCharacters.count - 1] += line.characters
                    pageHasBody = true
                }
                y = blockTop + block.height
            }
            pages.append(page)
            return (pages, nil)
        }
        /// Where a page should end instead of before line `index`: never leaving a paragraph's
        /// first line alone at a page's foot or its last alone at the next page's top, and
        /// never a heading without what follows it — unless that would empty the page.
        func pageBreak(before index: Int, pageStart: Int, bottom: Int) -> Int {
            var result = index
            // Nor a table's last row alone under its header on the page the table ends on (the
            // review's 720p fees: 3 rows, then 駐車場の利用 by itself) when the page before has
            // three of its rows or more: it takes one with it — unless what follows the table
            // would share that page with the last row, as then the row is not alone and taking
            // one would cost a page. (What follows shares it with the whole of a block of up to
            // three lines, else two lines: the rules below leave no line alone.)
            if flat[result].line == 0, case let row = flat[result].block, body[row].lastRow, let header = body[row].header {
                var rowsOnPage = 0
                while row - rowsOnPage - 1 >= 0, body[row - rowsOnPage - 1].header != nil, starts[row - rowsOnPage - 1] >= pageStart { rowsOnPage += 1 }
                var alone = true
                if row + 1 < body.count {
                    let next = body[row + 1]
                    let shared = next.lines.count >= 4 && !next.whole ? next.lines[1].bottom : next.height
                    alone = bodyTop + header.height + body[row].height + next.gapAbove + shared > bottom
                    // Where the row before fits there too, it goes with them all the same: a
                    // note on the table (土曜日の窓口は第2・第4土曜日のみ) is then read under
                    // two of its rows, not one (the stress feed's 720p and 4K pages: 3, then 1).
                    if !alone, bodyTop + header.height + body[row - 1].height + body[row].gapAbove + body[row].height + next.gapAbove + shared <= bottom {
                        alone = true
                    }
                }
                if rowsOnPage >= 3, alone { result = starts[row - 1] }
            }
            // Nor a last page of a single line: a paragraph's last line is the widow below; a
            // paragraph of one line takes two lines of the paragraph before with it, or all of
            // it when it is short — never leaving the page empty or splitting a table row.
            if flat.count - result == 1, flat[result].line == 0, result - 1 > pageStart {
                let before = flat[result - 1].block
                let onPage = result - max(starts[before], pageStart)
                if !body[before].whole, !body[before].heading {
                    if onPage >= 4 {
                        result -= 2
                    } else if starts[before] > pageStart {
                        result = starts[before]
                    }
                }
            }
            let (block, line) = flat[result]
            let first = starts[block]
            if line > 0, !body[block].whole {
                let onPage = result - max(first, pageStart)
                let remaining = body[block].lines.count - line
                if onPage == 1, first > pageStart {
                    result = first
                } else if remaining == 1, onPage >= 3 {
                    result -= 1
                } else if remaining == 1, first > pageStart {
                    result = first
                }
            }
            let starting = flat[result].block
            if flat[result].line == 0, starting > 0, body[starting - 1].heading, starts[starting - 1] > pageStart {
                result = starts[starting - 1]
            }
            return result > pageStart ? result : index
        }
        /// A page that would end inside running text ends instead after the last sentence in its
        /// last line or the one before (the page keeping two lines of it), else after a clause
        /// in its last line: the text is set again as two blocks, the first ending there. Nil
        /// when neither ends there.
        func endAtSentence(before index: Int, pageStart: Int) -> (block: Int, head: SetBlock, tail: SetBlock)? {
            let (block, line) = flat[index]
            guard line > 0, let flow = body[block].flow, !Self.endsSentence(flow.texts[line - 1], before: flow.texts[line]) else { return nil }
            let cuts = stride(from: line - 1, through: max(1, line - 2), by: -1).filter { starts[block] + $0 + 1 - max(starts[block], pageStart) >= 2 }
            // The last sentence that ends in the line (not only its first characters); where
            // none does, the last clause in the page's last line, past its middle (a page ended
            // "…Vietnamese, Tagalog and", the next began "Spanish.").
            var candidates = cuts.compactMap { cut in Self.sentenceEnds(in: flow.texts[cut], before: flow.texts[cut + 1]).last(where: { $0 >= 2 }).map { (cut, $0) } }
            if let last = cuts.first, last == line - 1, case let text = flow.texts[last],
                let end = Self.clauseEnds(in: text).last(where: { $0 * 2 >= text.count && $0 < text.count })
            {
                candidates.append((last, end))
            }
            for (cut, end) in candidates {
                let text = flow.texts[cut]
                let earlier = flow.texts[..<cut].reduce(0) { $0 + ReadingPace.characters(in: $1) }
                let visible = earlier + ReadingPace.characters(in: text.prefix(end))
                guard let (headSpans, tailSpans) = Self.split(flow.spans, afterVisible: visible) else { return nil }
                // The rest is set again: bounded, so a hostile paragraph of thousands of
                // characters is not set again at every page (it ends its pages between lines).
                guard tailSpans.reduce(0, { $0 + $1.text.count }) <= Self.sentenceTail else { return nil }
                var tail = setFlow(tailSpans, font: flow.font, width: flow.width, indent: flow.indent, leading: flow.leading, lang: flow.lang)
                // The lines before the cut stay as they were; only the cut line is set again, up
                // to its sentence's end (furigana change a block's leading: then all of it).
                var head = body[block]
                let original = head.lines
                if !flow.spans.contains(where: { $0.ruby != nil }), let (_, fromCut) = Self.split(flow.spans, afterVisible: earlier),
                    let (prefix, _) = Self.split(fromCut, afterVisible: visible - earlier),
                    case let line = setSpans(prefix, font: flow.font, width: flow.width, indent: flow.indent, leading: flow.leading, lang: flow.lang),
                    line.lines.count == 1
                {
                    head.lines = Array(original[..<cut])
                        + [(line.lines[0].nodes.map { $0.moved(dx: 0, dy: original[cut].top) }, original[cut].top, original[cut].bottom, line.lines[0].characters)]
                    head.height = original[cut].bottom
                    head.texts = Array(flow.texts[..<cut]) + line.texts
                    head.forced = head.forced.filter { head.texts.contains($0) } + line.forced
                } else {
                    head = setSpans(headSpans, font: flow.font, width: flow.width, indent: flow.indent, leading: flow.leading, marker: flow.marker, lang: flow.lang)
                    // Only when the lines before the cut come out as they were.
                    guard head.lines.count == cut + 1, Array(head.texts[..<cut]) == Array(flow.texts[..<cut]) else { return nil }
                }
                head.flow = Flow(spans: headSpans, font: flow.font, width: flow.width, indent: flow.indent, leading: flow.leading, marker: flow.marker,
                                 lang: flow.lang, texts: head.texts)
                head.gapAbove = body[block].gapAbove
                tail.gapAbove = 0
                return (block, head, tail)
            }
            return nil
        }
        func paginate(bottom: Int, sentences: Bool) -> [[SceneNode]] {
            var breaks = Set<Int>()
            while true {
                let placed = place(bottom: bottom, breaks: breaks)
                guard let overflow = placed.overflow else { return placed.pages }
                let at = pageBreak(before: overflow.index, pageStart: overflow.pageStart, bottom: bottom)
                if sentences, let cut = endAtSentence(before: at, pageStart: overflow.pageStart) {
                    // Every break so far is before this one, so none moves.
                    body.replaceSubrange(cut.block...cut.block, with: [cut.head, cut.tail])
                    index()
                    breaks.insert(starts[cut.block + 1])
                } else {
                    breaks.insert(at)
                }
            }
        }
        // First only whether it needs more than a page (a page that fits ends nowhere).
        var pages = paginate(bottom: bottom, sentences: false)
        if pages.count > 1 {
            // Room for the page number under the body.
            pages = paginate(bottom: bottom - scale.label - u(16), sentences: true)
        }
        return TextPages(badge: fixed, pages: pages, forcedBreaks: title.forced + body.flatMap(\.forced),
                         pageTimes: pageCharacters.map(ReadingPace.page(characters:)), leftOut: body.flatMap(\.notes))
    }

    /// Below the header and above the ticker (when there is one): where a slide and the
    /// screen's panel go.
    private func bodyArea(withTicker: Bool) -> Rect {
        let top = headerHeight + u(8)
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
        textArea(withTicker: withTicker)
    }

    /// The area every text slide and board gets on this screen.
    public func textArea(withTicker: Bool) -> Rect {
        contentArea(withTicker: withTicker)
    }

    /// When each page of a slot ends: the slot's time shared in proportion to `times`, what
    /// each page needs to be read (the rotation gives a slide at least their sum). A slot cut
    /// shorter (an item's window or a daypart ending, midnight) squeezes no page below
    /// `ReadingPace.minimumPage`: it shows the first pages that fit at that, and not the rest
    /// (their turns are the slot's end); every showing starts at the first page.
    static func pageTurns(_ times: [TimeInterval], slot: Slot) -> [Date] {
        let duration = slot.end.timeIntervalSince(slot.start)
        let total = times.reduce(0, +)
        guard total > 0 else { return times.map { _ in slot.end } }
        if duration >= total {
            var elapsed = 0.0
            return times.map { time in
                elapsed += time
                return slot.start.addingTimeInterval(duration * elapsed / total)
            }
        }
        let least = ReadingPace.minimumPage
        let shown = max(1, min(times.count, Int((duration + 0.001) / least)))
        // Each shown page gets the least a page stays, and what is left is shared by what each
        // needs beyond that.
        let extra = times.prefix(shown).reduce(0) { $0 + max(0, $1 - least) }
        let left = max(0, duration - least * Double(shown))
        var elapsed = 0.0
        return times.enumerated().map { index, time in
            guard index < shown else { return slot.end }
            elapsed += index == shown - 1 ? duration - elapsed : min(time, least) + (extra > 0 ? max(0, time - least) * left / extra : left / Double(shown))
            return slot.start.addingTimeInterval(min(duration, elapsed))
        }
    }

    /// Which page shows at `instant`, the pages needing `times`.
    static func pageIndex(_ times: [TimeInterval], slot: Slot, at instant: Date) -> Int {
        guard times.count > 1, slot.end > slot.start else { return 0 }
        let turns = pageTurns(times, slot: slot)
        return min(times.count - 1, turns.firstIndex { instant < $0 } ?? times.count - 1)
    }

    // MARK: - QR code

    /// A QR code with its quiet zone at the top left of `frame`; dark modules merged into runs
    /// per row.
    private func qrNodes(_ code: QRCode, frame: Rect) -> [SceneNode] {
        let quiet = 4
        let module = max(1, frame.width / (code.size + 2 * quiet))
        let side = module * (code.size + 2 * quiet)
        let origin = (x: frame.x, y: frame.y)
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
        return nodes
    }

    // MARK: - Fallback

    private func composeFallback(in content: Rect, into nodes: inout [SceneNode]) {
        let nameFont = FontSpec(role: .heading, bold: true, size: max(u(88), scale.title))
        let noteFont = FontSpec(role: .body, size: scale.body)
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
