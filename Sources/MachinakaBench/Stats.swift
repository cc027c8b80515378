import Foundation

/// Summary figures of repeated measurements, in milliseconds.
struct Stats: Encodable {
    let count: Int
    let p50: Double
    let p99: Double
    let min: Double
    let max: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((p * Double(sorted.count - 1)).rounded(.up))
            return sorted[Swift.min(rank, sorted.count - 1)]
        }
        p50 = percentile(0.5)
        p99 = percentile(0.99)
        min = sorted.first ?? .nan
        max = sorted.last ?? .nan
    }

    private enum CodingKeys: String, CodingKey { case count, p50, p99, min, max }

    /// No samples: the figures are `null` in JSON (which has no NaN), not a failed report.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        for (key, value) in [(CodingKeys.p50, p50), (.p99, p99), (.min, min), (.max, max)] {
            if value.isNaN { try container.encodeNil(forKey: key) } else { try container.encode(value, forKey: key) }
        }
    }
}

/// Milliseconds a block takes, on the monotonic clock.
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}
