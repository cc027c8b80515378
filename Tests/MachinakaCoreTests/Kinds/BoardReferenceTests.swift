import MachinakaCore
import Testing

/// How a board item's source is spelled is known in one place: the handler, `check`, the
/// rotation and the speech of counter calls all ask `BoardReference`, never the string.
@Suite struct BoardReferenceTests {
    @Test func readsAndSpellsBoardSources() {
        let counters = BoardReference(name: "counters", data: "data/counters.json")
        #expect(counters.source == "board:counters:data/counters.json")
        #expect(BoardReference(source: counters.source) == counters)
        #expect(BoardReference(source: "board:upcoming-events") == BoardReference(name: "upcoming-events"))
        #expect(BoardReference(source: "board:upcoming-events")?.reportedPath == "board:upcoming-events")
        #expect(counters.reportedPath == "data/counters.json")
        // A data path with a colon stays whole.
        #expect(BoardReference(source: "board:clinics:data/a:b.csv")?.data == "data/a:b.csv")
        #expect(BoardReference(source: "news/board:x.md") == nil)
        #expect(BoardReference(source: "board:") == nil)
    }

    @Test func anItemKnowsItsBoardAndItsHandlerByIt() {
        let item = ContentItem(source: BoardReference(name: "counters", data: "data/c.json").source, kind: .board, title: "窓口")
        #expect(item.board?.data == "data/c.json")
        #expect(item.handler is CountersBoard)
        let notice = ContentItem(source: "news/board:counters.md", kind: .news, title: "お知らせ")
        #expect(notice.board == nil && !(notice.handler is CountersBoard))
    }
}
