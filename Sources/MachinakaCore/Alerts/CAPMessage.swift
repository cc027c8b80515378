import Foundation

/// One CAP 1.2 (or 1.1) alert message, as the alert system sent it.
public struct CAPMessage: Equatable, Hashable, Sendable {
    /// `status`: who the message is for.
    public enum Status: String, Sendable, CaseIterable { case actual = "Actual", exercise = "Exercise", system = "System", test = "Test", draft = "Draft" }
    /// `msgType`: what it does to earlier messages.
    public enum MessageType: String, Sendable, CaseIterable { case alert = "Alert", update = "Update", cancel = "Cancel", ack = "Ack", error = "Error" }
    /// `scope`: who may see it.
    public enum Scope: String, Sendable, CaseIterable { case `public` = "Public", restricted = "Restricted", `private` = "Private" }

    /// Which CAP version's namespace it used.
    public var version: String
    public var identifier: String
    public var sender: String
    /// `sent`, as an instant.
    public var sent: Date
    public var status: Status
    public var messageType: MessageType
    public var scope: Scope
    public var note: String?
    /// The earlier messages an Update or Cancel replaces.
    public var references: [CAPReference]
    public var infos: [CAPInfo]
    /// For formats that name no earlier message (JMA): a message replaces (or cancels) every
    /// earlier message of the same group.
    public var group: String?
    /// For JMA's weather reports: what the board needs to show one publication once.
    public var jma: JMAReport?

    /// The key other messages use to reference this one.
    public var key: CAPReference { CAPReference(sender: sender, identifier: identifier, sent: sent) }

    /// Creates a message (parsers, adapters, tests).
    public init(version: String, identifier: String, sender: String, sent: Date, status: Status, messageType: MessageType,
                scope: Scope, note: String?, references: [CAPReference], infos: [CAPInfo]) {
        self.version = version
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.messageType = messageType
        self.scope = scope
        self.note = note
        self.references = references
        self.infos = infos
    }
}

/// A `sender,identifier,sent` triple; `sent` is compared as an instant, not as text.
public struct CAPReference: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var sender: String
    public var identifier: String
    public var sent: Date

    public init(sender: String, identifier: String, sent: Date) {
        self.sender = sender
        self.identifier = identifier
        self.sent = sent
    }

    public var description: String { "\(sender),\(identifier),\(sent.formatted(.iso8601))" }
}

/// One `<info>` block: the alert in one language.
public struct CAPInfo: Equatable, Hashable, Sendable {
    public enum Urgency: String, Sendable, CaseIterable { case immediate = "Immediate", expected = "Expected", future = "Future", past = "Past", unknown = "Unknown" }
    public enum Severity: String, Sendable, CaseIterable { case extreme = "Extreme", severe = "Severe", moderate = "Moderate", minor = "Minor", unknown = "Unknown" }
    public enum Certainty: String, Sendable, CaseIterable { case observed = "Observed", likely = "Likely", possible = "Possible", unlikely = "Unlikely", unknown = "Unknown", veryLikely = "Very Likely" }

    /// RFC 3066 language, `en-US` when absent.
    public var language: String
    public var categories: [String]
    public var event: String
    public var responseTypes: [String]
    public var urgency: Urgency
    public var severity: Severity
    public var certainty: Certainty
    public var eventCodes: [CAPValue]
    public var effective: Date?
    public var onset: Date?
    public var expires: Date?
    public var senderName: String?
    public var headline: String?
    public var description: String?
    public var instruction: String?
    public var web: String?
    public var contact: String?
    public var areas: [CAPArea]
    /// `<parameter>`s: system-specific values such as a warning level.
    public var parameters: [CAPValue]

    /// Whether this block announces the end of the danger (`responseType` AllClear).
    public var isAllClear: Bool { responseTypes.contains("AllClear") }

    /// Creates a block (parsers, adapters, tests).
    public init(language: String, categories: [String], event: String, responseTypes: [String], urgency: Urgency, severity: Severity,
                certainty: Certainty, eventCodes: [CAPValue], effective: Date?, onset: Date?, expires: Date?, senderName: String?,
                headline: String?, description: String?, instruction: String?, web: String?, contact: String?, areas: [CAPArea],
                parameters: [CAPValue] = []) {
        self.language = language
        self.categories = categories
        self.event = event
        self.responseTypes = responseTypes
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.eventCodes = eventCodes
        self.effective = effective
        self.onset = onset
        self.expires = expires
        self.senderName = senderName
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.web = web
        self.contact = contact
        self.areas = areas
        self.parameters = parameters
    }
}

/// A `valueName` / `value` pair (event codes, geocodes, parameters).
public struct CAPValue: Equatable, Hashable, Sendable {
    public var name: String
    public var value: String

    /// Creates a pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An `<area>`: its description and codes (geometry is kept as text; nothing draws maps yet).
public struct CAPArea: Equatable, Hashable, Sendable {
    public var description: String
    public var polygons: [String]
    public var circles: [String]
    public var geocodes: [CAPValue]

    /// Creates an area.
    public init(description: String, polygons: [String], circles: [String], geocodes: [CAPValue]) {
        self.description = description
        self.polygons = polygons
        self.circles = circles
        self.geocodes = geocodes
    }
}
