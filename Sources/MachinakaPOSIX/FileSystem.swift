#if canImport(Glibc)
import Glibc
#endif

/// Plain file operations by path, checked: what Foundation's FileManager does with more
/// allocation and less precise errors.
public enum FileSystem {
    /// A file or folder as the file system knows it (device and inode), not by its name.
    public struct Identity: Equatable, Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
        public var isDirectory: Bool
    }

    /// Removes the file at `path`.
    public static func remove(_ path: String) throws {
        try systemCall("unlink", path: path) { unlink(path) }
    }

    /// Renames `from` to `to`, replacing what was there in one step.
    public static func rename(_ from: String, to: String) throws {
        try systemCall("rename", path: from) { Glibc.rename(from, to) }
    }

    /// What `path` names now, following links (nil: nothing).
    public static func identity(of path: String) -> Identity? {
        var info = stat()
        guard (try? systemCall("stat", path: path) { stat(path, &info) }) != nil else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }

    /// The permission bits of what `path` names (nil: nothing there, or it cannot be looked at).
    public static func permissions(of path: String) -> UInt32? {
        var info = stat()
        guard (try? systemCall("stat", path: path) { stat(path, &info) }) != nil else { return nil }
        return UInt32(info.st_mode) & 0o7777
    }
}
