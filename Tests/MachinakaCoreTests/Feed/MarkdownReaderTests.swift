import Foundation
import MachinakaCore
import Testing

@Suite struct MarkdownReaderTests {
    private func body(_ markdown: String) throws -> [Block] {
        let feed = try TestFeed()
        try feed.write("news/a.md", "---\ntitle: t\n---\n" + markdown)
        return try #require(try feed.load().items.first).body
    }

    @Test func headingsParagraphsAndEmphasis() throws {
        let blocks = try body("## 見出し\n\n本文の**強調**です。\n")
        #expect(blocks == [.heading([Span("見出し")]), .paragraph([Span("本文の"), Span("強調", strong: true), Span("です。")])])
    }

    @Test func listsKeepTheirMarkers() throws {
        let blocks = try body("- 一つ目\n- 二つ目\n\n3. 三\n4. 四\n")
        #expect(blocks == [
            .listItem(marker: "・", [Span("一つ目")]), .listItem(marker: "・", [Span("二つ目")]),
            .listItem(marker: "3.", [Span("三")]), .listItem(marker: "4.", [Span("四")]),
        ])
    }

    @Test func softBreaksJoinJapaneseWithoutSpaces() throws {
        let blocks = try body("年末年始は\n休みます。\nOpen\nagain in January.\n")
        #expect(blocks.first?.plainText == "年末年始は休みます。Open again in January.")
    }

    @Test func hardBreakIsKept() throws {
        let blocks = try body("一行目  \n二行目\n")
        #expect(blocks.first?.plainText == "一行目\n二行目")
    }

    @Test func rawHTMLAndLinksShowOnlyTheirText() throws {
        let blocks = try body("<script>alert(1)</script>\n\n[市のサイト](https://example.org) を見てください。\n")
        #expect(blocks == [.paragraph([Span("市のサイト を見てください。")])])
    }

    @Test func furiganaBecomesRuby() throws {
        let blocks = try body("{本|ほん}を{選|えら}ぶ {not furigana} {|x}\n")
        #expect(blocks == [.paragraph([
            Span("本", ruby: "ほん"), Span("を"), Span("選", ruby: "えら"), Span("ぶ {not furigana} {|x}"),
        ])])
        #expect(blocks.first?.plainText == "本を選ぶ {not furigana} {|x}")
    }
}
