import MachinakaCore

/// What an output is asked to open: a frame size, full screen or not, which renderer.
public struct OutputRequest: Sendable {
    /// The frame size (a window may end up another size: its display's `size` says).
    public var size: PixelSize
    /// The whole screen, or a window of `size`.
    public var fullscreen: Bool
    /// Which renderer draws a window.
    public var renderer: RendererChoice

    public init(size: PixelSize, fullscreen: Bool = true, renderer: RendererChoice = .auto) {
        self.size = size
        self.fullscreen = fullscreen
        self.renderer = renderer
    }
}

/// One way of putting frames somewhere: a window, a memory surface. Each is one file with its
/// display and its driver, registered in `Outputs.all`, like mpv's video outputs.
public protocol OutputDriver: Sendable {
    /// The name `play --output` takes.
    var name: String { get }
    /// A line for `--help`.
    var summary: String { get }
    /// Opens the output.
    func open(_ request: OutputRequest, fonts: FontLibrary) throws -> any Display
}

/// Every output, in the order `auto` tries them.
public enum Outputs {
    public static let all: [any OutputDriver] = [
        WindowOutput(),
        OffscreenOutput(),
    ]

    /// The output called `name`.
    public static func named(_ name: String) -> (any OutputDriver)? {
        all.first { $0.name == name }
    }
}
