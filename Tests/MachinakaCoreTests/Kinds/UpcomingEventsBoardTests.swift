import Foundation
@testable import MachinakaCore
import Testing

/// `{board: upcoming-events}`: the events of the days ahead, a row each.
@Suite struct UpcomingEventsBoardTests {
    let instant = FeedTime.parseInstant("2026-12-07T10:00")!

    private func event(_ title: String, start: String, end: String, allDay: Bool) -> ContentItem {
        let info = EventInfo(start: FeedTime.parseInstant(start)!, end: FeedTime.parseInstant(end)!, allDay: allDay, place: "市民会館")
        return ContentItem(source: "events/\(title).md", kind: .event, title: title, payload: info)
    }

    private func timeCells(of items: [ContentItem]) throws -> [String: String] {
        let board = try UpcomingEventsBoard().item(settings: [:]).get()
        guard case .board(let slide) = UpcomingEventsBoard().slide(board, at: instant, context: SlideContext(screen: ScreenConfig(id: "s"), items: items)) else {
            Issue.record("not a board")
            return [:]
        }
        var times: [String: String] = [:]
        for row in slide.rows {
            guard case .text(let time, _, _) = row.cells[1], case .text(let title, _, _) = row.cells[2] else { continue }
            times[title] = time
        }
        return times
    }

    /// An event given by its day alone (`when: 2027-01-08`) says no time: "終日" (all day) told
    /// residents a concert ran all day when its file only left the hour out.
    @Test func anEventGivenByItsDayAloneClaimsNoTime() throws {
        let times = try timeCells(of: [
            event("写真展", start: "2026-12-10T00:00", end: "2026-12-11T00:00", allDay: true),
            event("将棋大会", start: "2026-12-09T14:00", end: "2026-12-09T15:30", allDay: false),
            event("コンサート", start: "2026-12-12T18:00", end: "2026-12-13T00:00", allDay: false),
        ])
        #expect(times["写真展"] == "—")
        #expect(times["将棋大会"] == "14:00〜15:30")
        #expect(times["コンサート"] == "18:00〜")
    }
}
