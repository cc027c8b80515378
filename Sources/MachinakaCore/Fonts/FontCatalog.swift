import Foundation
import Yams

/// A font file and the face inside it (collections such as `.ttc` hold several).
public struct FontFace: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var index: Int

    /// Creates a face reference.
    public init(path: String, index: Int = 0) {
        self.path = path
        self.index = index
    }

    public var description: String { index == 0 ? path : "\(path)#\(index)" }
}

/// Why fonts could not be set up: the player cannot show a word without them.
public enum FontError: Error, Equatable, CustomStringConvertible {
    case notFound(file: String, searched: [String])
    case badConfiguration(path: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let file, let searched):
            return "No font file named \(file) was found in \(searched.joined(separator: ", ")); install fonts-morisawa-bizud-gothic and fonts-noto-cjk, or put the file in the Fonts folder."
        case .badConfiguration(let path, let message):
            return "The font settings in \(path) cannot be used: \(message)."
        }
    }
}

/// Which face plays which role, for which script, read from `Fonts/fonts.yml`.
///
/// Files are named, not paths: the catalog looks in the Fonts folder first (where a facility
/// drops its own fonts), then in the system font folders, so the same settings work on every
/// kiosk. A name may end in `#N` to pick the N-th face of a collection.
public struct FontCatalog: Sendable {
    /// The settings file's contents; every key has a default.
    public struct Settings: Equatable, Sendable, Decodable {
        /// A regular and a bold file name.
        public struct Pair: Equatable, Sendable, Decodable {
            public var regular: String
            public var bold: String
        }

        /// Folders searched after the Fonts folder, recursively.
        public var systemFolders: [String]
        /// The faces of each role for Japanese and Latin text.
        public var roles: [String: Pair]
        /// Faces for other languages, by BCP 47 primary language (`zh`, `ko`), used in every role.
        public var languages: [String: Pair]
        /// Faces tried, in order, for a character the run's own face lacks (Korean in a
        /// Japanese title, Chinese in the ticker, emoji anywhere): no text is ever drawn as
        /// boxes where one of these has the glyph. A file missing here is skipped, not fatal.
        public var fallbacks: [Pair]

        /// The built-in settings: BIZ UD Gothic for Japanese and Latin, Noto Sans CJK for
        /// Chinese and Korean.
        public static let standard = Settings(
            systemFolders: ["/usr/share/fonts", "/usr/local/share/fonts"],
            roles: [
                "body": Pair(regular: "BIZUDPGothic-Regular.ttf", bold: "BIZUDPGothic-Bold.ttf"),
                "heading": Pair(regular: "BIZUDPGothic-Bold.ttf", bold: "BIZUDPGothic-Bold.ttf"),
                "alert": Pair(regular: "BIZUDPGothic-Bold.ttf", bold: "BIZUDPGothic-Bold.ttf"),
            ],
            languages: [
                "zh": Pair(regular: "NotoSansCJK-Regular.ttc#2", bold: "NotoSansCJK-Bold.ttc#2"),
                "ko": Pair(regular: "NotoSansCJK-Regular.ttc#1", bold: "NotoSansCJK-Bold.ttc#1"),
            ],
            fallbacks: [
                Pair(regular: "NotoSansCJK-Regular.ttc#0", bold: "NotoSansCJK-Bold.ttc#0"),
                Pair(regular: "NotoSansCJK-Regular.ttc#1", bold: "NotoSansCJK-Bold.ttc#1"),
                Pair(regular: "NotoSansCJK-Regular.ttc#2", bold: "NotoSansCJK-Bold.ttc#2"),
                Pair(regular: "NotoSansCJK-Regular.ttc#3", bold: "NotoSansCJK-Bold.ttc#3"),
                Pair(regular: "NotoColorEmoji.ttf", bold: "NotoColorEmoji.ttf"),
            ])

        init(systemFolders: [String], roles: [String: Pair], languages: [String: Pair], fallbacks: [Pair]) {
            self.systemFolders = systemFolders
            self.roles = roles
            self.languages = languages
            self.fallbacks = fallbacks
        }

        enum CodingKeys: String, CodingKey {
            case systemFolders = "system_folders", roles, languages, fallbacks
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let standard = Settings.standard
            systemFolders = try c.decodeIfPresent([String].self, forKey: .systemFolders) ?? standard.systemFolders
            roles = standard.roles.merging(try c.decodeIfPresent([String: Pair].self, forKey: .roles) ?? [:]) { $1 }
            languages = standard.languages.merging(try c.decodeIfPresent([String: Pair].self, forKey: .languages) ?? [:]) { $1 }
            fallbacks = try c.decodeIfPresent([Pair].self, forKey: .fallbacks) ?? standard.fallbacks
            for role in roles.keys where FontSpec.Role(rawValue: role) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .roles, in: c, debugDescription: "'\(role)' is not a role (body, heading, alert)")
            }
        }
    }

    public let settings: Settings
    /// Resolved faces by (role or language, bold).
    private let faces: [String: FontFace]
    /// The fallback faces found, in order: regular and bold.
    public let fallbacks: [(regular: FontFace, bold: FontFace)]

    /// Reads `fonts.yml` in `folder` (defaults when absent) and finds every named file.
    /// Throws when a named file is nowhere to be found.
    public init(folder: String?) throws {
        var settings = Settings.standard
        if let folder {
            let path = folder + "/fonts.yml"
            if let data = FileManager.default.contents(atPath: path) {
                do {
                    settings = try YAMLDecoder().decode(Settings.self, from: data)
                } catch {
                    throw FontError.badConfiguration(path: path, message: "\(error)")
                }
            }
        }
        self.settings = settings
        let searched = ([folder].compactMap { $0 }) + settings.systemFolders
        let index = Self.indexFiles(in: searched)
        var faces: [String: FontFace] = [:]
        let entries = settings.roles.map { ("role:" + $0.key, $0.value) } + settings.languages.map { ("lang:" + $0.key, $0.value) }
        for (key, pair) in entries {
            for (bold, name) in [(false, pair.regular), (true, pair.bold)] {
                let parts = name.split(separator: "#", maxSplits: 1)
                let file = String(parts[0])
                guard let path = index[file] else { throw FontError.notFound(file: file, searched: searched) }
                faces[key + (bold ? ":bold" : "")] = FontFace(path: path, index: parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
            }
        }
        self.faces = faces
        fallbacks = settings.fallbacks.compactMap { pair in
            func face(_ name: String) -> FontFace? {
                let parts = name.split(separator: "#", maxSplits: 1)
                return index[String(parts[0])].map { FontFace(path: $0, index: parts.count > 1 ? Int(parts[1]) ?? 0 : 0) }
            }
            guard let regular = face(pair.regular), let bold = face(pair.bold) else { return nil }
            return (regular, bold)
        }
    }

    /// The faces tried after `spec`'s own for a character it lacks, in order.
    public func fallbackFaces(for spec: FontSpec) -> [FontFace] {
        fallbacks.map { spec.bold ? $0.bold : $0.regular }.filter { $0 != face(for: spec) }
    }

    /// The face for a run of text: the language's own face for Chinese and Korean, else the role's.
    public func face(for spec: FontSpec) -> FontFace {
        let primary = spec.lang.split(separator: "-").first.map { String($0).lowercased() } ?? "ja"
        let suffix = spec.bold ? ":bold" : ""
        if let face = faces["lang:" + primary + suffix] { return face }
        return faces["role:" + spec.role.rawValue + suffix] ?? faces["role:body" + suffix]!
    }

    /// Every face the catalog uses.
    public var allFaces: Set<FontFace> { Set(faces.values) }

    /// The faces of the roles (Japanese and Latin text): what nearly every frame draws with.
    public var roleFaces: Set<FontFace> { Set(faces.filter { $0.key.hasPrefix("role:") }.values) }

    /// File name → path for every font file below the folders; earlier folders win.
    private static func indexFiles(in folders: [String]) -> [String: String] {
        var index: [String: String] = [:]
        let fm = FileManager.default
        for folder in folders {
            guard let enumerator = fm.enumerator(atPath: folder) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let ext = (name as NSString).pathExtension.lowercased()
                guard ["ttf", "otf", "ttc", "otc"].contains(ext), index[name] == nil else { continue }
                index[name] = folder + "/" + relative
            }
        }
        return index
    }
}
