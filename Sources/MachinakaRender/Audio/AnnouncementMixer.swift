import CSDL2
import Foundation
import MachinakaCore

/// Puts an announcement together as one sound: the chime, each voice's speech resampled to one
/// rate (SDL's audio stream), pauses, every part brought to the same loudness with a ceiling,
/// then the screen's volume.
public enum AnnouncementMixer {
    /// One piece of an announcement.
    public enum Piece: Sendable {
        case chime
        case ding
        case speech(WAVFile)
        case pause(Double)
    }

    /// The rate of what comes out (mono).
    public static let rate = 48_000
    /// The loudness every piece is brought to (RMS, −18 dBFS) and the ceiling no sample passes
    /// (−1 dBFS).
    static let targetRMS: Float = 0.126
    static let ceiling: Float = 0.89

    /// The announcement as 16-bit mono at `rate`.
    public static func mix(_ pieces: [Piece], volume: Double) throws -> WAVFile {
        var out: [Float] = []
        for piece in pieces {
            switch piece {
            case .chime:
                out += level(chime())
            case .ding:
                out += level(ding())
            case .speech(let wav):
                out += level(try resample(wav))
            case .pause(let seconds):
                out += [Float](repeating: 0, count: Int(seconds * Double(rate)))
            }
        }
        let gain = Float(volume)
        return WAVFile(rate: rate, samples: out.map { Int16(max(-1, min(1, $0 * gain)) * 32767) })
    }

    /// Machinaka's own chime: four rising bell tones (F5, A5, C6, F6) — not NHK's, not any
    /// municipality's — each with a short attack, a decay and a soft octave above.
    public static func chime() -> [Float] {
        let notes: [Double] = [698.46, 880.0, 1046.5, 1396.9]
        let length = Int(0.42 * Double(rate))
        let tail = rate
        var samples = [Float](repeating: 0, count: length * notes.count + tail)
        for (index, frequency) in notes.enumerated() {
            let start = index * length
            for n in 0..<(length + tail) where start + n < samples.count {
                let t = Double(n) / Double(rate)
                let envelope = min(1, t / 0.008) * exp(-t * 4.5)
                let tone = sin(2 * .pi * frequency * t) + 0.3 * sin(4 * .pi * frequency * t)
                samples[start + n] += Float(envelope * tone * 0.5)
            }
        }
        // The last tenth of a second fades out: no click where the bell is cut.
        let fade = rate / 10
        for n in 0..<fade { samples[samples.count - fade + n] *= Float(fade - n) / Float(fade) }
        return samples
    }

    /// A counter call's ding: two soft tones, high then lower (C6, A5), as halls use.
    public static func ding() -> [Float] {
        let notes: [Double] = [1046.5, 880.0]
        let length = Int(0.45 * Double(rate))
        var samples = [Float](repeating: 0, count: length * notes.count + rate / 2)
        for (index, frequency) in notes.enumerated() {
            for n in 0..<(length + rate / 2) where index * length + n < samples.count {
                let t = Double(n) / Double(rate)
                samples[index * length + n] += Float(min(1, t / 0.01) * exp(-t * 5) * sin(2 * .pi * frequency * t) * 0.5)
            }
        }
        let fade = rate / 10
        for n in 0..<fade { samples[samples.count - fade + n] *= Float(fade - n) / Float(fade) }
        return samples
    }

    /// `samples` brought to the target loudness, then scaled down if a peak would pass the ceiling.
    static func level(_ samples: [Float]) -> [Float] {
        guard !samples.isEmpty else { return samples }
        let rms = (samples.reduce(Float(0)) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
        guard rms > 0.0001 else { return samples }
        var gain = targetRMS / rms
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        if peak * gain > ceiling { gain = ceiling / peak }
        return samples.map { $0 * gain }
    }

    /// A voice's WAV at `rate`, mono, as floats.
    static func resample(_ wav: WAVFile) throws -> [Float] {
        guard !wav.samples.isEmpty else { return [] }
        guard let stream = SDL_NewAudioStream(SDL_AudioFormat(AUDIO_S16LSB), UInt8(wav.channels), Int32(wav.rate), SDL_AudioFormat(AUDIO_F32LSB), 1, Int32(rate)) else {
            throw SDLError("SDL_NewAudioStream")
        }
        defer { SDL_FreeAudioStream(stream) }
        let put = wav.samples.withUnsafeBytes { SDL_AudioStreamPut(stream, $0.baseAddress, Int32($0.count)) }
        try check(put, "SDL_AudioStreamPut")
        try check(SDL_AudioStreamFlush(stream), "SDL_AudioStreamFlush")
        let available = Int(SDL_AudioStreamAvailable(stream))
        var out = [Float](repeating: 0, count: available / 4)
        let got = out.withUnsafeMutableBytes { SDL_AudioStreamGet(stream, $0.baseAddress, Int32($0.count)) }
        try check(got, "SDL_AudioStreamGet")
        return Array(out.prefix(Int(got) / 4))
    }
}
