import Foundation
import MachinakaPOSIX
import Yams

/// Reads one feed file into what it contributes, with a positioned diagnostic for each problem.
/// It never throws: a bad file is a result like any other.
public struct FeedParser: Sendable {
    /// Limits that keep a broken or hostile file from exhausting a small kiosk.
    public struct Limits: Sendable {
        /// Largest Markdown or YAML file, in bytes.
        public var maxTextBytes = MachinakaCore.Limits.textBytes
        /// Largest image file, in bytes.
        public var maxImageBytes = MachinakaCore.Limits.imageBytes
        /// Largest image, in pixels (8K UHD is 33 million).
        public var maxImagePixels = MachinakaCore.Limits.imagePixels

        public init() {}
    }

    /// The keys every item's settings may hold (a notice's front matter, a poster's sidecar);
    /// kinds add their own.
    public static let commonKeys: Set<String> = [
        "title", "start", "end", "duration", "screens", "tags", "priority", "lang",
        "days", "hours", "except", "every", "max_per_hour", "min_per_hour", "link",
    ]

    public var limits: Limits

    /// Creates a parser.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether a file name is one a writer is still working on, or hidden: never read.
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~")
    }

    /// Parses the file at feed-relative `relative` inside the folder `root` (for an image, with
    /// its sidecar, if any): what it contributes, and a diagnostic for each problem.
    public func parse(_ relative: String, root: String) -> (file: FeedFile?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let file: FeedFile?
        switch FeedPath.classify(relative) {
        case .screen:
            var marks: [String: (line: Int, column: Int)] = [:]
            file = decodeYAML(relative, root: root, known: ScreenConfig.knownKeys, keyMarks: &marks, into: &diagnostics).flatMap { (screen: ScreenConfig) -> FeedFile? in
                var screen = screen
                screen.id = Self.stem(of: relative)
                if let logo = screen.logo {
                    screen.logoPath = resolveLogo(logo, screen: relative, root: root, into: &diagnostics)
                }
                // A key that cannot be read never stops the screen: it plays, trusting only the
                // keys it could read — with none, it refuses every alert (fail closed) — and
                // the error names the file and line.
                let at = marks["trusted_senders"] ?? (1, 1)
                var problems: [Diagnostic] = []
                screen.trustedFingerprints = trustedKeys(screen.trustedSenders, screen: relative, root: root, into: &problems)
                if !problems.isEmpty {
                    let consequence = screen.trustedFingerprints.isEmpty
                        ? "this screen plays but refuses every alert until a trusted key can be read"
                        : "this screen trusts only the \(screen.trustedFingerprints.count) key(s) it could read"
                    diagnostics += problems.map { Diagnostic(path: $0.path, line: at.line, column: at.column, message: $0.message + "; " + consequence) }
                }
                return .screen(screen)
            }
        case .playlist:
            file = decodeYAML(relative, root: root, known: Playlist.knownKeys, into: &diagnostics).map { (playlist: Playlist) in
                var playlist = playlist
                playlist.name = Self.stem(of: relative)
                return .playlist(playlist)
            }
        case .content(let handler):
            file = handler.parse(relative, root: root, parser: self, into: &diagnostics).map(FeedFile.item)
        case .alert:
            file = readAlert(relative, root: root, into: &diagnostics).map(FeedFile.alert)
        case .data:
            file = readData(relative, root: root, into: &diagnostics).map(FeedFile.data)
        case .words:
            file = readWords(relative, root: root, into: &diagnostics).map(FeedFile.words)
        case .sidecar, .other:
            file = nil
        }
        return (file, diagnostics)
    }

    /// The logo's absolute path when it is an image inside the feed; a warning otherwise (the
    /// screen plays on without it).
    private func resolveLogo(_ logo: String, screen: String, root: String, into diagnostics: inout [Diagnostic]) -> String? {
        func warn(_ message: String) {
            diagnostics.append(Diagnostic(path: screen, severity: .warning, message: message))
        }
        guard !logo.hasPrefix("/"), !logo.split(separator: "/").contains(".."), !logo.contains("://") else {
            warn("'logo' must be a file inside the feed, such as logos/city.png, not '\(logo)'")
            return nil
        }
        switch readImageHeader(logo, root: root) {
        case .failure(let problem):
            warn("the logo '\(logo)' is not shown: \(problem)")
            return nil
        case .success(let header):
            return header.realPath
        }
    }

    /// What an image file's header says, read through the one safe way to open a feed file;
    /// its size checked against the limits with arithmetic that cannot overflow.
    func readImageHeader(_ relative: String, root: String) -> Result<(kind: ImageHeader.Kind, size: PixelSize, bytes: Int64, realPath: String), ImageProblem> {
        let head: [UInt8]
        let bytes: Int64
        do {
            let file = try SafeFile.open(relative, in: root)
            bytes = Int64((try? file.status().st_size) ?? 0)
            guard bytes <= Int64(limits.maxImageBytes) else { return .failure(.tooLarge(bytes: bytes, limit: limits.maxImageBytes)) }
            head = (try? file.read(upTo: 64 * 1024)) ?? []
        } catch {
            return .failure(.file(error))
        }
        guard let header = ImageHeader.parse(head) else { return .failure(.notAnImage) }
        let (pixels, overflow) = header.size.width.multipliedReportingOverflow(by: header.size.height)
        if overflow || pixels > limits.maxImagePixels || max(header.size.width, header.size.height) > MachinakaCore.Limits.imageSide {
            return .failure(.tooManyPixels(header.size))
        }
        return .success((header.kind, header.size, bytes, SafeFile.realPath(root + "/" + relative) ?? root + "/" + relative))
    }

    /// Why an image file is not played.
    enum ImageProblem: Error, CustomStringConvertible {
        case file(SafeFile.Problem)
        case tooLarge(bytes: Int64, limit: Int)
        case notAnImage
        case tooManyPixels(PixelSize)

        var description: String {
            switch self {
            case .file(let problem): return problem.description
            case .tooLarge(let bytes, let limit): return "the image is \(bytes) bytes; images may be at most \(limit) bytes"
            case .notAnImage: return "the file is not a PNG or JPEG image (it may be damaged, or only half copied)"
            case .tooManyPixels(let size):
                let pixels = size.width.multipliedReportingOverflow(by: size.height)
                let megapixels = pixels.overflow ? "" : " (\(pixels.partialValue / 1_000_000) million pixels)"
                return "the image is \(size.width)×\(size.height)\(megapixels); images may have at most \(MachinakaCore.Limits.imagePixels / 1_000_000) million pixels and \(MachinakaCore.Limits.imageSide) pixels on a side — scale it down"
            }
        }
    }

    /// Folders outside the feed from which trusted senders' certificates may be read: the
    /// kiosk's own configuration, which staff writing the feed cannot change.
    public static let trustedFolders = ["/etc/machinaka/"]

    /// The key fingerprints of the certificates a screen trusts: PEM files (or folders of them)
    /// inside the feed, or under `trustedFolders`; an error for each that cannot be read. A
    /// screen that asked for signed alerts never takes unsigned ones for want of a key: with
    /// none read, `ScreenConfig.alertPolicy` trusts nothing.
    private func trustedKeys(_ entries: [String], screen: String, root: String, into diagnostics: inout [Diagnostic]) -> [String] {
        var keys: [String] = []
        for entry in entries {
            var files: [(String, () throws -> [UInt8])] = []
            if entry.hasPrefix("/") {
                let folder = entry.hasSuffix("/") ? entry : entry + "/"
                guard Self.trustedFolders.contains(where: { folder.hasPrefix($0) }), FileTree.isDirectory(entry) else {
                    diagnostics.append(Diagnostic(path: screen, message: "'trusted_senders' may name PEM files inside the feed or a folder under \(Self.trustedFolders.joined(separator: ", ")), not '\(entry)'"))
                    continue
                }
                for found in FileTree.files(root: entry, under: "", ignoring: Self.isIgnored) where found.relative.hasSuffix(".pem") {
                    files.append((entry + "/" + found.relative, { try SafeFile.read(absolute: folder + found.relative, limit: 64 << 10) }))
                }
            } else if FileTree.isDirectory(root + "/" + entry) {
                for found in FileTree.files(root: root, under: entry, ignoring: Self.isIgnored) where found.relative.hasSuffix(".pem") {
                    files.append((found.relative, { try SafeFile.read(found.relative, in: root, limit: 64 << 10) }))
                }
            } else {
                files.append((entry, { try SafeFile.read(entry, in: root, limit: 64 << 10) }))
            }
            guard !files.isEmpty else {
                diagnostics.append(Diagnostic(path: screen, message: "'trusted_senders' names '\(entry)', which holds no .pem certificate"))
                continue
            }
            for (name, read) in files {
                do {
                    guard let key = Signatures.fingerprint(ofPEM: try read()) else {
                        diagnostics.append(Diagnostic(path: screen, message: "'trusted_senders': \(name) is not a PEM certificate"))
                        continue
                    }
                    keys.append(key)
                } catch {
                    diagnostics.append(Diagnostic(path: screen, message: "'trusted_senders': \(name) cannot be read: \(error)"))
                }
            }
        }
        return keys
    }

    static func stem(of relative: String) -> String {
        ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    // MARK: - Text

    /// The text of a feed file, or nil with a diagnostic when it cannot be read, is too big,
    /// binary or not UTF-8.
    func readText(_ relative: String, root: String, into diagnostics: inout [Diagnostic]) -> String? {
        let data: [UInt8]
        do {
            data = try SafeFile.read(relative, in: root, limit: limits.maxTextBytes)
        } catch .tooLarge(let bytes, _) {
            diagnostics.append(Diagnostic(
                path: relative, message: "the file is \(bytes) bytes; text files may be at most \(limits.maxTextBytes) bytes"))
            return nil
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: error.description))
            return nil
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) {
            diagnostics.append(Diagnostic(path: relative, message: "the file holds binary data, not text"))
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            diagnostics.append(Diagnostic(
                path: relative, message: "the file is not UTF-8 text; save it as UTF-8 (not Shift_JIS)"))
            return nil
        }
        return text
    }

    // MARK: - YAML files

    private func decodeYAML<T: Decodable>(_ relative: String, root: String, known: Set<String>, into diagnostics: inout [Diagnostic]) -> T? {
        var marks: [String: (line: Int, column: Int)] = [:]
        return decodeYAML(relative, root: root, known: known, keyMarks: &marks, into: &diagnostics)
    }

    /// Decodes a settings file; `keyMarks` gets where each top-level key is, for errors found
    /// after decoding.
    private func decodeYAML<T: Decodable>(_ relative: String, root: String, known: Set<String>, keyMarks: inout [String: (line: Int, column: Int)],
                                          into diagnostics: inout [Diagnostic]) -> T? {
        guard let text = readText(relative, root: root, into: &diagnostics) else { return nil }
        if let problem = YAMLGuard.problem(in: text) {
            diagnostics.append(Diagnostic(path: relative, line: problem.line, column: problem.column, message: problem.message))
            return nil
        }
        var node: Node? = nil
        do {
            // UTF-8 named outright: Yams' default looks the encoding up in the environment,
            // which costs more than parsing a small file.
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
            if case .mapping(let mapping)? = node {
                for key in mapping.keys {
                    if let name = key.string, let mark = key.mark { keyMarks[name] = (mark.line, mark.column) }
                }
                for key in mapping.keys where !known.contains(key.string ?? "") {
                    diagnostics.append(Diagnostic(
                        path: relative, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1, severity: .warning,
                        message: "unknown setting '\(key.string ?? "")' is ignored; known settings: \(known.sorted().joined(separator: ", "))"))
                }
            } else if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                diagnostics.append(Diagnostic(path: relative, message: "the file must hold 'key: value' settings"))
                return nil
            }
            return try YAMLDecoder(encoding: .utf8).decode(T.self, from: node ?? Node.mapping(Node.Mapping([])))
        } catch let error as YamlError {
            let failure = FrontMatter.failure(from: error, lineOffset: 0)
            diagnostics.append(Diagnostic(path: relative, line: failure.line, column: failure.column, message: failure.message))
        } catch let error as DecodingError {
            // Where the value is that could not be used, not 1:1.
            let mark = node.flatMap { Self.mark(of: Self.codingPath(of: error), in: $0) }
            diagnostics.append(Diagnostic(path: relative, line: mark?.line ?? 1, column: mark?.column ?? 1, message: Self.describe(error)))
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "\(error)"))
        }
        return nil
    }

    static func codingPath(of error: DecodingError) -> [CodingKey] {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context): return context.codingPath
        case .keyNotFound(_, let context): return context.codingPath
        @unknown default: return []
        }
    }

    /// Where the node at `path` starts in the document (its value; the nearest mapping for a
    /// missing key), 1-based.
    static func mark(of path: [CodingKey], in node: Node) -> (line: Int, column: Int)? {
        var current = node
        var found = node.mark.map { ($0.line, $0.column) }
        for key in path {
            let next: Node?
            switch current {
            case .mapping(let mapping): next = mapping[key.stringValue]
            case .sequence(let sequence): next = key.intValue.flatMap { $0 < sequence.count ? sequence[$0] : nil }
            default: next = nil
            }
            guard let next else { break }
            current = next
            if let mark = next.mark { found = (mark.line, mark.column) }
        }
        return found
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

    func frontMatter(_ text: String, relative: String, into diagnostics: inout [Diagnostic]) -> FrontMatter? {
        do {
            return try FrontMatter(text: text)
        } catch let failure as FrontMatter.Failure {
            diagnostics.append(Diagnostic(path: relative, line: failure.line, column: failure.column, message: failure.message))
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "\(error)"))
        }
        return nil
    }

    /// Reads a Markdown file with front matter into an item of `kind`: the common settings,
    /// the title and the body; `extra` reads the kind's own settings into its payload.
    func readTextItem(_ relative: String, kind: ContentKind, keys: Set<String>, root: String, into diagnostics: inout [Diagnostic],
                      extra: (inout FieldReader) -> (any ContentPayload)?) -> ContentItem? {
        guard let text = readText(relative, root: root, into: &diagnostics),
            let matter = frontMatter(text, relative: relative, into: &diagnostics)
        else { return nil }
        var reader = FieldReader(matter: matter, path: relative)
        for field in matter.fields where !keys.contains(field.key) {
            reader.warn(at: field.keyMark, "unknown setting '\(field.key)' is ignored; known settings: \(keys.sorted().joined(separator: ", "))")
        }
        let title = reader.text("title", limit: MachinakaCore.Limits.titleCharacters)
        if title == nil, reader.errors.isEmpty {
            reader.fail(at: nil, "a title is required: add a line 'title: …' between the '---' lines")
        }
        var item = ContentItem(source: relative, kind: kind, title: title ?? "")
        reader.readCommon(into: &item)
        if let payload = extra(&reader) { item.payload = payload }
        let body = BodyText(MarkdownReader.blocks(from: matter.body))
        item.body = body.blocks
        if let cut = body.cutWarning {
            diagnostics.append(Diagnostic(path: relative, line: matter.bodyLine, severity: .warning, message: cut))
        }
        if item.body.contains(where: { $0.plainText.contains("**") }) {
            // CommonMark does not close ** right after a bracket or 。 when text follows, which
            // Japanese writing does all the time; the asterisks would show on screen.
            diagnostics.append(Diagnostic(
                path: relative, line: matter.bodyLine, severity: .warning,
                message: "'**' is shown as written: bold that ends right after a bracket or punctuation, with text following, does not close; move the closing ** before the bracket, or end the bold after the next word"))
        }
        diagnostics += reader.diagnostics
        return reader.errors.isEmpty ? item : nil
    }

    /// Reads the settings file beside a file (`poster.png.yml`) into `item`: the common
    /// settings, with positions counted in the settings file. False when it has an error.
    /// The settings file beside `relative` (`poster.png.yml`, `film.mp4.yaml`), when there is
    /// one, read into `item`; false when it is there and cannot be used (the item is left out).
    func readSettings(beside relative: String, root: String, keys: Set<String>, into item: inout ContentItem, diagnostics: inout [Diagnostic],
                      more: (inout FieldReader) -> Void = { _ in }) -> Bool {
        for ext in FeedPath.yamlExtensions.sorted(by: >) {
            let sidecar = relative + "." + ext
            guard FileTree.exists(root + "/" + sidecar) else { continue }
            return readSidecar(sidecar, root: root, keys: keys, into: &item, diagnostics: &diagnostics, more: more)
        }
        return true
    }

    func readSidecar(_ sidecar: String, root: String, keys: Set<String>, into item: inout ContentItem, diagnostics: inout [Diagnostic],
                     more: (inout FieldReader) -> Void = { _ in }) -> Bool {
        guard let text = readText(sidecar, root: root, into: &diagnostics) else { return false }
        if let problem = YAMLGuard.problem(in: text) {
            diagnostics.append(Diagnostic(path: sidecar, line: problem.line, column: problem.column, message: problem.message))
            return false
        }
        // Read as front matter, whose positions count one line for the added '---'.
        guard let matter = frontMatter("---\n" + text + "\n---\n", relative: sidecar, into: &diagnostics) else {
            diagnostics = diagnostics.map { var d = $0; if d.path == sidecar { d.line = max(1, d.line - 1) }; return d }
            return false
        }
        var reader = FieldReader(matter: matter, path: sidecar)
        for field in matter.fields where !keys.contains(field.key) {
            reader.warn(at: field.keyMark, "unknown setting '\(field.key)' is ignored; known settings: \(keys.sorted().joined(separator: ", "))")
        }
        item.title = reader.text("title", limit: MachinakaCore.Limits.titleCharacters) ?? item.title
        reader.readCommon(into: &item)
        more(&reader)
        diagnostics += reader.diagnostics.map { var d = $0; d.line = max(1, d.line - 1); return d }
        return reader.errors.isEmpty
    }

    // MARK: - Alerts

    /// `words.txt`: one word a line (blank lines and `#` comments left out), each 2 to 40
    /// characters.
    private func readWords(_ relative: String, root: String, into diagnostics: inout [Diagnostic]) -> [String]? {
        guard let text = readText(relative, root: root, limit: limits.maxTextBytes, into: &diagnostics) else { return nil }
        var words: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard (2...40).contains(line.count) else {
                diagnostics.append(Diagnostic(path: relative, line: index + 1, severity: .warning, message: "'\(line.prefix(50))' is not read: a word to keep whole has 2 to 40 characters"))
                continue
            }
            words.append(CleanText.field(line, limit: 40))
        }
        return words
    }

    /// The text of a small file: read the safe way, UTF-8 (a BOM is fine), or nil with the reason.
    private func readText(_ relative: String, root: String, limit: Int, into diagnostics: inout [Diagnostic]) -> String? {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(relative, in: root, limit: limit)
        } catch .tooLarge(let size, _) {
            diagnostics.append(Diagnostic(path: relative, message: "the file is \(size) bytes; it may be at most \(limit) bytes"))
            return nil
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "the file cannot be read: \(error)"))
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            diagnostics.append(Diagnostic(path: relative, message: "the file is not UTF-8 text (a spreadsheet may have saved it as Shift_JIS: save it as UTF-8)"))
            return nil
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// A data file, read by the board whose file it is: the one its name starts with
    /// (`counters-2f.json`), else the one its first line shows (a CSV header).
    private func readData(_ relative: String, root: String, into diagnostics: inout [Diagnostic]) -> DataFile? {
        guard let text = readText(relative, root: root, limit: MachinakaCore.Limits.dataBytes, into: &diagnostics) else { return nil }
        let name = (relative as NSString).lastPathComponent
        let ext = FeedPath.extension(of: name)
        let stem = String(name.dropLast(ext.count + 1))
        let firstLine = String(text.prefix(400).prefix { $0 != "\n" && $0 != "\r\n" })
        let boards = ContentKinds.dataBoards.filter { $0.dataExtension == ext }
        guard let board = boards.first(where: { $0.recognises(name: stem, firstLine: "") }) ?? boards.first(where: { $0.recognises(name: stem, firstLine: firstLine) }) else {
            diagnostics.append(Diagnostic(path: relative, message: "no board reads this file: name it after its board (\(boards.map(\.boardName).joined(separator: ", "))) or give it a known format — \(boards.map(\.formatSummary).joined(separator: "; "))"))
            return nil
        }
        guard let payload = board.read(text, path: relative, into: &diagnostics) else { return nil }
        let received = Date(timeIntervalSince1970: FileStamp(path: root + "/" + relative)?.modifiedSeconds ?? 0)
        if let ahead = payload.updatedTimes.max(), ForeignClock.isAhead(ahead, of: received) {
            // Said by `check` and in the log; the board shows such data as not current.
            diagnostics.append(Diagnostic(path: relative, severity: .warning, message:
                "'updated' \(ahead.formatted(.iso8601)) is \(ForeignClock.distance(ahead, from: received)) ahead of the time the file was written; it is not shown as current until then (is the time zone right? Japan is +09:00)"))
        }
        return DataFile(source: relative, board: board.boardName, received: received, payload: payload)
    }

    private func readAlert(_ relative: String, root: String, into diagnostics: inout [Diagnostic]) -> ReceivedAlert? {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(relative, in: root, limit: MachinakaCore.Limits.alertBytes)
        } catch .tooLarge(let size, _) {
            diagnostics.append(Diagnostic(path: relative, message: "the message is \(size) bytes; alert messages may be at most \(MachinakaCore.Limits.alertBytes) bytes"))
            return nil
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "the message cannot be read: \(error)"))
            return nil
        }
        // The moment the file was written into place is when the message arrived; it
        // survives a restart of the player, so an active alert shows again at once.
        let received = Date(timeIntervalSince1970: FileStamp(path: root + "/" + relative)?.modifiedSeconds ?? 0)
        do {
            let (message, format) = try AlertFormats.parse(Data(bytes))
            // Every format's signatures are checked: a screen that trusts only signed senders
            // refuses an unsigned JMA report as it refuses unsigned CAP.
            return ReceivedAlert(source: relative, message: message, received: received, format: format, signatures: Signatures.check(bytes))
        } catch let rejection as CAPParser.Rejection {
            diagnostics.append(Diagnostic(path: relative, line: rejection.line, message: "\(rejection.format ?? "alert") message refused: \(rejection.reason)"))
        } catch {
            diagnostics.append(Diagnostic(path: relative, message: "alert message refused: \(error)"))
        }
        return nil
    }

}
