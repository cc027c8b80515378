/// Why a feed could not be read at all (as opposed to one bad file, which is a `Diagnostic`).
public enum FeedError: Error, Equatable, CustomStringConvertible {
    case missingFolder(String)
    case notAFolder(String)
    case unreadableFolder(String)

    public var description: String {
        switch self {
        case .missingFolder(let path): return "The feed folder \(path) does not exist."
        case .notAFolder(let path): return "The feed path \(path) is a file, not a folder."
        case .unreadableFolder(let path): return "The feed folder \(path) cannot be read (check its permissions)."
        }
    }
}

/// Reads a whole feed folder once: `check`, `render`, tests. The player keeps a `FeedStore`
/// instead, which reads again only what changed.
public struct FeedLoader: Sendable {
    public var parser: FeedParser

    /// Creates a loader with the parser's limits.
    public init(limits: FeedParser.Limits = FeedParser.Limits()) {
        parser = FeedParser(limits: limits)
    }

    /// Reads the folder at `path`. Throws only when the folder itself is unusable.
    public func load(from path: String) throws -> Feed {
        try FeedStore(folder: path, parser: parser).feed
    }
}
