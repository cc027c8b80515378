import CSDL2
import CSDL2Image
import CSDL2TTF

/// Brings up the parts of SDL the player uses, once per process.
///
/// SDL's subsystems are reference-counted by SDL itself; this keeps the order right and
/// records what is up so `machinaka` never calls SDL before it is ready.
enum SDLLibrary {
    nonisolated(unsafe) private static var ttfReady = false
    nonisolated(unsafe) private static var imageReady = false

    /// Events (for the loop), fonts and image decoding; no video.
    static func initializeCore() throws {
        if SDL_WasInit(SDL_INIT_EVENTS) == 0 {
            // Signals belong to the executable, which turns them into a clean stop.
            SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1")
            try check(SDL_InitSubSystem(SDL_INIT_EVENTS), "SDL_InitSubSystem(EVENTS)")
        }
        if !ttfReady {
            try check(TTF_Init(), "TTF_Init")
            ttfReady = true
        }
        if !imageReady {
            let wanted = Int32(IMG_INIT_PNG.rawValue | IMG_INIT_JPG.rawValue)
            guard IMG_Init(wanted) & wanted == wanted else { throw SDLError("IMG_Init") }
            imageReady = true
        }
    }
}
