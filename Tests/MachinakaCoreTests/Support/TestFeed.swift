import Foundation
import MachinakaCore
import Testing

/// A throw-away feed folder on disk, with helpers to write files into it; removed on deinit.
final class TestFeed {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("machinaka-test-\(UUID().uuidString)").path
        for folder in ["screens", "playlists", "news", "events", "media", "alerts", "data"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + relative))
    }

    func load() throws -> Feed { try FeedLoader().load(from: root) }

    /// Loads a feed holding a good notice ("良い") beside whatever `setup` writes, and checks
    /// that the good neighbour plays whatever the rest does.
    static func loadWithGoodNeighbour(_ setup: (TestFeed) throws -> Void) throws -> Feed {
        let feed = try TestFeed()
        try feed.write("news/good.md", notice("良い"))
        try setup(feed)
        let loaded = try feed.load()
        #expect(loaded.items.contains { $0.title == "良い" }, "the good neighbour must keep playing")
        return loaded
    }

    /// A minimal valid notice.
    static func notice(_ title: String, extra: String = "", body: String = "本文です。") -> String {
        "---\ntitle: \(title)\n\(extra)---\n\(body)\n"
    }
}

/// The repository's sample feed and fonts, found from this file.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static var content: String { root + "/Content" }
    static var fonts: String { root + "/Fonts" }
}

/// `2026-11-25T10:00` in Tokyo, for readable instants in tests.
func tokyo(_ text: String) -> Date {
    guard let date = FeedTime.parseInstant(text) else { fatalError("bad test instant \(text)") }
    return date
}
