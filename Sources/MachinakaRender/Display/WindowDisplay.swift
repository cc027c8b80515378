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

    /// Opens a window of `size`, or the whole screen when `fullscreen`. `software` chooses
    /// SDL's software renderer, which is what small fanless kiosks without GPU drivers need.
    public init(size: PixelSize, fullscreen: Bool, software: Bool, fonts: FontLibrary) throws {
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
        if software {
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
        }
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0")
        var flags = SDL_WINDOW_SHOWN.rawValue
        if fullscreen { flags |= SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue }
        let centered = Int32(bitPattern: SDL_WINDOWPOS_CENTERED_MASK)
        let window = try check(SDL_CreateWindow("Machinaka", centered, centered, Int32(size.width), Int32(size.height), flags), "SDL_CreateWindow")
        let rendererFlags = software ? SDL_RENDERER_SOFTWARE.rawValue : (SDL_RENDERER_ACCELERATED.rawValue | SDL_RENDERER_PRESENTVSYNC.rawValue)
        guard let renderer = SDL_CreateRenderer(window, -1, rendererFlags) ?? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) else {
            let error = SDLError("SDL_CreateRenderer")
            SDL_DestroyWindow(window)
            throw error
        }
        self.window = window
        SDL_ShowCursor(SDL_DISABLE)
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        // SDL's software renderer draws into the window's own surface, which keeps its pixels
        // between presents; whether it was asked for or fallen back to, the ticker can then
        // redraw only its strip.
        var info = SDL_RendererInfo()
        let isSoftware = SDL_GetRendererInfo(renderer, &info) == 0 && info.flags & SDL_RENDERER_SOFTWARE.rawValue != 0
        super.init(size: PixelSize(width: Int(w), height: Int(h)), renderer: renderer, fonts: fonts, retainsPixels: isSoftware)
    }

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
        let format = SDL_PIXELFORMAT_ARGB8888.rawValue
        let surface = try check(SDL_CreateRGBSurfaceWithFormat(0, Int32(size.width), Int32(size.height), 32, format), "SDL_CreateRGBSurfaceWithFormat")
        defer { SDL_FreeSurface(surface) }
        try check(SDL_RenderReadPixels(renderer, nil, format, surface.pointee.pixels, surface.pointee.pitch), "SDL_RenderReadPixels")
        try check(IMG_SavePNG(surface, path), "IMG_SavePNG(\(path))")
    }
}

/// `--output window`: an SDL window (Wayland, X11 or KMS/DRM), full screen on a kiosk.
public struct WindowOutput: OutputDriver {
    public var name: String { "window" }
    public var summary: String { "a window on the display (Wayland, X11 or the console through KMS/DRM), full screen on a kiosk" }

    public init() {}

    public func open(_ request: OutputRequest, fonts: FontLibrary) throws -> any Display {
        try WindowDisplay(size: request.size, fullscreen: request.fullscreen, software: request.software, fonts: fonts)
    }
}
