import Foundation
import MachinakaVideo
import Testing

@testable import MachinakaCore

/// What `check` says about a clip, from its probed facts (no file needed).
@Suite("Clip kind")
struct ClipKindTests {
    func item(_ info: ClipInfo, audio: Bool = false) -> ContentItem {
        ContentItem(source: "media/film.mp4", kind: .clip, title: "film",
                    payload: ClipFile(path: "/feed/media/film.mp4", info: info, version: 1, loops: 1, audio: audio))
    }

    func screen() -> ScreenConfig {
        var screen = ScreenConfig(id: "lobby")
        screen.size = PixelSize(width: 1920, height: 1080)
        return screen
    }

    @Test func fourKAt60FramesOnAnHDScreenIsNamedWithItsCost() {
        let info = ClipInfo(container: "mov,mp4,m4a,3gp,3g2,mj2", codec: "hevc", width: 3840, height: 2160, frameRate: 60, duration: 20, hasAudio: false)
        let said = ClipKind().check(item(info), in: Feed(root: "/feed"), screens: [screen()], at: Date())
        #expect(said.contains { $0.severity == .note && $0.message == "clip: hevc 3840×2160 60 fps, 20.0 s, mov" })
        let warning = said.first { $0.severity == .warning }
        #expect(warning?.message.contains("costs 8.0× the decoding") == true, "\(said)")
    }

    @Test func aClipMadeForTheScreenIsOnlyDescribedAndSoundIsSaidMuted() {
        let info = ClipInfo(container: "matroska,webm", codec: "vp9", width: 1920, height: 1080, frameRate: 30, duration: 12, hasAudio: true)
        let quiet = ClipKind().check(item(info), in: Feed(root: "/feed"), screens: [screen()], at: Date())
        #expect(quiet.map(\.severity) == [.note])
        #expect(quiet.first?.message == "clip: vp9 1920×1080 30 fps, 12.0 s, matroska, with sound (muted)")
        let asked = ClipKind().check(item(info, audio: true), in: Feed(root: "/feed"), screens: [screen()], at: Date())
        #expect(asked.contains { $0.severity == .warning && $0.message.contains("'audio: on' is not built yet") })
    }

    @Test func aPortraitClipFilmedOnItsSideIsFittedUpright() {
        let info = ClipInfo(container: "mov,mp4,m4a,3gp,3g2,mj2", codec: "h264", width: 1920, height: 1080, frameRate: 30, duration: 8, hasAudio: false, turn: 90)
        let said = ClipKind().check(item(info), in: Feed(root: "/feed"), screens: [screen()], at: Date())
        #expect(said.first?.message == "clip: h264 1920×1080 shown 1080×1920 30 fps, 8.0 s, mov")
        let context = SlideContext(screen: screen(), items: [])
        guard case .clip(let slide) = ClipKind().slide(item(info), at: Date(), context: context) else {
            Issue.record("a clip item makes a clip slide")
            return
        }
        #expect(slide.size == PixelSize(width: 1080, height: 1920))
    }
}
