import Foundation
import MachinakaCore
@testable import MachinakaRender
import Testing

extension RenderTests {
    /// The announcement's sound: chime, voices at one rate, even loudness, a ceiling.
    @Suite struct AnnouncementMixerTests {
        static func rms(_ samples: ArraySlice<Int16>) -> Double {
            (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))).squareRoot() / 32767
        }

        /// A tone as a voice would give it: `seconds` of `frequency` at `rate`, at `amplitude`.
        static func tone(_ frequency: Double, seconds: Double, rate: Int, amplitude: Double) -> WAVFile {
            WAVFile(rate: rate, samples: (0..<Int(seconds * Double(rate))).map { Int16(amplitude * 32767 * sin(2 * .pi * frequency * Double($0) / Double(rate))) })
        }

        @Test func voicesAtOtherRatesKeepTheirLengthAndComeOutEquallyLoud() throws {
            // A quiet 22 050 Hz voice (espeak-ng's rate) and a loud 48 kHz one (Open JTalk's).
            let quiet = Self.tone(440, seconds: 2, rate: 22_050, amplitude: 0.05)
            let loud = Self.tone(330, seconds: 1, rate: 48_000, amplitude: 0.9)
            let sound = try AnnouncementMixer.mix([.chime, .pause(0.5), .speech(quiet), .speech(loud)], volume: 1)
            #expect(sound.rate == 48_000 && sound.channels == 1)
            let chime = AnnouncementMixer.chime().count
            let pause = 24_000
            #expect(abs(sound.samples.count - (chime + pause + 96_000 + 48_000)) < 2_000, "2 s and 1 s of speech stay 2 s and 1 s")
            let first = Self.rms(sound.samples[(chime + pause + 4_000)..<(chime + pause + 92_000)])
            let second = Self.rms(sound.samples[(chime + pause + 100_000)..<(sound.samples.count - 2_000)])
            #expect(abs(first - second) < 0.02, "even loudness: \(first) and \(second)")
            #expect(abs(first - Double(AnnouncementMixer.targetRMS)) < 0.02)
            let peak = sound.samples.map { abs(Int($0)) }.max()!
            #expect(Double(peak) / 32767 <= Double(AnnouncementMixer.ceiling) + 0.01, "the ceiling holds")
            // The chime's first note is F5, and the chime is as loud as the voices.
            let bell = Self.rms(sound.samples[0..<chime])
            #expect(abs(bell - first) < 0.03, "chime \(bell), voice \(first)")
            let half = try AnnouncementMixer.mix([.speech(loud)], volume: 0.5)
            #expect(abs(Self.rms(half.samples[...]) - Double(AnnouncementMixer.targetRMS) / 2) < 0.01, "the screen's volume scales the whole")
        }

        @Test func theWAVRoundTripsAndAPipedHeaderIsRead() throws {
            let wav = Self.tone(1000, seconds: 0.1, rate: 22_050, amplitude: 0.5)
            #expect(try WAVFile(wav.data) == wav)
            // espeak-ng writing to a pipe cannot seek back: its sizes say 0x7FFFFFFF.
            var bytes = [UInt8](wav.data)
            for offset in [4, 40] { bytes.replaceSubrange(offset..<offset + 4, with: [0xFF, 0xFF, 0xFF, 0x7F]) }
            #expect(try WAVFile(Data(bytes)) == wav)
            #expect(throws: WAVFile.Failure.self) { try WAVFile(Data("RIFF....WAVEjunk".utf8)) }
        }
    }
}
