import Foundation
@testable import MachinakaCore
import PropertyBased
import Testing

/// Properties of the scheduler over generated feeds.
@Suite struct RotationPropertyTests {
    static let day = tokyo("2026-11-30")  // a Monday
    static let screens: [ScreenConfig] = {
        var lobby = ScreenConfig(id: "lobby")
        lobby.tags = ["city-hall"]
        var library = ScreenConfig(id: "library")
        library.tags = ["library"]
        return [lobby, library]
    }()

    /// Turns ten numbers into an item: window, daypart, targeting, tier, share of voice.
    static func item(_ index: Int, _ n: [Int]) -> ContentItem {
        var item = ContentItem(source: String(format: "news/%03d.md", index), kind: .news, title: "item \(index)")
        item.duration = Double(5 + n[0] % 20)
        if n[1] % 3 == 0 {
            item.start = day.addingTimeInterval(Double(n[2] % 48) * 1800)
            item.end = item.start!.addingTimeInterval(Double(1 + n[3] % 24) * 1800)
        }
        if n[4] % 3 == 0 {
            let start = (n[5] % 48) * 30
            item.daypart = Daypart(weekdays: n[6] % 2 == 0 ? [] : [2, 3, 4, 5, 6], ranges: [Daypart.Range(start: start, end: (start + 60 + (n[7] % 12) * 60) % 1440)])
        }
        switch n[8] % 5 {
        case 0: item.tags = ["library"]
        case 1: item.screens = ["lobby"]
        default: break
        }
        item.priority = n[9] % 11 == 0 ? 1 : 0
        return item
    }

    static let feeds = Gen.int(in: 0...10_000).array(of: 10...10).array(of: 1...12).map { specs in
        Feed(root: "/feed", playlists: [{ var p = Playlist(name: "main"); p.defaultDuration = 10; return p }()],
             items: specs.enumerated().map { item($0.offset, $0.element) })
    }

    @Test func noItemPlaysOutsideItsWindowsOrOnAnotherScreen() async {
        await propertyCheck(count: 50, input: Self.feeds, Gen.int(in: 0...47)) { feed, halfHour in
            for screen in Self.screens {
                let rotation = Rotation(feed: feed, screen: screen)
                let calendar = FeedTime.calendar(in: screen.zone)
                for slot in rotation.timeline(from: Self.day.addingTimeInterval(Double(halfHour) * 1800), duration: 4 * 3600) {
                    guard let item = slot.item else { continue }
                    let last = slot.end.addingTimeInterval(-0.001)
                    #expect(item.targets(screen))
                    #expect(item.isValid(at: slot.start) && item.isValid(at: last), "\(item.source) \(slot.start)–\(slot.end)")
                    if let daypart = item.daypart {
                        #expect(daypart.contains(slot.start, calendar: calendar) && daypart.contains(last, calendar: calendar), "\(item.source) daypart")
                    }
                    #expect(item.priority == rotation.eligible(at: slot.start).map(\.item.priority).max())
                }
            }
        }
    }

    @Test func everyEligibleItemPlaysWithinOneCycle() async {
        await propertyCheck(count: 60, input: Self.feeds, Gen.int(in: 0...47)) { feed, halfHour in
            let screen = Self.screens[0]
            let rotation = Rotation(feed: feed, screen: screen)
            let start = Self.day.addingTimeInterval(Double(halfHour) * 1800)
            let eligible = rotation.eligible(at: start)
            let cycle = eligible.reduce(0) { $0 + $1.duration }
            guard cycle > 0, rotation.segment(around: start).end >= start.addingTimeInterval(cycle) else { return }
            let played = Set(rotation.timeline(from: start, duration: cycle).compactMap(\.item?.source))
            #expect(Set(eligible.map(\.item.source)).isSubset(of: played))
        }
    }

    @Test func sharesOfVoiceHoldWithinOneAnHour() async {
        await propertyCheck(count: 40, input: Gen.int(in: 2...20), Gen.int(in: 1...30), Gen.int(in: 5...30)) { others, perHour, seconds in
            var items = (0..<others).map { index -> ContentItem in
                var item = ContentItem(source: String(format: "news/%02d.md", index), kind: .news, title: "\(index)")
                item.duration = Double(seconds)
                return item
            }
            var capped = ContentItem(source: "news/zz.md", kind: .news, title: "capped")
            capped.maxPerHour = perHour
            capped.duration = Double(seconds)
            items.append(capped)
            let feed = Feed(root: "/feed", playlists: [Playlist(name: "main")], items: items)
            let hour = Rotation(feed: feed, screen: Self.screens[0]).timeline(from: Self.day.addingTimeInterval(7200), duration: 3600)
            let count = hour.filter { $0.item?.source == "news/zz.md" }.count
            let cycles = 3600 / (Double(seconds) * Double(others + 1))
            // At most its share (plus one for the hour's edges), and never more than the
            // rotation could show it anyway.
            #expect(count <= perHour + 1 || Double(count) <= cycles.rounded(.up) + 1, "\(count) plays for \(perHour)/h")
        }
    }

    @Test func planIsIdenticalForIdenticalInputs() async {
        await propertyCheck(count: 30, input: Self.feeds) { feed in
            let a = Planner.plan(feed: feed, screen: Self.screens[1], from: Self.day, duration: 6 * 3600)
            let b = Planner.plan(feed: feed, screen: Self.screens[1], from: Self.day, duration: 6 * 3600)
            #expect(a == b)
            #expect(a.first?.start == Self.day && a.last?.end == Self.day.addingTimeInterval(6 * 3600))
            for (x, y) in zip(a, a.dropFirst()) { #expect(x.end == y.start) }
        }
    }
}
