#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file looked like when it was read: a changed stamp means the file must be read again.
struct FileStamp: Equatable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64
    var inode: UInt64
    /// False for pipes, devices and sockets, which must never be opened: a pipe blocks a reader.
    var isRegularFile: Bool

    /// The stamp of the file `path` points to (following links), or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// Walks a folder tree with `readdir`, fast enough for feeds of tens of thousands of files.
enum FileTree {
    /// One entry found while walking.
    struct Found {
        var relative: String
        var isDirectory: Bool
        var isLink: Bool
    }

    /// Every file below `root/relative` (depth first, names sorted), skipping ignored names.
    /// Links to folders are not followed: a feed's tree is its own.
    static func files(root: String, under relative: String, ignoring isIgnored: (String) -> Bool) -> [Found] {
        var result: [Found] = []
        var pending = [relative]
        while let folder = pending.popLast() {
            let path = folder.isEmpty ? root : root + "/" + folder
            guard let dir = opendir(path) else { continue }
            var names: [(String, Bool, Bool)] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                guard name != ".", name != "..", !isIgnored(name) else { continue }
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    if lstat(path + "/" + name, &info) == 0 {
                        type = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG))
                    }
                }
                names.append((name, type == UInt8(DT_DIR), type == UInt8(DT_LNK)))
            }
            closedir(dir)
            for (name, isDirectory, isLink) in names.sorted(by: { $0.0 > $1.0 }) {
                let child = folder.isEmpty ? name : folder + "/" + name
                if isDirectory {
                    pending.append(child)
                } else {
                    result.append(Found(relative: child, isDirectory: false, isLink: isLink))
                }
            }
        }
        return result
    }

    /// The real path of `path` with every link resolved, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` itself is a symbolic link.
    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Whether `path` exists and is a folder (following links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
