import Foundation

/// Decides what a screen shows: a pure function of feed, screen, instant and (for continuity)
/// the slot before.
///
/// Members come from the playlists that play on the screen, in order. At an instant, a member
/// is eligible when it is valid (window, event not over), inside its daypart, and — while the
/// kiosk's clock is untrusted — timeless. Only the highest priority tier among the eligible
/// plays. The sequence of a cycle is the tier in playlist order, with `every K` items inserted
/// after every K slides and `max_per_hour` items skipped in cycles that would exceed their
/// share. Cycles are anchored at the instant the membership last changed (at the latest, local
/// midnight), so any instant can be previewed without replaying the day.
public struct Rotation: Sendable {
    /// One member of the rotation and how long it stays. A class: sequences of ten thousand
    /// members are rebuilt often, and copying a reference is cheaper than copying an item.
    public final class Member: Equatable, Sendable {
        public let item: ContentItem
        public let duration: TimeInterval
        /// The time its playlist gave it, when reading its pages takes longer (`duration` is
        /// then that reading time).
        public let given: TimeInterval?
        /// Its place in playlist order.
        public let order: Int
        /// The index of the playlist entry that named it (entries of all playlists, in order).
        public let entry: Int
        /// The item's daypart inside its playlist's.
        public let daypart: Daypart?
        /// For a board: its handler, which says when it has something to show.
        public let board: (any BoardHandler)?

        init(item: ContentItem, duration: TimeInterval, given: TimeInterval? = nil, order: Int, entry: Int, daypart: Daypart?, board: (any BoardHandler)? = nil) {
            self.item = item
            self.duration = duration
            self.given = given
            self.order = order
            self.entry = entry
            self.daypart = daypart
            self.board = board
        }

        public static func == (a: Member, b: Member) -> Bool {
            a === b || (a.item == b.item && a.duration == b.duration && a.order == b.order && a.entry == b.entry && a.daypart == b.daypart)
        }
    }

    /// Every member, eligible or not, in playlist order.
    public let members: [Member]
    public let screen: ScreenConfig
    /// False until the kiosk's clock is synchronised: then only timeless items play.
    public let clockTrusted: Bool
    /// What the screen's slides draw on: the screen and every item meant for it.
    public let context: SlideContext
    private let calendar: Calendar
    /// Every playlist entry, in order: where a file that is gone would have stood.
    private let entries: [Playlist.Entry]
    /// Segments already worked out: eligibility is constant inside one, so a day of slots
    /// costs one pass over the members per segment, not per slot.
    private let cache = SegmentCache()

    /// Builds the rotation of `screen` from the playlists that play on it, in name order; an item
    /// named by two entries plays once, where it is first named. With no playlist for the
    /// screen, every item plays in path order. With `pacing`, a slide whose pages take longer
    /// to read than its playlist gives it stays that long.
    public init(feed: Feed, screen: ScreenConfig, clockTrusted: Bool = true, pacing: (any Pacing)? = nil) {
        self.screen = screen
        self.clockTrusted = clockTrusted
        calendar = FeedTime.calendar(in: screen.zone)
        let playlists = feed.playlists.filter { $0.plays(on: screen) }
        let lists = playlists.isEmpty ? [Playlist(name: "default")] : playlists
        let targeted = feed.items.filter { $0.targets(screen) }
        context = SlideContext(screen: screen, items: targeted, data: feed.data, words: feed.words, unreadable: feed.unreadableData)
        // A board the screen's panel shows all the time is not also a slide beside it (the
        // review's portrait screen showed the same counters twice, each on pages of its own).
        let panelSource = screen.panel?.position == .full ? nil : screen.panel?.item?.source
        var seen = Set<String>()
        var members: [Member] = []
        var entries: [Playlist.Entry] = []
        for list in lists {
            for entry in list.items {
                entries.append(entry)
                if let name = entry.board {
                    guard let handler = ContentKinds.board(named: name), let item = entry.boardItem, item.source != panelSource,
                        seen.insert(item.source + list.name).inserted
                    else { continue }
                    let (duration, given) = Self.paced(item, given: max(1, entry.duration ?? list.defaultDuration), pacing: pacing, context: context)
                    members.append(Member(item: item, duration: duration, given: given, order: members.count, entry: entries.count - 1,
                                          daypart: Daypart.within(entry.daypart, list.daypart), board: handler))
                    continue
                }
                for item in targeted where entry.matches(item.source) {
                    guard seen.insert(item.source).inserted else { continue }
                    let daypart = Daypart.within(item.daypart, entry.daypart, list.daypart)
                    let (duration, given) = Self.paced(item, given: max(1, entry.duration ?? item.duration ?? list.defaultDuration), pacing: pacing, context: context)
                    members.append(Member(item: item, duration: duration, given: given, order: members.count, entry: entries.count - 1, daypart: daypart))
                }
            }
        }
        self.members = members
        self.entries = entries
    }

    /// How long `item` stays: the time its playlist `given`, or longer when its pages take
    /// longer to read (up to `ReadingPace.longestSlide`, in whole seconds: slots start on a
    /// second, as a plan lists them); with the given time when it was lengthened.
    private static func paced(_ item: ContentItem, given: TimeInterval, pacing: (any Pacing)?, context: SlideContext) -> (duration: TimeInterval, given: TimeInterval?) {
        let needed = min(ReadingPace.longestSlide, (pacing?.pageTimes(of: item, context: context)?.reduce(0, +) ?? 0).rounded(.up))
        return needed > given ? (needed, given) : (given, nil)
    }

    /// The first instant after `instant` at which a board shows something else by the clock
    /// alone (the next day's clinics from 17:00 the evening before): its pages were timed by
    /// what it showed before, and must be timed again then.
    public func nextBoardChange(after instant: Date) -> Date? {
        members.compactMap { member in
            member.board?.boundaries(member.item, context: context).filter { $0 > instant }.min()
        }.min()
    }

    // MARK: - Eligibility

    private func isEligible(_ member: Member, at instant: Date) -> Bool {
        guard member.item.isValid(at: instant) else { return false }
        if let daypart = member.daypart, !daypart.contains(instant, calendar: calendar) { return false }
        if !clockTrusted, !(member.item.isTimeless && member.daypart == nil) { return false }
        if let board = member.board { return board.hasContent(member.item, at: instant, context: context) }
        return true
    }

    /// The members that play at `instant`: eligible, and of the highest priority tier present.
    public func eligible(at instant: Date) -> [Member] {
        state(at: instant).eligible
    }

    private func computeEligible(at instant: Date) -> [Member] {
        let candidates = members.filter { isEligible($0, at: instant) }
        guard let tier = candidates.map(\.item.priority).max() else { return [] }
        return candidates.filter { $0.item.priority == tier }
    }

    /// The segment around `instant` and who is eligible in it, from the cache when known.
    private func state(at instant: Date) -> SegmentCache.Entry {
        if let entry = cache.entry(containing: instant) { return entry }
        let bounds = computeSegment(around: instant)
        let eligible = computeEligible(at: instant)
        let entry = SegmentCache.Entry(
            start: bounds.start, end: bounds.end, eligible: eligible, membership: fingerprint(eligible),
            uniformSequence: isUniform(eligible) ? sequence(eligible, cycle: 0) : nil)
        cache.store(entry)
        return entry
    }

    /// The instants around `instant` between which the membership cannot change.
    func segment(around instant: Date) -> (start: Date, end: Date) {
        let entry = state(at: instant)
        return (entry.start, entry.end)
    }

    private func computeSegment(around instant: Date) -> (start: Date, end: Date) {
        let dayStart = calendar.startOfDay(for: instant)
        let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? dayStart.addingTimeInterval(86400)
        var start = dayStart, end = nextDay
        func consider(_ boundary: Date) {
            if boundary <= instant, boundary > start { start = boundary }
            if boundary > instant, boundary < end { end = boundary }
        }
        for member in members {
            if let board = member.board {
                for boundary in board.boundaries(member.item, context: context) { consider(boundary) }
            }
            for boundary in member.item.validityBoundaries { consider(boundary) }
            if let daypart = member.daypart {
                for boundary in daypart.boundaries(from: dayStart, calendar: calendar) { consider(boundary) }
            }
        }
        return (start, end)
    }

    // MARK: - Sequences

    /// Items with `min_per_hour` become `every K` with K chosen from the base cycle's length.
    private func cadence(of member: Member, baseDuration: TimeInterval, baseCount: Int) -> Int? {
        if let every = member.item.every { return every }
        guard let perHour = member.item.minPerHour, baseCount > 0 else { return nil }
        let interval = 3600 / Double(perHour)
        let average = baseDuration / Double(baseCount)
        return max(1, Int(((interval - member.duration) / average).rounded(.down)))
    }

    /// The sequence of cycle `cycle` for the eligible members.
    func sequence(_ eligible: [Member], cycle: Int) -> [Member] {
        let fullBase = eligible.filter { $0.item.every == nil && $0.item.minPerHour == nil }
        let baseDuration = fullBase.reduce(0) { $0 + $1.duration }
        let inserted = eligible.compactMap { member -> (Member, Int)? in
            guard member.item.every != nil || member.item.minPerHour != nil else { return nil }
            return cadence(of: member, baseDuration: baseDuration, baseCount: fullBase.count).map { (member, $0) }
        }
        // A capped item's share is judged against the cycle without the capped items, which
        // is how long most cycles are.
        let typical = fullBase.filter { $0.item.maxPerHour == nil }.reduce(0) { $0 + $1.duration }
            + inserted.reduce(0) { $0 + $1.0.duration * Double(fullBase.count) / Double($1.1) }
        let base = fullBase.filter { member in
            guard let perHour = member.item.maxPerHour else { return true }
            let share = Double(perHour) * max(typical, member.duration) / 3600
            guard share < 1 else { return true }
            // Plays in cycle c only when the count allowed by the hour's share grows.
            return Int((Double(cycle + 1) * share).rounded(.down)) > Int((Double(cycle) * share).rounded(.down))
        }
        guard !inserted.isEmpty else { return base }
        guard !base.isEmpty else { return inserted.map(\.0) }
        // "Every K slides" counts slides across cycles, so the cadence holds at the wrap too.
        var result: [Member] = []
        for (index, member) in base.enumerated() {
            result.append(member)
            let counted = cycle * base.count + index + 1
            for (extra, every) in inserted where counted % every == 0 {
                result.append(extra)
            }
        }
        return result
    }

    /// Whether every cycle is the same, so the anchored position is found by division.
    private func isUniform(_ eligible: [Member]) -> Bool {
        !eligible.contains { $0.item.maxPerHour != nil || $0.item.every != nil || $0.item.minPerHour != nil }
    }

    /// A fingerprint of who is eligible, so a following slot knows the membership is unchanged.
    private func fingerprint(_ eligible: [Member]) -> Int {
        var hasher = Hasher()
        for member in eligible { hasher.combine(member.item.source) }
        return hasher.finalize()
    }

    private func duration(_ sequence: [Member]) -> TimeInterval { sequence.reduce(0) { $0 + $1.duration } }

    /// What the slide of `slot` shows at `instant`, as its kind says (nil for the fallback).
    public func content(of slot: Slot, at instant: Date) -> SlideContent? {
        content(of: slot, at: instant, data: nil)
    }

    /// The slide's content with `data` instead of the data the rotation was built from: the
    /// player shows a data board live, from the newest data, while the rotation it plays
    /// changes only at a slide's end.
    public func content(of slot: Slot, at instant: Date, data: [String: DataFile]?) -> SlideContent? {
        guard let item = slot.item, let handler = item.handler else { return nil }
        var context = self.context
        if let data { context.data = data }
        return handler.slide(item, at: instant, context: context)
    }

    // MARK: - Slots

    /// What plays at `instant`, anchored: the same answer for the same feed and instant.
    public func slot(at instant: Date) -> Slot {
        let state = state(at: instant)
        let segment = (start: state.start, end: state.end)
        let eligible = state.eligible
        guard !eligible.isEmpty else {
            return Slot(item: nil, start: segment.start, end: segment.end)
        }
        var cycleStart = segment.start
        var cycle = 0
        let membership = state.membership
        if let uniform = state.uniformSequence {
            let length = duration(uniform)
            let count = (instant.timeIntervalSince(segment.start) / length).rounded(.down)
            cycle = Int(count)
            cycleStart = segment.start.addingTimeInterval(count * length)
        }
        while true {
            let sequence = state.uniformSequence ?? self.sequence(eligible, cycle: cycle)
            let length = duration(sequence)
            if length <= 0 { return Slot(item: nil, start: segment.start, end: segment.end) }
            if cycleStart.addingTimeInterval(length) > instant {
                var offset = cycleStart
                for (index, member) in sequence.enumerated() {
                    let end = offset.addingTimeInterval(member.duration)
                    if end > instant {
                        return Slot(item: member.item, start: offset, end: min(end, segment.end),
                                    position: Slot.Position(segment: segment.start, membership: membership, cycle: cycle, index: index))
                    }
                    offset = end
                }
            }
            cycleStart = cycleStart.addingTimeInterval(length)
            cycle += 1
        }
    }

    /// What plays from `instant` after `previous` ended: the next slide in sequence, so that
    /// after a reload or an alert the rotation resumes where it left off. When the membership
    /// changed meanwhile, it goes on with the first member after the previous one in playlist
    /// order.
    public func slot(following previous: Slot, at instant: Date) -> Slot {
        let state = state(at: instant)
        let segment = (start: state.start, end: state.end)
        let eligible = state.eligible
        guard !eligible.isEmpty else { return Slot(item: nil, start: instant, end: segment.end) }
        var cycle = 0, index = 0
        let membership = state.membership
        if let position = previous.position, position.segment == segment.start, position.membership == membership {
            cycle = position.cycle
            index = position.index + 1
        } else if let item = previous.item, let key = placeKey(of: item.source) {
            let sequence = state.uniformSequence ?? self.sequence(eligible, cycle: 0)
            index = sequence.firstIndex { ($0.entry, $0.item.source) > key } ?? sequence.count
        }
        var sequence = state.uniformSequence ?? self.sequence(eligible, cycle: cycle)
        while index >= sequence.count {
            index -= sequence.count
            cycle += 1
            sequence = state.uniformSequence ?? self.sequence(eligible, cycle: cycle)
            if sequence.isEmpty { return Slot(item: nil, start: instant, end: segment.end) }
        }
        let member = sequence[index]
        return Slot(item: member.item, start: instant, end: min(instant.addingTimeInterval(member.duration), segment.end),
                    position: Slot.Position(segment: segment.start, membership: membership, cycle: cycle, index: index))
    }

    /// Where `source` stands in playlist order — even a file no longer in the feed, by the
    /// entry that would name it.
    private func placeKey(of source: String) -> (Int, String)? {
        if let member = members.first(where: { $0.item.source == source }) { return (member.entry, source) }
        if BoardReference(source: source) != nil { return nil }
        return entries.firstIndex { $0.matches(source) }.map { ($0, source) }
    }

    /// The slots from `from` for `duration` seconds, each following the one before: the basis
    /// of `plan`.
    public func timeline(from: Date, duration: TimeInterval) -> [Slot] {
        var slots: [Slot] = []
        let stop = from.addingTimeInterval(duration)
        var slot = self.slot(at: from)
        slot.start = from
        while slot.start < stop {
            slot.end = min(slot.end, stop)
            if let last = slots.last, last.item == nil, slot.item == nil, last.end == slot.start {
                slots[slots.count - 1].end = slot.end
            } else {
                slots.append(slot)
            }
            let next = slot.end
            slot = slot.item == nil ? self.slot(at: next) : self.slot(following: slot, at: next)
            slot.start = max(slot.start, next)
        }
        return slots
    }

    /// The headlines of the notices playing now, for a ticker line.
    public func headlines(at instant: Date) -> [String] {
        // The ticker is one small line: titles show their base text, without their readings.
        members.filter { $0.item.kind == .news && isEligible($0, at: instant) }.map { Span.withoutFurigana($0.item.title) }
    }
}

/// The last few segments a rotation worked out. A rotation is a value; this cache only
/// remembers answers it would compute again the same way.
final class SegmentCache: @unchecked Sendable {
    struct Entry {
        var start: Date
        var end: Date
        var eligible: [Rotation.Member]
        var membership: Int
        /// The sequence of every cycle, when all cycles are alike.
        var uniformSequence: [Rotation.Member]?
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    func entry(containing instant: Date) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.start <= instant && instant < $0.end }
    }

    func store(_ entry: Entry) {
        lock.lock()
        entries.insert(entry, at: 0)
        if entries.count > 8 { entries.removeLast() }
        lock.unlock()
    }
}
