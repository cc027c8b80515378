#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory, unmapped when the value goes.
///
/// For files a library reads piece by piece at random places for as long as it runs (font
/// collections): each piece is then a memory read, not a seek and a read through stdio, and
/// the pages are the page cache's own, shared by every process that maps the file. The file
/// must not be truncated in place while mapped (a read past its new end would be SIGBUS); a
/// package upgrade replaces a file by renaming a new one over it, which leaves the mapping
/// on the old one.
public final class MappedFile: @unchecked Sendable {
    /// The first byte.
    public let base: UnsafeRawPointer
    /// The file's size in bytes when it was mapped.
    public let count: Int

    /// Maps the file at `path`; throws for a file that cannot be opened, an empty one (there
    /// is nothing to map) or one the system will not map.
    public init(path: String) throws {
        let descriptor = FileDescriptor(try systemCall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) })
        let size = Int(try descriptor.status().st_size)
        guard size > 0 else { throw SystemError("mmap", path: path, code: EINVAL) }
        // The mapping outlives the descriptor: it is closed when `descriptor` goes.
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor.rawValue, 0), address != MAP_FAILED else {
            throw SystemError("mmap", path: path)
        }
        base = UnsafeRawPointer(address)
        count = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}
