import Foundation
import Logging
import MachinakaCore
import MachinakaRender

/// What the loop tells about the alerts on screen, for them to be heard.
public protocol AlertAnnouncing: AnyObject {
    /// Called by the loop each frame with the alerts on screen; must return at once.
    func update(alerts: [ActiveAlert], screen: ScreenConfig, at instant: Date)
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

    public func update(alerts: [ActiveAlert], screen: ScreenConfig, at instant: Date) {
        guard let settings = screen.speech else { return }
        let script = SpeechScript.announcement(for: alerts, settings: settings, at: instant, zone: screen.zone)
        lock.lock()
        guard script.key != key else {
            lock.unlock()
            return
        }
        key = script.key
        generation += 1
        let mine = generation
        lock.unlock()
        // Whatever was being said is about something else now.
        output?.stop()
        guard !script.isEmpty else { return }
        logger.notice("Speech: announcing \(alerts.first?.message.identifier ?? "") (\(script.lines.count) utterances).")
        worker.async { [self] in
            do {
                let (sound, unsaid) = try synthesis.render(script, volume: settings.volume)
                for line in unsaid { logger.warning("Speech: no voice said \(line)") }
                lock.lock()
                let current = generation == mine
                if current { lastSaid = script.lines }
                lock.unlock()
                guard current else { return }
                try output?.play(sound)
                onQueued?(sound)
            } catch {
                logger.error("Speech: the announcement could not be made: \(error)")
            }
        }
    }
}
