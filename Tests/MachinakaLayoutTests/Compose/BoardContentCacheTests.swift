import Foundation
@testable import MachinakaCore
@testable import MachinakaLayout
import Testing

/// A data board's content is kept between frames only while building it again would give the
/// same: at every instant of a sweep, over its data going stale, a number just called and new
/// data, what the cache gives is what the board gives afresh.
@Suite struct BoardContentCacheTests {
    static func data(serving: Int, updated: String, changed: Date? = nil) throws -> DataFile {
        var diagnostics: [Diagnostic] = []
        let text = """
            {"updated": "\(updated)", "counters": [
              {"id": "1", "name": "市民課 住民票・戸籍", "name_en": "Resident Records", "serving": \(serving), "waiting": 8, "wait_minutes": 15, "status": "open"},
              {"id": "2", "name": "保険年金課", "serving": 88, "waiting": 0, "status": "paused"}]}
            """
        var payload = try #require(CountersBoard().read(text, path: "data/counters.json", into: &diagnostics) as? CounterData)
        if let changed { payload.counters[0].servingChanged = changed }
        return DataFile(source: "data/counters.json", board: "counters", received: payload.updated, payload: payload)
    }

    @Test func whatTheCacheGivesIsWhatTheBoardGivesAfresh() throws {
        let board = CountersBoard()
        let item = try board.item(settings: ["data": "data/counters.json", "stale_after": "3m"]).get()
        let start = try #require(FeedTime.parseInstant("2026-12-03T10:15:30+09:00"))
        let first = try Self.data(serving: 124, updated: "2026-12-03T10:15:30+09:00")
        // Number 125 called at 10:17:00, written then.
        let second = try Self.data(serving: 125, updated: "2026-12-03T10:17:00+09:00", changed: start.addingTimeInterval(90))
        let cache = BoardContentCache()
        var calls = 0
        var contents = Set<SlideContent>()
        for step in 0..<120 {
            let instant = start.addingTimeInterval(Double(step) * 5)
            let file = instant < start.addingTimeInterval(90) ? first : second
            let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/counters.json": file])
            let (cached, next) = cache.content(item, handler: board, at: instant, context: context)
            calls += 1
            #expect(cached == board.slide(item, at: instant, context: context), "at +\(step * 5) s")
            #expect(next == board.nextChange(item, after: instant, context: context), "at +\(step * 5) s: its next change")
            if let cached { contents.insert(cached) }
        }
        // Going back in time (render --at, a test's clock) builds it again too.
        let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/counters.json": first])
        #expect(cache.content(item, handler: board, at: start, context: context).content == board.slide(item, at: start, context: context))
        calls += 1
        #expect(contents.count >= 3, "fresh, a number just called, stale: \(contents.count) contents")
        #expect(cache.builds < calls / 4, "\(cache.builds) builds for \(calls) frames")
    }

    /// A file that was not there and arrives unreadable leaves the data the same: the kept
    /// content said 窓口の情報はまだありません until the slide ended. It is built again.
    @Test func aFileArrivingUnreadableIsSaidAtOnce() throws {
        let board = CountersBoard()
        let item = try board.item(settings: ["data": "data/counters.json"]).get()
        let instant = try #require(FeedTime.parseInstant("2026-12-03T10:15:30+09:00"))
        let cache = BoardContentCache()
        var context = SlideContext(screen: ScreenConfig(id: "s"), items: [])
        guard case .board(let before)? = cache.content(item, handler: board, at: instant, context: context).content else {
            Issue.record("no board")
            return
        }
        #expect(before.empty.hasPrefix("窓口の情報はまだありません"))
        context.unreadable = ["data/counters.json"]
        guard case .board(let after)? = cache.content(item, handler: board, at: instant.addingTimeInterval(1), context: context).content else {
            Issue.record("no board")
            return
        }
        #expect(after.empty.hasPrefix("ただいま情報を表示できません"), "\(after.empty)")
    }
}
