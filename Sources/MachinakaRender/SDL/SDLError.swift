import CSDL2

/// An SDL call that failed, with `SDL_GetError()` read at the moment of failure.
public struct SDLError: Error, CustomStringConvertible {
    /// The C function that failed.
    public let call: String
    /// SDL's own explanation.
    public let reason: String

    public var description: String { "\(call) failed: \(reason)" }

    /// Captures the current SDL error for `call`.
    init(_ call: String) {
        self.call = call
        reason = String(cString: SDL_GetError())
    }

    private init(call: String, reason: String) {
        self.call = call
        self.reason = reason
    }

    /// A failure found by this code rather than reported by SDL.
    static func mismatch(_ reason: String) -> SDLError { SDLError(call: "comparison", reason: reason) }
}

/// Turns SDL's negative return codes into a thrown `SDLError`.
@discardableResult
func check(_ code: Int32, _ call: String) throws -> Int32 {
    guard code >= 0 else { throw SDLError(call) }
    return code
}

/// Turns SDL's null pointers into a thrown `SDLError`.
func check<T>(_ pointer: T?, _ call: String) throws -> T {
    guard let pointer else { throw SDLError(call) }
    return pointer
}
