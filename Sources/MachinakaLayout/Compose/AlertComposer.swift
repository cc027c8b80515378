import Foundation
import MachinakaCore

/// The alert frame: one stable layout that anyone in the hall can read.
///
/// From the top: a band saying what this is (緊急情報, and the 警戒レベル in its colour when the
/// alert carries one); the leading alert in Japanese, always, and large; the same alert in the
/// screen's other languages in a region of its own that rotates every eight seconds; the other
/// alerts in force, each with its headline and area (taking turns when more are in force than
/// fit); and who issued it, and when. The regions are fixed for a frame size and a set of
/// alerts: nothing moves when the language changes. Text is fitted by size and wrapped, and
/// when it cannot fit even at the smallest size it is shown in pages in turn — never cut.
public struct AlertComposer {
    public let screen: ScreenConfig
    /// Lines of the last frame composed that had to break inside a unit kept whole (a warning's
    /// name too long for its line): `check` reports them. One composer composes one frame at a
    /// time (the loop, or `check`).
    private let forced = ForcedLines()
    /// Texts paged in this composition (`LaidOutPages`), on a screen in turns: the only
    /// composition that pages a text twice.
    private let laidOut: LaidOutPages?
    public var forcedBreaks: [String] { forced.lines }
    public let width: Int
    public let height: Int
    public let measurer: TextMeasuring
    /// What a line must not break inside: place names, numbers with their units.
    public var keep = KeepTogether.standard
    /// Where the rows of the list of other alerts are kept once laid out (the player's, shared
    /// by its composers; none in `check` and `render`).
    var cache: LayoutCache?
    /// How long each language stays in the rotating region before the next.
    public static let languageInterval: TimeInterval = 8
    /// How long a page (of a long text, or of the list of other alerts) stays.
    public static let pageInterval: TimeInterval = 8

    /// Colours: an alert without a level is white on the neutral ground under a black band in
    /// yellow; a levelled one is framed and banded in its level's colour.
    static let allClearBackground = RGBA(0x0B, 0x5D, 0x1E)
    /// The ground of a levelled alert: the level's colour frames it and fills the band.
    public static let levelGround = RGBA(0x24, 0x24, 0x2C)
    static let band = RGBA(0, 0, 0)
    static let bandText = RGBA(0xFF, 0xD4, 0x00)
    static let exerciseBand = RGBA(0xFF, 0xD4, 0x00)
    static let exerciseText = RGBA(0, 0, 0)
    static let text = RGBA(0xFF, 0xFF, 0xFF)
    /// The other-language region sits on a darker shade of the ground (every colour opaque:
    /// what is drawn is what the contrast test measures).
    static func shade(of ground: RGBA) -> RGBA {
        RGBA(UInt8(Double(ground.r) * 0.45), UInt8(Double(ground.g) * 0.45), UInt8(Double(ground.b) * 0.45))
    }

    /// JMA's tsunami warning, as its name, when the alert is one: 大津波警報 before 津波警報.
    public static func tsunamiName(_ alert: ActiveAlert) -> String? {
        guard alert.isFromJMA else { return nil }
        let event = alert.infos.first { $0.language.lowercased().hasPrefix("ja") }?.event ?? alert.infos.first?.event ?? ""
        return ["大津波警報", "津波警報", "津波注意報"].first { event.contains($0) }
    }

    /// JMA's colours for tsunami warnings (大津波警報 purple, 津波警報 red, 津波注意報 yellow),
    /// which carry no 警戒レベル: the same fills and text colours as levels 4, 3 and 2.
    static func tsunamiScheme(_ alert: ActiveAlert) -> (fill: RGBA, text: RGBA)? {
        guard !alert.isAllClear, alert.level == nil, let name = tsunamiName(alert) else { return nil }
        return levelColours[name == "大津波警報" ? 4 : name == "津波警報" ? 3 : 2]
    }

    /// The Cabinet Office's colours for 警戒レベル 1–5 (also JMA's), and the text colour that
    /// reads on each (checked against WCAG by a test).
    public static let levelColours: [Int: (fill: RGBA, text: RGBA)] = [
        5: (RGBA(12, 0, 12), RGBA(0xFF, 0xFF, 0xFF)),
        4: (RGBA(170, 0, 170), RGBA(0xFF, 0xFF, 0xFF)),
        3: (RGBA(255, 40, 0), RGBA(0, 0, 0)),
        2: (RGBA(242, 231, 0), RGBA(0, 0, 0)),
        1: (RGBA(0xFF, 0xFF, 0xFF), RGBA(0, 0, 0)),
    ]

    /// Creates a composer for `screen` at `size` (the screen's own size unless given).
    public init(screen: ScreenConfig, size: PixelSize? = nil, measurer: TextMeasuring) {
        self.screen = screen
        let size = size ?? screen.size
        width = size.width
        height = size.height
        self.measurer = measurer
        laidOut = screen.alertLanguages == "rotate" ? LaidOutPages() : nil
    }

    private var metrics: ScreenMetrics { ScreenMetrics(width: width, height: height) }
    private func u(_ value: Double) -> Int { metrics.u(value) }

    // MARK: - Languages and pages

    /// Which of the alert's other languages the rotating region shows at `instant` (index into
    /// `alert.infos`), or nil when there is no other language.
    public static func otherIndex(_ alert: ActiveAlert, at instant: Date) -> Int? {
        guard alert.infos.count > 1 else { return nil }
        let step = Int(max(0, instant.timeIntervalSince(alert.start)) / languageInterval)
        return 1 + step % (alert.infos.count - 1)
    }

    /// Which of the lead's languages is up at `instant` on a screen that turns whole frames by
    /// language (`alert_languages: rotate`), and when its turn began and ends: each language
    /// stays as long as its pages in `box` take to read, at least `languageInterval`. (A turn
    /// of a fixed 8 s cut a long message's pages short, and with two languages and two pages
    /// the Japanese came round on its first page only.) A language is timed when its turn
    /// first comes (its pages are laid out then to be shown, and kept for the composition),
    /// so no frame lays out more than the language it shows: not the alert's first, nor one
    /// of a hostile file with every language at its limit.
    func languageTurn(_ lead: ActiveAlert, in box: Rect, at instant: Date) -> (index: Int, start: Date, end: Date) {
        func turn(_ info: CAPInfo) -> TimeInterval {
            func layOut() -> TimeInterval {
                let note = PageNote()
                _ = alertText(info, large: true, in: box, since: lead.start, at: lead.start, paging: note)
                return max(Self.languageInterval, note.times.reduce(0, +))
            }
            guard let cache else { return layOut() }
            let key = LayoutCache.AlertTurnKey(info: info, box: box, frame: PixelSize(width: width, height: height), readingMinimum: readingMinimum, words: keep)
            return cache.alertTurn(for: key, make: layOut)
        }
        // The first round, a language at a time, up to the one at `instant`.
        var start = lead.start
        var turns: [TimeInterval] = []
        for (index, info) in lead.infos.enumerated() {
            turns.append(turn(info))
            let end = start.addingTimeInterval(turns[index])
            if instant < end { return (index, start, end) }
            start = end
        }
        // Later rounds: every turn is known.
        let round = Self.pacedPage(turns, since: lead.start, at: instant)
        return (round.page, round.turnsAt.addingTimeInterval(-turns[round.page]), round.turnsAt)
    }

    /// The instants from `instant` on at which each of the lead's languages is on screen:
    /// `instant` and each turn after it — on a screen that turns whole frames by language,
    /// the turns of their reading times (the one under way at `instant` first); in the region
    /// layout, every `languageInterval`. Where `check` looks at each language for lines that
    /// had to break inside a unit, from when a message comes in (a warning that joins the list
    /// under a lead of an hour is looked at then, not at the lead's start).
    public func languageTurnStarts(_ alerts: [ActiveAlert], from instant: Date) -> [Date] {
        guard let lead = alerts.first else { return [] }
        guard screen.alertLanguages == "rotate", lead.infos.count > 1 else {
            return (0..<max(1, lead.infos.count)).map { instant.addingTimeInterval(Double($0) * Self.languageInterval) }
        }
        let box = mainBox(in: regions(for: alerts))
        var starts: [Date] = []
        var at = instant
        for _ in lead.infos {
            let turn = languageTurn(lead, in: box, at: at)
            starts.append(max(turn.start, instant))
            at = turn.end
        }
        return starts
    }

    /// Where the leading alert's text stands in `regions`: what a language's turn is timed in
    /// and what the frame shows it in.
    private func mainBox(in regions: Regions) -> Rect { inset(regions.main, by: u(56)) }

    /// When the frame changes next by itself in the region layout (the other region's
    /// language, a page): every `languageInterval`. A screen that turns whole frames by
    /// language is told its turns and pages by the composition (`Composition.nextChange`).
    public static func nextLanguageChange(_ alert: ActiveAlert, after instant: Date) -> Date {
        // The other language's pages within a turn are told by the composition itself
        // (`compose(_:at:shelters:next:)`), so the loop wakes only when something changes.
        let interval = min(languageInterval, pageInterval)
        let steps = (max(0, instant.timeIntervalSince(alert.start)) / interval).rounded(.down) + 1
        return alert.start.addingTimeInterval(steps * interval)
    }

    /// The page shown at `instant` of pages that stay `times` each, in a cycle from `start`,
    /// and when it turns.
    static func pacedPage(_ times: [TimeInterval], since start: Date, at instant: Date) -> (page: Int, turnsAt: Date) {
        let cycle = times.reduce(0, +)
        let elapsed = max(0, instant.timeIntervalSince(start))
        let cycleStart = (elapsed / cycle).rounded(.down) * cycle
        var end = cycleStart
        for (page, time) in times.enumerated() {
            end += time
            // Compared as instants, not as seconds since `start`: at a turn, the seconds could
            // read a hair short of it, keep the page and name the turn as the instant itself
            // (the frame's next change then never moved past it).
            let turn = start.addingTimeInterval(end)
            if instant < turn { return (page, turn) }
        }
        return (0, start.addingTimeInterval(end + times[0]))
    }

    /// The page of `count` shown at `instant`, turning every `pageInterval` from `start`; or,
    /// within a `turn` that began at `start`, each page an equal share of it.
    static func page(of count: Int, since start: Date, at instant: Date, turn: TimeInterval? = nil) -> Int {
        guard count > 1 else { return 0 }
        let elapsed = max(0, instant.timeIntervalSince(start))
        if let turn { return min(count - 1, Int(elapsed / (turn / Double(count)))) }
        return Int(elapsed / pageInterval) % count
    }

    // MARK: - Regions

    /// Where each part of the frame goes. The same for a frame size and a set of alerts,
    /// whatever the language or page on screen.
    public struct Regions: Equatable, Sendable {
        public var band: Rect
        public var exercise: Rect?
        /// The leading alert in Japanese (or its first language).
        public var main: Rect
        /// The leading alert in the other languages, one at a time.
        public var other: Rect?
        /// The other alerts in force.
        public var list: Rect?
        /// The open shelters, during an evacuation order.
        public var shelters: Rect?
        /// Issued by, and when.
        public var footer: Rect
    }

    /// Whether the rotating region is used: the screen rotates languages in a region (the
    /// default) and the leading alert has more than one language.
    private func usesOtherRegion(_ lead: ActiveAlert) -> Bool {
        screen.alertLanguages != "rotate" && lead.infos.count > 1
    }

    /// Rows of other alerts a page of the list holds.
    private var listRows: Int { metrics.isPortrait ? 4 : 2 }

    /// Rows of shelters the shelters region holds.
    private var shelterRows: Int { metrics.isPortrait ? 4 : 3 }

    public func regions(for alerts: [ActiveAlert], shelters: Int = 0) -> Regions {
        let lead = alerts.first
        let band = Rect(x: 0, y: 0, width: width, height: u(132))
        var top = band.height
        var exercise: Rect? = nil
        if lead?.isExercise == true {
            exercise = Rect(x: 0, y: top, width: width, height: u(84))
            top += u(84)
        }
        let footerHeight = u(metrics.isPortrait ? 170 : 118)
        let footer = Rect(x: 0, y: height - footerHeight, width: width, height: footerHeight)
        var bottom = footer.y
        var list: Rect? = nil
        if alerts.count > 1 {
            let rows = min(alerts.count - 1, listRows)
            let listHeight = u(56) + rows * u(metrics.isPortrait ? 112 : 76)
            list = Rect(x: 0, y: bottom - listHeight, width: width, height: listHeight)
            bottom -= listHeight
        }
        var shelterRect: Rect? = nil
        if shelters > 0 {
            let rows = min(shelters, shelterRows)
            let shelterHeight = u(60) + rows * u(metrics.isPortrait ? 84 : 54)
            shelterRect = Rect(x: 0, y: bottom - shelterHeight, width: width, height: shelterHeight)
            bottom -= shelterHeight
        }
        let available = bottom - top
        var other: Rect? = nil
        var mainHeight = available
        if let lead, usesOtherRegion(lead) {
            mainHeight = Int(Double(available) * (metrics.isPortrait ? 0.56 : 0.58))
            other = Rect(x: 0, y: top + mainHeight, width: width, height: available - mainHeight)
        }
        return Regions(band: band, exercise: exercise, main: Rect(x: 0, y: top, width: width, height: mainHeight), other: other, list: list, shelters: shelterRect, footer: footer)
    }

    // MARK: - Composing

    /// The frame for the alerts in force (most urgent first) at `instant`; `shelters`, the open
    /// shelters to list when one is an evacuation order.
    public func compose(_ alerts: [ActiveAlert], at instant: Date, shelters: BoardSlide? = nil) -> Scene {
        compose(alerts, at: instant, shelters: shelters, next: nil)
    }

    /// The frame, and in `next` when it next changes by itself: the other language's page
    /// within its turn, the lead's page, the end of the lead's language's turn (a screen in
    /// turns), the list's page.
    func compose(_ alerts: [ActiveAlert], at instant: Date, shelters: BoardSlide?, next: PageNote?) -> Scene {
        forced.reset()
        laidOut?.reset()
        guard let lead = alerts.first, !lead.infos.isEmpty else {
            return Scene(width: width, height: height, background: Self.band)
        }
        let regions = self.regions(for: alerts, shelters: shelters?.rows.count ?? 0)
        let level = lead.isAllClear ? nil : lead.level
        // An alert without a level stands on the neutral ground: a red body read as level 3
        // from across the hall (issue 28).
        let ground = lead.isAllClear ? Self.allClearBackground : Self.levelGround
        var nodes: [SceneNode] = []
        let margin = u(56)

        nodes += band(lead, level: level, in: regions.band)
        if let exercise = regions.exercise {
            nodes.append(.fill(exercise, Self.exerciseBand))
            nodes += fittedLines(["訓練 EXERCISE — これは訓練です / This is a drill"], lang: "ja", size: 52, bold: true, colour: Self.exerciseText,
                                 in: inset(exercise, by: margin), since: lead.start, at: instant)
        }

        // The leading alert in Japanese (or its first language), or, when the screen rotates
        // whole frames, in each language in turn, each as long as its pages take to read.
        let mainBox = self.mainBox(in: regions)
        var mainInfo = lead.infos[0]
        var mainSince = lead.start
        var turnEnd: Date? = nil
        if screen.alertLanguages == "rotate", lead.infos.count > 1 {
            let turn = languageTurn(lead, in: mainBox, at: instant)
            mainInfo = lead.infos[turn.index]
            mainSince = turn.start
            turnEnd = turn.end
        }
        let main = PageNote()
        nodes += alertText(mainInfo, large: true, in: mainBox, since: mainSince, at: instant, paging: main)
        // The Japanese instruction's size, which the other languages keep at least 70 % of.
        let mainInstruction = mainInfo.instruction != nil && main.sizes.count > 1 ? main.sizes[1] : nil

        if let other = regions.other, let index = Self.otherIndex(lead, at: instant) {
            nodes.append(.fill(other, Self.shade(of: ground)))
            let info = lead.infos[index]
            let words = AlertWords.for(info.language)
            // The label names the language; it is never bigger than the message under it (issue 28).
            let labelFont = FontSpec(role: .alert, bold: true, lang: info.language, size: max(u(28), readingMinimum))
            let labelHeight = measurer.height(of: labelFont)
            let inner = inset(other, by: margin)
            // Which language this is, and the others to come, as dots: ● ○ ○.
            let dots = (1..<lead.infos.count).map { $0 == index ? "●" : "○" }.joined(separator: " ")
            let body = Rect(x: inner.x, y: inner.y + labelHeight + u(14), width: inner.width, height: inner.height - labelHeight - u(14))
            let paging = PageNote()
            let text = alertText(info, large: false, in: body, since: lead.start, at: instant, paging: paging,
                                 floor: mainInstruction.map { Int((Double($0) * 0.7).rounded(.up)) })
            // An all-clear says so in every language, not "EMERGENCY ALERT"; a message in pages
            // says which page is up (issue 28).
            let title = lead.isAllClear ? words.allClear : words.emergency
            let page = paging.pages > 1 ? "  \(paging.page + 1)/\(paging.pages)" : ""
            if paging.pages > 1, paging.page + 1 < paging.pages {
                // The next page of this turn: the loop wakes for it, not every second.
                let turn = (max(0, instant.timeIntervalSince(lead.start)) / Self.languageInterval).rounded(.down) * Self.languageInterval
                next?.nextChange = lead.start.addingTimeInterval(turn + Double(paging.page + 1) * Self.languageInterval / Double(paging.pages))
            }
            nodes.append(.text(TextNode(text: words.languageName + "  " + title + page, font: labelFont, color: Self.bandText, x: inner.x, y: inner.y)))
            let dotsFont = FontSpec(role: .alert, lang: "ja", size: u(30))
            nodes.append(.text(TextNode(text: dots, font: dotsFont, color: Self.text, x: inner.x + inner.width - measurer.width(of: dots, font: dotsFont), y: inner.y)))
            nodes += text
        }

        // The lead's own page turns wake the loop too, and its language's turn ending.
        for turn in [main.turnsAt, turnEnd].compactMap({ $0 }) { next?.nextChange = min(next?.nextChange ?? turn, turn) }

        if let list = regions.list {
            nodes += otherAlerts(Array(alerts.dropFirst()), in: list, at: instant, next: next)
        }
        if let rect = regions.shelters, let shelters {
            nodes += openShelters(shelters, in: rect, since: lead.start, at: instant)
        }
        nodes += footer(lead, in: regions.footer, since: lead.start, at: instant)
        // The level's colour frames the whole body, over every region, so it shows from across
        // the hall (a tsunami's by JMA's scheme).
        if let colour = level.flatMap({ Self.levelColours[$0] }) ?? Self.tsunamiScheme(lead) {
            let border = u(18)
            let body = Rect(x: 0, y: regions.band.height, width: width, height: regions.footer.y - regions.band.height)
            nodes.append(.fill(Rect(x: 0, y: body.y, width: border, height: body.height), colour.fill))
            nodes.append(.fill(Rect(x: width - border, y: body.y, width: border, height: body.height), colour.fill))
            if level == 5 {
                // Black on the dark ground needs an edge to be seen: a white line inside it.
                nodes.append(.fill(Rect(x: border, y: body.y, width: u(4), height: body.height), Self.text))
                nodes.append(.fill(Rect(x: width - border - u(4), y: body.y, width: u(4), height: body.height), Self.text))
            }
        }
        return Scene(width: width, height: height, background: ground, nodes: nodes)
    }

    private func inset(_ rect: Rect, by margin: Int, vertical: Int? = nil) -> Rect {
        let v = vertical ?? u(20)
        return Rect(x: rect.x + margin, y: rect.y + v, width: max(1, rect.width - 2 * margin), height: max(1, rect.height - 2 * v))
    }

    /// The band: what this is, in Japanese always, and the level with its action in the level's
    /// colour when the alert has one.
    private func band(_ lead: ActiveAlert, level: Int?, in rect: Rect) -> [SceneNode] {
        var nodes: [SceneNode] = []
        let fill = level.flatMap { Self.levelColours[$0] }
        let tsunami = level == nil && !lead.isAllClear ? Self.tsunamiName(lead) : nil
        nodes.append(.fill(rect, (fill ?? Self.tsunamiScheme(lead))?.fill ?? Self.band))
        if level == 5 { nodes.append(.fill(Rect(x: 0, y: rect.y + rect.height - u(6), width: width, height: u(6)), Self.text)) }
        let colour = (fill ?? Self.tsunamiScheme(lead))?.text ?? Self.bandText
        let title = lead.isAllClear ? AlertWords.for("ja").allClear : AlertWords.for("ja").emergency
        var words = [title]
        var inner = inset(rect, by: u(56), vertical: u(14))
        if let level, let fill {
            // The level as a large numeral in a box of the band's text colour: told apart by
            // its shape where colours are not (red 3 and yellow 2 are one olive to a
            // deuteranope), and never only by colour (issue 28).
            let side = rect.height - u(16)
            let box = Rect(x: rect.x + rect.width - u(56) - side, y: rect.y + u(8), width: side, height: side)
            nodes.append(.fill(box, fill.text))
            let font = FontSpec(role: .alert, bold: true, lang: "ja", size: max(1, side * 9 / 10))
            let numeral = "\(level)"
            nodes.append(.text(TextNode(text: numeral, font: font, color: fill.fill,
                                        x: box.x + (side - measurer.width(of: numeral, font: font)) / 2, y: box.y + (side - measurer.height(of: font)) / 2)))
            inner.width = max(1, box.x - u(24) - inner.x)
        }
        if let tsunami {
            // JMA's tsunami warnings in JMA's own colours, named in the band.
            words.append("気象庁　\(tsunami)")
        }
        if let level, lead.isFromJMA {
            // JMA's warning is JMA's (issue 28): 「警戒レベル4 避難指示」 over 土砂災害警戒情報
            // named the city's order, which only the city issues. The level is an equivalent.
            let event = lead.infos.first { $0.language.lowercased().hasPrefix("ja") }?.event ?? lead.infos.first?.event ?? ""
            // R06's names carry their level already (レベル４土砂災害危険警報): not said twice.
            words.append(event.contains("レベル") ? "気象庁　\(event)" : "気象庁　警戒レベル\(level)相当　\(event)")
        } else if let level {
            words.append("警戒レベル\(level)　\(AlertLevel.actions[level] ?? "")")
        } else if tsunami == nil, lead.isFromJMA {
            // A JMA warning without a level (暴風警報, 雷注意報) is still said to be JMA's.
            let event = lead.infos.first { $0.language.lowercased().hasPrefix("ja") }?.event ?? lead.infos.first?.event ?? ""
            words.append("気象庁　\(event)")
        }
        // Title and level side by side when they fit at a good size, else above one another.
        return nodes + fittedLines([words.joined(separator: "　")], lang: "ja", size: 72, bold: true, colour: colour, in: inner, since: lead.start, at: lead.start)
    }

    /// Headline, instruction (or description) and area of one language, as large as fits.
    private func alertText(_ info: CAPInfo, large: Bool, in box: Rect, since start: Date, at instant: Date, paging: PageNote? = nil,
                           floor instructionFloor: Int? = nil) -> [SceneNode] {
        let words = AlertWords.for(info.language)
        var blocks: [(spans: [Span], size: Double, bold: Bool)] = [([Span(info.headline ?? info.event, strong: true)], large ? 112 : 64, true)]
        if let instruction = info.instruction { blocks.append(([Span(instruction, strong: true)], large ? 58 : 44, true)) }
        let area = info.areas.map(\.description).joined(separator: words.areaSeparator)
        let areaIndex = area.isEmpty ? nil : blocks.count
        if !area.isEmpty { blocks.append(([Span(words.area + "  ", strong: true), Span(area)], large ? 46 : 40, false)) }
        if info.instruction == nil, let description = info.description { blocks.append(([Span(description)], large ? 46 : 40, false)) }
        if large {
            // The lead is read from across the hall: nothing in it below the screen's reading
            // size (as the other languages), so a long instruction goes over pages rather than
            // shrink in proportion to the headline — the longest alert set its instruction at
            // 14 units and its areas at 11, which nobody reads from a bench.
            let floor = max(26.0, Double(readingMinimum) / metrics.unit)
            let largest = blocks.map(\.size).max() ?? 64
            let least = blocks.map { max(min(floor, $0.size), 28 * $0.size / largest) }
            let note = paging ?? PageNote()
            // Its pages stay as long as they take to read (`ReadingPace`), as a slide's do —
            // on a screen that turns whole frames by language too, within its language's turn
            // (`languageTurn`), which `start` then begins.
            let whole = fitted(blocks, lang: info.language, colour: Self.text, in: box, since: start, at: instant, least: least, paging: note, paced: true)
            guard note.pages > 1 else { return whole }
            // In pages, the last line of the box says which page is up (「2 / 4」), so a reader
            // knows more follows and a reader arriving knows it began before.
            let font = FontSpec(role: .alert, bold: true, lang: "ja", size: u(floor))
            var text: [SceneNode] = []
            var rest = Rect(x: box.x, y: box.y, width: box.width, height: box.height - leading(of: font))
            // The headline heads every page, as a notice's title does, so whoever looks up
            // while a later page is on learns what this is; the rest pages below it (while
            // room for a few lines is left under it).
            let headFont = FontSpec(role: .alert, bold: blocks[0].bold, lang: info.language, size: u(least[0]))
            let head = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: info.language), keep: keep)
                .lines(of: blocks[0].spans, font: headFont, width: box.width)
            let headHeight = head.count * leading(of: headFont) + Int(Double(headFont.size) * 0.45)
            if blocks.count > 1, rest.height - headHeight >= 3 * leading(of: font) {
                text = place(head.map { ($0, headFont, leading(of: headFont), 0) }, colour: Self.text, x: box.x, y: box.y)
                forced.add(head.filter(\.forcedBreak).map(\.text))
                rest = Rect(x: rest.x, y: rest.y + headHeight, width: rest.width, height: rest.height - headHeight)
                text += fitted(Array(blocks.dropFirst()), lang: info.language, colour: Self.text, in: rest, since: start, at: instant,
                               least: Array(least.dropFirst()), paging: note, paced: true)
                // Each block's size as set, the headline's first (the other languages keep 70 %
                // of the instruction's).
                note.sizes = [headFont.size] + note.sizes
            } else {
                text = fitted(blocks, lang: info.language, colour: Self.text, in: rest, since: start, at: instant, least: least, paging: note, paced: true)
            }
            guard note.pages > 1 else { return text }
            let label = "\(note.page + 1) / \(note.pages)"
            return text + [.text(TextNode(text: label, font: font, color: Self.bandText, x: box.x + box.width - measurer.width(of: label, font: font),
                                          y: box.y + box.height - leading(of: font) + (leading(of: font) - measurer.height(of: font)) / 2))]
        }
        // Another language beside the Japanese (issue 28): nothing in it below the screen's
        // reading size (the slides' minimum for its distance, and never below 26 units), and
        // the area line goes before anything is paged (it names the place the Japanese above
        // names).
        // And never below 70 % of the Japanese instruction above it (issue 28).
        let floor = max(26.0, Double(max(readingMinimum, instructionFloor ?? 0)) / metrics.unit)
        let minimum = floor * 64 / 40
        let largest = blocks.map(\.size).max() ?? 64
        var least = blocks.map { minimum * $0.size / largest }
        least[0] = headlineLeast(blocks[0], lang: info.language, in: box, from: least[0], to: floor * 44 / 40)
        if let areaIndex, !fitsAtMinimum(blocks, lang: info.language, in: box, least: least) {
            blocks.remove(at: areaIndex)
            least.remove(at: areaIndex)
        }
        // Its pages share the language's turn, from the turn's start: the headline first, and
        // every page within the turn (before, turns showed whichever page the clock gave).
        let turnStart = start.addingTimeInterval((max(0, instant.timeIntervalSince(start)) / Self.languageInterval).rounded(.down) * Self.languageInterval)
        return fitted(blocks, lang: info.language, colour: Self.text, in: box, since: turnStart, at: instant, least: least, turn: Self.languageInterval, paging: paging)
    }

    /// The smallest size, in units, the headline of another language is set at: its usual
    /// least, or, where the headline would not fit the box whole at that, the largest whole
    /// size down to `floor` (the instruction's least) at which it does. So a headline is not
    /// split over pages where a smaller size keeps it whole: at 720p "…areas along the Sagami"
    /// was one page and "River" the next. One that does not fit even at `floor` is set at
    /// `floor`, in as few pages as it can.
    private func headlineLeast(_ headline: (spans: [Span], size: Double, bold: Bool), lang: String, in box: Rect, from usual: Double, to floor: Double) -> Double {
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: lang), keep: keep)
        func fits(_ units: Double) -> Bool {
            let font = FontSpec(role: .alert, bold: headline.bold, lang: lang, size: u(units))
            return layout.lines(of: headline.spans, font: font, width: box.width).count * leading(of: font) <= box.height
        }
        guard floor < usual, !fits(usual) else { return usual }
        // Whole units between them, by halves: a few layouts of a headline, not one a unit.
        var low = floor.rounded(.up), high = usual.rounded(.down)
        guard low < high, fits(low) else { return floor }
        while low < high {
            let mid = (low + high + 1) / 2
            if fits(mid.rounded(.down)) { low = mid.rounded(.down) } else { high = mid.rounded(.down) - 1 }
        }
        return low
    }

    /// The height of a line of `font`: 1.28 of its size, and never less than its line box
    /// (Noto CJK's is taller than BIZ UD Gothic's).
    private func leading(of font: FontSpec) -> Int {
        max(Int(Double(font.size) * 1.28), measurer.height(of: font))
    }

    /// The other alerts in force, one row each: headline and area in Japanese where they have it.
    /// The list's pages, and the pages of a row too long for its box, stay as long as they take
    /// to read (`ReadingPace`): a list page as long as all its rows, and at least the cycle of
    /// the pages of any row in it; `next` learns when the next of them turns.
    private func otherAlerts(_ others: [ActiveAlert], in rect: Rect, at instant: Date, next: PageNote?) -> [SceneNode] {
        var nodes: [SceneNode] = [.fill(rect, Self.band)]
        let inner = inset(rect, by: u(56), vertical: u(10))
        let labelFont = FontSpec(role: .alert, bold: true, lang: "ja", size: u(32))
        let rowTop = inner.y + measurer.height(of: labelFont) + u(8)
        let least = max(24, Double(readingMinimum) / metrics.unit)
        // A row has room for at least two lines at its least, so that a row in pages can head
        // each with its headline: where two rows a page would leave each one line (720p, a 4K
        // screen read from afar), the list shows one a page.
        let lineHeight = leading(of: FontSpec(role: .alert, bold: false, lang: "ja", size: u(least)))
        let room = inner.y + inner.height - rowTop
        let rowsShown = (1...max(1, min(others.count, listRows))).last { room / $0 >= 2 * lineHeight } ?? 1
        let rowHeight = room / rowsShown
        // Every row set (its box's width is the same wherever it stands), so each list page's
        // time is known before the page shown is chosen; the player's cache keeps the rows, so
        // a new alert joining a long list does not wait for the list to be set again.
        let rows = others.map { alert -> (box: Rect, chip: RGBA?, pages: [[FittedLine]], times: [TimeInterval]) in
            let info = alert.infos[0]
            let words = AlertWords.for(info.language)
            let headline = Span(info.headline ?? info.event, strong: true)
            var spans = [headline]
            let area = info.areas.map(\.description).joined(separator: words.areaSeparator)
            if !area.isEmpty { spans += [Span("　" + words.area + " ", strong: true), Span(area)] }
            var box = Rect(x: inner.x, y: 0, width: inner.width, height: rowHeight)
            let chip = alert.level.flatMap { Self.levelColours[$0]?.fill }
            if chip != nil {
                box.x += u(30)
                box.width -= u(30)
            }
            // Never below the reading size: a row too long for that pages within itself (the
            // longest alert a file may hold, listed under another, was set at 13 px in portrait).
            func layOut() -> ListRow {
                var pages = paginated([(spans, 38, false)], lang: info.language, in: box, minimum: least, notingForced: false).pages
                if pages.count > 1, !area.isEmpty {
                    // The headline heads each of the row's pages, the areas going on under it: a
                    // page of place names alone (「相模原市大野南地区」) did not say what was there.
                    // It ends with the row's page (（2 / 3）), so a reader knows more areas follow.
                    let font = FontSpec(role: .alert, bold: false, lang: info.language, size: u(least))
                    let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: info.language), keep: keep)
                    func head(_ page: String) -> [FittedLine] {
                        layout.lines(of: [Span(headline.text + "　（\(page)）", strong: true)], font: font, width: box.width).map { ($0, font, leading(of: font), 0) }
                    }
                    // Room kept for the widest page number the row may show.
                    let lines = head("99 / 99").count
                    let room = Rect(x: box.x, y: 0, width: box.width, height: box.height - lines * leading(of: font))
                    if room.height >= leading(of: font) {
                        let areas = paginated([([Span(words.area + " ", strong: true), Span(area)], least, false)], lang: info.language, in: room,
                                              minimum: least, notingForced: false).pages
                        let heads = areas.indices.map { head("\($0 + 1) / \(areas.count)") }
                        if heads.allSatisfy({ $0.count <= lines }) { pages = zip(heads, areas).map { $0 + $1 } }
                    }
                }
                return ListRow(pages: pages, times: Self.readingTimes(pages))
            }
            let key = LayoutCache.AlertRowKey(spans: spans, language: info.language, box: PixelSize(width: box.width, height: box.height),
                                              frame: PixelSize(width: width, height: height), minimum: least, words: keep)
            let row = cache?.alertRow(for: key, make: layOut) ?? layOut()
            forced.add(row.pages.joined().filter(\.line.forcedBreak).map(\.line.text))
            return (box, chip, row.pages, row.times)
        }
        let listPages = stride(from: 0, to: others.count, by: rowsShown).map { Array($0..<min(others.count, $0 + rowsShown)) }
        let listTimes = listPages.map { page in
            max(ReadingPace.page(characters: page.reduce(0) { total, row in total + rows[row].pages.reduce(0) { $0 + Self.characters(in: $1) } }),
                page.map { rows[$0].pages.count > 1 ? rows[$0].times.reduce(0, +) : 0 }.max() ?? 0)
        }
        let listStart = others[0].start
        let (page, listTurn) = Self.pacedPage(listTimes, since: listStart, at: instant)
        var turns: [Date] = listPages.count > 1 ? [listTurn] : []
        // In English too (issue 28): the list says what it is to everyone the screen serves.
        let more = others.count == 1 ? "1 more alert" : "\(others.count) more alerts"
        let label = "ほかに\(others.count)件の警報・避難情報  \(more)" + (listPages.count > 1 ? "（\(page + 1) / \(listPages.count)）" : "")
        nodes.append(.text(TextNode(text: label, font: labelFont, color: Self.bandText, x: inner.x, y: inner.y)))
        let pageStart = listPages.count > 1 ? listTurn.addingTimeInterval(-listTimes[page]) : listStart
        for (slot, index) in listPages[page].enumerated() {
            let row = rows[index]
            var box = row.box
            box.y = rowTop + slot * rowHeight
            if let chip = row.chip {
                // The level's colour as a chip at the start of the row.
                let rect = Rect(x: inner.x, y: box.y + u(6), width: u(14), height: box.height - u(12))
                nodes.append(.fill(rect, chip))
                if others[index].level == 5 || others[index].level == 1 { nodes.append(.fill(Rect(x: rect.x, y: rect.y, width: u(3), height: rect.height), Self.text)) }
            }
            var shown = 0
            if row.pages.count > 1 {
                let paced = Self.pacedPage(row.times, since: pageStart, at: instant)
                shown = paced.page
                turns.append(paced.turnsAt)
            }
            nodes += place(row.pages[shown], colour: Self.text, x: box.x, y: box.y)
        }
        if let first = turns.min() { next?.nextChange = min(next?.nextChange ?? first, first) }
        return nodes
    }

    /// The open shelters, the screen's area first, one line each: name, area, status and
    /// places, taking turns when more are open than fit.
    private func openShelters(_ board: BoardSlide, in rect: Rect, since start: Date, at instant: Date) -> [SceneNode] {
        var nodes: [SceneNode] = [.fill(rect, Self.band)]
        let inner = inset(rect, by: u(56), vertical: u(10))
        let labelFont = FontSpec(role: .alert, bold: true, lang: "ja", size: u(32))
        let pages = stride(from: 0, to: board.rows.count, by: shelterRows).map { Array(board.rows[$0..<min(board.rows.count, $0 + shelterRows)]) }
        let page = Self.page(of: pages.count, since: start, at: instant)
        // The label says what the table is; whether some rows stopped updating is said in the
        // rows themselves (issue 28: five facts in one run-on line were clipped in portrait).
        let label = "開設中の避難所  Open shelters" + (pages.count > 1 ? "（\(page + 1) / \(pages.count)）" : "")
            + (board.rows.contains(where: \.nearby) ? "　▶ この地区  In this area" : "")
        nodes += fitted([([Span(label, strong: true)], 32, true)], lang: "ja", colour: Self.bandText,
                        in: Rect(x: inner.x, y: inner.y, width: inner.width, height: measurer.height(of: labelFont)), since: start, at: instant, minimum: 22)
        let rowTop = inner.y + measurer.height(of: labelFont) + u(8)
        // A compact table: the shelter, its status, its places — each in its column, one size
        // for the page, never below the reading size. The status and places columns take the
        // width their words need (the Japanese alone when both languages do not fit); the name
        // the rest, cut with "…" only if it must be — but never below two fifths of the row (or
        // its whole, if less): a stale row's long note left a portrait screen's names "…"
        // alone, and where to go matters more than how old the word about it is (the longer
        // of the status and the places is cut instead, its first words kept).
        let rows = pages[page]
        let rowHeight = max(1, (inner.y + inner.height - rowTop) / shelterRows)
        let gap = u(24)
        func text(_ cell: BoardSlide.Cell, full: Bool) -> String {
            switch cell {
            case .text(let text, let secondary, _): return full ? secondary.map { "\(text)（\($0)）" } ?? text : text
            case .figure(let text, let caption, _, _): return full ? "\(caption) \(text)" : text
            case .bar(_, let label, _): return label
            }
        }
        var size = min(u(36), Int(Double(rowHeight) / 1.3))
        let floor = min(size, readingMinimum)
        var layout: (cells: [[String]], widths: [Int]) = ([], [])
        while true {
            let font = FontSpec(role: .alert, bold: false, lang: "ja", size: size)
            func widest(_ column: Int, full: Bool) -> Int {
                rows.map { row in row.cells.count > column ? measurer.width(of: text(row.cells[column], full: full), font: font) : 0 }.max() ?? 0
            }
            let places = widest(2, full: true)
            let fullStatus = widest(1, full: true)
            let full = fullStatus + places + 2 * gap <= inner.width / 2
            var status = full ? fullStatus : widest(1, full: false)
            layout.cells = rows.map { row in
                row.cells.prefix(3).enumerated().map { index, cell in (index == 0 && row.nearby ? "▶ " : "") + text(cell, full: index == 0 || full || index == 2) }
            }
            let names = layout.cells.map { measurer.width(of: $0.first ?? "", font: FontSpec(role: .alert, bold: true, lang: "ja", size: size)) }.max() ?? 0
            var name = inner.width - status - places - 2 * gap
            var placesWidth = places
            if case let least = min(names, inner.width * 2 / 5), name < least {
                // What is left is shared: each of the status and the places keeps its words
                // where the other's are longer (情報を確認中 whole beside a stale row's note).
                name = least
                let rest = max(0, inner.width - name - 2 * gap)
                status = min(status, max(rest - places, rest / 2))
                placesWidth = rest - status
            }
            layout.widths = [name, status, placesWidth]
            if names <= name || size <= floor { break }
            size -= 1
        }
        for (rowIndex, row) in layout.cells.enumerated() {
            let y = rowTop + rowIndex * rowHeight
            var x = inner.x
            for (index, cell) in row.enumerated() where index < layout.widths.count {
                let font = FontSpec(role: .alert, bold: index == 0, lang: "ja", size: size)
                let width = max(1, layout.widths[index])
                let shown = measurer.width(of: cell, font: font) > width ? measurer.fitted(cell, font: font, width: width) : cell
                nodes.append(.text(TextNode(text: shown, font: font, color: Self.text, x: x, y: y)))
                x += width + gap
            }
        }
        return nodes
    }

    /// Who issued the leading alert and when, in Japanese.
    private func footer(_ lead: ActiveAlert, in rect: Rect, since start: Date, at instant: Date) -> [SceneNode] {
        let words = AlertWords.for("ja")
        let info = lead.infos.first { $0.language.lowercased().hasPrefix("ja") } ?? lead.infos[0]
        let lines = ["\(words.issuedBy)  \(info.senderName ?? lead.message.sender)", "\(words.issuedAt)  \(words.time(lead.message.sent, screen.zone))"]
        // Last and small (issue 28): never bigger than the other languages' instructions.
        return [.fill(rect, Self.band)] + fittedLines(lines, lang: "ja", size: 30, bold: false, colour: Self.text, in: inset(rect, by: u(56), vertical: u(12)), since: start, at: instant)
    }

    // MARK: - Fitting

    /// Lines of plain text, each its own paragraph.
    private func fittedLines(_ lines: [String], lang: String, size: Double, bold: Bool, colour: RGBA, in box: Rect, since start: Date, at instant: Date) -> [SceneNode] {
        fitted(lines.map { ([Span($0, strong: bold)], size, bold) }, lang: lang, colour: colour, in: box, since: start, at: instant, gap: 0.15)
    }

    /// The smallest text a reader of this screen can read, in pixels: the slides' minimum for
    /// the screen's size and viewing distance.
    public var readingMinimum: Int {
        TypeScale(width: width, height: height, diagonal: screen.diagonal, distance: screen.viewingDistance, designBody: u(40)).minimum
    }

    /// Whether `blocks` fit `box` whole at their smallest (`least`, in units, for each).
    private func fitsAtMinimum(_ blocks: [(spans: [Span], size: Double, bold: Bool)], lang: String, in box: Rect, least: [Double], gap: Double = 0.45) -> Bool {
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: lang), keep: keep)
        var height = 0
        for (index, block) in blocks.enumerated() {
            let size = u(least[index])
            let font = FontSpec(role: .alert, bold: block.bold, lang: lang, size: size)
            let lines = layout.lines(of: block.spans, font: font, width: box.width).count
            height += lines * leading(of: font) + (index < blocks.count - 1 ? Int(Double(size) * gap) : 0)
            if height > box.height { return false }
        }
        return true
    }

    /// Blocks set at the largest scale (of their sizes in units) at which all fit in `box`,
    /// down to `minimum` units for the largest (the others in proportion), or to each block's
    /// `least` where given; below that, the lines are shown in pages in turn.
    private func fitted(_ blocks: [(spans: [Span], size: Double, bold: Bool)], lang: String, colour: RGBA, in box: Rect,
                        since start: Date, at instant: Date, minimum: Double = 28, least given: [Double]? = nil, gap: Double = 0.45,
                        turn: TimeInterval? = nil, paging: PageNote? = nil, paced: Bool = false) -> [SceneNode] {
        let (pages, sizes) = paginated(blocks, lang: lang, in: box, minimum: minimum, least: given, gap: gap)
        var index = Self.page(of: pages.count, since: start, at: instant, turn: turn)
        paging?.turnsAt = nil
        if paced, turn == nil, pages.count > 1 {
            let paced = Self.pacedPage(Self.readingTimes(pages), since: start, at: instant)
            index = paced.page
            paging?.turnsAt = paced.turnsAt
        }
        paging?.page = index
        paging?.pages = pages.count
        paging?.sizes = sizes
        paging?.times = Self.readingTimes(pages)
        return place(pages[index], colour: colour, x: box.x, y: box.y)
    }

    /// A line as fitted: its font, its leading and the gap after it (at a block's end).
    typealias FittedLine = (line: LaidLine, font: FontSpec, leading: Int, gapAfter: Int)

    /// A row of the list of other alerts as laid out: its pages, and how long each takes to read.
    struct ListRow {
        var pages: [[FittedLine]]
        var times: [TimeInterval]
    }

    /// The time each page needs on screen to be read (`ReadingPace`).
    private static func readingTimes(_ pages: [[FittedLine]]) -> [TimeInterval] {
        pages.map { page in ReadingPace.page(characters: characters(in: page)) }
    }

    /// The characters a reader reads on a page (whitespace not counted).
    private static func characters(in page: [FittedLine]) -> Int {
        page.reduce(0) { $0 + ReadingPace.characters(in: $1.line.text) }
    }

    /// The blocks of `fitted` set at the largest scale at which all fit in `box` (down to their
    /// least), as pages of whole lines, with each block's size in pixels. Lines broken inside a
    /// unit are noted for `check` unless the caller notes them itself (`notingForced`).
    private func paginated(_ blocks: [(spans: [Span], size: Double, bold: Bool)], lang: String, in box: Rect,
                           minimum: Double = 28, least given: [Double]? = nil, gap: Double = 0.45,
                           notingForced: Bool = true) -> (pages: [[FittedLine]], sizes: [Int]) {
        guard let laidOut else { return layOutPages(blocks, lang: lang, in: box, minimum: minimum, least: given, gap: gap, notingForced: notingForced) }
        let key = LaidOutPages.Key(spans: blocks.map(\.spans), sizes: blocks.map(\.size), bold: blocks.map(\.bold), lang: lang, box: box,
                                   minimum: minimum, least: given, gap: gap)
        if let known = laidOut.pages(for: key) {
            if notingForced { forced.add(known.pages.joined().filter(\.line.forcedBreak).map(\.line.text)) }
            return known
        }
        let made = layOutPages(blocks, lang: lang, in: box, minimum: minimum, least: given, gap: gap, notingForced: notingForced)
        laidOut.store(made, for: key)
        return made
    }

    private func layOutPages(_ blocks: [(spans: [Span], size: Double, bold: Bool)], lang: String, in box: Rect,
                             minimum: Double, least given: [Double]?, gap: Double,
                             notingForced: Bool) -> (pages: [[FittedLine]], sizes: [Int]) {
        let layout = ParagraphLayout(measurer: measurer, locale: LineBreaker.locale(forLanguage: lang), keep: keep)
        let largest = blocks.map(\.size).max() ?? minimum
        let least = given ?? blocks.map { minimum * $0.size / largest }
        /// Lines at a scale, each with its font and leading, and where a block ends.
        func set(_ scale: Double) -> [FittedLine] {
            var result: [(LaidLine, FontSpec, Int, Int)] = []
            for (index, block) in blocks.enumerated() {
                let size = max(u(least[index]), u(block.size * scale))
                let font = FontSpec(role: .alert, bold: block.bold, lang: lang, size: size)
                let leading = leading(of: font)
                let lines = layout.lines(of: block.spans, font: font, width: box.width)
                for (n, line) in lines.enumerated() {
                    let last = n == lines.count - 1 && index < blocks.count - 1
                    result.append((line, font, leading, last ? Int(Double(size) * gap) : 0))
                }
            }
            return result
        }
        func height(_ lines: [FittedLine]) -> Int {
            lines.reduce(0) { $0 + $1.leading + $1.gapAfter }
        }
        // The scale at which every block stands at its least.
        var low = zip(blocks, least).map { $1 / $0.size }.min() ?? minimum / largest, high = 1.0
        var best = set(low)
        var chosen = low
        if height(best) <= box.height {
            let full = set(1)
            if height(full) <= box.height {
                best = full
                chosen = 1
            } else {
                for _ in 0..<7 {
                    let mid = (low + high) / 2
                    let candidate = set(mid)
                    if height(candidate) <= box.height { low = mid; best = candidate; chosen = mid } else { high = mid }
                }
            }
        }
        if notingForced { forced.add(best.filter(\.line.forcedBreak).map(\.line.text)) }
        // Pages of whole lines, each within the box; a block (headline, instruction, area) that
        // fits a page of its own starts one rather than leave a word or two on the next
        // ("…to protect your | life.").
        var pages: [[FittedLine]] = [[]]
        var used = 0
        for (index, line) in best.enumerated() {
            if index > 0, best[index - 1].gapAfter > 0, used > 0 {
                let block = best[index...].prefix { _ in true }
                var blockHeight = 0
                for next in block {
                    blockHeight += next.leading + next.gapAfter
                    if next.gapAfter > 0 { break }
                }
                if used + blockHeight > box.height, blockHeight <= box.height {
                    pages.append([])
                    used = 0
                }
            }
            if used + line.leading > box.height, !pages[pages.count - 1].isEmpty {
                pages.append([])
                used = 0
            }
            pages[pages.count - 1].append(line)
            used += line.leading + line.gapAfter
        }
        return (pages, zip(blocks, least).map { max(u($1), u($0.size * chosen)) })
    }

    /// Laid-out lines as text nodes from (`x`, `y`) down, each centred in its leading, a run
    /// bold where its font or the run is strong.
    private func place(_ lines: [FittedLine], colour: RGBA, x: Int, y top: Int) -> [SceneNode] {
        var nodes: [SceneNode] = []
        var y = top
        for entry in lines {
            for run in entry.line.runs {
                var font = entry.font
                font.bold = entry.font.bold || run.strong
                nodes.append(.text(TextNode(text: run.text, font: font, color: colour, x: x + run.x, y: y + (entry.leading - measurer.height(of: font)) / 2)))
            }
            y += entry.leading + entry.gapAfter
        }
        return nodes
    }
}

/// The few fixed words of the alert screen, in the languages Sagamihara serves first.
struct AlertWords {
    var languageName: String
    var emergency: String
    var allClear: String
    var area: String
    var areaSeparator: String
    var issuedBy: String
    var issuedAt: String
    var time: (Date, TimeZone) -> String = { date, zone in ClockText.header(date, zone: zone) }

    static func `for`(_ language: String) -> AlertWords {
        let tag = language.lowercased()
        if tag.hasPrefix("ja") {
            return AlertWords(languageName: "日本語", emergency: "緊急情報", allClear: "解除のお知らせ", area: "対象地域", areaSeparator: "、", issuedBy: "発表", issuedAt: "発表時刻")
        }
        if tag.hasPrefix("zh") {
            let traditional = tag.contains("tw") || tag.contains("hk") || tag.contains("mo") || tag.contains("hant")
            return traditional
                ? AlertWords(languageName: "中文", emergency: "緊急警報", allClear: "警報解除", area: "地區", areaSeparator: "、", issuedBy: "發布單位", issuedAt: "發布時間",
                             time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d年%d月%d日 %d:%02d") })
                : AlertWords(languageName: "中文", emergency: "紧急警报", allClear: "警报解除", area: "地区", areaSeparator: "、", issuedBy: "发布单位", issuedAt: "发布时间",
                             time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d年%d月%d日 %d:%02d") })
        }
        if tag.hasPrefix("ko") {
            return AlertWords(languageName: "한국어", emergency: "긴급 경보", allClear: "경보 해제", area: "대상 지역", areaSeparator: ", ", issuedBy: "발표", issuedAt: "발표 시각",
                              time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%d년 %d월 %d일 %d:%02d") })
        }
        if tag.hasPrefix("en") {
            return AlertWords(languageName: "English", emergency: "EMERGENCY ALERT", allClear: "ALL CLEAR", area: "Area", areaSeparator: "; ", issuedBy: "Issued by", issuedAt: "Issued",
                              time: { date, zone in ClockText.numeric(date, zone: zone, pattern: "%04d-%02d-%02d %d:%02d") })
        }
        var english = AlertWords.for("en")
        english.languageName = Locale(identifier: "en").localizedString(forLanguageCode: String(tag.prefix(2))) ?? language
        return english
    }
}

/// The lines a composition had to break inside a unit, collected as it fits its text.
final class ForcedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return collected }
    func reset() { lock.lock(); collected = []; lock.unlock() }
    func add(_ more: [String]) {
        guard !more.isEmpty else { return }
        lock.lock()
        collected += more
        lock.unlock()
    }
}

/// Texts paged within one composition, kept till the next: on a screen that turns whole frames
/// by language, the language shown is paged to time its turn and then to be shown, once (a
/// first version paged it twice: the longest alert in ja and en took 32–64 ms to compose).
final class LaidOutPages: @unchecked Sendable {
    /// What a text's pages depend on besides the composer's screen, fonts and words.
    struct Key: Hashable {
        var spans: [[Span]], sizes: [Double], bold: [Bool]
        var lang: String
        var box: Rect
        var minimum: Double, least: [Double]?, gap: Double
    }

    private let lock = NSLock()
    private var kept: [Key: (pages: [[AlertComposer.FittedLine]], sizes: [Int])] = [:]
    func reset() { lock.lock(); kept = [:]; lock.unlock() }
    func pages(for key: Key) -> (pages: [[AlertComposer.FittedLine]], sizes: [Int])? {
        lock.lock()
        defer { lock.unlock() }
        return kept[key]
    }
    func store(_ pages: (pages: [[AlertComposer.FittedLine]], sizes: [Int]), for key: Key) {
        lock.lock()
        kept[key] = pages
        lock.unlock()
    }
}

/// Which page of a text in pages is up, told back by the fitting to the label that shows it.
final class PageNote {
    var page = 0
    var pages = 1
    /// Each block's font size as set, in pixels.
    var sizes: [Int] = []
    /// When the page shown next turns (nil: not within this turn).
    var nextChange: Date?
    /// When a text paced by its reading turns to its next page.
    var turnsAt: Date?
    /// How long each page takes to read (`ReadingPace`).
    var times: [TimeInterval] = []
}
