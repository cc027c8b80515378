import Foundation
import MachinakaCore

/// Decides the frame of a screen at an instant: the leading alert when any is active,
/// otherwise the slide of the rotation. `render --at` and the live player both use it.
public struct FrameComposer {
    public let slides: SlideComposer
    public let alerts: AlertComposer

    /// Creates a composer for `screen` at `size` (the screen's own size unless given).
    public init(screen: ScreenConfig, size: PixelSize? = nil, measurer: TextMeasuring, cache: LayoutCache? = nil) {
        slides = SlideComposer(screen: screen, size: size, measurer: measurer, cache: cache)
        alerts = AlertComposer(screen: screen, size: size, measurer: measurer)
    }

    /// The frame: alerts preempt the slide.
    public func compose(slot: Slot, alerts active: [ActiveAlert], headlines: [String], at instant: Date) -> Composition {
        if !active.isEmpty {
            return Composition(scene: alerts.compose(active, at: instant), overflowed: false)
        }
        return slides.compose(slot, at: instant, headlines: headlines)
    }

    /// When the frame may next change by itself: the slide's end, the clock's next minute,
    /// the alert language rotation, or an alert starting or ending.
    public func nextChange(slot: Slot, alerts active: [ActiveAlert], board: AlertBoard, after instant: Date, composition: Composition? = nil) -> Date {
        var deadline = min(slot.end, ClockText.nextChange(after: instant, zone: slides.screen.zone))
        if active.isEmpty, let page = composition?.nextPage {
            deadline = min(deadline, page)
        }
        if let leading = active.first, let change = AlertComposer.nextLanguageChange(leading, after: instant) {
            deadline = min(deadline, change)
        }
        if let change = board.nextChange(after: instant) {
            deadline = min(deadline, change)
        }
        return deadline
    }
}
