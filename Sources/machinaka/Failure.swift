import Foundation
import MachinakaBench
import MachinakaCore
import MachinakaRender
import MachinakaPlayer
import MachinakaSystem

/// A reason to stop, said in one sentence on stderr, with a documented exit code.
struct Failure: Error {
    /// Exit codes; README lists them.
    enum Code: Int32 {
        case checkFoundErrors = 1
        case feed = 2
        case fonts = 3
        case display = 4
        case output = 5
        case input = 6
        case internalError = 70
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Sorts any error from the libraries into its exit code.
    init(_ error: Error) {
        switch error {
        case let failure as Failure: self = failure
        case let feed as FeedError: self.init(.feed, feed.description)
        case let font as FontError: self.init(.fonts, font.description)
        case let display as WindowDisplay.Unavailable: self.init(.display, display.description)
        case let watch as FolderWatcher.Failure: self.init(.feed, "The feed folder cannot be watched for changes: \(watch.message).")
        case let output as Playback.OutputError: self.init(.output, output.description)
        case let screen as Playback.UnknownScreen: self.init(.feed, screen.description)
        case let sdl as SDLError: self.init(.internalError, "The renderer failed: \(sdl).")
        case let bench as BenchError: self.init(.internalError, "The benchmark could not measure: \(bench).")
        default: self.init(.internalError, "Unexpected error: \(error).")
        }
    }

    func report() -> Never {
        FileHandle.standardError.write(Data(("machinaka: " + message + "\n").utf8))
        exit(code.rawValue)
    }
}
