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
    /// JMA area codes this screen covers (市町村等 codes such as 1415000, 津波予報区 codes such
    /// as 330, 地震情報の細分区域 codes): JMA warnings show only for these.
    public var jmaAreas: [String] = []
    /// JMA's designated-river forecast areas this screen covers (`jma_rivers`, 指定河川洪水予報
    /// 予報区域 codes such as 830201000300, or a river's code): flood forecasts show only for these.
    public var jmaRivers: [String] = []
    /// Whether JMA advisories (注意報) show too, not only warnings.
    public var jmaAdvisories = false
    /// Public keys (SHA-256 of their SubjectPublicKeyInfo, hex) whose signatures this screen
    /// trusts; when any is given, every alert message, whatever its format, must be signed by
    /// one of them.
    public var trustedSigners: Set<String> = []

    /// Creates a policy; the defaults are the safe ones.
    public init(drills: Bool = false, scopes: Set<CAPMessage.Scope> = [.public], defaultLifetime: TimeInterval = 6 * 3600,
                allClearDuration: TimeInterval = 60, languages: [String] = ["ja", "en"]) {
        self.drills = drills
        self.scopes = scopes
        self.defaultLifetime = defaultLifetime
        self.allClearDuration = allClearDuration
        self.languages = languages
    }

    /// Whether the JMA area `code` is one of this screen's: the same code, or, for
    /// municipality codes (seven digits), the same municipality — 1415000 (相模原市) covers
    /// 1415011 and 1415012 (its west and east), and the other way round.
    public func coversJMA(_ code: String) -> Bool {
        jmaAreas.contains { mine in
            mine == code || (mine.count == 7 && code.count == 7 && mine.prefix(5) == code.prefix(5))
        }
    }

    /// SAME event codes that mean "this is a test", whatever the status says.
    static let testEventCodes: Set<String> = ["RMT", "RWT", "NPT", "DMO"]
}

/// One XML signature of a message, as checked when it was read: whether it holds, and the key
/// it was made with. Trust is the screen's: `AlertPolicy.trustedSigners`.
public struct SignatureCheck: Equatable, Hashable, Sendable {
    /// The signature holds over the whole message.
    public var verified: Bool
    /// Hex SHA-256 of the signing key (SubjectPublicKeyInfo).
    public var fingerprint: String
    /// The signing certificate's subject, when it carries one.
    public var subject: String
    /// Why it does not hold.
    public var reason: String

    public init(verified: Bool, fingerprint: String, subject: String, reason: String) {
        self.verified = verified
        self.fingerprint = fingerprint
        self.subject = subject
        self.reason = reason
    }
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
    /// Its XML signatures, checked when it was read (none: unsigned).
    public var signatures: [SignatureCheck]

    public init(source: String, message: CAPMessage, received: Date, format: String = "CAP", signatures: [SignatureCheck] = []) {
        self.source = source
        self.message = message
        self.received = received
        self.format = format
        self.signatures = signatures
    }

    /// The signature, among those that hold, made with one of `trusted` keys.
    public func signature(trustedBy trusted: Set<String>) -> SignatureCheck? {
        signatures.first { $0.verified && trusted.contains($0.fingerprint) }
    }

    /// Why the message is refused where `trusted` keys are required, or nil when it is not.
    /// Every format alike: an unsigned JMA report on a trusting screen is as refused as
    /// unsigned CAP (anyone who can write into `alerts/` could write either).
    public func trustProblem(_ trusted: Set<String>) -> String? {
        guard !trusted.isEmpty, signature(trustedBy: trusted) == nil else { return nil }
        if signatures.isEmpty { return "this \(format) message is not signed, and this screen accepts only messages signed by its trusted senders" }
        if let held = signatures.first(where: \.verified) {
            return "its signature holds but was made with a key this screen does not trust (\(held.subject.isEmpty ? "key \(held.fingerprint.prefix(16))…" : held.subject))"
        }
        return "its signature does not hold: \(signatures.map(\.reason).joined(separator: "; "))"
    }
}
