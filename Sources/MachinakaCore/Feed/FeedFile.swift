/// What one file of the feed contributes, once parsed.
public enum FeedFile: Equatable, Sendable {
    case screen(ScreenConfig)
    case playlist(Playlist)
    case item(ContentItem)
    case alert(ReceivedAlert)
    case data(DataFile)
    /// `words.txt`: words a line must not break inside, one a line.
    case words([String])
}

/// What a path in the feed is for, judged by its folder and extension.
enum FeedPath {
    case screen
    case playlist
    /// A file of one content kind (notices, events, posters…), read by its handler.
    case content(any ContentKindHandler)
    /// `alerts/*.xml`: a CAP message from the alert system.
    case alert
    /// `data/*.json|csv`: a data file another system writes, read by its board.
    case data
    /// `words.txt` at the top: the feed's own words kept whole (place names, programme names).
    case words
    /// `media/poster.png.yml`: settings of the file named.
    case sidecar(of: String)
    /// A file Machinaka does not play, with the reason for a warning (nil: ignore silently).
    case other(warning: String?)

    static let yamlExtensions: Set<String> = ["yml", "yaml"]

    static func classify(_ relative: String) -> FeedPath {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count == 1, parts[0] == "words.txt" { return .words }
        guard parts.count >= 2 else { return .other(warning: nil) }  // README and such at the top
        let folder = String(parts[0])
        let name = String(parts[parts.count - 1])
        let ext = Self.extension(of: name)
        switch folder {
        case "screens", "playlists":
            guard yamlExtensions.contains(ext) else { return .other(warning: "only .yml files are read in \(folder)/") }
            guard parts.count == 2 else { return .other(warning: "\(folder) files must be directly in \(folder)/, not in a subfolder") }
            return folder == "screens" ? .screen : .playlist
        case "alerts":
            guard ["xml", "cap"].contains(ext) else { return .other(warning: "only CAP messages (.xml, .cap) are read from alerts/") }
            return .alert
        case "data":
            let known = Set(ContentKinds.dataBoards.map(\.dataExtension))
            guard known.contains(ext) else { return .other(warning: "only data files (\(known.sorted().map { "." + $0 }.joined(separator: ", "))) are read from data/") }
            return .data
        default:
            let handlers = ContentKinds.handlers(forFolder: folder)
            guard let first = handlers.first else { return .other(warning: nil) }
            if let handler = handlers.first(where: { $0.extensions.contains(ext) }) { return .content(handler) }
            if yamlExtensions.contains(ext) {
                // Settings beside a file of the kind: `poster.png.yml`.
                let named = String(relative.dropLast(ext.count + 1))
                let namedExtension = Self.extension(of: named)
                if handlers.contains(where: { $0.extensions.contains(namedExtension) && $0.acceptsSidecars }) { return .sidecar(of: named) }
            }
            return .other(warning: first.strayWarning)
        }
    }

    static func `extension`(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
