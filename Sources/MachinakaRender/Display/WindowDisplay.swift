import CSDL2
import CSDL2Image
import MachinakaCore

/// A real screen: an SDL window, full screen on a kiosk.
public final class WindowDisplay: RendererDisplay {
    /// Why no window could be opened, in words for the person at the kiosk.
    public struct Unavailable: Error, CustomStringConvertible {
        public let driversTried: String
        public let reason: String
        public var description: String {
            "No display is available (video driver \(driversTried): \(reason)); run on a screen, or use --headless to play off screen."
        }
    }

    private let window: OpaquePointer
    /// The renderer chosen, and why.
    public let decision: RendererDecision
    private let isSoftware: Bool

    /// Opens a window of `size`, or the whole screen when `fullscreen`, drawn by the renderer
    /// `choice` asks for (`auto`: SDL's software renderer unless there is a real GPU).
    public init(size: PixelSize, fullscreen: Bool, renderer choice: RendererChoice, fonts: FontLibrary) throws {
        try SDLLibrary.initializeCore()
        // Unset, SDL probes Wayland and X11 and complains on a bare console; try in order.
        let requested = SDL_getenv("SDL_VIDEODRIVER").map { String(cString: $0) }
        let drivers = requested.map { [$0] } ?? ["wayland", "x11", "kmsdrm"]
        var lastError = "no video driver"
        var opened = false
        for driver in drivers {
            if SDL_VideoInit(driver) == 0 {
                opened = true
                break
            }
            lastError = String(cString: SDL_GetError())
        }
        guard opened else { throw Unavailable(driversTried: drivers.joined(separator: ", "), reason: lastError) }
        var decision: RendererDecision
        switch choice {
        case .software: decision = RendererDecision(software: true, reason: "asked for with --renderer software")
        case .gpu: decision = RendererDecision(software: false, reason: "asked for with --renderer gpu")
        case .auto:
            decision = RendererProbe.softwareWithoutTrying().map { RendererDecision(software: true, reason: $0) }
                ?? RendererDecision(software: false, reason: "a GPU render node is present")
        }
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0")
        var flags = SDL_WINDOW_SHOWN.rawValue
        var frame = (x: Int32(bitPattern: SDL_WINDOWPOS_CENTERED_MASK), y: Int32(bitPattern: SDL_WINDOWPOS_CENTERED_MASK), w: Int32(size.width), h: Int32(size.height))
        var bounds = SDL_Rect()
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? ""
        if fullscreen, driver == "x11", SDL_GetDisplayBounds(0, &bounds) == 0 {
            // On X, SDL's full-screen request waits up to 100 ms for a window manager to grant
            // it — a kiosk's X session usually has none, and that wait was two thirds of the
            // first frame. A borderless window covering the display is the same screen at once.
            flags |= SDL_WINDOW_BORDERLESS.rawValue
            frame = (bounds.x, bounds.y, bounds.w, bounds.h)
        } else if fullscreen {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue
        }
        let window = try check(SDL_CreateWindow("Machinaka", frame.x, frame.y, frame.w, frame.h, flags), "SDL_CreateWindow")
        var renderer: OpaquePointer? = nil
        if !decision.software {
            renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | SDL_RENDERER_PRESENTVSYNC.rawValue)
            if let accelerated = renderer {
                let name = RendererProbe.glRenderer(of: accelerated)
                if choice == .auto, RendererProbe.isSoftwareRasterizer(name) {
                    // Tried, and it is a rasterizer on the CPU after all: the software renderer
                    // is cheaper. (The GL libraries stay loaded; a kiosk whose GPU is missing
                    // is better told by its render node, which skips this.)
                    SDL_DestroyRenderer(accelerated)
                    renderer = nil
                    decision = RendererDecision(software: true, reason: "the accelerated renderer is \(name), a software rasterizer")
                } else {
                    decision.reason += ": \(name)"
                }
            } else {
                decision = RendererDecision(software: true, reason: "no accelerated renderer (\(String(cString: SDL_GetError())))")
            }
        }
        if renderer == nil {
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
            renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        }
        guard let renderer else {
            let error = SDLError("SDL_CreateRenderer")
            SDL_DestroyWindow(window)
            throw error
        }
        self.window = window
        SDL_ShowCursor(SDL_DISABLE)
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        // SDL's software renderer draws into the window's own surface, which keeps its pixels
        // between presents: a frame is finished by redrawing what changed, and only those
        // rectangles are sent to the window system. A GPU's back buffer is undefined after a
        // present: there the frame is composed in a texture that keeps its pixels.
        var info = SDL_RendererInfo()
        isSoftware = SDL_GetRendererInfo(renderer, &info) == 0 && info.flags & SDL_RENDERER_SOFTWARE.rawValue != 0
        self.decision = decision
        super.init(size: PixelSize(width: Int(w), height: Int(h)), renderer: renderer, fonts: fonts, retainsPixels: isSoftware)
        scenes.composesInTexture = !isSoftware
    }

    /// Presents only the damaged rectangles on the software path: the window system copies a
    /// ticker strip, not eight megabytes, sixty times a second.
    public override func show(_ scene: Scene, transition: Transition?) throws {
        let damaged = try scenes.drawReportingDamage(scene, transition: transition)
        if isSoftware, let damaged {
            guard !damaged.isEmpty else { return }
            SDL_RenderFlush(renderer)
            var rects = damaged.map { SDL_Rect(x: Int32($0.x), y: Int32($0.y), w: Int32($0.width), h: Int32($0.height)) }
            if SDL_UpdateWindowSurfaceRects(window, &rects, Int32(rects.count)) != 0 { SDL_RenderPresent(renderer) }
            stripPresents += 1
        } else {
            SDL_RenderPresent(renderer)
        }
    }

    /// Frames presented as rectangles rather than whole (tests and the benchmark).
    public private(set) var stripPresents = 0

    /// What drew the last frame and why (log, status).
    public override var rendererSummary: String { decision.description }

    deinit {
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
    }

    /// Reads the output size again after the window changed, and draws the next frame whole
    /// (the window was exposed or resized: its pixels are not ours to trust).
    public override func refreshSize() {
        scenes.invalidate()
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        size = PixelSize(width: Int(w), height: Int(h))
    }

    public override var waitMode: EventPump.Mode { .window }

    public override func writePNG(to path: String) throws {
        try capture().writePNG(to: path)
    }

    public override func capture() throws -> FrameCapture {
        let format = SDL_PIXELFORMAT_ARGB8888.rawValue
        let surface = try check(SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, format), "SDL_CreateRGBSurfaceWithFormat")
        let capture = FrameCapture(owning: surface)
        try check(SDL_RenderReadPixels(renderer, nil, format, surface.pointee.pixels, surface.pointee.pitch), "SDL_RenderReadPixels")
        return capture
    }
}

/// `--output window`: an SDL window (Wayland, X11 or KMS/DRM), full screen on a kiosk.
public struct WindowOutput: OutputDriver {
    public var name: String { "window" }
    public var summary: String { "a window on the display (Wayland, X11 or the console through KMS/DRM), full screen on a kiosk" }

    public init() {}

    public func open(_ request: OutputRequest, fonts: FontLibrary) throws -> any Display {
        try WindowDisplay(size: request.size, fullscreen: request.fullscreen, renderer: request.renderer, fonts: fonts)
    }
}
