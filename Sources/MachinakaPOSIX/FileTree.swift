#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks a folder tree with `readdir`, fast enough for feeds of tens of thousands of files; the
/// feed store and the folder watcher both walk with it.
public enum FileTree {
    /// One entry found while walking.
    public struct Found: Equatable, Sendable {
        public var relative: String
        public var isDirectory: Bool
        public var isLink: Bool
    }

    /// A folder that could not be walked, and why: it is reported, never skipped in silence.
    public struct Unwalkable: Equatable, Sendable {
        public var relative: String
        public var error: SystemError
    }

    /// Every entry below `root/relative` (depth first, names sorted), skipping ignored names,
    /// with the folders that could not be read. Links to folders are not followed: a feed's tree
    /// is its own. With `includeFolders` the folders themselves are listed too; `maxDepth` 1
    /// lists only the folder's own entries.
    public static func walk(root: String, under relative: String, includeFolders: Bool = false, maxDepth: Int = .max,
                            ignoring isIgnored: (String) -> Bool) -> (found: [Found], unwalkable: [Unwalkable]) {
        var result: [Found] = []
        var problems: [Unwalkable] = []
        var pending = [(relative, 0)]
        while let (folder, depth) = pending.popLast() {
            let path = folder.isEmpty ? root : root + "/" + folder
            guard let dir = opendir(path) else {
                problems.append(Unwalkable(relative: folder, error: SystemError("opendir", path: path)))
                continue
            }
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
                    if depth + 1 < maxDepth { pending.append((child, depth + 1)) }
                    if includeFolders { result.append(Found(relative: child, isDirectory: true, isLink: false)) }
                } else {
                    result.append(Found(relative: child, isDirectory: false, isLink: isLink))
                }
            }
        }
        return (result, problems)
    }

    /// Every file below `root/relative`; folders that cannot be read are left out.
    public static func files(root: String, under relative: String, ignoring isIgnored: (String) -> Bool) -> [Found] {
        walk(root: root, under: relative, ignoring: isIgnored).found
    }

    /// The real path of `path` with every link resolved, or nil.
    public static func realPath(_ path: String) -> String? {
        SafeFile.realPath(path)
    }

    /// Whether anything is at `path` (a file, folder, pipe or link, even a broken one).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Where the link at `path` points, as written, or nil when it is not a link.
    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, 4096)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether resolving `path` runs into a loop of links.
    public static func isLinkLoop(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) != 0 && errno == ELOOP
    }

    /// How many names the file at `path` has (not following a link there), or nil: more than one
    /// when it was made by a hard link to a file written elsewhere.
    public static func linkCount(_ path: String) -> Int? {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_nlink) : nil
    }

    /// Whether `path` itself is a symbolic link.
    public static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Whether `path` exists and is a folder (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
