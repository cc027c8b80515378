import Foundation

/// An alert on screen at an instant: the message, the `<info>` blocks to rotate through (in
/// the screen's language order) and the span it is up for.
public struct ActiveAlert: Equatable, Sendable {
    public var source: String
    public var message: CAPMessage
    /// The blocks to show, one per language, in the screen's order.
    public var infos: [CAPInfo] {
        didSet { level = AlertLevel.of(infos) }
    }
    /// When it came up and when it goes, as things stand.
    public var start: Date
    public var end: Date
    /// An all-clear card, not a warning.
    public var isAllClear: Bool
    /// An Exercise, marked 訓練 on screen.
    public var isExercise: Bool

    /// The headline in the first language shown (the event's name when it has none).
    public var headline: String {
        infos.first?.headline ?? infos.first?.event ?? message.identifier
    }

    /// Its 警戒レベル (1–5), when it carries one (`AlertLevel`): read once from its texts,
    /// not at every look (the board sorts by it, and a frame asks it several times — a long
    /// description with dates in it is searched for every marker each time).
    public private(set) var level: Int?

    /// Whether it is JMA's information (its areas carry JMA's codes): its level is then an
    /// equivalent (相当), never the city's order of that level.
    public var isFromJMA: Bool { infos.contains(where: AlertBoard.isJMA) }

    /// Whether it tells people to go to a shelter: CAP's `responseType` Evacuate, or level 3
    /// and above (高齢者等避難, 避難指示, 緊急安全確保), for which shelters open.
    public var isEvacuation: Bool {
        !isAllClear && (infos.contains { $0.responseTypes.contains("Evacuate") } || (level ?? 0) >= 3)
    }

    /// Creates an active alert (the board, benchmarks, tests).
    public init(source: String, message: CAPMessage, infos: [CAPInfo], start: Date, end: Date, isAllClear: Bool, isExercise: Bool) {
        self.source = source
        self.message = message
        self.infos = infos
        self.start = start
        self.end = end
        self.isAllClear = isAllClear
        self.isExercise = isExercise
        level = AlertLevel.of(infos)
    }
}

/// Where one received message stands at an instant, and why: `machinaka alert list`.
public struct AlertEntry: Equatable, Sendable {
    public enum Standing: String, Sendable {
        case active, scheduled, expired, superseded, cancelled, notShown = "not shown", rejected
        /// Another copy of a publication shown once, from its richer copy (JMA's R06 reports).
        case folded
        /// Not from a trusted sender, where the screen requires one.
        case refused
    }

    public var source: String
    public var identifier: String?
    public var standing: Standing
    public var reason: String
    /// The format it came in (CAP, JMA) and who signed it, where that was checked.
    public var format: String? = nil
    public var signer: String? = nil
}

/// A message that was cancelled or replaced, remembered after the files that said so are gone:
/// an alert system that deletes its Cancel must not bring the alert back.
public struct Tombstone: Equatable, Hashable, Sendable {
    /// The message that was cancelled or replaced.
    public var reference: CAPReference
    /// The identifier of the message that did it.
    public var by: String
    /// Cancelled (true) or replaced by an Update (false).
    public var cancelled: Bool
    /// Kept until this instant: the cancelled message's expiry, as far as it is known.
    public var until: Date

    /// Creates a tombstone.
    public init(reference: CAPReference, by: String, cancelled: Bool, until: Date) {
        self.reference = reference
        self.by = by
        self.cancelled = cancelled
        self.until = until
    }
}

/// The alert state of one screen: a pure function of the messages received, the screen's
/// policy, the tombstones the player remembers and the instant. Nothing here reads the clock
/// or remembers anything itself: replaying the same messages gives the same answer, so
/// previews and restarts agree with the live player.
///
/// Ordering cannot fool it: a message replaces another only if it was sent later (or, sent at
/// the same instant, arrived later), so two Updates that name each other leave the later one
/// on screen; two files with the same sender, identifier and sent but different content count
/// once, the later file winning, and both are reported.
public struct AlertBoard: Sendable {
    /// The messages that count, one per (sender, identifier, sent).
    public let messages: [ReceivedAlert]
    public let rejected: [Diagnostic]
    public let policy: AlertPolicy
    /// Messages cancelled or replaced by files no longer there, by key.
    public let tombstones: [CAPReference: Tombstone]
    /// Files set aside (duplicates of another message, or refused as untrusted), with the reason.
    private let setAside: [AlertEntry]

    /// Creates a board from what was received (and what was refused, for the listing).
    public init(messages: [ReceivedAlert], rejected: [Diagnostic] = [], policy: AlertPolicy, tombstones: [Tombstone] = []) {
        var kept: [CAPReference: ReceivedAlert] = [:]
        var setAside: [AlertEntry] = []
        for received in messages.sorted(by: { ($0.received, $0.source) < ($1.received, $1.source) }) {
            // Where only trusted senders count, an unsigned or untrusted message does nothing:
            // it is not shown, and it cancels and replaces nothing either.
            if let problem = received.trustProblem(policy.trustedSigners) {
                setAside.append(AlertEntry(source: received.source, identifier: received.message.identifier, standing: .refused, reason: problem, format: received.format))
                continue
            }
            let key = received.message.key
            if let earlier = kept[key] {
                // The later file wins; the earlier one is listed with the reason.
                let same = earlier.message == received.message
                setAside.append(AlertEntry(
                    source: earlier.source, identifier: earlier.message.identifier, standing: .superseded,
                    reason: same ? "the same message as \(received.source); shown once"
                        : "has the same sender, identifier and sent time as \(received.source) but different content; the later file is used"))
            }
            kept[key] = received
        }
        self.messages = kept.values.sorted { $0.source < $1.source }
        self.setAside = setAside
        self.rejected = rejected
        self.policy = policy
        var stones: [CAPReference: Tombstone] = [:]
        for stone in tombstones {
            // A cancellation outweighs a replacement of the same message.
            if let known = stones[stone.reference], known.cancelled, !stone.cancelled { continue }
            stones[stone.reference] = stone
        }
        self.tombstones = stones
    }

    /// The tombstones the messages received by `instant` set: what the player remembers so
    /// that deleting a Cancel or an Update never brings back what it removed. Each is kept
    /// until the removed message's latest expiry (a week after the remover was sent when the
    /// removed message was never seen).
    public func tombstonesSet(by instant: Date) -> [Tombstone] {
        var result: [Tombstone] = []
        for remover in messages where remover.received <= instant {
            // A later report of a group (JMA) replaces the earlier ones it does not name.
            if remover.message.group != nil {
                for removed in messages where removed.received <= instant && replaces(remover, removed) {
                    let expiry = removed.message.infos.map { span(of: $0, in: removed).end }.max() ?? remover.message.sent.addingTimeInterval(7 * 86_400)
                    result.append(Tombstone(reference: removed.message.key, by: remover.message.identifier, cancelled: remover.message.messageType == .cancel, until: expiry))
                }
            }
            let type = remover.message.messageType
            guard type == .update || type == .cancel else { continue }
            for reference in remover.message.references {
                let removed = messages.first { $0.message.key == reference }
                // A reference to a message sent later has no effect (see `replaces`).
                if let removed, !replaces(remover, removed) { continue }
                if removed == nil, reference.sent > remover.message.sent { continue }
                let expiry = removed.flatMap { gone in gone.message.infos.map { span(of: $0, in: gone).end }.max() }
                result.append(Tombstone(reference: reference, by: remover.message.identifier, cancelled: type == .cancel,
                                        until: expiry ?? remover.message.sent.addingTimeInterval(7 * 86_400)))
            }
        }
        return result
    }

    /// Whether `later` may replace or cancel `earlier`: it names it, and was sent after it (or at
    /// the same instant and received after it).
    private func replaces(_ later: ReceivedAlert, _ earlier: ReceivedAlert) -> Bool {
        let sameGroup = later.message.group != nil && later.message.group == earlier.message.group && later.message.key != earlier.message.key
        guard later.message.references.contains(earlier.message.key) || sameGroup else { return false }
        if later.message.sent != earlier.message.sent { return later.message.sent > earlier.message.sent }
        return (later.received, later.source) > (earlier.received, earlier.source)
    }

    /// The alerts on screen at `instant`, most severe first.
    public func active(at instant: Date) -> [ActiveAlert] {
        messages.compactMap { evaluate($0, at: instant).active }.sorted(by: Self.precedes)
    }

    /// Every message with its standing and reason, for the listing.
    public func entries(at instant: Date) -> [AlertEntry] {
        let parsed = messages.sorted { $0.received < $1.received }.map { received -> AlertEntry in
            var entry = evaluate(received, at: instant).entry
            entry.format = received.format
            if let signature = received.signature(trustedBy: policy.trustedSigners) ?? received.signatures.first(where: \.verified) {
                entry.signer = (policy.trustedSigners.contains(signature.fingerprint) ? "trusted: " : "untrusted: ")
                    + (signature.subject.isEmpty ? "key \(signature.fingerprint.prefix(16))…" : signature.subject)
            }
            return entry
        }
        return parsed + setAside + rejected.map { AlertEntry(source: $0.path, identifier: nil, standing: .rejected, reason: "line \($0.line): \($0.message)") }
    }

    /// What must be said at once about the messages received, in the log, the status and the
    /// metrics: each refused for trust, and each held or taken as now because its sender's
    /// clock was ahead. (Files that do not parse are the feed's diagnostics.)
    public var problems: [Diagnostic] {
        var said = setAside.filter { $0.standing == .refused }.map {
            Diagnostic(path: $0.source, message: "alert \($0.identifier ?? "") refused: \($0.reason)")
        }
        for received in messages.sorted(by: { $0.source < $1.source }) {
            // Less than two seconds is the file system's time against the message's whole seconds.
            guard let ahead = Self.senderAhead(received), received.message.sent.timeIntervalSince(received.received) >= 2 else { continue }
            said.append(ahead.held
                ? Diagnostic(path: received.source, message: "alert \(received.message.identifier) held: sent \(ahead.distance) ahead of this screen's clock (more than \(Int(ForeignClock.tolerance / 60)) minutes); check the sender's or this screen's clock")
                : Diagnostic(path: received.source, severity: .warning, message: "alert \(received.message.identifier) was sent \(ahead.distance) ahead of this screen's clock; shown at once"))
        }
        return said
    }

    /// The next instant after `instant` at which the alerts on screen may change.
    public func nextChange(after instant: Date) -> Date? {
        var times: [Date] = []
        for received in messages {
            times.append(received.received)
            for info in received.message.infos {
                let span = self.span(of: info, in: received)
                times += [span.start, span.end]
            }
        }
        return times.filter { $0 > instant }.min()
    }

    // MARK: - Rules

    /// Where the sender's clock was ahead of the screen's when the message arrived: up to
    /// `ForeignClock.tolerance` the message is taken as sent now; further, it is held until its
    /// time. Nil when the sender's clock was not ahead.
    public static func senderAhead(_ received: ReceivedAlert) -> (distance: String, held: Bool)? {
        let sent = received.message.sent
        guard sent > received.received else { return nil }
        return (ForeignClock.distance(sent, from: received.received), ForeignClock.isAhead(sent, of: received.received))
    }

    private func span(of info: CAPInfo, in received: ReceivedAlert) -> (start: Date, end: Date) {
        var start = max(info.effective ?? received.message.sent, received.received)
        // A sender whose clock runs a little fast meant "now": its message is not held back.
        // An `effective` set later than `sent` is a real schedule and is kept.
        if let ahead = Self.senderAhead(received), !ahead.held, (info.effective ?? received.message.sent) <= received.message.sent {
            start = received.received
        }
        var end = info.expires ?? (info.effective ?? received.message.sent).addingTimeInterval(policy.defaultLifetime)
        if info.isAllClear { end = min(end, start.addingTimeInterval(policy.allClearDuration)) }
        return (start, end)
    }

    private func evaluate(_ received: ReceivedAlert, at instant: Date) -> (active: ActiveAlert?, entry: AlertEntry) {
        let message = received.message
        func entry(_ standing: AlertEntry.Standing, _ reason: String) -> (ActiveAlert?, AlertEntry) {
            (nil, AlertEntry(source: received.source, identifier: message.identifier, standing: standing, reason: reason))
        }
        guard received.received <= instant else {
            return entry(.scheduled, "not yet received")
        }
        switch message.messageType {
        case .cancel:
            return entry(.notShown, "a Cancel: it removes \(message.references.map(\.identifier).joined(separator: ", ")) and is not shown itself")
        case .ack, .error:
            return entry(.notShown, "an \(message.messageType.rawValue) message is for the alert system, not the public")
        case .alert, .update:
            break
        }
        // Any later message received by now that names this one replaces it, whenever either
        // arrived; one that names it but was sent earlier does not (two Updates naming each
        // other leave the later one).
        let replacing = messages.filter { $0.received <= instant && replaces($0, received) }
        if let later = replacing.first(where: { $0.message.messageType == .cancel }) ?? replacing.first {
            let cancelled = later.message.messageType == .cancel
            if !cancelled, later.message.jma != nil, later.message.sent == message.sent {
                return entry(.folded, "the same publication as \(later.source) in another format; shown once, from there")
            }
            return entry(cancelled ? .cancelled : .superseded, "\(cancelled ? "cancelled" : "replaced") by \(later.message.identifier) (\(later.source))")
        }
        if let stone = tombstones[message.key] {
            return entry(stone.cancelled ? .cancelled : .superseded, "\(stone.cancelled ? "cancelled" : "replaced") by \(stone.by), remembered after its file was removed")
        }
        switch message.status {
        case .actual:
            break
        case .exercise where policy.drills:
            break
        case .exercise:
            return entry(.notShown, "an Exercise; this screen is not set up for drills (drills: true)")
        case .test, .system, .draft:
            return entry(.notShown, "status \(message.status.rawValue) is never shown to the public")
        }
        if let code = message.infos.flatMap(\.eventCodes).first(where: { $0.name == "SAME" && AlertPolicy.testEventCodes.contains($0.value) }) {
            return entry(.notShown, "a required test (SAME \(code.value)), not an emergency")
        }
        guard policy.scopes.contains(message.scope) else {
            return entry(.notShown, "scope \(message.scope.rawValue) is not shown on this screen (alert_scopes)")
        }
        guard !message.infos.isEmpty else {
            return entry(.notShown, message.group != nil ? "nothing is in force in it (lifted, or no area)" : "carries no <info> to show")
        }
        var infos = message.infos
        // One JMA publication, shown once: a transitional report's kinds give way to the R06
        // reports of their office that speak for their phenomenon.
        if let report = message.jma, report.isTransitional {
            let speaking = r06Reports(for: report, at: instant)
            if !speaking.isEmpty {
                infos = report.folding(message, covering: speaking.compactMap(\.message.jma)).infos
                guard !infos.isEmpty else {
                    let speakers = Set(report.phenomena.flatMap(JMAReport.speakers))
                    let sources = speaking.filter { speakers.contains($0.message.jma?.phenomenon ?? "") }.map(\.source)
                    return entry(.folded, "a transitional copy (\(message.note ?? "JMA")); everything it says is shown from the R06 report\(sources.count == 1 ? "" : "s") \(sources.joined(separator: ", "))")
                }
            }
        }
        // JMA warnings are for areas: only those of this screen, and advisories only if asked.
        if infos.contains(where: Self.isJMA) {
            guard !policy.jmaAreas.isEmpty || !policy.jmaRivers.isEmpty else {
                return entry(.notShown, "a JMA warning for areas; this screen names none (jma_areas, jma_rivers)")
            }
            let here = infos.filter { info in
                info.areas.flatMap(\.geocodes).contains { ($0.name == "JMA" && policy.coversJMA($0.value)) || ($0.name == "JMA-river" && policy.jmaRivers.contains($0.value)) }
            }
            guard !here.isEmpty else {
                let named = (policy.jmaAreas + policy.jmaRivers).joined(separator: ", ")
                return entry(.notShown, "nothing in force for this screen's JMA areas and rivers (\(named))")
            }
            infos = policy.jmaAdvisories ? here : here.filter { !$0.parameters.contains(CAPValue(name: "JMA-class", value: "advisory")) }
            guard !infos.isEmpty else {
                return entry(.notShown, "only advisories (注意報) for this screen's areas; set jma_advisories: true to show them")
            }
        }
        let spans = infos.map { span(of: $0, in: received) }
        let live = zip(infos, spans).filter { $0.1.start <= instant && instant < $0.1.end }
        guard !live.isEmpty else {
            if let start = spans.map(\.start).filter({ $0 > instant }).min() {
                if let ahead = Self.senderAhead(received), ahead.held {
                    return entry(.scheduled, "held: sent \(ahead.distance) ahead of this screen's clock (more than \(Int(ForeignClock.tolerance / 60)) minutes), shown from \(start.formatted(.iso8601)); check the sender's clock")
                }
                return entry(.scheduled, "effective from \(start.formatted(.iso8601))")
            }
            let end = spans.map(\.end).max()!
            return entry(.expired, end <= received.received ? "had already expired when it arrived" : "expired at \(end.formatted(.iso8601))")
        }
        let chosen = chooseLanguages(live.map(\.0))
        let alert = ActiveAlert(
            source: received.source, message: message, infos: chosen,
            start: live.map(\.1.start).min()!, end: live.map(\.1.end).max()!,
            isAllClear: chosen.allSatisfy(\.isAllClear), isExercise: message.status == .exercise)
        var reason = "shown in \(chosen.map(\.language).joined(separator: ", "))"
        if let report = message.jma, let phenomenon = report.phenomenon {
            // The transitional copies of the same publication, folded into this report.
            let copies = messages.filter {
                guard $0.received <= instant, $0.message.sent == message.sent, let copy = $0.message.jma, copy.isTransitional, copy.isSameRegion(as: report) else { return false }
                return copy.phenomena.contains { JMAReport.speakers(of: $0).contains(phenomenon) }
            }
            if !copies.isEmpty { reason += "; also received as \(copies.map(\.source).joined(separator: ", ")) (folded into this)" }
        }
        return (alert, AlertEntry(source: received.source, identifier: message.identifier, standing: .active, reason: reason))
    }

    /// The R06 reports of `office` standing at `instant`: received, not cancelled, within their
    /// lifetime. Whatever they say (even that nothing is in force) is what counts for their
    /// phenomenon.
    private func r06Reports(for transitional: JMAReport, at instant: Date) -> [ReceivedAlert] {
        messages.filter { received in
            // A drill speaks only for drills; a test for nothing shown.
            guard let report = received.message.jma, !report.isTransitional, report.isSameRegion(as: transitional), report.status == transitional.status,
                received.received <= instant,
                received.message.messageType != .cancel, instant < report.context.expires
            else { return false }
            return !messages.contains { $0.received <= instant && $0.message.messageType == .cancel && replaces($0, received) }
        }
    }

    /// Whether a block comes from JMA (its areas carry JMA codes).
    static func isJMA(_ info: CAPInfo) -> Bool {
        info.areas.contains { $0.geocodes.contains { $0.name == "JMA" || $0.name == "JMA-river" } }
    }

    /// One block per language, in the screen's order; when none is in a configured language,
    /// every block is kept: an emergency is never hidden for want of a translation.
    private func chooseLanguages(_ infos: [CAPInfo]) -> [CAPInfo] {
        func primary(_ tag: String) -> String { tag.split(separator: "-").first.map { $0.lowercased() } ?? tag.lowercased() }
        var chosen: [CAPInfo] = []
        for language in policy.languages {
            if let info = infos.first(where: { primary($0.language) == primary(language) }),
                !chosen.contains(where: { primary($0.language) == primary(info.language) })
            {
                chosen.append(info)
            }
        }
        if chosen.isEmpty {
            var seen = Set<String>()
            chosen = infos.filter { seen.insert(primary($0.language)).inserted }
        }
        return chosen
    }

    private static let severityRank: [CAPInfo.Severity: Int] = [.extreme: 4, .severe: 3, .moderate: 2, .minor: 1, .unknown: 0]
    private static let urgencyRank: [CAPInfo.Urgency: Int] = [.immediate: 4, .expected: 3, .future: 2, .past: 1, .unknown: 0]
    private static let certaintyRank: [CAPInfo.Certainty: Int] = [.observed: 5, .veryLikely: 4, .likely: 4, .possible: 2, .unlikely: 1, .unknown: 0]

    /// 警戒レベル (JMA's levels too), then severity, urgency, certainty, then the most recent:
    /// a newer level-3 alert never leads over a level-5 one that CAP's words rank the same.
    static func precedes(_ a: ActiveAlert, _ b: ActiveAlert) -> Bool {
        // A real alert leads over any drill: a level-4 訓練 never pushes a real 高齢者等避難 aside.
        if a.isExercise != b.isExercise { return !a.isExercise }
        func key(_ alert: ActiveAlert) -> (Int, Int, Int, Int) {
            (alert.isAllClear ? 0 : alert.level ?? 0,
             alert.infos.map { severityRank[$0.severity]! }.max() ?? 0,
             alert.infos.map { urgencyRank[$0.urgency]! }.max() ?? 0,
             alert.infos.map { certaintyRank[$0.certainty]! }.max() ?? 0)
        }
        let (ka, kb) = (key(a), key(b))
        if ka != kb { return ka > kb }
        // Fully equal keys: the most recent first, then the file name, so the order never
        // depends on the order files were read.
        if a.message.sent == b.message.sent { return a.source < b.source }
        return a.message.sent > b.message.sent
    }
}
