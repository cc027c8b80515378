import MachinakaCore

/// Sizes in units of 1/1080 of a frame's shorter side, so one design looks alike on a 720p
/// panel, a 4K one and a portrait one: every composer measures with this.
public struct ScreenMetrics: Equatable, Sendable {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Pixels per unit.
    public var unit: Double { Double(min(width, height)) / 1080 }

    /// `value` units in whole pixels.
    public func u(_ value: Double) -> Int { Int((value * unit).rounded()) }

    /// Whether the frame is taller than wide.
    public var isPortrait: Bool { height > width }
}
