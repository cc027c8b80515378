import Foundation
import MachinakaCore

/// Chooses the ground a poster with transparent parts is shown on: the screen's own, unless
/// the artwork nearly vanishes on it (less than 10 % of its visible pixels stand out, as
/// `check` judges it) — then the first alternative it stands out on. A light logo on a white
/// screen played as a blank slide before.
///
/// Each file version is decoded once, by whoever asks first (the layout worker, preparing the
/// next slide); the answer is kept for the frame loop.
public final class ArtworkGround: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: RGBA?] = [:]

    public init() {}

    /// The one a process shares: the player's loop, its layout worker and its jobs.
    public static let shared = ArtworkGround()

    /// The ground for `image` instead of `background`, or nil to keep `background`.
    public func ground(for image: ImageSlide, on background: RGBA, alternatives: [RGBA]) -> RGBA? {
        let key = "\(image.path)|\(image.version)|\(background)"
        lock.lock()
        if let answer = known[key] {
            lock.unlock()
            return answer
        }
        lock.unlock()
        var answer: RGBA? = nil
        if let share = ImageVerifier.visibleShare(of: image.path, on: background), share < Self.vanishing {
            answer = alternatives.first { (ImageVerifier.visibleShare(of: image.path, on: $0) ?? 0) >= Self.vanishing }
        }
        lock.lock()
        if known.count > 256 { known.removeAll() }
        known[key] = answer
        lock.unlock()
        return answer
    }

    /// Below this share of visible pixels standing out, artwork is said to vanish.
    public static let vanishing = 0.1

    /// The chooser a composer takes (`SlideComposer.artworkGround`).
    public var chooser: @Sendable (ImageSlide, RGBA, [RGBA]) -> RGBA? {
        { [self] image, background, alternatives in ground(for: image, on: background, alternatives: alternatives) }
    }
}
