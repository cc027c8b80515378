#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file whole: written beside its final name, then renamed over it, so a reader
/// (a viewer of the frame, a monitor of the status) never sees half of it.
public enum AtomicFile {
    /// Calls `write` with a temporary path beside `path`, then renames that file to `path`.
    /// The temporary file is removed when anything fails.
    public static func replace(_ path: String, write: (String) throws -> Void) throws {
        let temporary = path + ".tmp"
        do {
            try write(temporary)
            try systemCall("rename", path: path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
