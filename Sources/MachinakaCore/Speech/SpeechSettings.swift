import Foundation

/// How a screen speaks its alerts (`speech:` in `screens/<id>.yml`); absent, the screen is
/// silent. `speech: {languages: [ja, en], repeat: 2, volume: 0.8, quiet_hours: "22:00-07:00"}`.
public struct SpeechSettings: Equatable, Sendable, Decodable {
    /// The languages spoken, Japanese first (each said where the alert has it).
    public var languages: [String] = ["ja", "en"]
    /// How many times the message is said.
    public var repeats = 2
    /// Loudness, 0…1, of the whole announcement.
    public var volume = 0.8
    /// Local hours (`22:00-07:00`) in which only the gravest alerts are said: level 4 and
    /// above, or CAP's Extreme severity or Immediate urgency. Everything is still shown.
    public var quietHours: Range<Int>?
    /// The Japanese voice (an HTS voice for Open JTalk); nil: the one installed with Machinaka.
    public var voice: String?
    /// Whether counter calls are said: a ding and 「番号札417番の方、1番窓口へお越しください。」
    /// when a counter's `serving` number in the screen's counters data goes up.
    public var counterCalls = false

    /// The settings with every default.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case languages
        case repeats = "repeat"
        case volume
        case quietHours = "quiet_hours"
        case voice
        case counterCalls = "counter_calls"
    }

    /// The keys a `speech:` mapping may contain.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    public init(from decoder: Decoder) throws {
        // `speech: true` / `speech: on`: every default.
        if let single = try? decoder.singleValueContainer(), let on = try? single.decode(Bool.self) {
            guard on else { throw DecodingError.dataCorruptedError(in: single, debugDescription: "speech: false is the same as no speech: setting; leave it out") }
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? languages
        guard !languages.isEmpty, languages.allSatisfy({ $0.count >= 2 && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") } }) else {
            throw DecodingError.dataCorruptedError(forKey: .languages, in: c, debugDescription: "languages must be language codes such as [ja, en]")
        }
        repeats = try c.decodeIfPresent(Int.self, forKey: .repeats) ?? repeats
        guard (1...5).contains(repeats) else {
            throw DecodingError.dataCorruptedError(forKey: .repeats, in: c, debugDescription: "repeat \(repeats) is not between 1 and 5")
        }
        volume = try c.decodeIfPresent(Double.self, forKey: .volume) ?? volume
        guard (0.05...1).contains(volume) else {
            throw DecodingError.dataCorruptedError(forKey: .volume, in: c, debugDescription: "volume \(volume) is not between 0.05 and 1")
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .quietHours) {
            guard let range = Self.hours(text) else {
                throw DecodingError.dataCorruptedError(forKey: .quietHours, in: c, debugDescription: "'\(text)' is not a span of hours such as 22:00-07:00")
            }
            quietHours = range
        }
        voice = try c.decodeIfPresent(String.self, forKey: .voice)
        counterCalls = try c.decodeIfPresent(Bool.self, forKey: .counterCalls) ?? counterCalls
    }

    /// `22:00-07:00` as minutes of the day (the end may be earlier: past midnight).
    static func hours(_ text: String) -> Range<Int>? { HoursOfDay.parse(text) }

    /// Whether the local minute of the day `minute` (0…1439) is in the quiet hours.
    public func isQuiet(minute: Int) -> Bool {
        guard let quietHours else { return false }
        return quietHours.contains(minute) || quietHours.contains(minute + 1440)
    }
}
