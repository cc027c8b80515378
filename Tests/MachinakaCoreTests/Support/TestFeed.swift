import Foundation
import MachinakaCore

/// A throw-away feed folder on disk, with helpers to write files into it; removed on deinit.
final class TestFeed {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("machinaka-test-\(UUID().uuidString)").path
        for folder in ["screens", "playlists", "news", "events", "media", "alerts"] {
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
