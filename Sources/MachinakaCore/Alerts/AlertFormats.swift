import Foundation

/// One format of alert message the player reads from `alerts/` (and from any transport that
/// delivers there): how to tell its documents and how to read one onto the alert model CAP
/// defines. Each format is one file, registered in `AlertFormats.all`.
protocol AlertFormat: Sendable {
    /// The name `alert list` shows as the message's source format.
    var name: String { get }
    /// Whether a document with this root element is one of this format's.
    func recognises(_ root: XMLElement) -> Bool
    /// Reads one document; throws `CAPParser.Rejection` with the reason when it cannot.
    func read(_ root: XMLElement) throws -> CAPMessage
}

/// Every alert format, in one table.
public enum AlertFormats {
    static let all: [any AlertFormat] = [
        CAPFormat(),
        JMAFormat(),
    ]

    /// Parses one document in whichever format it is (safely: see `SafeXML`), with the
    /// format's name; throws `CAPParser.Rejection` with the reason when no format takes it.
    public static func parse(_ data: Data) throws -> (message: CAPMessage, format: String) {
        let root: XMLElement
        do {
            root = try SafeXML.parse(data)
        } catch let failure as SafeXML.Failure {
            throw CAPParser.Rejection(line: failure.line, reason: failure.message)
        }
        for format in all where format.recognises(root) {
            do {
                return (try format.read(root), format.name)
            } catch var rejection as CAPParser.Rejection {
                rejection.format = format.name
                throw rejection
            }
        }
        throw CAPParser.Rejection(line: root.line, reason: "the root element is <\(root.name)>: alerts/ takes one CAP <alert> or one JMA <Report> per file")
    }
}

/// CAP 1.2 and 1.1 (OASIS), the alert model itself.
struct CAPFormat: AlertFormat {
    var name: String { "CAP" }

    func recognises(_ root: XMLElement) -> Bool {
        root.name == "alert"
    }

    func read(_ root: XMLElement) throws -> CAPMessage {
        try CAPParser.read(root)
    }
}
