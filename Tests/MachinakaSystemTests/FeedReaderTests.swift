@testable import MachinakaSystem
import Testing

/// What the feed's reader gathers into one turn while it reads.
@Suite struct FeedReaderTests {
    @Test func workHandedWhileReadingIsGatheredIntoOneTurn() {
        typealias Work = FeedReader.Work
        #expect(Work.paths(["news/a.md"]).then(.paths(["media/b.mp4"])) == .paths(["news/a.md", "media/b.mp4"]))
        // A whole read takes in any paths, before or after.
        #expect(Work.paths(["news/a.md"]).then(.rescan) == .rescan)
        #expect(Work.rescan.then(.paths(["news/a.md"])) == .rescan)
        // A folder now at the path is read whole; paths of the folder before it are moot.
        #expect(Work.paths(["news/a.md"]).then(.folder("/feed")) == .folder("/feed"))
        #expect(Work.folder("/feed").then(.paths(["news/a.md"])) == .folder("/feed"))
        #expect(Work.folder("/feed").then(.rescan) == .folder("/feed"))
        #expect(Work.folder("/old").then(.folder("/new")) == .folder("/new"))
    }
}
