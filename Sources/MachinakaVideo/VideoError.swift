/// A clip that cannot be read or decoded: what was being done, and FFmpeg's words for why.
public struct VideoError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The step that failed ("avformat_open_input"), or a plain description.
    public var operation: String
    public var reason: String

    public init(_ operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    public var description: String { operation.isEmpty ? reason : "\(reason) (\(operation))" }
}

/// The one place FFmpeg's return codes become Swift errors, with the reason captured at the
/// failure (the wall `MachinakaPOSIX.systemCall` is for libc).
@discardableResult
func check(_ code: Int32, _ operation: String) throws(VideoError) -> Int32 {
    guard code < 0 else { return code }
    throw VideoError(operation, reason: errorText(code))
}

/// FFmpeg's words for an error code ("Invalid data found when processing input").
func errorText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard let ff = try? FFmpeg.functions(), ff.av_strerror(code, &buffer, buffer.count) == 0 else { return "error \(code)" }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }.lowercased()
}
