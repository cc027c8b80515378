import Foundation
import Testing

@testable import MachinakaCore

@Suite("Clip node")
struct ClipNodeTests {
    let start = Date(timeIntervalSinceReferenceDate: 817_000_000)

    func node(at instant: Date) -> ClipNode {
        ClipNode(path: "/feed/media/a.mp4", version: 1, frame: Rect(x: 0, y: 0, width: 320, height: 180), showing: start, frameRate: 30, at: instant)
    }

    @Test func thePictureDueAndTheNextAreOnTheClipsOwnGrid() {
        let clip = node(at: start.addingTimeInterval(1.01))
        #expect(clip.picture == 30)
        #expect(abs(clip.time - 1) < 1e-9)
        #expect(abs(clip.nextPicture(after: start.addingTimeInterval(1.01)).timeIntervalSince(start) - 31.0 / 30) < 1e-6)
        #expect(node(at: start.addingTimeInterval(-5)).picture == 0, "before its showing, the first picture")
    }

    /// A regression: a date keeps about a tenth of a microsecond, so the instant the loop woke
    /// at (a picture's due time) could read as a hair before it; the next picture was then
    /// that same instant, and the loop turned without the clock moving, for ever.
    @Test func theNextPictureIsAlwaysLater() {
        var now = start
        for _ in 0..<2_000 {
            let next = node(at: now).nextPicture(after: now)
            #expect(next > now)
            now = next
        }
        #expect(node(at: now).picture == 2_000)
    }

    @Test func twoFramesOfOneShowingDamageOnlyTheClip() {
        let a = Scene(width: 480, height: 270, background: RGBA(0, 0, 0), nodes: [], clip: node(at: start))
        var b = a
        b.clip = node(at: start.addingTimeInterval(0.5))
        #expect(b.damage(from: a) == .regions([Rect(x: 0, y: 0, width: 320, height: 180)]))
        #expect(a.damage(from: a) == Damage.none)
        var other = b
        other.clip?.showing = start.addingTimeInterval(2)
        #expect(other.damage(from: b) == .all, "another showing is a new slide")
    }

    /// The ticker and a clip are one case for the loop's wait: each says when it next moves.
    @Test func theSceneSaysWhenItNextMovesTickerOrClip() {
        let now = start.addingTimeInterval(0.5)
        var scene = Scene(width: 480, height: 270, background: RGBA(0, 0, 0))
        #expect(scene.nextMotion(after: now) == nil, "a still scene does not move")
        scene.ticker = TickerNode(frame: Rect(x: 0, y: 240, width: 480, height: 30), background: RGBA(0, 0, 0), segments: [], period: 100, offset: 0)
        let step = TickerNode.nextStep(after: now)
        #expect(step > now && step.timeIntervalSince(now) <= TickerNode.stepInterval + 1e-6)
        #expect(scene.nextMotion(after: now) == step)
        scene.ticker = nil
        scene.clip = node(at: now)
        #expect(scene.nextMotion(after: now) == node(at: now).nextPicture(after: now))
        scene.ticker = TickerNode(frame: Rect(x: 0, y: 240, width: 480, height: 30), background: RGBA(0, 0, 0), segments: [], period: 100, offset: 0)
        #expect(scene.nextMotion(after: now) == min(step, node(at: now).nextPicture(after: now)), "the sooner of the two")
    }
}
