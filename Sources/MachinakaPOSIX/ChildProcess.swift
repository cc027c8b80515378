import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starting a child process that can be stopped with a signal.
public enum ChildProcess {
    /// The signals a child must be able to receive: those a service manager or a parent uses to
    /// stop or reload it.
    static let stopSignals: [Int32] = [SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2]

    /// Runs `process` with the stop signals unblocked for it. A child inherits its parent's
    /// signal mask, and Dispatch's and Swift concurrency's worker threads block exactly these,
    /// so a process launched from one would never hear `terminate()` (SIGTERM) and
    /// `waitUntilExit()` would wait forever.
    public static func run(_ process: Process) throws {
        var unblocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblocked)
        for number in stopSignals { sigaddset(&unblocked, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Waits for `process` at most `timeout` seconds; then asks it to stop (SIGTERM), and after
    /// two more seconds kills it (SIGKILL): a child that ignores the first never wedges its
    /// caller. Throws when it had to be stopped.
    public static func wait(_ process: Process, timeout: Double) throws {
        let deadline = MonotonicClock.now() + timeout
        while process.isRunning, MonotonicClock.now() < deadline { usleep(5_000) }
        guard process.isRunning else { return }
        process.terminate()
        let grace = MonotonicClock.now() + 2
        while process.isRunning, MonotonicClock.now() < grace { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        throw TimedOut(program: process.executableURL?.path ?? "a child process", seconds: timeout)
    }

    /// A child that did not finish in time and was stopped.
    public struct TimedOut: Error, CustomStringConvertible {
        public var program: String
        public var seconds: Double
        public var description: String { "\(program) took more than \(Int(seconds)) s and was stopped" }
    }

    /// The full path of `name` on `PATH`, nil when it is not installed.
    public static func executable(named name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }

    /// Runs `program` with `arguments` to its end: `input` on its standard input, standard
    /// output dropped, at most `timeout` seconds (then stopped, killed if need be; throws
    /// `TimedOut`). Returns its exit status and what it wrote on standard error — through a
    /// file, not a pipe a grandchild could hold open and wedge the caller.
    public static func complete(_ program: String, _ arguments: [String], input: Data? = nil, timeout: Double) throws -> (status: Int32, errors: String) {
        let errorsPath = NSTemporaryDirectory() + "machinaka-child-\(UUID().uuidString).err"
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        defer { unlink(errorsPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = FileHandle(forWritingAtPath: errorsPath)
        process.standardError = errors ?? FileHandle.nullDevice
        try run(process)
        try? errors?.close()
        if let stdin, let input {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        try wait(process, timeout: timeout)
        let said = String(decoding: FileManager.default.contents(atPath: errorsPath) ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, said)
    }
}
