import Foundation
@testable import MachinakaCore
import Testing

/// Dayparts, share of voice, boards, clock trust and continuity, at chosen instants.
@Suite struct SchedulingRulesTests {
    let lobby = ScreenConfig(id: "lobby")

    private func rotation(_ items: [ContentItem], playlist: Playlist? = nil, trusted: Bool = true) -> Rotation {
        var list = playlist ?? Playlist(name: "main")
        list.defaultDuration = 10
        return Rotation(feed: Feed(root: "/feed", playlists: [list], items: items), screen: lobby, clockTrusted: trusted)
    }

    private func item(_ name: String, daypart: Daypart? = nil, every: Int? = nil, maxPerHour: Int? = nil, minPerHour: Int? = nil) -> ContentItem {
        var item = ContentItem(source: "news/\(name).md", kind: .news, title: name)
        item.daypart = daypart
        item.every = every
        item.maxPerHour = maxPerHour
        item.minPerHour = minPerHour
        return item
    }

    private func titles(_ rotation: Rotation, _ time: String) -> [String] {
        rotation.eligible(at: tokyo(time)).map(\.item.title)
    }

    @Test func mondayMorningOpening() {
        // 2026-11-30 is a Monday.
        let counter = item("counter", daypart: Daypart(weekdays: [2, 3, 4, 5, 6], ranges: [Daypart.Range(start: 9 * 60, end: 17 * 60)]))
        let r = rotation([item("always"), counter])
        #expect(titles(r, "2026-11-30T08:59:59") == ["always"])
        #expect(titles(r, "2026-11-30T09:00:00") == ["always", "counter"])
        #expect(titles(r, "2026-11-30T16:59:59") == ["always", "counter"])
        #expect(titles(r, "2026-11-30T17:00:00") == ["always"])
        #expect(titles(r, "2026-11-29T10:00:00") == ["always"], "Sunday")
        // The membership changes exactly at 09:00: a slot never runs across it.
        let slot = r.slot(at: tokyo("2026-11-30T08:59:55"))
        #expect(slot.end <= tokyo("2026-11-30T09:00:00"))
    }

    @Test func overnightRangeBelongsToTheDayItStarts() {
        // Friday nights 22:00–06:00: Saturday 05:00 is in, Friday 05:00 is not (Thursday night).
        let night = item("night", daypart: Daypart(weekdays: [6], ranges: [Daypart.Range(start: 22 * 60, end: 6 * 60)]))
        let r = rotation([item("always"), night])
        #expect(titles(r, "2026-12-04T23:30") == ["always", "night"])
        #expect(titles(r, "2026-12-05T05:59") == ["always", "night"])
        #expect(titles(r, "2026-12-05T06:00") == ["always"])
        #expect(titles(r, "2026-12-04T05:00") == ["always"])
        #expect(titles(r, "2026-12-04T21:59") == ["always"])
    }

    @Test func excludedDatesSuchAsHolidays() {
        let weekday = item("weekday", daypart: Daypart(weekdays: [2, 3, 4, 5, 6], excluded: [20261123]))
        let r = rotation([item("always"), weekday])
        #expect(titles(r, "2026-11-23T12:00") == ["always"], "勤労感謝の日")
        #expect(titles(r, "2026-11-24T12:00") == ["always", "weekday"])
    }

    @Test func playlistDaypartAppliesToItsItems() throws {
        var morning = Playlist(name: "morning")
        morning.daypart = Daypart(ranges: [Daypart.Range(start: 6 * 60, end: 12 * 60)])
        let r = rotation([item("a")], playlist: morning)
        #expect(titles(r, "2026-11-25T11:59") == ["a"])
        #expect(titles(r, "2026-11-25T12:00") == [])
        #expect(r.slot(at: tokyo("2026-11-25T12:30")).kind == .fallback)
    }

    @Test func everyKSlides() {
        let r = rotation([item("a"), item("b"), item("c"), item("d"), item("x", every: 2)])
        let sequence = r.timeline(from: tokyo("2026-11-25T10:00"), duration: 120).map { $0.item!.title }
        #expect(Array(sequence.prefix(6)) == ["a", "b", "x", "c", "d", "x"])
    }

    @Test func atMostNTimesAnHour() {
        // A 30 s cycle would show every item 120 times an hour; "x" is capped at 6.
        let r = rotation([item("a"), item("b"), item("x", maxPerHour: 6)])
        for start in ["2026-11-25T10:00", "2026-11-25T10:17:13"] {
            let hour = r.timeline(from: tokyo(start), duration: 3600)
            let count = hour.filter { $0.item?.title == "x" }.count
            #expect((5...7).contains(count), "x played \(count) times in an hour from \(start)")
        }
    }

    @Test func atLeastNTimesAnHour() {
        // 30 items of 10 s: a 5-minute cycle shows "x" 12 times an hour; it asks for 20.
        let items = (0..<30).map { item("n\($0)") } + [item("x", minPerHour: 20)]
        let hour = rotation(items).timeline(from: tokyo("2026-11-25T10:00"), duration: 3600)
        #expect(hour.filter { $0.item?.title == "x" }.count >= 20)
    }

    @Test func untrustedClockPlaysOnlyTimelessItems() {
        var dated = ContentItem(source: "news/dated.md", kind: .news, title: "dated", start: tokyo("2026-11-01"))
        dated.end = tokyo("2027-01-01")
        let timeless = item("timeless")
        let dayparted = item("dayparted", daypart: Daypart(weekdays: [2]))
        let r = rotation([dated, timeless, dayparted], trusted: false)
        // A kiosk whose clock reads 1970 must not guess: only what is valid at any time plays.
        #expect(r.eligible(at: Date(timeIntervalSince1970: 0)).map(\.item.title) == ["timeless"])
        #expect(r.eligible(at: tokyo("2026-11-30T10:00")).map(\.item.title) == ["timeless"])
    }

    @Test func followingResumesAfterAnInterruption() {
        let r = rotation([item("a"), item("b"), item("c")])
        let first = r.slot(at: tokyo("2026-11-25T10:00:00"))
        // An alert lasted 20 minutes; the rotation goes on with the slide after the one cut.
        let next = r.slot(following: first, at: tokyo("2026-11-25T10:20:00"))
        let order = ["a", "b", "c"]
        #expect(next.item?.title == order[(order.firstIndex(of: first.item!.title)! + 1) % 3])
        #expect(next.start == tokyo("2026-11-25T10:20:00"))
    }

    @Test func reloadThatChangesNothingChangesNothing() throws {
        let items = [item("a"), item("b"), item("c")]
        let before = rotation(items).timeline(from: tokyo("2026-11-25T10:00"), duration: 600)
        let after = rotation(items).timeline(from: tokyo("2026-11-25T10:00"), duration: 600)
        #expect(before == after)
    }

    @Test func followingAcrossAMembershipChange() {
        let old = rotation([item("a"), item("b"), item("c")])
        let shown = old.slot(at: tokyo("2026-11-25T10:00:10"))
        #expect(shown.item?.title == "b")
        // "b" was deleted meanwhile: the next is the first after it in playlist order.
        let new = rotation([item("a"), item("c")])
        #expect(new.slot(following: shown, at: shown.end).item?.title == "c")
    }

    @Test func upcomingEventsBoard() throws {
        var playlist = Playlist(name: "main")
        let entry = Playlist.Entry(board: "upcoming-events", settings: ["days_ahead": "7"])
        playlist.items = [Playlist.Entry(source: "news/*.md"), entry]
        let soon = ContentItem(source: "events/soon.md", kind: .event, title: "近いイベント", payload: EventInfo(start: tokyo("2026-11-28T10:00"), end: tokyo("2026-11-28T12:00"), allDay: false, place: "公民館"))
        let far = ContentItem(source: "events/far.md", kind: .event, title: "遠いイベント", payload: EventInfo(start: tokyo("2027-02-01T10:00"), end: tokyo("2027-02-01T12:00"), allDay: false, place: nil))
        let r = rotation([item("a"), soon, far], playlist: playlist)
        let board = try #require(r.eligible(at: tokyo("2026-11-25T10:00")).first { $0.board != nil })
        #expect(board.item.kind == .board)
        let slot = try #require(r.timeline(from: tokyo("2026-11-25T10:00"), duration: 60).first { $0.kind == .board })
        guard case .board(let content)? = r.content(of: slot, at: tokyo("2026-11-25T10:00")) else { Issue.record("the events board is a table"); return }
        #expect(content.style == .table && content.rows.count == 1)
        // The date with its weekday, in blue for a Saturday; the time; the title and place.
        #expect(content.rows[0].cells == [.text("11月28日（土）", secondary: "Sat 28 Nov", tone: .saturday), .text("10:00〜12:00"), .text("近いイベント", secondary: "公民館")])
        // Once the event is over, the board has nothing to list and leaves the rotation.
        #expect(!r.eligible(at: tokyo("2026-11-28T12:00")).contains { $0.board != nil })
    }

    /// A board the screen's panel shows all the time is not also a slide beside it: the
    /// review's portrait screen showed the same counters twice, each on pages of its own.
    @Test func aBoardThePanelShowsIsNotAlsoASlide() throws {
        var playlist = Playlist(name: "main")
        playlist.defaultDuration = 10
        playlist.items = [Playlist.Entry(source: "news/*.md"), Playlist.Entry(board: "upcoming-events")]
        let event = ContentItem(source: "events/soon.md", kind: .event, title: "近いイベント",
                                payload: EventInfo(start: tokyo("2026-11-28T10:00"), end: tokyo("2026-11-28T12:00"), allDay: false, place: "公民館"))
        let feed = Feed(root: "/feed", playlists: [playlist], items: [item("a"), event])
        func boards(_ panel: ScreenPanel?) -> Int {
            var screen = lobby
            screen.panel = panel
            return Rotation(feed: feed, screen: screen).eligible(at: tokyo("2026-11-25T10:00")).filter { $0.board != nil }.count
        }
        #expect(boards(nil) == 1)
        #expect(boards(ScreenPanel(board: "upcoming-events", position: .bottom)) == 0)
        #expect(boards(ScreenPanel(board: "clinics", settings: ["data": "data/clinics.csv"], position: .bottom)) == 1, "another board in the panel")
        #expect(boards(ScreenPanel(board: "upcoming-events", position: .full)) == 1, "a panel that is the whole screen leaves no slide to skip")
    }

    @Test func tickerHeadlines() {
        let r = rotation([item("a"), item("b", daypart: Daypart(weekdays: [1]))])
        #expect(r.headlines(at: tokyo("2026-11-30T10:00")) == ["a"])
    }

    @Test func timeZoneOffsetInTheFeedDiffersFromTheScreens() {
        // Written in UTC: midnight UTC is 09:00 in Tokyo.
        let item = ContentItem(source: "news/utc.md", kind: .news, title: "utc", start: FeedTime.parseInstant("2026-12-01T00:00:00Z"))
        let r = rotation([item])
        #expect(r.eligible(at: tokyo("2026-12-01T08:59:59")).isEmpty)
        #expect(r.eligible(at: tokyo("2026-12-01T09:00:00")).count == 1)
    }

    @Test func planIncludesAlertsAndResumesTheCutSlide() throws {
        let alert = AlertBoardTests.message("P1", sent: "2026-11-25T10:00:05", expires: "2026-11-25T10:01:00")
        var feed = Feed(root: "/feed", playlists: [{ var p = Playlist(name: "main"); p.defaultDuration = 10; return p }()],
                        items: [item("a"), item("b"), item("c")])
        feed.alerts = [AlertBoardTests.received(alert)]
        let plan = Planner.plan(feed: feed, screen: lobby, from: tokyo("2026-11-25T10:00:00"), duration: 120)
        #expect(plan[0].kind == "news" && plan[0].end == tokyo("2026-11-25T10:00:05"))
        #expect(plan[1].kind == "alert" && plan[1].identifier == "P1" && plan[1].start == tokyo("2026-11-25T10:00:05") && plan[1].end == tokyo("2026-11-25T10:01:00"))
        #expect(plan[2].source == plan[0].source, "the slide the alert cut is shown again")
        #expect(plan[2].end.timeIntervalSince(plan[2].start) == 10)
        #expect(plan == Planner.plan(feed: feed, screen: lobby, from: tokyo("2026-11-25T10:00:00"), duration: 120))
        for (a, b) in zip(plan, plan.dropFirst()) { #expect(a.end == b.start) }
    }
}
