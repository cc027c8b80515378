import Foundation

/// What a screen accepts from the alert system, from its `screens/<id>.yml`.
public struct AlertPolicy: Equatable, Sendable {
    /// Whether Exercise messages are shown (marked 訓練); never on an ordinary screen.
    public var drills: Bool
    /// Which `scope`s are shown; Public only by default.
    public var scopes: Set<CAPMessage.Scope>
    /// How long an `<info>` without `<expires>` stays up.
    public var defaultLifetime: TimeInterval
    /// How long an all-clear card stays before the rotation resumes.
    public var allClearDuration: TimeInterval
    /// The languages to show, in order; Japanese first.
    public var languages: [String]

    /// Creates a policy; the defaults are the safe ones.
    public init(drills: Bool = false, scopes: Set<CAPMessage.Scope> = [.public], defaultLifetime: TimeInterval = 6 * 3600,
                allClearDuration: TimeInterval = 60, languages: [String] = ["ja", "en"]) {
        self.drills = drills
        self.scopes = scopes
        self.defaultLifetime = defaultLifetime
        self.allClearDuration = allClearDuration
        self.languages = languages
    }

    /// SAME event codes that mean "this is a test", whatever the status says.
    static let testEventCodes: Set<String> = ["RMT", "RWT", "NPT", "DMO"]
}

/// A parsed message and when it arrived.
public struct ReceivedAlert: Equatable, Hashable, Sendable {
    /// The feed-relative path of its file.
    public var source: String
    public var message: CAPMessage
    /// When it arrived: the file's time for the live player, `sent` for previews.
    public var received: Date
    /// The format it came in (`AlertFormats`): CAP, JMA.
    public var format: String

    public init(source: String, message: CAPMessage, received: Date, format: String = "CAP") {
        self.source = source
        self.message = message
        self.received = received
        self.format = format
    }
}
