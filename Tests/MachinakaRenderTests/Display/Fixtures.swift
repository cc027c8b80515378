import Foundation
import MachinakaCore
import MachinakaRender

/// The repository's folders and one shared font library for the render tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static var content: String { root + "/Content" }

    static func fonts() throws -> FontLibrary {
        try FontLibrary(catalog: FontCatalog(folder: root + "/Fonts"))
    }
}

extension OffscreenDisplay {
    /// How many pixels inside `rect` differ from `color`.
    func pixels(in rect: Rect, differingFrom color: RGBA) -> Int {
        var count = 0
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) where pixel(x: x, y: y) != color {
                count += 1
            }
        }
        return count
    }
}
