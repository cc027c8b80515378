/// Reads an image's pixel size from its first bytes, so an oversized or mislabelled file is
/// refused before anything decodes it.
enum ImageHeader {
    enum Kind: String { case png = "PNG", jpeg = "JPEG" }

    /// The kind and size from the first bytes of a file, or nil when it is neither a PNG nor a
    /// JPEG. Sizes are as the header claims them: the caller bounds them.
    static func parse(_ bytes: [UInt8]) -> (kind: Kind, size: PixelSize)? {
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            bytes[12..<16].elementsEqual("IHDR".utf8)
        {
            let w = be32(16), h = be32(20)
            guard w > 0, h > 0 else { return nil }
            return (.png, PixelSize(width: w, height: h))
        }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        // Walk the JPEG segments to the first start-of-frame marker.
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = be16(i + 2)
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                let h = be16(i + 5), w = be16(i + 7)
                guard w > 0, h > 0 else { return nil }
                return (.jpeg, PixelSize(width: w, height: h))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }
}
