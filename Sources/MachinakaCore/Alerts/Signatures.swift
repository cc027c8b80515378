import CSignature
import Foundation

/// XML-DSig signatures of alert messages, checked with xmlsec1 (see `CSignature`), and the keys
/// of trusted senders' certificates.
public enum Signatures {
    /// The signatures of a document; none when it has none or cannot be read.
    public static func check(_ bytes: [UInt8]) -> [SignatureCheck] {
        SafeXML.prepare()
        guard bytes.contains(where: { $0 == UInt8(ascii: "S") }), String(decoding: bytes, as: UTF8.self).contains("Signature") else { return [] }
        var results = [mk_signature](repeating: mk_signature(), count: 16)
        let count = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mk_verify_signatures($0, buffer.count, &results, 16) }
        }
        guard count > 0 else { return [] }
        return results.prefix(Int(min(count, 16))).map { result in
            var result = result
            func text<T>(_ field: inout T) -> String {
                withUnsafeBytes(of: &field) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            }
            return SignatureCheck(verified: result.verified == 1, fingerprint: text(&result.fingerprint), subject: text(&result.subject), reason: text(&result.reason))
        }
    }

    /// The fingerprint (hex SHA-256 of the public key) of the certificate in PEM `bytes`.
    public static func fingerprint(ofPEM bytes: [UInt8]) -> String? {
        SafeXML.prepare()
        var out = [CChar](repeating: 0, count: 65)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mk_pem_key_fingerprint($0, buffer.count, &out) }
        }
        guard status == 0 else { return nil }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
