import Foundation

/// A pixel size, e.g. 1920×1080.
public struct PixelSize: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `1920x1080` (or `1920×1080`); nil unless both sides are 1…16384.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
            (1...16384).contains(w), (1...16384).contains(h)
        else { return nil }
        self.init(width: w, height: h)
    }

    public var description: String { "\(width)x\(height)" }

    /// Whether a screen may be this size: 160×120 up to 7680×4320, either way round
    /// (`Limits`). Frames, textures and layout all scale with it.
    public var isScreenSize: Bool {
        Limits.screenShortSide.contains(min(width, height)) && Limits.screenLongSide.contains(max(width, height))
    }

    /// The allowed screen sizes, in words.
    public static let screenSizeRange = "from \(Limits.screenLongSide.lowerBound)x\(Limits.screenShortSide.lowerBound) to \(Limits.screenLongSide.upperBound)x\(Limits.screenShortSide.upperBound), either way round"
    /// Whether the screen is taller than wide.
    public var isPortrait: Bool { height > width }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let size = PixelSize(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a size like 1920x1080")
        }
        guard size.isScreenSize else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is outside the allowed screen sizes (\(PixelSize.screenSizeRange))")
        }
        self = size
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One screen, from `screens/<id>.yml`: where it hangs and how it looks.
///
/// Every key has a default, so a file holding only `name:` is a working screen.
public struct ScreenConfig: Equatable, Sendable, Codable {
    /// The file name without `.yml`; not read from the file.
    public var id: String
    /// What people call the screen, e.g. "市役所本庁舎 1階ロビー".
    public var name: String
    /// The facility named in the header.
    public var facility: String
    /// Free tags (facility type, area, audience) that content can target.
    public var tags: [String]
    /// The design, by name (see `Theme`).
    public var theme: String
    /// The panel's size in pixels; portrait when taller than wide.
    public var size: PixelSize
    /// The languages shown, in order of preference; Japanese first by default.
    public var languages: [String]
    /// The IANA time zone of the building.
    public var timeZone: String
    /// Whether CAP Exercise messages are shown here (marked 訓練).
    public var drills: Bool
    /// Which CAP scopes are shown here.
    public var alertScopes: [String]
    /// How long an alert without an expiry stays up, in seconds.
    public var alertLifetime: TimeInterval
    /// How long an all-clear card stays up, in seconds.
    public var allClearDuration: TimeInterval
    /// Whether a ticker line of headlines scrolls along the bottom.
    public var ticker: Bool
    /// The ticker's speed, in pixels a second on a 1080-pixel-high screen (scaled with it).
    public var tickerSpeed: Double
    /// How one slide gives way to the next: `fade` (a short cross-fade) or `none`.
    public var transition: String
    /// How an alert shows the screen's other languages: `region` (Japanese always on screen,
    /// the others in turn in a region of their own) or `rotate` (the whole frame in turn).
    public var alertLanguages: String
    /// A logo for the header, a feed-relative image path (e.g. `media/logo.png`).
    public var logo: String?
    /// JMA area codes this screen covers (`jma_areas: [1415000]`).
    public var jmaAreas: [String] = []
    /// JMA's designated-river forecast areas this screen covers (`jma_rivers: [830201000300]`).
    public var jmaRivers: [String] = []
    /// Whether JMA advisories (注意報) show too (`jma_advisories: true`).
    public var jmaAdvisories = false
    /// Certificates of the only senders whose CAP messages this screen shows
    /// (`trusted_senders:`): PEM files or folders inside the feed, or a folder under /etc/machinaka.
    public var trustedSenders: [String] = []
    /// The keys of those certificates, set by the feed loader.
    public var trustedFingerprints: [String] = []
    /// The logo's absolute path, set by the feed loader once it is found inside the feed.
    public var logoPath: String?
    /// A board shown at all times beside, below or instead of the rotation (`panel:`).
    public var panel: ScreenPanel?
    /// How far away the screen is read, in metres: with `diagonal`, it sets the text sizes.
    public var viewingDistance: Double = 4
    /// The panel's diagonal, in inches.
    public var diagonal: Double = 55
    /// How alerts are spoken (`speech:`); nil: the screen is silent.
    public var speech: SpeechSettings?
    /// When the display is on (`power:`); nil: always.
    public var power: PowerSchedule?

    /// A screen with every default, named `id`.
    public init(id: String) {
        self.id = id
        name = id
        facility = "相模原市"
        tags = []
        theme = "default"
        size = PixelSize(width: 1920, height: 1080)
        languages = ["ja", "en"]
        timeZone = "Asia/Tokyo"
        drills = false
        alertScopes = ["Public"]
        alertLifetime = 6 * 3600
        allClearDuration = 60
        ticker = true
        tickerSpeed = 120
        transition = "fade"
        alertLanguages = "region"
    }

    /// What this screen accepts from the alert system.
    public var alertPolicy: AlertPolicy {
        var policy = AlertPolicy(
            drills: drills, scopes: Set(alertScopes.compactMap(CAPMessage.Scope.init(rawValue:))),
            defaultLifetime: alertLifetime, allClearDuration: allClearDuration, languages: languages)
        policy.jmaAreas = jmaAreas
        policy.jmaAdvisories = jmaAdvisories
        policy.jmaRivers = jmaRivers
        policy.trustedSigners = Set(trustedFingerprints)
        // Trust asked for but no key could be read: nothing is trusted (the feed loader refuses
        // such a screen file; this keeps a screen built in code from failing open).
        if !trustedSenders.isEmpty, trustedFingerprints.isEmpty { policy.trustedSigners = ["(none)"] }
        return policy
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, facility, tags, theme, size, languages
        case timeZone = "time_zone"
        case drills
        case alertScopes = "alert_scopes"
        case alertLifetime = "alert_lifetime"
        case allClearDuration = "all_clear_duration"
        case ticker
        case tickerSpeed = "ticker_speed"
        case transition, logo
        case alertLanguages = "alert_languages"
        case jmaAreas = "jma_areas"
        case jmaRivers = "jma_rivers"
        case jmaAdvisories = "jma_advisories"
        case trustedSenders = "trusted_senders"
        case panel
        case viewingDistance = "viewing_distance"
        case diagonal
        case speech
        case power
    }

    /// The keys a screen file may contain.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    public init(from decoder: Decoder) throws {
        self.init(id: "")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name).map { CleanText.field($0, limit: Limits.shortCharacters) } ?? name
        facility = try c.decodeIfPresent(String.self, forKey: .facility).map { CleanText.field($0, limit: Limits.shortCharacters) } ?? facility
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? tags
        theme = try c.decodeIfPresent(String.self, forKey: .theme) ?? theme
        size = try c.decodeIfPresent(PixelSize.self, forKey: .size) ?? size
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? languages
        guard (1...Limits.languages).contains(languages.count) else {
            throw DecodingError.dataCorruptedError(forKey: .languages, in: c, debugDescription: "list from 1 to \(Limits.languages) languages, not \(languages.count)")
        }
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? timeZone
        drills = try c.decodeIfPresent(Bool.self, forKey: .drills) ?? drills
        ticker = try c.decodeIfPresent(Bool.self, forKey: .ticker) ?? ticker
        transition = try c.decodeIfPresent(String.self, forKey: .transition) ?? transition
        logo = try c.decodeIfPresent(String.self, forKey: .logo)
        alertLanguages = try c.decodeIfPresent(String.self, forKey: .alertLanguages) ?? alertLanguages
        if c.contains(.jmaAreas) {
            // Codes are numbers in YAML (1415000) or strings ("1415000"): either is read as text.
            if let numbers = try? c.decode([Int].self, forKey: .jmaAreas) {
                jmaAreas = numbers.map(String.init)
            } else {
                jmaAreas = try c.decode([String].self, forKey: .jmaAreas)
            }
            for code in jmaAreas where code.isEmpty || code.count > 8 || !code.allSatisfy(\.isASCII) || !code.allSatisfy(\.isNumber) {
                throw DecodingError.dataCorruptedError(forKey: .jmaAreas, in: c, debugDescription: "'\(code)' is not a JMA area code such as 1415000 (相模原市) or 330 (相模湾・三浦半島)")
            }
        }
        if c.contains(.jmaRivers) {
            if let numbers = try? c.decode([Int].self, forKey: .jmaRivers) {
                jmaRivers = numbers.map(String.init)
            } else {
                jmaRivers = try c.decode([String].self, forKey: .jmaRivers)
            }
            for code in jmaRivers where code.count < 10 || code.count > 12 || !code.allSatisfy(\.isASCII) || !code.allSatisfy(\.isNumber) {
                throw DecodingError.dataCorruptedError(forKey: .jmaRivers, in: c, debugDescription: "'\(code)' is not a JMA river code: a forecast area's twelve digits (such as 830201000300) or a river's ten")
            }
        }
        jmaAdvisories = try c.decodeIfPresent(Bool.self, forKey: .jmaAdvisories) ?? jmaAdvisories
        trustedSenders = try c.decodeIfPresent([String].self, forKey: .trustedSenders) ?? trustedSenders
        panel = try c.decodeIfPresent(ScreenPanel.self, forKey: .panel)
        speech = try c.decodeIfPresent(SpeechSettings.self, forKey: .speech)
        power = try c.decodeIfPresent(PowerSchedule.self, forKey: .power)
        viewingDistance = try c.decodeIfPresent(Double.self, forKey: .viewingDistance) ?? viewingDistance
        guard Limits.viewingDistance.contains(viewingDistance) else {
            throw DecodingError.dataCorruptedError(forKey: .viewingDistance, in: c, debugDescription: "\(viewingDistance) m is outside the allowed range \(Limits.viewingDistance.lowerBound)…\(Limits.viewingDistance.upperBound) m")
        }
        diagonal = try c.decodeIfPresent(Double.self, forKey: .diagonal) ?? diagonal
        guard Limits.diagonal.contains(diagonal) else {
            throw DecodingError.dataCorruptedError(forKey: .diagonal, in: c, debugDescription: "\(diagonal) inches is outside the allowed range \(Limits.diagonal.lowerBound)…\(Limits.diagonal.upperBound)")
        }
        guard ["region", "rotate"].contains(alertLanguages) else {
            throw DecodingError.dataCorruptedError(forKey: .alertLanguages, in: c, debugDescription: "'\(alertLanguages)' is not a way to show alert languages; use region or rotate")
        }
        guard ["fade", "none"].contains(transition) else {
            throw DecodingError.dataCorruptedError(forKey: .transition, in: c, debugDescription: "'\(transition)' is not a transition; use fade or none")
        }
        tickerSpeed = try c.decodeIfPresent(Double.self, forKey: .tickerSpeed) ?? tickerSpeed
        guard (10...1000).contains(tickerSpeed) else {
            throw DecodingError.dataCorruptedError(forKey: .tickerSpeed, in: c, debugDescription: "\(tickerSpeed) is not a speed between 10 and 1000 pixels a second")
        }
        alertScopes = try c.decodeIfPresent([String].self, forKey: .alertScopes) ?? alertScopes
        for scope in alertScopes where CAPMessage.Scope(rawValue: scope) == nil {
            throw DecodingError.dataCorruptedError(forKey: .alertScopes, in: c, debugDescription: "'\(scope)' is not a CAP scope (Public, Restricted, Private)")
        }
        alertLifetime = try c.decodeDuration(forKey: .alertLifetime, within: Limits.alertLifetime) ?? alertLifetime
        allClearDuration = try c.decodeDuration(forKey: .allClearDuration) ?? allClearDuration
        guard TimeZone(identifier: timeZone) != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .timeZone, in: c, debugDescription: "'\(timeZone)' is not a time zone name")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(facility, forKey: .facility)
        try c.encode(tags, forKey: .tags)
        try c.encode(theme, forKey: .theme)
        try c.encode(size, forKey: .size)
        try c.encode(languages, forKey: .languages)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(drills, forKey: .drills)
        try c.encode(ticker, forKey: .ticker)
        try c.encode(tickerSpeed, forKey: .tickerSpeed)
        try c.encode(transition, forKey: .transition)
        try c.encodeIfPresent(logo, forKey: .logo)
        try c.encode(alertLanguages, forKey: .alertLanguages)
        try c.encode(jmaAreas, forKey: .jmaAreas)
        try c.encode(jmaAdvisories, forKey: .jmaAdvisories)
        try c.encode(trustedSenders, forKey: .trustedSenders)
        try c.encode(viewingDistance, forKey: .viewingDistance)
        try c.encode(diagonal, forKey: .diagonal)
        try c.encode(alertScopes, forKey: .alertScopes)
        try c.encode("\(Int(alertLifetime))s", forKey: .alertLifetime)
        try c.encode("\(Int(allClearDuration))s", forKey: .allClearDuration)
    }

    /// The screen's time zone (validated when decoded).
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? FeedTime.defaultTimeZone }

    /// `isNear` for a board's many rows: each area (they repeat) judged once.
    public func nearness() -> (String) -> Bool {
        var known: [String: Bool] = [:]
        return { area in
            if let answer = known[area] { return answer }
            let answer = isNear(area)
            known[area] = answer
            return answer
        }
    }

    /// Whether `area` (a ward or district of a data file, e.g. 緑区) is where the screen is:
    /// one of its `tags` names it (相模原市緑区 and 緑区 name the same ward).
    public func isNear(_ area: String) -> Bool {
        let area = area.trimmingCharacters(in: .whitespaces)
        guard !area.isEmpty else { return false }
        return tags.contains { tag in tag == area || (tag.count >= 2 && area.hasSuffix(tag)) || (area.count >= 2 && tag.hasSuffix(area)) }
    }
}
