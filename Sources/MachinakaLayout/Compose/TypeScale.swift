import MachinakaCore

/// The sizes of a screen's text, from how far away it is read and how big the panel is.
///
/// Japanese guidance for public signs asks for about 4 mm of character height per metre of
/// viewing distance. A screen's `viewing_distance` and `diagonal` give that minimum in pixels;
/// the body is one size for every slide — never shrunk to make a notice fit (a long one pages)
/// — and every other text is a fixed ratio of it. The smallest ratio (furigana, half the body)
/// is at the minimum, so nothing on a slide is smaller than a reader at that distance needs.
public struct TypeScale: Equatable, Sendable {
    /// Character height per metre of viewing distance, in millimetres.
    public static let millimetresPerMetre = 4.0
    /// The smallest text is this share of the body: furigana.
    public static let smallestRatio = 0.5

    /// Pixels per millimetre on the panel.
    public let pixelsPerMillimetre: Double
    /// The smallest size any slide text may have, in pixels.
    public let minimum: Int
    /// The body size of every slide on this screen, in pixels.
    public let body: Int

    /// The scale of a `width`×`height` frame on a screen `diagonal` inches across, read from
    /// `distance` metres. The body is never smaller than `designBody` (the layout's own
    /// proportion of the frame), so a screen read from close up keeps its design.
    public init(width: Int, height: Int, diagonal: Double, distance: Double, designBody: Int) {
        let pixelsDiagonal = (Double(width * width + height * height)).squareRoot()
        pixelsPerMillimetre = pixelsDiagonal / (diagonal * 25.4)
        minimum = Int((Self.millimetresPerMetre * distance * pixelsPerMillimetre).rounded(.up))
        body = max(designBody, Int((Double(minimum) / Self.smallestRatio).rounded(.up)))
    }

    /// `ratio` of the body, never below the minimum.
    public func size(_ ratio: Double) -> Int {
        max(minimum, Int((Double(body) * ratio).rounded()))
    }

    /// A title: one and a half times the body.
    public var title: Int { size(1.45) }
    /// Headings inside a body, by level.
    public func heading(_ level: Int) -> Int { size(level <= 1 ? 1.3 : (level == 2 ? 1.18 : 1.08)) }
    /// Labels, captions, page numbers, the QR caption.
    public var label: Int { size(0.62) }
    /// The ticker and the header's name and clock.
    public var ticker: Int { size(0.85) }
    /// Furigana.
    public var ruby: Int { size(Self.smallestRatio) }

    /// The character height of `pixels` on this panel, in millimetres.
    public func millimetres(_ pixels: Int) -> Double { Double(pixels) / pixelsPerMillimetre }
}
