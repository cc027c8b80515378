import Foundation

/// 16-bit PCM WAV, read from the voices and written by `say --out`.
public struct WAVFile: Equatable, Sendable {
    public var rate: Int
    public var channels: Int
    /// Interleaved samples.
    public var samples: [Int16]

    /// Creates a sound.
    public init(rate: Int, channels: Int = 1, samples: [Int16]) {
        self.rate = rate
        self.channels = channels
        self.samples = samples
    }

    /// Why a WAV could not be read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Its length in seconds.
    public var duration: Double { Double(samples.count) / Double(max(1, rate * channels)) }

    /// Reads a RIFF/WAVE file of 16-bit PCM (the `fmt ` and `data` chunks; others skipped).
    public init(_ data: Data) throws {
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else {
            throw Failure(description: "not a RIFF/WAVE file")
        }
        var at = 12
        var format: (channels: Int, rate: Int, bits: Int)?
        while at + 8 <= bytes.count {
            let id = String(decoding: bytes[at..<at + 4], as: UTF8.self)
            // espeak-ng writing to a pipe leaves the size at 0x7FFFFFFF: read what is there.
            let size = min(u32(at + 4), bytes.count - at - 8)
            let body = at + 8
            if id == "fmt ", size >= 16 {
                guard u16(body) == 1 else { throw Failure(description: "not PCM (format \(u16(body)))") }
                format = (u16(body + 2), u32(body + 4), u16(body + 14))
            } else if id == "data" {
                guard let format, format.bits == 16, format.channels >= 1 else { throw Failure(description: "data before a 16-bit PCM fmt chunk") }
                let count = size / 2
                var samples = [Int16](repeating: 0, count: count)
                for index in 0..<count {
                    samples[index] = Int16(bitPattern: UInt16(bytes[body + 2 * index]) | UInt16(bytes[body + 2 * index + 1]) << 8)
                }
                self.init(rate: format.rate, channels: format.channels, samples: samples)
                return
            }
            at = body + size + (size & 1)
        }
        throw Failure(description: "no data chunk")
    }

    /// The file's bytes.
    public var data: Data {
        var out = Data()
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8))
        u32(36 + samples.count * 2)
        out.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16); u16(1); u16(channels); u32(rate); u32(rate * channels * 2); u16(channels * 2); u16(16)
        out.append(contentsOf: Array("data".utf8))
        u32(samples.count * 2)
        samples.withUnsafeBytes { raw in
            for index in stride(from: 0, to: raw.count, by: 2) {
                // Little-endian on disk whatever the machine.
                let value = raw.load(fromByteOffset: index, as: Int16.self).littleEndian
                withUnsafeBytes(of: value) { out.append(contentsOf: $0) }
            }
        }
        return out
    }
}
