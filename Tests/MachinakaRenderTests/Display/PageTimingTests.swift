import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender
import Testing

extension RenderTests {
    /// Issue 29: pages that stay long enough to be read in passing. Every slide of the stress
    /// feed and of the review's cases (30 clinics, 40 shelters, 20 counters, a six-row fee
    /// table, a very long title) is played through its whole slot, as the rotation times it,
    /// on a portrait, a 1080p and a 720p screen, a frame every half second; how long each
    /// page stays is read from the frames themselves.
    @Suite struct PageTimingTests {
        static let cases: [(feed: String, screen: String)] = [
            ("stress", "hall"), ("stress", "portrait"), ("stress", "small-dark"),
            ("review", "landscape"), ("review", "portrait"), ("review", "hd"),
        ]
        static let instant = FeedTime.parseInstant("2026-12-06T10:15:40+09:00")!
        static let step = 0.5

        /// The characters a reader reads on a page of a text slide: its title and body, not the
        /// header, the label, the page number, a QR code's caption or furigana (all smaller
        /// than the body); the title only on the first page.
        static func characters(_ texts: [TextNode], body: Int, title: Set<String>) -> Int {
            texts.filter { $0.font.size >= body && !title.contains("\($0.text)|\($0.x)|\($0.y)") }
                .reduce(0) { $0 + ReadingPace.characters(in: $1.text) }
        }

        @Test(arguments: 0..<cases.count)
        func everyPageStaysAtLeastEightSecondsAndItsReadingTime(_ index: Int) throws {
            let (folder, screenID) = Self.cases[index]
            let fonts = try Fixtures.fonts()
            let feed = try FeedLoader().load(from: Fixtures.root + "/Tests/Fixtures/" + folder)
            let screen = try #require(feed.screens[screenID])
            // With a layout cache, as the player composes: each frame reuses the slide's layout.
            let composer = FrameComposer(screen: screen, measurer: fonts, cache: LayoutCache(), words: feed.words)
            let rotation = Rotation(feed: feed, screen: screen, pacing: SlidePacing(composer: composer.slides, at: Self.instant, ticker: SlidePacing.ticker(feed, screen: screen)))
            let body = composer.slides.scale.body
            let header = Int(Double(min(screen.size.width, screen.size.height)) * 96 / 1080)
            var checked = 0
            for member in rotation.members {
                let slot = Slot(item: member.item, start: Self.instant, end: Self.instant.addingTimeInterval(member.duration))
                guard let content = rotation.content(of: slot, at: Self.instant) else { continue }
                if case .image = content { continue }
                let headlines = rotation.headlines(at: Self.instant)
                // No price, time or phone number broken across lines (the fee table in portrait).
                let breaks = composer.compose(slot: slot, content: content, alerts: [], headlines: headlines, at: Self.instant).forcedBreaks
                #expect(breaks.isEmpty, "\(folder)/\(screenID): \(member.item.source) breaks inside \(breaks)")
                // Each page as shown: its number ("2 / 3", alone at the foot) and for how long.
                var shown: [(label: String, seconds: Double, texts: [TextNode])] = []
                var at = Self.instant
                while at < slot.end {
                    let scene = composer.compose(slot: slot, content: content, alerts: [], headlines: headlines, at: at).scene
                    let texts = scene.texts.filter { $0.y > header }
                    let label = texts.last { $0.text.range(of: #"^(.*　)?\d+ / \d+$"#, options: .regularExpression) != nil }?.text ?? "1 / 1"
                    if shown.last?.label == label {
                        shown[shown.count - 1].seconds += Self.step
                    } else {
                        shown.append((label, Self.step, texts))
                    }
                    at = at.addingTimeInterval(Self.step)
                }
                let source = "\(folder)/\(screenID): \(member.item.source)"
                let pages = Int(shown.first?.label.split(separator: "/").last?.trimmingCharacters(in: .whitespaces) ?? "1") ?? 1
                #expect(shown.count == pages, "\(source): every page shown once, in turn: \(shown.map(\.label))")
                let title = Set((shown.first?.texts ?? []).map { "\($0.text)|\($0.x)|\($0.y)" })
                for (number, page) in shown.enumerated() {
                    checked += 1
                    #expect(page.seconds >= ReadingPace.minimumPage - Self.step, "\(source): page \(page.label) for \(page.seconds) s")
                    if case .text = content {
                        let read = ReadingPace.reading(characters: Self.characters(page.texts, body: body, title: number == 0 ? [] : title))
                        #expect(page.seconds >= read - Self.step, "\(source): page \(page.label) for \(page.seconds) s, read in \(read) s")
                    }
                    if case .board = content, pages < BoardComposer.maxPages {
                        // Rows are left out only past the most pages a board is dealt onto.
                        #expect(!page.texts.contains { $0.text.contains("more not shown") || $0.text.contains("more　") }, "\(source): rows left out for lack of time")
                    }
                    if number < shown.count - 1, min(screen.size.width, screen.size.height) >= 1080,
                       member.item.source.contains("shelters") || member.item.source.contains("clinics") {
                        // Rows of one line where the width allows (a shelter's area beside its
                        // name, its status in both languages on one line): 40 shelters took
                        // 8 pages of five at 1080p. The review's 30 clinics come in ten
                        // departments of three, each with its heading: a clinic a line, its
                        // address beside its name and two spans of hours on the line too (made
                        // a little smaller where that is what keeps it one): six a page, where
                        // a long name's address or the hours' second span took a second line
                        // and a page held three to five.
                        let rows = page.texts.filter { $0.text.range(of: #"^\d+ / \d+人$|^042-"#, options: .regularExpression) != nil }.count
                        let least = member.item.source.contains("shelters") ? 8 : 6
                        #expect(rows >= least, "\(source): page \(page.label) shows \(rows) rows")
                    }
                    if member.item.source.contains("counters") {
                        // A called number is three times the body's size, or more.
                        let numbers = page.texts.filter { $0.text.allSatisfy(\.isNumber) && !$0.text.isEmpty }
                        #expect(!numbers.isEmpty, "\(source): page \(page.label) shows numbers")
                        for number in numbers {
                            #expect(number.font.size >= 3 * body, "\(source): '\(number.text)' at \(number.font.size) px, body \(body) px")
                        }
                        // Rows as tall as their own texts: a long name does not make every row
                        // tall (20 counters took 10 pages of two at 1080p before). At 720p
                        // read from 3 m, numbers three times that body leave room for two.
                        if number < shown.count - 1, min(screen.size.width, screen.size.height) >= 1080 {
                            #expect(numbers.count >= 3, "\(source): page \(page.label) shows \(numbers.count) counters")
                        }
                    }
                }
            }
            #expect(checked > 5, "\(folder)/\(screenID): pages checked")
        }
    }
}
