import Foundation

/// Decides what a screen shows at an instant: a pure function of feed, screen and time.
///
/// The rotation is anchored at local midnight, so any instant of any day can be previewed
/// without replaying the day, and two screens on the same playlist agree. A rotation whose
/// members change (an item starts or ends) is re-cut at that instant.
public struct Rotation: Sendable {
    /// One member of the rotation and how long it stays.
    public struct Member: Equatable, Sendable {
        public var item: ContentItem
        public var duration: TimeInterval
    }

    /// Every member, valid or not, in playlist order.
    public let members: [Member]
    public let screen: ScreenConfig
    /// Used for the fallback slide when the playlist has no default.
    public let defaultDuration: TimeInterval

    /// Builds the rotation of `screen` from the playlists that play on it, in name order; an item
    /// named by two entries plays once, where it is first named. With no playlist for the
    /// screen, every item plays in path order.
    public init(feed: Feed, screen: ScreenConfig) {
        self.screen = screen
        let playlists = feed.playlists.filter { $0.plays(on: screen) }
        let lists = playlists.isEmpty ? [Playlist(name: "default")] : playlists
        defaultDuration = lists.first?.defaultDuration ?? 15
        var seen = Set<String>()
        var members: [Member] = []
        for list in lists {
            for entry in list.items {
                for item in feed.items where entry.matches(item.source) && item.targets(screen) {
                    guard seen.insert(item.source).inserted else { continue }
                    let duration = entry.duration ?? item.duration ?? list.defaultDuration
                    members.append(Member(item: item, duration: max(1, duration)))
                }
            }
        }
        // Higher priority first; the sort is stable, so playlist order holds within a tier.
        self.members = members.enumerated().sorted {
            ($0.element.item.priority, -$0.offset) > ($1.element.item.priority, -$1.offset)
        }.map(\.element)
    }

    /// What plays at `instant`.
    public func slot(at instant: Date) -> Slot {
        let calendar = FeedTime.calendar(in: screen.zone)
        let dayStart = calendar.startOfDay(for: instant)
        let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? dayStart.addingTimeInterval(86400)

        // The membership is constant between validity boundaries; the cycle restarts at each.
        let boundaries = members.flatMap(\.item.validityBoundaries)
        let segmentStart = boundaries.filter { $0 <= instant && $0 > dayStart }.max() ?? dayStart
        let segmentEnd = boundaries.filter { $0 > instant && $0 < nextDay }.min() ?? nextDay

        let valid = members.filter { $0.item.isValid(at: instant) }
        guard !valid.isEmpty else {
            return Slot(item: nil, start: segmentStart, end: segmentEnd)
        }
        let cycle = valid.reduce(0) { $0 + $1.duration }
        let elapsed = instant.timeIntervalSince(segmentStart)
        var position = elapsed.truncatingRemainder(dividingBy: cycle)
        let cycleStart = segmentStart.addingTimeInterval(elapsed - position)
        var offset = 0.0
        for member in valid {
            if position < member.duration {
                let start = cycleStart.addingTimeInterval(offset)
                return Slot(item: member.item, start: start, end: min(start.addingTimeInterval(member.duration), segmentEnd))
            }
            position -= member.duration
            offset += member.duration
        }
        // Only reachable through rounding at the very end of a cycle.
        let last = valid[valid.count - 1]
        return Slot(item: last.item, start: instant, end: min(instant.addingTimeInterval(last.duration), segmentEnd))
    }

    /// The slots from `from` for `duration` seconds, in order: the basis of `plan`.
    public func timeline(from: Date, duration: TimeInterval) -> [Slot] {
        var slots: [Slot] = []
        var instant = from
        let stop = from.addingTimeInterval(duration)
        while instant < stop {
            var slot = slot(at: instant)
            slot.start = max(slot.start, instant)
            slot.end = min(slot.end, stop)
            if let last = slots.last, last.item == slot.item, last.end == slot.start {
                slots[slots.count - 1].end = slot.end
            } else {
                slots.append(slot)
            }
            instant = slot.end
        }
        return slots
    }
}
