import Foundation
import MachinakaCore
import MachinakaRender
import MachinakaSystem

/// Turns a `SpeechScript` into one sound: each utterance through the first voice that speaks
/// its language (`Voices`), the chime and pauses, mixed by `AnnouncementMixer`. Utterances are
/// kept (by voice, language and text) so an announcement said again costs no synthesis.
public final class SpeechSynthesis: @unchecked Sendable {
    public let voices: [any Voice]
    /// What is missing (no Japanese voice …), said once in the log and in the status.
    public let missing: [String]
    private var cache: [String: WAVFile] = [:]
    private var order: [String] = []
    private var cachedSamples = 0
    private let lock = NSLock()
    /// Utterances kept: at most this many samples (about 40 MB of 16-bit sound), the oldest
    /// going first.
    static let cacheSamples = 20_000_000

    /// The voices found on this machine (`voice`: the Japanese voice's path, when set).
    public init(voice: String? = nil) {
        (voices, missing) = Voices.table(voice: voice)
    }

    /// Synthesis with the given voices (tests).
    public init(voices: [any Voice], missing: [String] = []) {
        self.voices = voices
        self.missing = missing
    }

    /// The announcement as one sound, and the utterances no voice could say.
    /// `shouldContinue` is asked before each utterance: an announcement overtaken by another
    /// stops being made (nil is returned).
    public func render(_ script: SpeechScript, volume: Double, shouldContinue: () -> Bool = { true }) throws -> (sound: WAVFile, unsaid: [String])? {
        var pieces: [AnnouncementMixer.Piece] = []
        var unsaid: [String] = []
        for part in script.parts {
            guard shouldContinue() else { return nil }
            switch part {
            case .chime:
                pieces.append(.chime)
            case .ding:
                pieces.append(.ding)
            case .pause(let seconds):
                pieces.append(.pause(seconds))
            case .say(let language, let text):
                guard let voice = voices.first(where: { $0.speaks(language) }) else {
                    unsaid.append("\(language): \(text)")
                    continue
                }
                do {
                    pieces.append(.speech(try utterance(voice, text, language)))
                    pieces.append(.pause(0.35))
                } catch {
                    unsaid.append("\(language): \(text) (\(error))")
                }
            }
        }
        return (try AnnouncementMixer.mix(pieces, volume: volume), unsaid)
    }

    private func utterance(_ voice: any Voice, _ text: String, _ language: String) throws -> WAVFile {
        let key = "\(voice.name)|\(language)|\(text)"
        lock.lock()
        if let known = cache[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let sound = try voice.say(text, language: language)
        lock.lock()
        defer { lock.unlock() }
        cache[key] = sound
        order.append(key)
        cachedSamples += sound.samples.count
        while cachedSamples > Self.cacheSamples, order.count > 1 {
            let oldest = order.removeFirst()
            cachedSamples -= cache[oldest]?.samples.count ?? 0
            cache[oldest] = nil
        }
        return sound
    }
}
