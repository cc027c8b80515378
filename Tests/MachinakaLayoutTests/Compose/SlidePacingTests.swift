import Foundation
import MachinakaCore
import MachinakaLayout
import Testing

/// How the player times slides by their pages without laying out on its loop: the rotation
/// asks a `PaceMemo`, the worker lays out what it lacks, the rotation is built again.
@Suite struct SlidePacingTests {
    let instant = FeedTime.parseInstant("2026-12-03T10:00")!

    func feed(_ count: Int, long: Int = 0) -> Feed {
        let items = (0..<count).map { index in
            ContentItem(source: String(format: "news/%05d.md", index), kind: .news, title: "お知らせ\(index)",
                        body: [.paragraph([Span(String(repeating: "窓口の受付時間が変わります。", count: index < long ? 40 : 1))])])
        }
        var list = Playlist(name: "main")
        list.defaultDuration = 10
        return Feed(root: "/feed", playlists: [list], items: items)
    }

    func rotation(_ feed: Feed, memo: PaceMemo) -> Rotation {
        let screen = ScreenConfig(id: "lobby")
        let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
        let pacing = SlidePacing(composer: composer, memo: memo, at: instant, mode: .later, ticker: SlidePacing.ticker(feed, screen: screen))
        let rotation = Rotation(feed: feed, screen: screen, pacing: pacing)
        memo.forgetUntouched()
        return rotation
    }

    /// A hostile feed of many thousand notices (more than an older cap of 1,024 kept): once
    /// the worker has laid them out, a rotation built again finds every one, asks for nothing,
    /// and the generation stays — no layout again and again in the background, no rebuild at
    /// every slide's end.
    @Test func aFeedOfThousandsOfSlidesIsLaidOutOnceAndStaysKnown() {
        let memo = PaceMemo()
        let feed = feed(3000, long: 20)
        let first = rotation(feed, memo: memo)
        #expect(memo.hasMissing)
        #expect(first.members.allSatisfy { $0.duration == 10 }, "nothing known yet: the given time")
        #expect(memo.layOutMissing(with: FixedMeasurer()), "the batch changed something")
        let generation = memo.generation
        let second = rotation(feed, memo: memo)
        #expect(!memo.hasMissing)
        #expect(second.members.prefix(20).allSatisfy { $0.duration > 10 && $0.given == 10 }, "the long ones stay to be read")
        #expect(second.members.dropFirst(20).allSatisfy { $0.duration == 10 }, "short ones keep their time (8 s is less)")
        _ = rotation(feed, memo: memo)
        #expect(!memo.hasMissing && memo.generation == generation)
    }

    /// A file replaced (its content changes) is laid out again; one deleted is forgotten.
    @Test func aChangedNoticeIsLaidOutAgain() {
        let memo = PaceMemo()
        var feed = feed(3)
        _ = rotation(feed, memo: memo)
        memo.layOutMissing(with: FixedMeasurer())
        feed.items[1].body = [.paragraph([Span(String(repeating: "窓口の受付時間が変わります。", count: 40))])]
        let changed = rotation(feed, memo: memo)
        #expect(memo.hasMissing)
        #expect(changed.members[1].duration == 10, "the new text's times are not known yet")
        memo.layOutMissing(with: FixedMeasurer())
        #expect(rotation(feed, memo: memo).members[1].duration > 10)
    }

    /// Hostile: a table of 120 columns of phone numbers. It is laid out in pages that stay in
    /// the frame (as cards: a table of more columns than the width holds loses none), and its slide
    /// stays at most `ReadingPace.longestSlide`, however long its pages would take to read.
    @Test func aTableOfAHundredAndTwentyColumnsIsReadAsCardsInItsFrameAndAtMostTwoMinutes() {
        let columns = 120
        let table = TableBlock(header: (0..<columns).map { [Span("列\($0)")] }, alignments: Array(repeating: .leading, count: columns),
                               rows: (0..<20).map { row in (0..<columns).map { [Span(String(format: "042-754-%04d", row * columns + $0))] } })
        let item = ContentItem(source: "news/wide.md", kind: .news, title: "幅の広い表", body: [.table(table)])
        var list = Playlist(name: "main")
        list.defaultDuration = 10
        let feed = Feed(root: "/feed", playlists: [list], items: [item])
        for size in [PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720)] {
            var screen = ScreenConfig(id: "lobby")
            screen.size = size
            let composer = SlideComposer(screen: screen, measurer: FixedMeasurer())
            let rotation = Rotation(feed: feed, screen: screen, pacing: SlidePacing(composer: composer, at: instant, ticker: false))
            #expect(rotation.members[0].duration == ReadingPace.longestSlide, "\(size): \(rotation.members[0].duration) s")
            guard case .text(let slide)? = rotation.content(of: rotation.slot(at: instant), at: instant) else {
                Issue.record("\(size): not a text slide")
                continue
            }
            let area = composer.textArea(withTicker: false)
            let laid = composer.layText(slide, in: area)
            #expect(laid.pages.count > 1)
            // Too wide for a table: read as cards, where no column is lost (before, the columns
            // past the width were left out).
            let texts = laid.pages.flatMap { $0 }.compactMap { node -> String? in if case .text(let text) = node { return text.text } else { return nil } }
            #expect(texts.contains("列119") && texts.contains("042-754-0119") && laid.leftOut.isEmpty, "\(size): \(laid.leftOut)")
            for page in laid.pages {
                for case .text(let text) in page {
                    let right = text.x + FixedMeasurer().width(of: text.text, font: text.font)
                    #expect(text.x >= area.x && right <= area.x + area.width + 1, "\(size): '\(text.text)' from \(text.x) to \(right), area \(area)")
                }
            }
        }
    }
}
