import Foundation

/// Every bound Machinaka puts on what a file may ask of a screen. README's limits table is
/// this one; a value outside a range is refused with a message that names the key and the
/// range, so no number in a file can trap an arithmetic operation, hold a screen all day or
/// make a frame cost more than the screen it is drawn on.
public enum Limits {
    // MARK: Files

    /// Largest Markdown or YAML file, in bytes.
    public static let textBytes = 1 << 20
    /// Largest CAP or JMA message; real ones with embedded resources reach about 100 KB.
    public static let alertBytes = 4 << 20
    /// Largest data file (counters, clinics, shelters).
    public static let dataBytes = 1 << 20
    /// Most rows (counters, clinics, shelters) read from one data file: a year of a city's
    /// holiday rota is a few hundred.
    public static let dataRows = 5_000
    /// A data board's `stale_after`: from ten seconds to a week.
    public static let staleAfter: ClosedRange<TimeInterval> = 10...(7 * 86_400)
    /// A count in a data file (a ticket number, people waiting, minutes, a shelter's places).
    public static let dataCount: ClosedRange<Int> = 0...9_999_999
    /// Largest image file, in bytes.
    public static let imageBytes = 32 << 20
    /// Largest image, in pixels (8K UHD is 33 million), read from its header before decoding.
    public static let imagePixels = 40_000_000
    /// Longest side of an image, in pixels.
    public static let imageSide = 32_768
    /// Longest side of a clip, in pixels (8K); `check` warns long before, at the decoding's cost.
    public static let clipSide = 8_192
    /// A clip's `loop`: how many times one showing plays it.
    public static let clipLoops: ClosedRange<Int> = 1...100

    // MARK: Numbers

    /// How long anything stays on screen: one second to one day.
    public static let duration: ClosedRange<TimeInterval> = 1...86_400
    /// How long an alert without an expiry stays up: a minute to a week.
    public static let alertLifetime: ClosedRange<TimeInterval> = 60...(7 * 86_400)
    /// `min_per_hour`, `max_per_hour`.
    public static let perHour: ClosedRange<Int> = 1...3_600
    /// `every`.
    public static let every: ClosedRange<Int> = 1...1_000
    /// `priority`.
    public static let priority: ClosedRange<Int> = -1_000...1_000
    /// `days_ahead` of the events board.
    public static let daysAhead: ClosedRange<Int> = 1...366
    /// Years a date in the feed may name.
    public static let years: ClosedRange<Int> = 2000...2100
    /// A screen's shorter side, in pixels (160×120 up to 7680×4320, either way round).
    public static let screenShortSide: ClosedRange<Int> = 120...4_320
    /// A screen's longer side.
    public static let screenLongSide: ClosedRange<Int> = 160...7_680
    /// Languages an alert rotates through on one screen.
    public static let languages = 8
    /// A screen's `viewing_distance`, in metres: a desk to a station concourse.
    public static let viewingDistance: ClosedRange<Double> = 0.5...30
    /// A screen's `diagonal`, in inches.
    public static let diagonal: ClosedRange<Double> = 7...200

    // MARK: Text

    /// Characters of a title (a notice's, an event's, a poster's).
    public static let titleCharacters = 200
    /// Characters of a body; a longer body is cut after the last whole paragraph that fits.
    public static let bodyCharacters = 5_000
    /// Blocks (paragraphs, list items, headings) of a body.
    public static let bodyBlocks = 200
    /// Characters of a short field: a place, a screen's name or facility, a sender.
    public static let shortCharacters = 200
    /// Characters of an alert's headline.
    public static let alertHeadlineCharacters = 300
    /// Characters of an alert's instruction, description or area list.
    public static let alertTextCharacters = 2_000
    /// Code points in one character (a base and its combining marks, or an emoji sequence):
    /// enough for every script and every emoji, not for thousands of stacked accents.
    public static let scalarsPerCharacter = 16
    /// Combining marks on one character: Vietnamese needs two, Thai three; more only stack
    /// above the line into the text around.
    public static let marksPerCharacter = 4
    /// Characters of the ticker line, all headlines together.
    public static let tickerCharacters = 1_000
    /// Characters of a link shown as a QR code.
    public static let linkCharacters = 500

    /// "between 1s and 24h" and the like, for messages.
    static func describe(_ range: ClosedRange<TimeInterval>) -> String {
        "between \(FeedTime.describeDuration(range.lowerBound)) and \(FeedTime.describeDuration(range.upperBound))"
    }
}
