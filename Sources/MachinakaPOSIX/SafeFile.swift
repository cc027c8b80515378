import CPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// The one way Machinaka opens a file that the feed names — notices, posters, sidecars, logos,
/// alerts, playlists, screens, data files — and the image files the renderer decodes.
///
/// Only an ordinary file inside the feed folder is read: a path or link that leads out is
/// refused (the kernel resolves it beneath the folder, `openat2` with `RESOLVE_BENEATH`); a pipe
/// is opened without blocking and refused, as are devices, sockets and folders; and nothing is
/// read past the caller's limit, even from a file that grows while it is read.
public enum SafeFile {
    /// Why a file was not read, in words for the person who put it there.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Nothing is at the path (any more).
        case missing
        /// A link or path that leads out of the feed folder, to `target` when known.
        case leadsOutside(target: String?)
        /// A link that leads back to itself.
        case linkLoop
        /// Not an ordinary file: `kind` says what it is ("a pipe", "a folder"…).
        case notOrdinary(kind: String)
        /// Larger than the limit.
        case tooLarge(bytes: Int64, limit: Int)
        /// The system refused (permissions, I/O error).
        case unreadable(SystemError)

        public var description: String {
            switch self {
            case .missing:
                return "the file is not there (it was removed or renamed)"
            case .leadsOutside(let target):
                return "this is a link to \(target ?? "a place") outside the feed folder; only files inside the feed are played"
            case .linkLoop:
                return "this is a link that leads back to itself (a link loop)"
            case .notOrdinary(let kind):
                return "this is not an ordinary file but \(kind); only ordinary files are read"
            case .tooLarge(let bytes, let limit):
                return "the file is \(bytes) bytes; at most \(limit) bytes are read here"
            case .unreadable(let error):
                return "the file cannot be read (\(error.reason.lowercased())); check its permissions"
            }
        }
    }

    /// The bytes of the file at `relative` inside the folder `root` (an absolute, resolved path),
    /// at most `limit` of them.
    public static func read(_ relative: String, in root: String, limit: Int) throws(Problem) -> [UInt8] {
        try read(open(relative, in: root), limit: limit)
    }

    /// The bytes of the file at the absolute `path`, which must not itself be a link (the feed
    /// resolved it when it was parsed): what the renderer decodes.
    public static func read(absolute path: String, limit: Int) throws(Problem) -> [UInt8] {
        try read(open(absolute: path), limit: limit)
    }

    /// Opens the file at `relative` inside `root` for reading, after the checks above (all but
    /// the size); the descriptor is positioned at the start.
    public static func open(_ relative: String, in root: String) throws(Problem) -> FileDescriptor {
        let path = root + "/" + relative
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw .leadsOutside(target: relative)
        }
        let folder = mk_open_folder(root)
        guard folder >= 0 else { throw problem(for: SystemError("open", path: root), path: path) }
        defer { close(folder) }
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        var (fd, code) = openBeneath(folder, relative, flags)
        if fd < 0, code == ENOSYS {
            // Kernels before 5.6: resolve the path ourselves, then refuse a link at the last step.
            guard let real = realPath(path) else { throw problem(for: SystemError("realpath", path: path), path: path) }
            guard real.hasPrefix(root + "/") else { throw .leadsOutside(target: real) }
            fd = Glibc.open(real, flags | O_NOFOLLOW)
            code = errno
        }
        if fd < 0, code == EXDEV, let real = realPath(path), real.hasPrefix(root + "/") {
            // An absolute link to another file of the feed: read that file, beneath the folder.
            (fd, code) = openBeneath(folder, String(real.dropFirst(root.count + 1)), flags)
        }
        guard fd >= 0 else { throw problem(for: SystemError("open", path: path, code: code), path: path) }
        return try checked(FileDescriptor(fd), path: path)
    }

    /// `mk_open_beneath`, retried on EINTR, with `errno` captured at once.
    private static func openBeneath(_ folder: Int32, _ relative: String, _ flags: Int32) -> (Int32, Int32) {
        while true {
            let fd = mk_open_beneath(folder, relative, flags)
            let code = fd < 0 ? errno : 0
            if fd < 0, code == EINTR { continue }
            return (fd, code)
        }
    }

    /// Refuses what is not an ordinary file.
    fileprivate static func checked(_ file: FileDescriptor, path: String) throws(Problem) -> FileDescriptor {
        let info: stat
        do {
            info = try file.status()
        } catch {
            throw .unreadable(error as? SystemError ?? SystemError("fstat", path: path))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return file
        case S_IFIFO: throw .notOrdinary(kind: "a pipe (FIFO)")
        case S_IFSOCK: throw .notOrdinary(kind: "a socket")
        case S_IFCHR, S_IFBLK: throw .notOrdinary(kind: "a device")
        case S_IFDIR: throw .notOrdinary(kind: "a folder")
        default: throw .notOrdinary(kind: "a special file")
        }
    }

    private static func read(_ file: FileDescriptor, limit: Int) throws(Problem) -> [UInt8] {
        do {
            let size = Int64(try file.status().st_size)
            if size > Int64(limit) { throw Problem.tooLarge(bytes: size, limit: limit) }
            // One byte more than allowed tells a file that grew while it was read.
            let bytes = try file.read(upTo: limit + 1, expected: Int(min(size, Int64(limit))) + 1)
            if bytes.count > limit { throw Problem.tooLarge(bytes: Int64(bytes.count), limit: limit) }
            return bytes
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .unreadable(error as? SystemError ?? SystemError("read"))
        }
    }

    fileprivate static func problem(for error: SystemError, path: String) -> Problem {
        switch error.code {
        case ENOENT, ENOTDIR: return .missing
        case EXDEV: return FileTree.isLinkLoop(path) ? .linkLoop : .leadsOutside(target: realPath(path))
        case ELOOP: return realPath(path) == nil ? .linkLoop : .leadsOutside(target: realPath(path))
        case ENXIO: return .notOrdinary(kind: "a socket")
        default: return .unreadable(error)
        }
    }

    /// The path with every link resolved, or nil when it cannot be (missing, loop).
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension SafeFile {
    /// Opens the file at the absolute `path` for reading (not through a link at its last step;
    /// no pipe or device), without a size limit: what a clip's decoder reads from, a piece at
    /// a time, and what `read(absolute:)` reads whole.
    public static func open(absolute path: String) throws(Problem) -> FileDescriptor {
        let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw problem(for: SystemError("open", path: path), path: path) }
        return try checked(FileDescriptor(fd), path: path)
    }
}
