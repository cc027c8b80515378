import Foundation

/// One line of a screen's plan: what is on screen from `start` to `end`.
public struct PlanEntry: Equatable, Sendable, Encodable {
    public var start: Date
    public var end: Date
    /// news, event, image, board, alert, fallback.
    public var kind: String
    /// The feed-relative path of the file shown (a board's name for boards).
    public var source: String
    public var title: String
    /// The CAP identifier, for alerts.
    public var identifier: String?
}

/// The timeline a screen would play, alerts included, by the player's own rule
/// (`SlideSequence`): an alert takes over at once, and when it ends the slide it cut short is
/// shown again from its start.
public enum Planner {
    /// `pacing(t)` times each slide's pages by what it shows at `t`. The rotation is built
    /// again where a board shows something else by the clock alone, as the player's is: next
    /// Sunday's 30 clinics are timed by Sunday's rota, not by the day the plan starts.
    public static func plan(feed: Feed, screen: ScreenConfig, from: Date, duration: TimeInterval, clockTrusted: Bool = true,
                            pacing: ((Date) -> any Pacing)? = nil) -> [PlanEntry] {
        func makeRotation(at instant: Date) -> Rotation {
            Rotation(feed: feed, screen: screen, clockTrusted: clockTrusted, pacing: pacing?(instant))
        }
        var rotation = makeRotation(at: from)
        var repace = pacing == nil ? nil : rotation.nextBoardChange(after: from)
        let board = feed.alertBoard(for: screen)
        let stop = from.addingTimeInterval(duration)
        var entries: [PlanEntry] = []
        func append(_ entry: PlanEntry) {
            guard entry.end > entry.start else { return }
            if var last = entries.last, last.kind == entry.kind, last.source == entry.source, last.identifier == entry.identifier,
                last.end == entry.start, entry.kind == "alert" || entry.kind == "fallback"
            {
                last.end = entry.end
                entries[entries.count - 1] = last
            } else {
                entries.append(entry)
            }
        }
        /// The first instant in (after, before) at which an alert is on screen.
        func alertStart(after: Date, before: Date) -> Date? {
            var probe = after
            while let next = board.nextChange(after: probe), next < before {
                if !board.active(at: next).isEmpty { return next }
                probe = next
            }
            return nil
        }

        var t = from
        var sequence = SlideSequence()
        // The display's power, worked out once per change rather than once per slide: a week
        // of 20-second slides is thirty thousand of them.
        let extra = screen.power.map { $0.extraSpans(feed, screen: screen) } ?? []
        var power: (on: Bool, until: Date?, from: Date)?
        func powerAt(_ t: Date) -> (on: Bool, until: Date?)? {
            guard let schedule = screen.power else { return nil }
            if let known = power, known.from <= t, known.until.map({ t < $0 }) ?? true { return (known.on, known.until) }
            power = (schedule.isOn(at: t, zone: screen.zone, extra: extra), schedule.nextChange(after: t, zone: screen.zone, extra: extra), t)
            return (power!.on, power!.until)
        }
        while t < stop {
            // Before any slot is chosen, as the player does (an alert's too).
            if let due = repace, due <= t {
                rotation = makeRotation(at: t)
                repace = rotation.nextBoardChange(after: t)
            }
            if let lead = board.active(at: t).first {
                // The alert cuts whatever slide is on screen; the sequence owes it a replay.
                _ = sequence.slot(at: t, in: rotation, alertOn: true)
                var end = stop
                var probe = t
                while let next = board.nextChange(after: probe), next < stop {
                    if board.active(at: next).first?.source != lead.source {
                        end = next
                        break
                    }
                    probe = next
                }
                append(PlanEntry(start: t, end: end, kind: lead.isAllClear ? "all-clear" : "alert", source: lead.source,
                                 title: lead.headline, identifier: lead.message.identifier))
                t = end
                continue
            }
            let display = powerAt(t)
            // Outside the building's hours the display is off until it opens or an alert wakes it.
            if let display, !display.on {
                var end = min(display.until ?? stop, stop)
                if let cut = alertStart(after: t, before: end) { end = cut }
                append(PlanEntry(start: t, end: end, kind: "display-off", source: "power:schedule", title: "画面オフ（営業時間外）", identifier: nil))
                t = end
                continue
            }
            let slot = sequence.slot(at: t, in: rotation, alertOn: false)
            // Shown until its end, the display's power-off, the plan's end, or the next alert, whichever comes first.
            var end = min(slot.end, stop)
            if let off = display?.until { end = min(end, off) }
            if let cut = alertStart(after: t, before: end) { end = cut }
            append(PlanEntry(start: t, end: end, kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item.map { Span.withoutFurigana($0.title) } ?? screen.facility, identifier: nil))
            t = end
        }
        return entries
    }
}
