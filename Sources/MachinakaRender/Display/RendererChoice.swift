import CSDL2
import Foundation

/// Which SDL renderer draws a window: `auto` picks by the hardware.
public enum RendererChoice: String, CaseIterable, Sendable {
    case auto, software, gpu
}

/// The renderer a window got, and why, for the log and the status file.
public struct RendererDecision: Equatable, Sendable, CustomStringConvertible {
    /// SDL's software renderer (true) or an accelerated one.
    public var software: Bool
    /// Why, in words: "no GPU render node in /dev/dri", "the accelerated renderer is llvmpipe…".
    public var reason: String

    public var description: String { (software ? "software" : "gpu") + " (" + reason + ")" }
}

/// What decides `auto`. With no GPU, SDL's accelerated renderer is Mesa's software
/// rasterizer: it loads LLVM (~60 MB), compiles shaders before the first frame and redraws the
/// whole frame for every ticker step — measured at 45 % of a core where SDL's own software
/// renderer, which redraws only the strip, needs 3 %. So a GPU is used only where there is one.
enum RendererProbe {
    /// Mesa's software rasterizers, as GL_RENDERER names them.
    static let softwareRasterizers = ["llvmpipe", "softpipe", "swrast", "software rasterizer", "lavapipe"]

    /// Whether `glRenderer` (GL_RENDERER) is a software rasterizer.
    static func isSoftwareRasterizer(_ glRenderer: String) -> Bool {
        let name = glRenderer.lowercased()
        return softwareRasterizers.contains { name.contains($0) }
    }

    /// A reason to skip the GPU without trying it: Mesa told to render in software, or no
    /// render node to render with.
    static func softwareWithoutTrying(environment: [String: String] = ProcessInfo.processInfo.environment,
                                      renderNodes: [String] = renderNodes()) -> String? {
        if environment["LIBGL_ALWAYS_SOFTWARE"].map({ !$0.isEmpty && $0 != "0" }) == true { return "LIBGL_ALWAYS_SOFTWARE is set" }
        if let driver = environment["GALLIUM_DRIVER"], isSoftwareRasterizer(driver) { return "GALLIUM_DRIVER=\(driver)" }
        if renderNodes.isEmpty { return "no GPU render node in /dev/dri" }
        return nil
    }

    /// The GPU render nodes here (/dev/dri/renderD*).
    static func renderNodes() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/dri")) ?? []).filter { $0.hasPrefix("renderD") }.sorted()
    }

    /// GL_RENDERER of the OpenGL context `renderer` made current, or nil for a renderer that
    /// is not OpenGL (its SDL name is returned as the best there is).
    static func glRenderer(of renderer: OpaquePointer) -> String {
        var info = SDL_RendererInfo()
        let name = SDL_GetRendererInfo(renderer, &info) == 0 ? String(cString: info.name) : "unknown"
        guard name.hasPrefix("opengl"), let address = SDL_GL_GetProcAddress("glGetString") else { return name }
        typealias GetString = @convention(c) (UInt32) -> UnsafePointer<UInt8>?
        let getString = unsafeBitCast(address, to: GetString.self)
        let glRendererEnum: UInt32 = 0x1F01
        guard let text = getString(glRendererEnum) else { return name }
        return String(cString: text)
    }
}
