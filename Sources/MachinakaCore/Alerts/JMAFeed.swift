import Foundation

/// JMA's PULL feeds (Atom: `extra.xml` for weather warnings and river forecasts, `eqvol.xml`
/// for earthquakes, tsunami and volcanoes), read for `jma-pull`: which entries are reports the
/// player reads, and the file each is written to in `alerts/`.
public enum JMAFeed {
    /// JMA's feeds as published (updated every minute; JMA asks for no more than one fetch a minute).
    public static let defaultURLs = [
        "https://www.data.jma.go.jp/developer/xml/feed/extra.xml",
        "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml",
    ]

    /// One report announced by a feed.
    public struct Entry: Equatable, Sendable {
        /// The entry's id (JMA: the report's URL).
        public var id: String
        /// The report's `Control/Title`, e.g. 気象警報・注意報（Ｒ０６）（大雨）.
        public var title: String
        /// The issuing office (`author/name`).
        public var author: String
        public var updated: Date?
        /// Where the report is fetched from.
        public var link: String

        /// The file it is written to in `alerts/`: `jma-<report id>.xml`, the report id being
        /// the last part of its URL with anything but letters, digits, `_`, `-` and `.` dropped.
        public var fileName: String {
            let last = link.split(separator: "/").last.map(String.init) ?? id
            let stem = last.hasSuffix(".xml") ? String(last.dropLast(4)) : last
            let safe = String(stem.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_-.".unicodeScalars.contains($0) }.map(Character.init))
            return "jma-\(safe.isEmpty ? StableHash.fnv1a(id.utf8) : String(safe.prefix(120))).xml"
        }
    }

    /// Why a feed could not be read.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The `Control/Title`s of the reports the player reads (`JMAFormat`): the R06 warnings, the
    /// transitional warnings, landslide alerts, river forecasts and tsunami warnings.
    /// (Compared by their beginnings: JMA's tsunami reports are titled 津波警報・注意報・予報a.)
    public static func isWanted(title: String) -> Bool {
        title.hasPrefix(JMAFormat.r06Title) || ["気象特別警報・警報・注意報", "気象警報・注意報（Ｈ２７）", "土砂災害警戒情報", "指定河川洪水予報", "津波警報・注意報・予報", "緊急地震速報"]
            .contains { title.hasPrefix($0) }
    }

    /// JMA's long feed beside one of its short ones (`extra.xml` → `extra_l.xml`: days of
    /// entries, not minutes), read to catch up after a time without the feeds; nil for others.
    /// (By JMA's names for its feeds, wherever they are served: a mirror keeps them.)
    public static func longFeed(of url: String) -> String? {
        guard let name = url.split(separator: "/").last, ["extra.xml", "eqvol.xml", "regular.xml", "other.xml"].contains(name) else { return nil }
        return String(url.dropLast(4)) + "_l.xml"
    }

    /// Of `entries`, the newest of each office and title: what stands now, after a gap.
    public static func newestOfEach(_ entries: [Entry]) -> [Entry] {
        var newest: [String: Entry] = [:]
        for entry in entries {
            let key = entry.author + "|" + entry.title
            if let known = newest[key], (known.updated ?? .distantPast) >= (entry.updated ?? .distantPast) { continue }
            newest[key] = entry
        }
        return Array(newest.values)
    }

    /// The entries of an Atom feed (parsed safely: no DTD, no entities, no network).
    public static func entries(_ data: Data) throws -> [Entry] {
        let root: XMLElement
        do {
            root = try SafeXML.parse(data)
        } catch let failure as SafeXML.Failure {
            throw Failure(description: "line \(failure.line): \(failure.message)")
        }
        guard root.name == "feed" else {
            throw Failure(description: "the root element is <\(root.name)>, not an Atom <feed>")
        }
        return root.all("entry").compactMap { entry in
            guard let id = entry.first("id")?.trimmedText, let title = entry.first("title")?.trimmedText else { return nil }
            let link = entry.all("link").first { $0.attributes["type"] == "application/xml" || $0.attributes["rel"] == nil || $0.attributes["rel"] == "alternate" }?
                .attributes["href"] ?? id
            return Entry(id: id, title: title, author: entry.first("author")?.first("name")?.trimmedText ?? "",
                         updated: entry.first("updated").flatMap { JMAFormat.time($0.trimmedText) }, link: link)
        }
    }
}
