import Foundation
import MachinakaCore
import Testing

/// The step rule the live player and `plan` share, driven instant by instant as the player does.
@Suite struct SlideSequenceTests {
    let rotation: Rotation = {
        var list = Playlist(name: "main")
        list.defaultDuration = 10
        let items = ["a", "b", "c"].map { ContentItem(source: "news/\($0).md", kind: .news, title: $0) }
        return Rotation(feed: Feed(root: "/feed", playlists: [list], items: items), screen: ScreenConfig(id: "lobby"))
    }()
    let t0 = tokyo("2026-12-01T10:00:00")

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test func aSlidePlaysToItsEndThenTheNextFollowsIt() throws {
        var sequence = SlideSequence()
        let first = sequence.slot(at: at(0), in: rotation, alertOn: false)
        #expect(sequence.slot(at: at(3), in: rotation, alertOn: false) == first, "the same showing, not a new one")
        #expect(!sequence.isOver(at: at(3)))
        #expect(sequence.isOver(at: first.end))
        let second = sequence.slot(at: first.end, in: rotation, alertOn: false)
        #expect(second.start == first.end)
        #expect(second.item != first.item)
    }

    @Test func anAlertCutsTheSlideWhichIsShownAgainInFullAfterIt() throws {
        var sequence = SlideSequence()
        let first = sequence.slot(at: at(0), in: rotation, alertOn: false)
        let cutAt = first.start.addingTimeInterval(4)
        _ = sequence.slot(at: cutAt, in: rotation, alertOn: true)
        #expect(sequence.interrupted == first)
        // A long alert: the cut slide's time runs out underneath; it is still owed.
        _ = sequence.slot(at: first.end.addingTimeInterval(30), in: rotation, alertOn: true)
        let over = first.end.addingTimeInterval(45)
        let replay = sequence.slot(at: over, in: rotation, alertOn: false)
        #expect(replay.item == first.item)
        #expect(replay.start == over)
        #expect(replay.end.timeIntervalSince(replay.start) == first.end.timeIntervalSince(first.start), "its whole duration again")
        #expect(sequence.interrupted == nil)
        // And the rotation goes on after it: the slide that followed it before the alert.
        let next = sequence.slot(at: replay.end, in: rotation, alertOn: false)
        #expect(next.item == rotation.slot(following: first, at: first.end).item)
        #expect(next.item != first.item)
    }

    @Test func anAlertBetweenSlidesOwesNothing() {
        var sequence = SlideSequence()
        let first = sequence.slot(at: at(0), in: rotation, alertOn: false)
        // The alert arrives the instant the slide ends: nothing was cut.
        _ = sequence.slot(at: first.end, in: rotation, alertOn: true)
        #expect(sequence.interrupted == nil)
        let after = sequence.slot(at: first.end.addingTimeInterval(2), in: rotation, alertOn: false)
        #expect(after.item != first.item)
    }

    @Test func restartTakesTheAnchoredSlideButKeepsTheReplayOwed() {
        var sequence = SlideSequence()
        let first = sequence.slot(at: at(0), in: rotation, alertOn: false)
        _ = sequence.slot(at: first.start.addingTimeInterval(2), in: rotation, alertOn: true)
        sequence.restart()
        #expect(sequence.current == nil)
        #expect(sequence.isOver(at: first.start.addingTimeInterval(3)))
        #expect(sequence.slot(at: first.start.addingTimeInterval(3), in: rotation, alertOn: false).item == first.item)
    }
}
