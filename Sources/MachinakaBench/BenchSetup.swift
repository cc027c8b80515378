import Foundation

/// Where the benchmarks find what they play: the sample feed, the fonts, and the executable
/// they start players from (this one).
public struct BenchSetup: Sendable {
    public var content: String
    public var fonts: String
    public var executable: URL

    public init(content: String, fonts: String, executable: URL = Machine.executable) {
        self.content = content
        self.fonts = fonts
        self.executable = executable
    }
}

/// A benchmark that could not measure what it set out to, and why.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
