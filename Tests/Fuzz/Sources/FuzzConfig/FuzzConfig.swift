import Foundation
import FuzzSupport
import MachinakaCore

/// Screen and playlist settings (YAML through the guard, Yams and the Codable decoders with
/// their ranges), and an image's sidecar settings.
let folder = FuzzFolder(["screens", "playlists", "media"])

@_cdecl("FuzzConfig_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for relative in ["screens/fuzz.yml", "playlists/fuzz.yml", "media/fuzz.png.yml"] {
        folder.write(bytes, to: relative)
    }
    folder.write(FuzzFolder.tinyPNG, to: "media/fuzz.png")
    for relative in ["screens/fuzz.yml", "playlists/fuzz.yml", "media/fuzz.png"] {
        let (file, diagnostics) = FeedParser().parse(relative, root: folder.root)
        if file == nil, diagnostics.isEmpty { fatalError("a file left out must say why") }
        if case .screen(let screen)? = file, !screen.size.isScreenSize { fatalError("screen size out of range") }
    }
    return 0
}
