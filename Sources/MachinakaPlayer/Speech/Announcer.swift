import Foundation
import Logging
import MachinakaCore
import MachinakaRender

/// What the loop tells about the alerts on screen, for them to be heard.
public protocol AlertAnnouncing: AnyObject {
    /// Called by the loop each frame with the alerts on screen and the feed's data files; must
    /// return at once.
    func update(alerts: [ActiveAlert], screen: ScreenConfig, data: [String: DataFile], at instant: Date)
    /// `ok`, or why alerts are not (fully) heard, for the status.
    var health: String { get }
}

/// Says the alerts on screen aloud: when what is on screen changes (a new alert, an Update,
/// a Cancel) the announcement is worked out on the loop (a pure function, microseconds),
/// synthesised and mixed on a worker, and queued to the speaker; a Cancel or an alert's end
/// cuts the speaker at once. Nothing of the synthesis runs on the loop, so an alert's frame is
/// no later for being spoken.
public final class Announcer: AlertAnnouncing, @unchecked Sendable {
    private let output: AudioOutput?
    private let synthesis: SpeechSynthesis
    private let logger: Logger
    private let worker = DispatchQueue(label: "machinaka.speech", qos: .userInitiated)
    private let lock = NSLock()
    private var key: String?
    private var generation = 0
    /// The counters' serving numbers last seen, by id, and the data file they came from.
    private var serving: [String: Int]?
    private var countersSeen: (source: String, received: Date)?
    /// What was said last, for the status: the script's lines.
    public private(set) var lastSaid: [String] = []
    /// Called on the worker after a sound was queued (tests).
    public var onQueued: (@Sendable (WAVFile) -> Void)?

    /// An announcer for `output` (nil: no audio device; the script is still worked out and logged).
    public init(output: AudioOutput?, synthesis: SpeechSynthesis, logger: Logger) {
        self.output = output
        self.synthesis = synthesis
        self.logger = logger
        for problem in synthesis.missing { logger.warning("Speech: \(problem); alerts are announced with the chime only for that.") }
    }

    /// Whether speech can be heard, for the status: `ok`, or what is missing.
    public var health: String {
        var problems = synthesis.missing
        if output == nil { problems.insert("no audio device", at: 0) }
        return problems.isEmpty ? "ok" : problems.joined(separator: "; ")
    }

    public func update(alerts: [ActiveAlert], screen: ScreenConfig, data: [String: DataFile], at instant: Date) {
        guard let settings = screen.speech else { return }
        if settings.counterCalls { callCounters(alerts: alerts, screen: screen, settings: settings, data: data) }
        let script = SpeechScript.announcement(for: alerts, settings: settings, at: instant, zone: screen.zone)
        lock.lock()
        guard script.key != key else {
            lock.unlock()
            return
        }
        key = script.key
        generation += 1
        let mine = generation
        // Whatever was being said is about something else now (cut under the lock: an
        // announcement finishing on the worker cannot slip in after the cut).
        output?.stop()
        lock.unlock()
        guard !script.isEmpty else { return }
        logger.notice("Speech: announcing \(alerts.first?.message.identifier ?? "") (\(script.lines.count) utterances).")
        say(script, volume: settings.volume, generation: mine)
    }

    /// Synthesises and queues `script` on the worker, unless something newer came meanwhile:
    /// the chime and the opening words first (heard within a second), the rest after them.
    private func say(_ script: SpeechScript, volume: Double, generation mine: Int) {
        let opening = script.parts.firstIndex { if case .say = $0 { return true } else { return false } }.map { $0 + 1 } ?? script.parts.count
        let parts = [Array(script.parts[..<opening]), Array(script.parts[opening...])].filter { !$0.isEmpty }
        for (index, piece) in parts.enumerated() {
            worker.async { [self] in
                do {
                    let current = { self.lock.lock(); defer { self.lock.unlock() }; return self.generation == mine }
                    guard let (sound, unsaid) = try synthesis.render(SpeechScript(parts: piece, key: script.key), volume: volume, shouldContinue: current) else { return }
                    for line in unsaid { logger.warning("Speech: no voice said \(line)") }
                    // Queued under the lock: a cut that comes now waits, then cuts this too.
                    lock.lock()
                    defer { lock.unlock() }
                    guard generation == mine else { return }
                    if index == parts.count - 1 { lastSaid = script.lines }
                    try output?.play(sound)
                    onQueued?(sound)
                } catch {
                    logger.error("Speech: the announcement could not be made: \(error)")
                }
            }
        }
    }

    /// Counter calls for the counters whose number went up since the data was last seen;
    /// never over an alert (the alert is said instead, and a call does not cut it).
    private func callCounters(alerts: [ActiveAlert], screen: ScreenConfig, settings: SpeechSettings, data: [String: DataFile]) {
        let panel = screen.panel?.item?.board
        let path = panel.flatMap { ContentKinds.board(named: $0.name) is CountersBoard ? $0.data : nil } ?? "data/counters.json"
        // Compared by file and time, not by content: asked every frame, a 5,000-counter file
        // must cost nothing while it does not change.
        guard let file = data[path], countersSeen?.source != file.source || countersSeen?.received != file.received,
            let counters = file.payload as? CounterData
        else { return }
        countersSeen = (file.source, file.received)
        let previous = serving
        serving = Dictionary(counters.counters.map { ($0.id, $0.serving) }, uniquingKeysWith: max)
        guard let previous, alerts.isEmpty else { return }
        let calls = SpeechScript.counterCalls(previous: previous, current: counters, settings: settings)
        guard !calls.isEmpty else { return }
        lock.lock()
        let mine = generation
        lock.unlock()
        logger.info("Speech: counter call \(calls.lines.filter { $0.hasPrefix("ja") }.joined(separator: " "))")
        say(calls, volume: settings.volume, generation: mine)
    }
}
