import Foundation

/// How an input is doing, as it says itself.
public enum InputCondition: Equatable, Sendable {
    /// Working as it should.
    case running
    /// Working, but not as it should (the broker is unreachable, the watcher reads the feed
    /// every second without inotify): what is wrong, in words.
    case degraded(String)
    /// Its thread ended or stopped turning: it must be started again.
    case stopped(String)
}

/// An input the player depends on — the feed watcher, the MQTT client, the HTTP status server
/// — that runs on a thread of its own: the supervisor asks it how it is, and starts it again
/// when it has stopped. Registered in one place, `Playback`'s table of inputs.
public protocol SupervisedInput: AnyObject, Sendable {
    /// Its name in the status and the metrics (`feed_watcher`, `mqtt`, `http`).
    var name: String { get }
    /// Its condition now; "stuck" means no turn for more than `stallLimit` seconds.
    func condition(stallLimit: Double) -> InputCondition
    /// Starts it again after it stopped (on the supervisor's queue, never the loop); throws
    /// when it cannot, and is tried again later.
    func restart() throws
}
