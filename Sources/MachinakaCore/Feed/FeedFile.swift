/// What one file of the feed contributes, once parsed.
public enum FeedFile: Equatable, Sendable {
    case screen(ScreenConfig)
    case playlist(Playlist)
    case item(ContentItem)
    case alert(ReceivedAlert)
}

/// What a path in the feed is for, judged by its folder and extension.
enum FeedPath: Equatable {
    case screen
    case playlist
    case text(ContentKind)
    case image
    /// `alerts/*.xml`: a CAP message from the alert system.
    case alert
    /// `media/poster.png.yml`: settings of the image named.
    case sidecar(image: String)
    /// A file Machinaka does not play, with the reason for a warning (nil: ignore silently).
    case other(warning: String?)

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]
    static let yamlExtensions: Set<String> = ["yml", "yaml"]
    static let markdownExtensions: Set<String> = ["md", "markdown"]

    static func classify(_ relative: String) -> FeedPath {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return .other(warning: nil) }  // README and such at the top
        let folder = parts[0]
        let name = String(parts[parts.count - 1])
        let ext = Self.extension(of: name)
        switch folder {
        case "screens", "playlists":
            guard yamlExtensions.contains(ext) else { return .other(warning: "only .yml files are read in \(folder)/") }
            guard parts.count == 2 else { return .other(warning: "\(folder) files must be directly in \(folder)/, not in a subfolder") }
            return folder == "screens" ? .screen : .playlist
        case "news", "events":
            guard markdownExtensions.contains(ext) else { return .other(warning: "only Markdown files (.md) are played from \(folder)/") }
            return .text(folder == "news" ? .news : .event)
        case "media":
            if imageExtensions.contains(ext) { return .image }
            if yamlExtensions.contains(ext) {
                let image = String(relative.dropLast(ext.count + 1))
                if imageExtensions.contains(Self.extension(of: image)) { return .sidecar(image: image) }
            }
            return .other(warning: "only PNG and JPEG images (and their .yml settings) are played from media/")
        case "alerts":
            guard ["xml", "cap"].contains(ext) else { return .other(warning: "only CAP messages (.xml, .cap) are read from alerts/") }
            return .alert
        default:
            return .other(warning: nil)
        }
    }

    static func `extension`(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
