import Foundation
import MachinakaCore

/// Chooses the ground a poster with transparent parts is shown on: the screen's own, unless
/// the artwork nearly vanishes on it (less than 10 % of its visible pixels stand out, as
/// `check` judges it) — then the first alternative it stands out on. A light logo on a white
/// screen played as a blank slide before.
///
/// Each file version is decoded once, by whoever asks first (the layout worker, preparing the
/// next slide); the answer is kept for the frame loop, and one who asks while it is being
/// worked out waits for it rather than decoding the poster a second time beside it (two full
/// decodes at once were most of the player's peak memory when a poster first came round).
public final class ArtworkGround: @unchecked Sendable {
    private let condition = NSCondition()
    private var known: [String: RGBA?] = [:]
    /// Keys being worked out now, by one thread each.
    private var pending: Set<String> = []

    public init() {}

    /// The one a process shares: the player's loop, its layout worker and its jobs.
    public static let shared = ArtworkGround()

    /// The ground for `image` instead of `background`, or nil to keep `background`.
    public func ground(for image: ImageSlide, on background: RGBA, alternatives: [RGBA]) -> RGBA? {
        let key = "\(image.path)|\(image.version)|\(background)"
        condition.lock()
        while pending.contains(key) { condition.wait() }
        if let answer = known[key] {
            condition.unlock()
            return answer
        }
        pending.insert(key)
        condition.unlock()
        var answer: RGBA? = nil
        // Decoded once, however many grounds it is tried on.
        if let sample = ImageVerifier.Sample(path: image.path), sample.visibleShare(on: background) < Self.vanishing {
            answer = alternatives.first { sample.visibleShare(on: $0) >= Self.vanishing }
        }
        condition.lock()
        if known.count > 256 { known.removeAll() }
        known[key] = answer
        pending.remove(key)
        condition.broadcast()
        condition.unlock()
        return answer
    }

    /// Below this share of visible pixels standing out, artwork is said to vanish.
    public static let vanishing = 0.1

    /// The chooser a composer takes (`SlideComposer.artworkGround`).
    public var chooser: @Sendable (ImageSlide, RGBA, [RGBA]) -> RGBA? {
        { [self] image, background, alternatives in ground(for: image, on: background, alternatives: alternatives) }
    }
}
