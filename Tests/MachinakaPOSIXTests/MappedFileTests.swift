import Foundation
import MachinakaPOSIX
import Testing

/// A font file mapped into memory: the bytes are the file's, and what cannot be mapped says why.
@Suite final class MappedFileTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: folder) }

    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-mapped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func theMappingHoldsTheFilesBytes() throws {
        let bytes = [UInt8]((0..<70_000).map { UInt8($0 % 253) })
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/face.ttf"))
        let file = try MappedFile(path: folder + "/face.ttf")
        #expect(file.count == bytes.count)
        #expect(Array(UnsafeRawBufferPointer(start: file.base, count: file.count)) == bytes)
    }

    /// Renamed over, as a package upgrade replaces a font: the mapping keeps the old file.
    @Test func aFileRenamedOverLeavesTheMappingOnTheOldOne() throws {
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/face.ttf"))
        let file = try MappedFile(path: folder + "/face.ttf")
        try Data([9, 9, 9, 9, 9, 9]).write(to: URL(fileURLWithPath: folder + "/new.ttf"))
        #expect(rename(folder + "/new.ttf", folder + "/face.ttf") == 0)
        #expect(Array(UnsafeRawBufferPointer(start: file.base, count: file.count)) == [1, 2, 3])
    }

    @Test func aMissingFileNamesItsPathAndReason() {
        #expect(throws: SystemError("open", path: folder + "/none.ttf", code: ENOENT)) { try MappedFile(path: folder + "/none.ttf") }
    }

    @Test func anEmptyFileIsRefused() throws {
        FileManager.default.createFile(atPath: folder + "/empty.ttf", contents: Data())
        #expect(throws: SystemError("mmap", path: folder + "/empty.ttf", code: EINVAL)) { try MappedFile(path: folder + "/empty.ttf") }
    }
}
