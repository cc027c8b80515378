import Dispatch
import Foundation
import MachinakaPOSIX
import Testing

/// A child started from a Dispatch worker thread (which blocks SIGTERM) still stops on SIGTERM.
@Suite struct ChildProcessTests {
    func startSleep(_ launch: @escaping @Sendable (Process) throws -> Void) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        let started = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? launch(process)
            started.signal()
        }
        started.wait()
        return process
    }

    func stopsWithin(_ seconds: Double, _ process: Process) -> Bool {
        process.terminate()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        return !process.isRunning
    }

    @Test func aChildStartedFromAWorkerThreadHearsSIGTERM() {
        #expect(stopsWithin(5, startSleep { try ChildProcess.run($0) }))
    }

    /// Why the helper exists: launched plainly from the same thread, the child inherits the
    /// blocked SIGTERM. If Foundation ever resets the mask itself, this says the helper can go.
    @Test func launchedPlainlyItWouldNot() {
        #expect(!stopsWithin(1, startSleep { try $0.run() }))
    }
}
