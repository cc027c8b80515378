import Foundation
import Yams

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

/// Reads a feed folder into a `Feed`: every file on its own, so one bad file is reported and
/// left out while the rest plays.
public struct FeedLoader: Sendable {
    /// Limits that keep a broken or hostile file from exhausting a small kiosk.
    public struct Limits: Sendable {
        /// Largest Markdown or YAML file, in bytes.
        public var maxTextBytes = 1 << 20
        /// Largest image file, in bytes.
        public var maxImageBytes = 32 << 20

        public init() {}
    }

    /// The keys a notice's front matter may hold.
    public static let newsKeys: Set<String> = [
        "title", "start", "end", "duration", "screens", "tags", "priority", "lang",
    ]
    /// The keys an event's front matter may hold.
    public static let eventKeys = newsKeys.union(["when", "where"])
    /// Image file extensions played as posters.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    public var limits: Limits

    /// Creates a loader.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether a file name is one a writer is still working on, or hidden: never read.
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~")
    }

    /// Reads the folder at `path`. Throws only when the folder itself is unusable.
    public func load(from path: String) throws -> Feed {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw FeedError.missingFolder(path) }
        guard isDirectory.boolValue else { throw FeedError.notAFolder(path) }
        guard fm.isReadableFile(atPath: path), (try? fm.contentsOfDirectory(atPath: path)) != nil else {
            throw FeedError.unreadableFolder(path)
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        var feed = Feed(root: root)

        for file in files(in: "screens", root: root, extensions: ["yml", "yaml"], into: &feed) {
            if let screen: ScreenConfig = decodeYAML(file, root: root, known: ScreenConfig.knownKeys, into: &feed) {
                var screen = screen
                screen.id = stem(of: file)
                feed.screens[screen.id] = screen
            }
        }
        for file in files(in: "playlists", root: root, extensions: ["yml", "yaml"], into: &feed) {
            if var playlist: Playlist = decodeYAML(file, root: root, known: Playlist.knownKeys, into: &feed) {
                playlist.name = stem(of: file)
                feed.playlists.append(playlist)
            }
        }
        for (folder, kind) in [("news", ContentKind.news), ("events", .event)] {
            for file in files(in: folder, root: root, extensions: ["md", "markdown"], into: &feed) {
                if let item = readTextItem(file, kind: kind, root: root, into: &feed) {
                    feed.items.append(item)
                }
            }
        }
        for file in files(in: "media", root: root, extensions: Self.imageExtensions, into: &feed) {
            if let item = readImageItem(file, root: root, into: &feed) {
                feed.items.append(item)
            }
        }
        feed.items.sort { $0.source < $1.source }
        feed.playlists.sort { $0.name < $1.name }
        return feed
    }

    // MARK: - Files

    /// The feed-relative paths of the files in `folder` worth reading, refusing links out of
    /// the feed.
    private func files(in folder: String, root: String, extensions: Set<String>, into feed: inout Feed) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root + "/" + folder) else { return [] }
        var result: [String] = []
        for name in names.sorted() where !Self.isIgnored(name) {
            let relative = folder + "/" + name
            let ext = (name as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else {
                if !(folder == "media" && (ext == "yml" || ext == "yaml")) {
                    feed.diagnostics.append(Diagnostic(
                        path: relative, severity: .warning,
                        message: "this kind of file is not played here; expected \(extensions.sorted().map { "." + $0 }.joined(separator: ", "))"))
                }
                continue
            }
            let resolved = URL(fileURLWithPath: root + "/" + relative).resolvingSymlinksInPath().path
            guard resolved.hasPrefix(root + "/") else {
                feed.diagnostics.append(Diagnostic(
                    path: relative, message: "this is a link to \(resolved), outside the feed folder; only files inside the feed are played"))
                continue
            }
            result.append(relative)
        }
        return result
    }

    /// The text of a feed file, or nil with a diagnostic when it is too big, binary or not UTF-8.
    private func readText(_ relative: String, root: String, into feed: inout Feed) -> String? {
        let path = root + "/" + relative
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > limits.maxTextBytes {
            feed.diagnostics.append(Diagnostic(
                path: relative,
                message: "the file is \(size) bytes; text files may be at most \(limits.maxTextBytes) bytes"))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            feed.diagnostics.append(Diagnostic(path: relative, message: "the file cannot be read (check its permissions)"))
            return nil
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) {
            feed.diagnostics.append(Diagnostic(path: relative, message: "the file holds binary data, not text"))
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            feed.diagnostics.append(Diagnostic(
                path: relative, message: "the file is not UTF-8 text; save it as UTF-8 (not Shift_JIS)"))
            return nil
        }
        return text
    }

    private func stem(of relative: String) -> String {
        ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    // MARK: - YAML files

    private func decodeYAML<T: Decodable>(_ relative: String, root: String, known: Set<String>, into feed: inout Feed) -> T? {
        guard let text = readText(relative, root: root, into: &feed) else { return nil }
        do {
            if case .mapping(let mapping)? = try Yams.compose(yaml: text) {
                for key in mapping.keys where !known.contains(key.string ?? "") {
                    feed.diagnostics.append(Diagnostic(
                        path: relative, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1, severity: .warning,
                        message: "unknown setting '\(key.string ?? "")' is ignored; known settings: \(known.sorted().joined(separator: ", "))"))
                }
            }
            return try YAMLDecoder().decode(T.self, from: text.isEmpty ? "{}" : text)
        } catch let error as YamlError {
            let failure = FrontMatter.failure(from: error, lineOffset: 0)
            feed.diagnostics.append(Diagnostic(path: relative, line: failure.line, column: failure.column, message: failure.message))
        } catch let error as DecodingError {
            feed.diagnostics.append(Diagnostic(path: relative, message: Self.describe(error)))
        } catch {
            feed.diagnostics.append(Diagnostic(path: relative, message: "\(error)"))
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : "'\(path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))': "
        }
        switch error {
        case .dataCorrupted(let context): return at(context.codingPath) + context.debugDescription
        case .keyNotFound(let key, let context): return at(context.codingPath) + "the setting '\(key.stringValue)' is required"
        case .typeMismatch(let type, let context): return at(context.codingPath) + "expected \(type == String.self ? "text" : "a list or value of another kind") here"
        case .valueNotFound(_, let context): return at(context.codingPath) + "a value is missing here"
        @unknown default: return "\(error)"
        }
    }

    // MARK: - Notices and events

    private func readTextItem(_ relative: String, kind: ContentKind, root: String, into feed: inout Feed) -> ContentItem? {
        guard let text = readText(relative, root: root, into: &feed) else { return nil }
        let matter: FrontMatter
        do {
            matter = try FrontMatter(text: text)
        } catch let failure as FrontMatter.Failure {
            feed.diagnostics.append(Diagnostic(path: relative, line: failure.line, column: failure.column, message: failure.message))
            return nil
        } catch {
            feed.diagnostics.append(Diagnostic(path: relative, message: "\(error)"))
            return nil
        }
        var reader = FieldReader(matter: matter, path: relative)
        let known = kind == .event ? Self.eventKeys : Self.newsKeys
        for field in matter.fields where !known.contains(field.key) {
            reader.warn(at: field.keyMark, "unknown setting '\(field.key)' is ignored; known settings: \(known.sorted().joined(separator: ", "))")
        }
        let title = reader.string("title")
        if title == nil, reader.errors.isEmpty {
            reader.fail(at: nil, "a title is required: add a line 'title: …' between the '---' lines")
        }
        var item = ContentItem(source: relative, kind: kind, title: title ?? "")
        item.lang = reader.string("lang") ?? "ja"
        item.start = reader.instant("start", endOfDay: false)
        item.end = reader.instant("end", endOfDay: true)
        item.duration = reader.duration("duration")
        item.screens = reader.strings("screens")
        item.tags = reader.strings("tags")
        item.priority = reader.int("priority") ?? 0
        if let start = item.start, let end = item.end, end <= start {
            reader.fail(at: matter.fields.first(where: { $0.key == "end" })?.keyMark, "'end' is not after 'start'")
        }
        if kind == .event {
            item.event = reader.event()
        }
        item.body = MarkdownReader.blocks(from: matter.body)
        feed.diagnostics += reader.diagnostics
        return reader.errors.isEmpty ? item : nil
    }

    // MARK: - Posters

    private func readImageItem(_ relative: String, root: String, into feed: inout Feed) -> ContentItem? {
        let path = root + "/" + relative
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limits.maxImageBytes {
            feed.diagnostics.append(Diagnostic(
                path: relative, message: "the image is \(size) bytes; images may be at most \(limits.maxImageBytes) bytes"))
            return nil
        }
        var item = ContentItem(source: relative, kind: .image, title: stem(of: relative), imagePath: path)
        let sidecar = relative + ".yml"
        guard FileManager.default.fileExists(atPath: root + "/" + sidecar),
            let text = readText(sidecar, root: root, into: &feed)
        else { return item }
        do {
            let matter = try FrontMatter(text: "---\n" + text + "\n---\n")
            var reader = FieldReader(matter: matter, path: sidecar)
            let known = Self.newsKeys
            for field in matter.fields where !known.contains(field.key) {
                reader.warn(at: field.keyMark, "unknown setting '\(field.key)' is ignored")
            }
            item.title = reader.string("title") ?? item.title
            item.start = reader.instant("start", endOfDay: false)
            item.end = reader.instant("end", endOfDay: true)
            item.duration = reader.duration("duration")
            item.screens = reader.strings("screens")
            item.tags = reader.strings("tags")
            item.priority = reader.int("priority") ?? 0
            item.lang = reader.string("lang") ?? "ja"
            // The sidecar's lines start at 1 in its own file, not after an added '---'.
            feed.diagnostics += reader.diagnostics.map { var d = $0; d.line = max(1, d.line - 1); return d }
            return reader.errors.isEmpty ? item : nil
        } catch let failure as FrontMatter.Failure {
            feed.diagnostics.append(Diagnostic(path: sidecar, line: max(1, failure.line - 1), column: failure.column, message: failure.message))
            return nil
        } catch {
            feed.diagnostics.append(Diagnostic(path: sidecar, message: "\(error)"))
            return nil
        }
    }
}
