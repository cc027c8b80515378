import CClip

/// FFmpeg's functions, from its libraries as loaded when the first clip is opened (see
/// `CClip/include/FFmpegLibrary.h` for why they are not linked).
enum FFmpeg {
    /// The functions, or why FFmpeg's libraries cannot be loaded (then every clip is refused
    /// with that reason, and everything else plays).
    private static let library: Result<mk_ffmpeg, VideoError> = {
        var error = [CChar](repeating: 0, count: 512)
        guard let functions = mk_ffmpeg_load(&error, error.count) else {
            return .failure(VideoError("", reason: error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
        }
        return .success(functions.pointee)
    }()

    /// FFmpeg's functions, loading its libraries on the first call.
    static func functions() throws(VideoError) -> mk_ffmpeg { try library.get() }
}
