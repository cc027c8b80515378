import Foundation
import FuzzSupport
import MachinakaCore

/// Image files as the feed reads them: the header's kind and size, bounded before anything
/// decodes it (the 4294967295 × 4294967295 PNG lived here).
let folder = FuzzFolder(["media"])

@_cdecl("FuzzImageHeader_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    for case .item(let item) in folder.parse(Array(UnsafeBufferPointer(start: data, count: size)), as: ["media/fuzz.png", "media/fuzz.jpg"]) {
        if let poster = item.poster, poster.size.width * poster.size.height > Limits.imagePixels { fatalError("image over the pixel limit accepted") }
    }
    return 0
}
