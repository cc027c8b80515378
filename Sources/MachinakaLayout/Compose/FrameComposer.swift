import Foundation
import MachinakaCore

/// Decides the frame of a screen at an instant: the leading alert when any is active,
/// otherwise the slide of the rotation. `render --at` and the live player both use it.
public struct FrameComposer {
    public var slides: SlideComposer
    public let alerts: AlertComposer
    /// The data boards' content while it stays the same (shared by copies of this composer).
    private let boards = BoardContentCache()

    /// Creates a composer for `screen` at `size` (the screen's own size unless given); `words`
    /// are the feed's own words that a line must not break inside (`words.txt`).
    public init(screen: ScreenConfig, size: PixelSize? = nil, measurer: TextMeasuring, cache: LayoutCache? = nil, words: [String] = []) {
        var slides = SlideComposer(screen: screen, size: size, measurer: measurer, cache: cache)
        var alerts = AlertComposer(screen: screen, size: size, measurer: measurer)
        alerts.cache = cache
        if !words.isEmpty {
            slides.keep = KeepTogether(extra: words)
            alerts.keep = slides.keep
        }
        self.slides = slides
        self.alerts = alerts
    }

    /// The frame: alerts preempt the slide, which shows `content` (what its kind gives it),
    /// beside the screen's `panel`. An evacuation order lists the open `shelters`.
    public func compose(slot: Slot, content: SlideContent?, alerts active: [ActiveAlert], headlines: [String], at instant: Date,
                        panel: BoardSlide? = nil, shelters: BoardSlide? = nil) -> Composition {
        if !active.isEmpty {
            let next = PageNote()
            var composition = Composition(scene: alerts.compose(active, at: instant, shelters: shelters, next: next), overflowed: false)
            composition.nextChange = next.nextChange
            composition.forcedBreaks = alerts.forcedBreaks
            return composition
        }
        return slides.compose(slot, content: content, at: instant, headlines: headlines, panel: panel)
    }

    /// A board's content and when it next changes by itself: a data board's from the cache
    /// while its data and time leave it the same, any other's (which may list the feed's
    /// items) as its kind gives it.
    private func boardContent(_ item: ContentItem, handler: any BoardHandler, at instant: Date, context: SlideContext) -> (content: SlideContent?, nextChange: Date?) {
        guard let data = handler as? any DataBoardHandler else {
            return (handler.slide(item, at: instant, context: context), handler.nextChange(item, after: instant, context: context))
        }
        return boards.content(item, handler: data, at: instant, context: context)
    }

    /// The frame with the slide's content as its kind gives it with nothing else of the feed to
    /// draw on (a notice, an event, a poster — not a board, which lists other items).
    public func compose(slot: Slot, alerts active: [ActiveAlert], headlines: [String], at instant: Date) -> Composition {
        let content = slot.item.flatMap { item in item.handler?.slide(item, at: instant, context: SlideContext(screen: slides.screen, items: [item])) }
        return compose(slot: slot, content: content, alerts: active, headlines: headlines, at: instant)
    }

    /// The frame of `rotation` at `instant` for `slot`: alerts first, then the slide's content
    /// and the ticker of the notices playing now, as the player and `render --at` show it.
    /// Data boards and the panel show `data` when given (the newest), else the rotation's, and
    /// say so of the files in `unreadable` (the newest too) that could not be read.
    public func compose(slot: Slot, rotation: Rotation, alerts active: [ActiveAlert], data: [String: DataFile]? = nil, unreadable: Set<String>? = nil,
                        at instant: Date) -> Composition {
        var context = rotation.context
        if let data { context.data = data }
        if let unreadable { context.unreadable = unreadable }
        let screen = slides.screen
        if !active.isEmpty {
            // An alert takes the whole screen: nothing of the rotation, the panel or their
            // data is built for its frame, however large the data is.
            let shelters = active.contains(where: \.isEvacuation) ? SheltersBoard.openShelters(in: context.data, screen: screen, at: instant) : nil
            return compose(slot: slot, content: nil, alerts: active, headlines: [], at: instant, shelters: shelters)
        }
        var panelBoard: BoardSlide? = nil
        var boardChange: Date? = nil
        if let item = screen.panel?.item, let handler = item.handler as? any BoardHandler {
            let panel = boardContent(item, handler: handler, at: instant, context: context)
            if case .board(let board) = panel.content { panelBoard = board }
            boardChange = panel.nextChange
        }
        var content: SlideContent?
        if let item = slot.item, let handler = item.handler as? any BoardHandler {
            let board = boardContent(item, handler: handler, at: instant, context: context)
            content = board.content
            if let change = board.nextChange { boardChange = min(boardChange ?? change, change) }
        } else {
            content = rotation.content(of: slot, at: instant, data: context.data)
        }
        var composition = compose(slot: slot, content: content, alerts: active,
                                  headlines: rotation.headlines(at: instant), at: instant, panel: panelBoard)
        if let boardChange {
            composition.nextChange = min(composition.nextChange ?? boardChange, boardChange)
        }
        return composition
    }

    /// When the frame may next change by itself: the slide's end, the clock's next minute,
    /// the alert language rotation, or an alert starting or ending.
    public func nextChange(slot: Slot, alerts active: [ActiveAlert], board: AlertBoard, after instant: Date, composition: Composition? = nil) -> Date {
        var deadline = min(slot.end, ClockText.nextChange(after: instant, zone: slides.screen.zone))
        if let change = composition?.nextChange {
            deadline = min(deadline, change)
        }
        // (A screen in turns is told its turns by the composition; without one, it looks again
        // every 8 s, as the region layout does.)
        if let leading = active.first, alerts.screen.alertLanguages != "rotate" || composition == nil {
            deadline = min(deadline, AlertComposer.nextLanguageChange(leading, after: instant))
        }
        if let change = board.nextChange(after: instant) {
            deadline = min(deadline, change)
        }
        return deadline
    }
}
