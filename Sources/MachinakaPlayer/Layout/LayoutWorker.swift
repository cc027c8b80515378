import Foundation
import MachinakaCore
import MachinakaLayout
import MachinakaRender

/// Lays out the next slide on its own thread, with its own fonts, while the current one is on
/// screen: the text goes into the layout cache the frame loop reads, and the whole scene comes
/// back so the loop can have its images decoded ahead. The loop itself then only assembles a
/// frame from laid-out parts, and stays free to present an alert at once, whatever a notice
/// holds.
public final class LayoutWorker: @unchecked Sendable {
    private let fonts: FontLibrary
    private let cache: LayoutCache
    private let queue = DispatchQueue(label: "machinaka.layout", qos: .userInitiated)
    private let lock = NSLock()
    private var ready: Scene?
    /// Called (on the worker's thread) when a scene is ready.
    private let wake: @Sendable () -> Void

    public init(catalog: FontCatalog, cache: LayoutCache, wake: @escaping @Sendable () -> Void) throws {
        fonts = try FontLibrary(catalog: catalog, validate: false)
        self.cache = cache
        self.wake = wake
    }

    /// Starts laying out `slot` of `rotation` as its screen will show it at `instant`.
    public func prepare(_ slot: Slot, rotation: Rotation, size: PixelSize, at instant: Date) {
        queue.async { [self] in
            var composer = FrameComposer(screen: rotation.screen, size: size, measurer: fonts, cache: cache, words: rotation.context.words)
            // A poster's ground is chosen here, ahead, so the loop finds it decided.
            composer.slides.artworkGround = ArtworkGround.shared.chooser
            let scene = composer.compose(slot: slot, rotation: rotation, alerts: [], at: instant).scene
            lock.lock()
            ready = scene
            lock.unlock()
            wake()
        }
    }

    /// Lays out, off the loop, the slides a rotation met that `memo` did not hold yet; `wake`
    /// then lets the loop build its rotation again with their pages' times.
    /// One slide at a time, each a job of its own at the queue's tail: the next slide's
    /// `prepare`, asked meanwhile, goes first, so a long batch (a whole feed at start) never
    /// holds it back and leaves the loop to lay out a slide itself.
    public func pace(_ memo: PaceMemo) {
        queue.async { [self] in
            layOut(memo.takeMissing(), memo: memo)
        }
    }

    private func layOut(_ pending: [PaceMemo.Pending], memo: PaceMemo) {
        guard let slide = pending.first else {
            if memo.finish() { wake() }
            return
        }
        memo.layOut(slide, with: fonts)
        queue.async { [self] in layOut(Array(pending.dropFirst()), memo: memo) }
    }

    /// The scene laid out last, once.
    public func takeReady() -> Scene? {
        lock.lock()
        defer { lock.unlock() }
        defer { ready = nil }
        return ready
    }
}
