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
}
