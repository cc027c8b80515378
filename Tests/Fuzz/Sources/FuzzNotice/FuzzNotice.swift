import Foundation
import FuzzSupport
import MachinakaCore

/// Front matter and Markdown, as a notice and as an event: the file is written where the
/// player would read it and parsed through the same path (SafeFile, limits, YAML, cmark).
let folder = FuzzFolder(["news", "events"])

@_cdecl("FuzzNotice_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    for case .item(let item) in folder.parse(Array(UnsafeBufferPointer(start: data, count: size)), as: ["news/fuzz.md", "events/fuzz.md"]) {
        if item.title.count > Limits.titleCharacters + 1 { fatalError("title over its limit") }
        if item.body.reduce(0, { $0 + $1.plainText.count }) > Limits.bodyCharacters + 1 { fatalError("body over its limit") }
    }
    return 0
}
