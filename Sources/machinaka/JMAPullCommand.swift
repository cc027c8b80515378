import ArgumentParser
import Foundation
import Logging
import MachinakaCore
import MachinakaPOSIX
import MachinakaSystem

/// `machinaka jma-pull`: JMA's own reports into the feed's `alerts/`, for the areas and rivers
/// its screens show.
struct JMAPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jma-pull",
        abstract: "Fetch JMA's warnings (PULL Atom feeds) into alerts/ for the areas and rivers the feed's screens show.")

    @Option(help: "The feed folder whose screens say which areas (jma_areas) and rivers (jma_rivers) count, and whose alerts/ is written.")
    var feed: String = RepositoryPaths.content

    @Option(name: .customLong("url"), help: "A feed to read (repeatable; default: JMA's extra.xml and eqvol.xml).")
    var urls: [String] = []

    @Flag(help: "Poll once and exit (exit code 6 when a feed could not be read).")
    var once = false

    @Option(help: "Time between polls, e.g. 60s or 2m; never less than a minute, as JMA asks.")
    var interval: String = "60s"

    @Option(help: "Where what was fetched and the feeds' health are kept (JSON; also the status).")
    var state: String = "/var/lib/machinaka/jma-pull.json"

    @Option(help: "A Prometheus textfile to write after each poll (node_exporter's textfile collector).")
    var metrics: String?

    func run() throws {
        let logger = Logger(label: "machinaka.jma-pull")
        guard let seconds = FeedTime.parseDuration(interval) else {
            throw Failure(.input, "--interval '\(interval)' is not a duration such as 60s or 2m.")
        }
        guard seconds >= 60 else {
            throw Failure(.input, "--interval \(interval) is less than a minute; JMA asks that its feeds be read at most once a minute.")
        }
        let folder = absolute(feed)
        let loaded: Feed
        do {
            loaded = try FeedLoader().load(from: folder)
        } catch {
            throw Failure(error)
        }
        if loaded.screens.values.allSatisfy({ $0.jmaAreas.isEmpty && $0.jmaRivers.isEmpty }) {
            logger.warning("No screen of \(folder) names jma_areas or jma_rivers: no report concerns them, nothing will be written.")
        }
        // The screens are read again at each poll: jma_areas edited in a screen file count from
        // the next poll; a feed that fails to load keeps the last good screens.
        var policies = loaded.screens.values.map(\.alertPolicy)
        let puller = JMAPuller(urls: urls.isEmpty ? JMAFeed.defaultURLs : urls, alertsFolder: folder + "/alerts", statePath: absolute(state)) {
            if let screens = try? FeedLoader().load(from: folder).screens { policies = screens.values.map(\.alertPolicy) }
            return policies
        }
        puller.log = { problem, text in problem ? logger.warning("\(text)") : logger.notice("\(text)") }
        let stop = StopFlag()
        let signals = SignalWatcher { stop.set() }
        defer { _ = signals }
        while true {
            let outcome = puller.cycle()
            if let metrics {
                do {
                    try AtomicFile.replace(absolute(metrics)) { try Data(puller.metrics.utf8).write(to: URL(fileURLWithPath: $0)) }
                } catch {
                    logger.error("Could not write \(metrics): \(error)")
                }
            }
            if puller.state.status != "up" { logger.error("JMA's feeds: \(puller.state.status)") }
            if once {
                print("jma-pull: \(outcome.written.count) written, \(outcome.skipped) for no screen here, \(outcome.refused.count) refused, \(outcome.failures.count) failed; feeds \(puller.state.status)")
                if puller.state.status != "up" { throw Failure(.input, "JMA's feeds could not be read: \(puller.state.status)") }
                return
            }
            if stop.wait(seconds) { return }
        }
    }
}

/// A stop asked for by a signal, waited on between polls.
final class StopFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    func set() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits up to `seconds`; true when a stop came.
    func wait(_ seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !stopped, condition.wait(until: deadline) {}
        return stopped
    }
}
