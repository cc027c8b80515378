import Foundation

/// Reads CAP 1.2 and 1.1 messages, refusing what breaks the standard with a reason that names
/// the element, so the alert system's operators can fix their side.
public enum CAPParser {
    /// Why a message was refused.
    public struct Rejection: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        /// The format the document was read as (CAP, JMA), when one recognised it.
        public var format: String? = nil
        public var description: String { reason }
    }

    static let namespaces = [
        "urn:oasis:names:tc:emergency:cap:1.2": "1.2",
        "urn:oasis:names:tc:emergency:cap:1.1": "1.1",
    ]

    /// Parses the bytes of one CAP message (any format `AlertFormats` knows, in fact: the
    /// message the player would read from the file).
    public static func parse(_ data: Data) throws -> CAPMessage {
        try AlertFormats.parse(data).message
    }

    /// Reads a document whose root is `<alert>`.
    static func read(_ root: XMLElement) throws -> CAPMessage {
        guard let namespace = root.namespace, let version = namespaces[namespace] else {
            let seen = root.namespace.map { "'\($0)'" } ?? "none"
            let hint = root.namespace == "http://www.incident.com/cap/1.0" ? " (CAP 1.0 is not supported; send CAP 1.2)" : ""
            throw Rejection(line: root.line, reason: "<alert> has namespace \(seen), not urn:oasis:names:tc:emergency:cap:1.2 or 1.1\(hint)")
        }
        var reader = Reader(version: version)
        return try reader.message(root)
    }

    private struct Reader {
        let version: String
        /// `<info>` blocks read from one message: one per language, and more languages than
        /// any screen rotates through.
        static let maxInfos = 16
        /// `<area>`s read from one block; the screen lists areas as one line of text.
        static let maxAreas = 100

        func required(_ parent: XMLElement, _ name: String) throws -> (String, Int) {
            guard let element = parent.first(name) else {
                throw Rejection(line: parent.line, reason: "<\(parent.name)> has no <\(name)>, which CAP requires")
            }
            let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw Rejection(line: element.line, reason: "<\(name)> is empty") }
            return (text, element.line)
        }

        func optional(_ parent: XMLElement, _ name: String) -> String? {
            guard let text = parent.first(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }

        /// Text shown on screen, cleaned and held to `limit` characters (see `Limits`).
        func shown(_ parent: XMLElement, _ name: String, limit: Int) -> String? {
            optional(parent, name).map { CleanText.field($0, limit: limit) }
        }

        func enumeration<E: RawRepresentable & CaseIterable>(_ parent: XMLElement, _ name: String, _: E.Type) throws -> E where E.RawValue == String {
            let (text, line) = try required(parent, name)
            guard let value = E(rawValue: text) else {
                throw Rejection(line: line, reason: "<\(name)> is '\(text)'; CAP allows \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }

        func time(_ text: String, element name: String, line: Int) throws -> Date {
            // CAP 1.2: YYYY-MM-DDThh:mm:ss±hh:mm, no 'Z' (use -00:00), no fractions.
            if version == "1.2" {
                let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"#
                guard text.range(of: pattern, options: .regularExpression) != nil else {
                    throw Rejection(line: line, reason: "<\(name)> is '\(text)'; CAP 1.2 requires a time like 2026-11-25T14:30:00+09:00 (no 'Z', no fractions of a second)")
                }
            }
            let normalized = text.replacingOccurrences(of: "-00:00", with: "+00:00")
            guard let date = FeedTime.parseInstant(normalized) ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(normalized)) else {
                throw Rejection(line: line, reason: "<\(name)> is '\(text)', which is not a time")
            }
            return date
        }

        func optionalTime(_ parent: XMLElement, _ name: String) throws -> Date? {
            guard let element = parent.first(name) else { return nil }
            let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return nil }
            return try time(text, element: name, line: element.line)
        }

        func values(_ parent: XMLElement, _ name: String) -> [CAPValue] {
            parent.all(name).compactMap { element in
                guard let valueName = optional(element, "valueName"), let value = optional(element, "value") else { return nil }
                return CAPValue(name: valueName, value: value)
            }
        }

        mutating func message(_ root: XMLElement) throws -> CAPMessage {
            let (identifier, _) = try required(root, "identifier")
            let (sender, _) = try required(root, "sender")
            let (sentText, sentLine) = try required(root, "sent")
            let sent = try time(sentText, element: "sent", line: sentLine)
            let status = try enumeration(root, "status", CAPMessage.Status.self)
            let type = try enumeration(root, "msgType", CAPMessage.MessageType.self)
            let scope = try enumeration(root, "scope", CAPMessage.Scope.self)
            var references: [CAPReference] = []
            if let element = root.first("references") {
                for triple in element.text.split(whereSeparator: \.isWhitespace) {
                    let parts = triple.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 3 else {
                        throw Rejection(line: element.line, reason: "<references> holds '\(triple)'; each reference is sender,identifier,sent")
                    }
                    references.append(CAPReference(sender: parts[0], identifier: parts[1], sent: try time(parts[2], element: "references", line: element.line)))
                }
            }
            if (type == .update || type == .cancel), references.isEmpty {
                throw Rejection(line: root.first("references")?.line ?? root.line, reason: "an \(type.rawValue) must name the messages it replaces in <references>, and this one names none")
            }
            let infos = try root.all("info").prefix(Self.maxInfos).map { try info($0) }
            return CAPMessage(
                version: version, identifier: identifier, sender: sender, sent: sent, status: status,
                messageType: type, scope: scope, note: optional(root, "note"), references: references, infos: infos)
        }

        func info(_ element: XMLElement) throws -> CAPInfo {
            let categories = element.all("category").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard !categories.isEmpty else { throw Rejection(line: element.line, reason: "<info> has no <category>, which CAP requires") }
            let event = CleanText.field(try required(element, "event").0, limit: Limits.shortCharacters)
            return CAPInfo(
                language: optional(element, "language") ?? "en-US",
                categories: categories,
                event: event,
                responseTypes: element.all("responseType").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) },
                urgency: try enumeration(element, "urgency", CAPInfo.Urgency.self),
                severity: try enumeration(element, "severity", CAPInfo.Severity.self),
                certainty: try enumeration(element, "certainty", CAPInfo.Certainty.self),
                eventCodes: values(element, "eventCode"),
                effective: try optionalTime(element, "effective"),
                onset: try optionalTime(element, "onset"),
                expires: try optionalTime(element, "expires"),
                senderName: shown(element, "senderName", limit: Limits.shortCharacters),
                headline: shown(element, "headline", limit: Limits.alertHeadlineCharacters),
                description: shown(element, "description", limit: Limits.alertTextCharacters),
                instruction: shown(element, "instruction", limit: Limits.alertTextCharacters),
                web: optional(element, "web"),
                contact: optional(element, "contact"),
                areas: try element.all("area").prefix(Self.maxAreas).map { area in
                    let description = CleanText.field(try required(area, "areaDesc").0, limit: Limits.shortCharacters)
                    // Element order inside <area> is not enforced: real feeds (MeteoAlarm) put
                    // <polygon> after <geocode>, and the meaning is the same.
                    return CAPArea(
                        description: description,
                        polygons: area.all("polygon").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) },
                        circles: area.all("circle").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) },
                        geocodes: values(area, "geocode"))
                },
                parameters: Array(values(element, "parameter").prefix(64)))
        }
    }
}
