import CFuzz
import Foundation
import MachinakaCore

/// A feed folder in memory-backed storage (/dev/shm when there is one) that a fuzzer writes each
/// input into, so the parser reads it the one safe way, as the player would.
public final class FuzzFolder: @unchecked Sendable {
    public let root: String

    /// Makes the folder with `folders` inside.
    public init(_ folders: [String]) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let made = base + "/machinaka-fuzz-\(getpid())"
        for folder in folders {
            try? FileManager.default.createDirectory(atPath: made + "/" + folder, withIntermediateDirectories: true)
        }
        root = URL(fileURLWithPath: made).resolvingSymlinksInPath().path
    }

    /// Writes `bytes` at `relative`, replacing what was there.
    public func write(_ bytes: [UInt8], to relative: String) {
        let path = root + "/" + relative
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let count = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                guard count > 0 else { break }
                written += count
            }
        }
        close(fd)
    }

    /// Writes `bytes` at each of `relatives` and parses each as the player would; a file left
    /// out must say why. Returns what each contributed.
    public func parse(_ bytes: [UInt8], as relatives: [String]) -> [FeedFile] {
        relatives.compactMap { relative in
            write(bytes, to: relative)
            let (file, diagnostics) = FeedParser().parse(relative, root: root)
            if file == nil, diagnostics.isEmpty { fatalError("\(relative) was left out without a reason") }
            return file
        }
    }

    /// A 1×1 PNG, for the sidecar fuzzer's image.
    public static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
        0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

/// Runs libFuzzer over `callback`: each fuzz target's entry point calls this.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    mk_run_fuzzer(argc, argv, callback)
}
