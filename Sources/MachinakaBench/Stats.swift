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
}

/// Milliseconds a block takes, on the monotonic clock.
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}
