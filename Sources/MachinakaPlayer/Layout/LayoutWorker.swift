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
            let composer = FrameComposer(screen: rotation.screen, size: size, measurer: fonts, cache: cache, words: rotation.context.words)
            let scene = composer.compose(slot: slot, rotation: rotation, alerts: [], at: instant).scene
            lock.lock()
            ready = scene
            lock.unlock()
            wake()
        }
    }

    /// Lays out, off the loop, the slides a rotation met that `memo` did not hold yet; `wake`
    /// then lets the loop build its rotation again with their pages' times.
    public func pace(_ memo: PaceMemo) {
        queue.async { [self] in
            if memo.layOutMissing(with: fonts) > 0 { wake() }
        }
    }

    /// The scene laid out last, once.
    public func takeReady() -> Scene? {
        lock.lock()
        defer { lock.unlock() }
        defer { ready = nil }
        return ready
    }
}
