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
        #expect(blocks == [.heading(level: 2, [Span("見出し")]), .paragraph([Span("本文の"), Span("強調", strong: true), Span("です。")])])
    }

    @Test func headingsKeepTheirLevelUpToThree() throws {
        let blocks = try body("# 一\n## 二\n### 三\n##### 五\n")
        #expect(blocks == [.heading(level: 1, [Span("一")]), .heading(level: 2, [Span("二")]), .heading(level: 3, [Span("三")]), .heading(level: 3, [Span("五")])])
    }

    @Test func listsKeepTheirMarkers() throws {
        let blocks = try body("- 一つ目\n- 二つ目\n\n3. 三\n4. 四\n")
        #expect(blocks == [
            .listItem(marker: "・", depth: 0, [Span("一つ目")]), .listItem(marker: "・", depth: 0, [Span("二つ目")]),
            .listItem(marker: "3.", depth: 0, [Span("三")]), .listItem(marker: "4.", depth: 0, [Span("四")]),
        ])
    }

    @Test func nestedListsKeepTheirDepthAndNumbers() throws {
        let blocks = try body("1. 申込書を出す\n   - 窓口で\n   - 郵送で\n2. 面談\n\n   面談は30分です。\n3. 結果の通知\n")
        #expect(blocks == [
            .listItem(marker: "1.", depth: 0, [Span("申込書を出す")]),
            .listItem(marker: "–", depth: 1, [Span("窓口で")]), .listItem(marker: "–", depth: 1, [Span("郵送で")]),
            .listItem(marker: "2.", depth: 0, [Span("面談")]), .listItem(marker: "", depth: 0, [Span("面談は30分です。")]),
            .listItem(marker: "3.", depth: 0, [Span("結果の通知")]),
        ])
    }

    @Test func tablesKeepTheirHeaderAlignmentAndCells() throws {
        let blocks = try body("| 曜日 | 受付時間 | 窓口 |\n| :-- | :-: | --: |\n| 月〜金 | 8:30〜17:15 | **1番** |\n| 土 | 9:00〜12:00 |\n")
        guard case .table(let table)? = blocks.first else {
            Issue.record("no table: \(blocks)")
            return
        }
        #expect(table.header == [[Span("曜日")], [Span("受付時間")], [Span("窓口")]])
        #expect(table.alignments == [.leading, .center, .trailing])
        #expect(table.rows == [[[Span("月〜金")], [Span("8:30〜17:15")], [Span("1番", strong: true)]], [[Span("土")], [Span("9:00〜12:00")], []]])
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
