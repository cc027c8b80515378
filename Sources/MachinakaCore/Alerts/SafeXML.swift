import CLibXML2
import CSignature
import Foundation

/// An XML element with its text, reduced to what a CAP reader needs.
struct XMLElement: Sendable {
    var name: String
    var namespace: String?
    var text: String
    var line: Int
    var children: [XMLElement]
    /// Attributes by local name (namespaces dropped: no format here needs them).
    var attributes: [String: String] = [:]

    func first(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
}

/// Parses XML with libxml2, safe by construction: a document with a DTD or entity
/// declarations is refused before the parser sees it, the parser runs with network access
/// off, and any attempt to load an external resource goes to a loader that refuses it.
enum SafeXML {
    struct Failure: Error, Equatable {
        var line: Int
        var message: String
    }

    /// How many external loads were attempted (always refused); tests check it stays 0.
    nonisolated(unsafe) static var refusedExternalLoads = 0
    private static let setup: Void = {
        // libxml2 must be initialised once before threads use it; xmlsec (signature checks)
        // installs its own entity loader when it starts, so it starts first and ours replaces it.
        xmlInitParser()
        _ = mk_signatures_init()
        xmlSetExternalEntityLoader { _, _, _ in
            SafeXML.refusedExternalLoads += 1
            return nil
        }
        xmlSetGenericErrorFunc(nil, nil)
    }()

    /// Makes sure libxml2 is set up (and xmlsec with it) before anything else uses it.
    static func prepare() {
        _ = setup
    }

    static func parse(_ data: Data) throws -> XMLElement {
        _ = setup
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw Failure(line: 1, message: "UTF-16 documents are not accepted; send UTF-8 (or ISO-8859-1 declared in the XML declaration)")
        }
        if let line = declarationLine(in: bytes) {
            throw Failure(line: line, message: "the document has a DOCTYPE or entity declaration; DTDs are refused so that no entity is ever expanded or fetched")
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "alert.xml", nil, options)
            }
        }) else {
            let error = xmlGetLastError()
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } } ?? "not well-formed XML"
            throw Failure(line: Int(error?.pointee.line ?? 1), message: "the XML is not well-formed: \(message)")
        }
        defer { xmlFreeDoc(document) }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
            throw Failure(line: 1, message: "the document has a DTD; DTDs are refused")
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw Failure(line: 1, message: "the document has no root element")
        }
        return element(root)
    }

    /// The line of a `<!DOCTYPE` or `<!ENTITY` outside comments, if any.
    private static func declarationLine(in bytes: [UInt8]) -> Int? {
        let doctype = Array("<!DOCTYPE".utf8), entity = Array("<!ENTITY".utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] == 0x3C {
                for marker in [doctype, entity] where index + marker.count <= bytes.count {
                    if zip(bytes[index..<(index + marker.count)], marker).allSatisfy({ $0 == $1 || $0 ^ 0x20 == $1 }) {
                        return line
                    }
                }
            }
            index += 1
        }
        return nil
    }

    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var children: [XMLElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name {
                // An attribute's value is the text of its children (entities are never expanded).
                var value = ""
                var part = current.pointee.children
                while let text = part {
                    if let content = text.pointee.content { value += String(cString: content) }
                    part = text.pointee.next
                }
                attributes[String(cString: name)] = value
            }
            attribute = current.pointee.next
        }
        return XMLElement(
            name: String(cString: node.pointee.name),
            namespace: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
            text: text,
            line: Int(xmlGetLineNo(node)),
            children: children,
            attributes: attributes)
    }
}
