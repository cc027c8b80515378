import Foundation
import MachinakaCore
import MachinakaPOSIX

/// Brings JMA's reports to the screens: reads JMA's Atom feeds, fetches each new report of a
/// kind the player reads, and writes into `alerts/` those that concern an area or river some
/// screen of the feed shows — and those that continue a report written before (a lift, a
/// cancellation), which name nothing in force. One call of `cycle()` is one poll; `jma-pull`
/// calls it once a minute at most, as JMA asks.
///
/// Nothing it fetches is trusted for size or shape: a feed or report larger than `limit` is
/// refused while it arrives, one that does not parse is refused and said; neither is fetched
/// again. A network failure is said and retried at the next poll. What it did, and whether the
/// feeds could be reached, is kept in a state file (`State`), which is also its status.
public final class JMAPuller {
    /// What the puller remembers between polls and runs, written after each poll: the feeds'
    /// validators (ETag, Last-Modified), the reports already handled, and its health.
    public struct State: Codable, Equatable, Sendable {
        public struct Validator: Codable, Equatable, Sendable {
            public var etag: String
            public var lastModified: String
        }

        public var validators: [String: Validator] = [:]
        /// Entry ids already handled (written, skipped or refused), newest last.
        public var seen: [String] = []
        /// `up` when the last poll reached every feed; else what failed.
        public var status = "never polled"
        public var lastPoll: Date?
        public var lastSuccess: Date?
        /// Since when the feeds have been failing (nil while they answer).
        public var failingSince: Date?
        public var written = 0
        public var refused = 0
        public var failures = 0
        /// Reports that failed, by entry id, with how many times: given up at `attemptLimit`.
        public var attempts: [String: Int] = [:]
        /// The areas and rivers the screens showed at the last poll: when they change, what
        /// stands now is fetched again for them (a report skipped before may concern them now).
        public var areas: [String] = []

        public init() {}

        enum CodingKeys: String, CodingKey {
            case validators, seen, status, lastPoll, lastSuccess, failingSince, written, refused, failures, attempts, areas
        }

        /// Every key has its default: a state file from an older version keeps what it has.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            validators = try c.decodeIfPresent([String: Validator].self, forKey: .validators) ?? [:]
            seen = try c.decodeIfPresent([String].self, forKey: .seen) ?? []
            status = try c.decodeIfPresent(String.self, forKey: .status) ?? status
            lastPoll = try c.decodeIfPresent(Date.self, forKey: .lastPoll)
            lastSuccess = try c.decodeIfPresent(Date.self, forKey: .lastSuccess)
            failingSince = try c.decodeIfPresent(Date.self, forKey: .failingSince)
            written = try c.decodeIfPresent(Int.self, forKey: .written) ?? 0
            refused = try c.decodeIfPresent(Int.self, forKey: .refused) ?? 0
            failures = try c.decodeIfPresent(Int.self, forKey: .failures) ?? 0
            attempts = try c.decodeIfPresent([String: Int].self, forKey: .attempts) ?? [:]
            areas = try c.decodeIfPresent([String].self, forKey: .areas) ?? []
        }
    }

    /// What one poll did.
    public struct Outcome: Equatable, Sendable {
        /// Files written into `alerts/`.
        public var written: [String] = []
        /// Reports fetched that concern no screen.
        public var skipped = 0
        /// Reports or feeds refused (too large, not a report), with the reason.
        public var refused: [String] = []
        /// Feeds or reports that could not be fetched this time, with the reason.
        public var failures: [String] = []
        /// Old `jma-*.xml` files removed from `alerts/`.
        public var pruned: [String] = []
    }

    /// The largest report accepted: the player's own limit for a file in alerts/ (a report it
    /// would refuse is not fetched whole); JMA's biggest are a few hundred kilobytes.
    public static let limit = Limits.alertBytes
    /// How long JMA's short feeds hold an entry, at least: a longer gap reads the long feeds.
    public static let shortFeedSpan: TimeInterval = 8 * 60
    /// How many polls a report that JMA lists but will not give is asked for before giving up.
    public static let attemptLimit = 5
    /// How long a written report is kept: JMA's reports stand 24 hours at most.
    public static let keep: TimeInterval = 26 * 3600
    /// How many handled entry ids are remembered (a feed lists a few hundred).
    static let seenLimit = 5000

    public let urls: [String]
    public let alertsFolder: String
    public let statePath: String
    /// The screens' policies, asked at each poll: which JMA areas and rivers the feed's screens
    /// show (a screen file edited between polls counts from the next one).
    public let policies: () -> [AlertPolicy]
    public private(set) var state: State
    /// Where each thing worth saying is said (the journal, through the command's logger);
    /// `problem` is true for what someone should look at.
    public var log: (_ problem: Bool, _ text: String) -> Void = { _, _ in }
    /// The clock, injected for tests.
    public var now: () -> Date = Date.init

    /// A puller for the feed folder's `alerts/`, its state kept at `statePath`.
    public init(urls: [String], alertsFolder: String, statePath: String, policies: @escaping () -> [AlertPolicy]) {
        self.urls = urls
        self.alertsFolder = alertsFolder
        self.statePath = statePath
        self.policies = policies
        state = (try? Data(contentsOf: URL(fileURLWithPath: statePath))).flatMap { try? Self.decoder.decode(State.self, from: $0) } ?? State()
    }

    /// One poll of every feed. After a time without them (a start, an outage longer than the
    /// short feeds hold) JMA's long feeds are read too, and the newest report of each office
    /// and kind fetched: what stands now is never lost with the minutes that were missed.
    @discardableResult
    public func cycle() -> Outcome {
        var outcome = Outcome()
        let started = now()
        let policies = self.policies()
        var seen = Set(state.seen)
        // A report listed by both the short and the long feed is fetched once a poll.
        var tried = Set<String>()
        let groups = writtenGroups(pruning: &outcome, at: started)
        var knownGroups = groups
        var feedsDown: [String] = []
        let areas = Array(Set(policies.flatMap { $0.jmaAreas + $0.jmaRivers })).sorted()
        // A screen that names a new area gets what stands there now, not only what comes next.
        let areasChanged = areas != state.areas
        state.areas = areas
        let catchingUp = areasChanged || (state.lastSuccess.map { started.timeIntervalSince($0) > Self.shortFeedSpan } ?? true)
        var reads = urls.map { (url: $0, long: false) }
        if catchingUp { reads += urls.compactMap(JMAFeed.longFeed).map { (url: $0, long: true) } }
        for (url, long) in reads {
            // After a change of areas the long feed is read whole, not answered 304.
            let validator = long && areasChanged ? nil : state.validators[url]
            let answer: HTTPGet.Answer
            do {
                answer = try HTTPGet.fetch(url, etag: validator?.etag, lastModified: validator?.lastModified, limit: Self.limit)
            } catch let failure as HTTPGet.Failure {
                if failure.tooLarge { outcome.refused.append(failure.description) } else { outcome.failures.append(failure.description) }
                if !long { feedsDown.append(failure.description) }
                continue
            } catch {
                outcome.failures.append("\(url): \(error)")
                if !long { feedsDown.append("\(url): \(error)") }
                continue
            }
            if answer.status == 304 { continue }
            guard answer.status == 200 else {
                // A long feed a mirror does not keep is said, but the puller is up while the
                // short feeds answer (it would otherwise try to catch up for ever).
                let reason = "\(url): HTTP \(answer.status)"
                outcome.failures.append(reason)
                if !long { feedsDown.append(reason) }
                continue
            }
            var entries: [JMAFeed.Entry]
            do {
                // After a change of areas the long feed's reports are looked at again, seen or not.
                entries = try JMAFeed.entries(answer.body).filter {
                    JMAFeed.isWanted(title: $0.title) && (!seen.contains($0.id) || (long && areasChanged)) && !tried.contains($0.id)
                }
            } catch {
                let reason = "\(url): not a feed (\(error))"
                outcome.refused.append(reason)
                feedsDown.append(reason)
                continue
            }
            if long { entries = JMAFeed.newestOfEach(entries) }
            let failuresBefore = outcome.failures.count
            // Newest first: after a gap the report that stands now is written before the
            // backlog (the board orders reports by their own times, not by the files').
            for entry in entries.sorted(by: { ($0.updated ?? .distantPast) > ($1.updated ?? .distantPast) }) {
                tried.insert(entry.id)
                switch fetch(entry, knownGroups: knownGroups, policies: policies) {
                case .written(let group):
                    outcome.written.append(entry.fileName)
                    if let group { knownGroups.insert(group) }
                    settle(entry, &seen)
                case .skipped:
                    outcome.skipped += 1
                    settle(entry, &seen)
                case .refused(let reason):
                    outcome.refused.append(reason)
                    settle(entry, &seen)
                case .failed(let reason, let writing):
                    // A report JMA lists but will not give, or gives garbled, is asked for again
                    // for some minutes (a mirror still filling) before it is given up and said.
                    let tries = (state.attempts[entry.id] ?? 0) + 1
                    state.attempts[entry.id] = tries
                    if writing { feedsDown.append(reason) }
                    if tries >= Self.attemptLimit, !writing {
                        outcome.refused.append("\(reason) (given up after \(tries) tries)")
                        settle(entry, &seen)
                    } else {
                        outcome.failures.append(reason)
                    }
                }
            }
            // The validators only when every report was handled: after a failed fetch the next
            // poll must get the whole feed again (not 304) to try that report once more.
            if outcome.failures.count == failuresBefore {
                state.validators[url] = State.Validator(etag: answer.etag, lastModified: answer.lastModified)
            } else {
                state.validators[url] = nil
            }
        }
        if state.seen.count > Self.seenLimit { state.seen.removeFirst(state.seen.count - Self.seenLimit) }
        // Entries that failed and then left the feed are not kept for ever.
        if state.attempts.count > 1000 { state.attempts = state.attempts.filter { $0.value >= Self.attemptLimit - 1 } }
        state.lastPoll = started
        state.written += outcome.written.count
        state.refused += outcome.refused.count
        state.failures += outcome.failures.count
        if feedsDown.isEmpty {
            if let since = state.failingSince { log(false, "JMA's feeds answer again (they had failed since \(since.formatted(.iso8601))).") }
            state.status = "up"
            state.lastSuccess = started
            state.failingSince = nil
        } else {
            if state.failingSince == nil { state.failingSince = started }
            state.status = "down: " + feedsDown.joined(separator: "; ")
        }
        for name in outcome.written { log(false, "Wrote alerts/\(name).") }
        for reason in outcome.refused { log(true, "Refused \(reason).") }
        for reason in outcome.failures { log(true, "Could not fetch \(reason); trying again at the next poll.") }
        for name in outcome.pruned { log(false, "Removed alerts/\(name): older than \(Int(Self.keep / 3600)) hours.") }
        save()
        return outcome
    }

    /// An entry handled for good: never fetched again.
    private func settle(_ entry: JMAFeed.Entry, _ seen: inout Set<String>) {
        seen.insert(entry.id)
        state.seen.append(entry.id)
        state.attempts[entry.id] = nil
    }

    private enum Fetched {
        case written(group: String?)
        case skipped
        case refused(String)
        /// Not this time; `writing`: the report came but alerts/ could not take it (the
        /// puller is then down, whatever the feeds say).
        case failed(String, writing: Bool)
    }

    private func fetch(_ entry: JMAFeed.Entry, knownGroups: Set<String>, policies: [AlertPolicy]) -> Fetched {
        let answer: HTTPGet.Answer
        do {
            answer = try HTTPGet.fetch(entry.link, limit: Self.limit)
        } catch let failure as HTTPGet.Failure {
            return failure.tooLarge ? .refused(failure.description) : .failed(failure.description, writing: false)
        } catch {
            return .failed("\(entry.link): \(error)", writing: false)
        }
        guard answer.status == 200 else {
            return .failed("\(entry.link): HTTP \(answer.status)", writing: false)
        }
        let message: CAPMessage
        do {
            message = try AlertFormats.parse(answer.body).message
        } catch {
            return .failed("\(entry.link): not a report the player reads (\(error))", writing: false)
        }
        // A test is never shown; a drill only where some screen takes drills.
        if message.status == .test || (message.status == .exercise && !policies.contains(where: \.drills)) { return .skipped }
        guard concerns(message, policies) || message.group.map(knownGroups.contains) == true else { return .skipped }
        do {
            try AtomicFile.replace(alertsFolder + "/" + entry.fileName) { temporary in
                try answer.body.write(to: URL(fileURLWithPath: temporary))
            }
        } catch {
            return .failed("alerts/\(entry.fileName) cannot be written: \(error)", writing: true)
        }
        return .written(group: message.group)
    }

    /// Whether a report names an area or river some screen shows.
    func concerns(_ message: CAPMessage, _ policies: [AlertPolicy]) -> Bool {
        let codes = message.infos.flatMap(\.areas).flatMap(\.geocodes)
        return policies.contains { policy in
            codes.contains { ($0.name == "JMA" && policy.coversJMA($0.value)) || ($0.name == "JMA-river" && policy.jmaRivers.contains($0.value)) }
        }
    }

    /// The groups of the `jma-*.xml` reports in `alerts/` (what a later report may lift or
    /// cancel), removing those older than `keep`.
    private func writtenGroups(pruning outcome: inout Outcome, at instant: Date) -> Set<String> {
        var groups = Set<String>()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: alertsFolder)) ?? []
        for name in names where name.hasPrefix("jma-") && name.hasSuffix(".xml") {
            let path = alertsFolder + "/" + name
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)), let message = try? AlertFormats.parse(data).message else { continue }
            if instant.timeIntervalSince(message.sent) > Self.keep {
                if (try? FileSystem.remove(path)) != nil { outcome.pruned.append(name) }
                continue
            }
            if let group = message.group { groups.insert(group) }
        }
        return groups
    }

    private func save() {
        guard let data = try? Self.encoder.encode(state) else { return }
        do {
            try AtomicFile.replace(statePath) { temporary in try data.write(to: URL(fileURLWithPath: temporary)) }
        } catch {
            log(true, "Could not write the state file \(statePath): \(error)")
        }
    }

    /// Prometheus text for node_exporter's textfile collector.
    public var metrics: String {
        """
        # HELP machinaka_jma_pull_up Whether the last poll reached every JMA feed (1) or not (0).
        # TYPE machinaka_jma_pull_up gauge
        machinaka_jma_pull_up \(state.status == "up" ? 1 : 0)
        # HELP machinaka_jma_pull_last_success_seconds When the feeds last answered (Unix time).
        # TYPE machinaka_jma_pull_last_success_seconds gauge
        machinaka_jma_pull_last_success_seconds \(Int(state.lastSuccess?.timeIntervalSince1970 ?? 0))
        # HELP machinaka_jma_pull_reports_written_total Reports written into alerts/.
        # TYPE machinaka_jma_pull_reports_written_total counter
        machinaka_jma_pull_reports_written_total \(state.written)
        # HELP machinaka_jma_pull_refused_total Feeds or reports refused (too large, not a report).
        # TYPE machinaka_jma_pull_refused_total counter
        machinaka_jma_pull_refused_total \(state.refused)
        # HELP machinaka_jma_pull_failures_total Fetches that failed (network, server).
        # TYPE machinaka_jma_pull_failures_total counter
        machinaka_jma_pull_failures_total \(state.failures)

        """
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
