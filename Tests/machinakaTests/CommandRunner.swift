import Foundation

/// Runs the built `machinaka` executable the way a person or systemd would.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The executable beside the test bundle.
    static let executable: String = {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent() }
            .flatMap { [$0, $0.deletingLastPathComponent()] }
            .map { $0.appendingPathComponent("machinaka").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? repository + "/.build/debug/machinaka"
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [], in directory: String? = nil) throws -> Result {
        let process = try start(arguments, environment: environment, removing: removing, in: directory)
        // Both pipes are drained while the process runs: a large output would otherwise fill
        // the pipe and the process would wait for us forever.
        let errors = Drain(process.stderr.fileHandleForReading)
        let output = process.stdout.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(
            status: process.process.terminationStatus,
            stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self))
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [], in directory: String? = nil) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in removing { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }
}

/// Reads a pipe to its end on another thread.
final class Drain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
