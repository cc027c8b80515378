/// FNV-1a over bytes, 64 bits, as 16 hex digits: a name or cache key that is the same on every
/// run and every machine (Swift's `hashValue` is seeded per process). Not for secrets.
public enum StableHash {
    public static func fnv1a<Bytes: Sequence>(_ bytes: Bytes, seed: UInt64 = 14_695_981_039_346_656_037) -> String where Bytes.Element == UInt8 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
