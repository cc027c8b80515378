import Foundation
import MachinakaPOSIX
import Testing

/// The one safe way to open a feed file, against what a shared folder can hold.
@Suite final class SafeFileTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: root) }

    let root: String

    init() throws {
        let made = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: made + "/news", withIntermediateDirectories: true)
        root = try #require(SafeFile.realPath(made))
        try Data("本文".utf8).write(to: URL(fileURLWithPath: root + "/news/a.md"))
    }

    @Test func readsAnOrdinaryFileInside() throws {
        #expect(try SafeFile.read("news/a.md", in: root, limit: 100) == Array("本文".utf8))
    }

    /// A small file read under a large limit costs its own size: the buffer was once the
    /// whole limit, zeroed — 32 MB for every 9 KB logo, the player's peak memory at start.
    @Test func aSmallFileUnderAHugeLimitCostsItsOwnSize() throws {
        #expect(try SafeFile.read("news/a.md", in: root, limit: Int.max / 4) == Array("本文".utf8))
        // A file larger than the first guess is read whole, growing the buffer as data comes.
        let big = [UInt8]((0..<300_000).map { UInt8($0 % 251) })
        try Data(big).write(to: URL(fileURLWithPath: root + "/news/big.md"))
        let file = try SafeFile.open("news/big.md", in: root)
        #expect(try file.read(upTo: 1 << 20, expected: 10) == big)
    }

    @Test func aPipeIsRefusedWithoutBlocking() throws {
        #expect(mkfifo(root + "/news/pipe.md", 0o644) == 0)
        // Opened for reading with O_NONBLOCK, so no writer is waited for.
        #expect(throws: SafeFile.Problem.notOrdinary(kind: "a pipe (FIFO)")) { try SafeFile.read("news/pipe.md", in: root, limit: 100) }
        #expect(throws: SafeFile.Problem.notOrdinary(kind: "a pipe (FIFO)")) { try SafeFile.read(absolute: root + "/news/pipe.md", limit: 100) }
    }

    @Test func linksOutAreRefusedLinksInsideAreFollowed() throws {
        #expect(symlink("/etc/passwd", root + "/news/out.md") == 0)
        #expect(symlink("../../" + (root as NSString).lastPathComponent + "/news/a.md", root + "/news/relative.md") == 0)
        #expect(symlink(root + "/news/a.md", root + "/news/absolute.md") == 0)
        #expect(symlink("a.md", root + "/news/sibling.md") == 0)
        #expect(throws: SafeFile.Problem.leadsOutside(target: "/etc/passwd")) { try SafeFile.read("news/out.md", in: root, limit: 10_000) }
        #expect(try SafeFile.read("news/absolute.md", in: root, limit: 100) == Array("本文".utf8))
        #expect(try SafeFile.read("news/sibling.md", in: root, limit: 100) == Array("本文".utf8))
        #expect(throws: SafeFile.Problem.self) { try SafeFile.read("../etc/passwd", in: root, limit: 10_000) }
        // The renderer's read refuses any link at the last step: the feed resolved it already.
        #expect(throws: SafeFile.Problem.self) { try SafeFile.read(absolute: root + "/news/sibling.md", limit: 100) }
    }

    @Test func loopsFoldersAndSizes() throws {
        #expect(symlink(root + "/news/y.md", root + "/news/x.md") == 0)
        #expect(symlink(root + "/news/x.md", root + "/news/y.md") == 0)
        #expect(throws: SafeFile.Problem.linkLoop) { try SafeFile.read("news/x.md", in: root, limit: 100) }
        #expect(throws: SafeFile.Problem.notOrdinary(kind: "a folder")) { try SafeFile.read("news", in: root, limit: 100) }
        #expect(throws: SafeFile.Problem.tooLarge(bytes: 6, limit: 5)) { try SafeFile.read("news/a.md", in: root, limit: 5) }
        #expect(throws: SafeFile.Problem.missing) { try SafeFile.read("news/none.md", in: root, limit: 5) }
    }

    @Test func systemCallsCaptureErrnoAndRetryInterruptions() {
        var calls = 0
        let result = try? systemCall("fake") { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7 && calls == 3)
        #expect(throws: SystemError("open", path: "/nonexistent/x", code: ENOENT)) {
            try systemCall("open", path: "/nonexistent/x") { open("/nonexistent/x", O_RDONLY) }
        }
        #expect(SystemError("open", path: "/x", code: EACCES).description == "open(/x): Permission denied")
    }
}
