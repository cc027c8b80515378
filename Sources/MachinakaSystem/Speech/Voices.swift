import Foundation
import MachinakaCore
import MachinakaPOSIX

/// A voice: a synthesiser that turns text in some languages into a WAV. Each is one type here,
/// registered in `Voices.table`; the first that speaks a language says it.
public protocol Voice: Sendable {
    /// Its name in the log and the status (`open_jtalk mei_normal`).
    var name: String { get }
    /// Whether it speaks `language` (a primary tag: ja, en, zh …).
    func speaks(_ language: String) -> Bool
    /// The text said, as a WAV.
    func say(_ text: String, language: String) throws -> WAVFile
}

/// Why a voice could not speak.
public struct VoiceFailure: Error, CustomStringConvertible {
    public var description: String
}

/// The voices a screen can use, found on this machine.
public enum Voices {
    /// Where the Japanese voice is looked for when the screen names none: installed with the
    /// package, and in a clone of the repository.
    public static var voiceCandidates: [String] {
        ["/usr/share/machinaka/voices/mei_normal.htsvoice", RepositoryVoice.path]
    }

    /// Open JTalk's dictionary (Debian's open-jtalk-mecab-naist-jdic).
    public static let dictionary = "/var/lib/mecab/dic/open-jtalk/naist-jdic"

    /// The voices available, Japanese first; `missing` says what is not there and why.
    public static func table(voice: String? = nil) -> (voices: [any Voice], missing: [String]) {
        var voices: [any Voice] = []
        var missing: [String] = []
        let htsvoice = voice ?? voiceCandidates.first { FileManager.default.isReadableFile(atPath: $0) }
        if let program = ChildProcess.executable(named: "open_jtalk"), let htsvoice, FileManager.default.isReadableFile(atPath: htsvoice),
            FileManager.default.fileExists(atPath: dictionary + "/sys.dic")
        {
            voices.append(OpenJTalkVoice(program: program, voice: htsvoice, dictionary: dictionary))
        } else {
            missing.append("no Japanese voice: " + (ChildProcess.executable(named: "open_jtalk") == nil ? "open_jtalk is not installed (apt install open-jtalk open-jtalk-mecab-naist-jdic)"
                : htsvoice.map { "the voice \($0) cannot be read" } ?? "no HTS voice at \(voiceCandidates.joined(separator: " or "))"))
        }
        if let program = ChildProcess.executable(named: "espeak-ng") {
            voices.append(ESpeakVoice(program: program))
        } else {
            missing.append("no voice for other languages: espeak-ng is not installed")
        }
        return (voices, missing)
    }

    /// Runs `program` with `input` on its standard input and reads the WAV it writes to
    /// `output`; a voice that hangs is stopped after `timeout` seconds (`ChildProcess.complete`).
    static func run(_ program: String, _ arguments: [String], input: Data?, output: String, timeout: Double = 30) throws -> WAVFile {
        defer { try? FileSystem.remove(output) }
        let (status, said) = try ChildProcess.complete(program, arguments, input: input ?? Data(), timeout: timeout)
        guard status == 0 else { throw VoiceFailure(description: "\(program) failed (\(status)): \(said.prefix(200))") }
        return try WAVFile(try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    static func temporaryWAV() -> String {
        NSTemporaryDirectory() + "machinaka-voice-\(UUID().uuidString).wav"
    }
}

/// The Japanese voice: Open JTalk with an HTS voice (mei_normal, MMDAgent, CC BY 3.0).
struct OpenJTalkVoice: Voice {
    var program: String
    var voice: String
    var dictionary: String

    var name: String { "open_jtalk " + URL(fileURLWithPath: voice).deletingPathExtension().lastPathComponent }

    func speaks(_ language: String) -> Bool { language == "ja" }

    /// The longest piece given to open_jtalk at once: it reads one line of at most 1,022 bytes.
    static let pieceCharacters = 250

    func say(_ text: String, language: String) throws -> WAVFile {
        var sound: WAVFile?
        for piece in Self.pieces(of: text) {
            let output = Voices.temporaryWAV()
            // A little slower than its default: a hall is not a headset.
            let part = try Voices.run(program, ["-x", dictionary, "-m", voice, "-r", "0.95", "-ow", output], input: Data((piece + "\n").utf8), output: output)
            if sound == nil { sound = part } else { sound!.samples += part.samples }
        }
        return sound ?? WAVFile(rate: 48_000, samples: [])
    }

    /// `text` in pieces open_jtalk says whole: one line each (line breaks become 。), cut after
    /// a sentence's end (。！？) — or, in a sentence longer than a piece, after a 、 or at the
    /// length — never inside a character.
    static func pieces(of text: String) -> [String] {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { "。！？.!?".contains($0.last!) ? $0 : $0 + "。" }.joined()
        var pieces: [String] = []
        var current = ""
        var sentence = ""
        func flushSentence() {
            if current.count + sentence.count > pieceCharacters, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            while sentence.count > pieceCharacters {
                let head = sentence.prefix(pieceCharacters)
                let cut = head.lastIndex(of: "、").map { head.index(after: $0) } ?? head.endIndex
                pieces.append(String(sentence[..<cut]))
                sentence = String(sentence[cut...])
            }
            current += sentence
            sentence = ""
        }
        for character in flat {
            sentence.append(character)
            if "。！？.!?".contains(character) { flushSentence() }
        }
        flushSentence()
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

/// The other languages: espeak-ng (robotic but clear, and in Debian).
struct ESpeakVoice: Voice {
    var program: String

    /// Machinaka's language tags to espeak-ng's voices.
    static let voices = ["en": "en", "zh": "cmn", "ko": "ko", "vi": "vi", "pt": "pt-br", "es": "es", "fr": "fr", "de": "de", "id": "id", "th": "th", "ne": "ne", "tl": "en"]

    var name: String { "espeak-ng" }

    func speaks(_ language: String) -> Bool { Self.voices[language] != nil && language != "tl" }

    func say(_ text: String, language: String) throws -> WAVFile {
        let output = Voices.temporaryWAV()
        // Line breaks are pauses, not the end of what is said.
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: ". ")
        return try Voices.run(program, ["-v", Self.voices[language] ?? "en", "-s", "150", "--stdin", "-w", output], input: Data(flat.utf8), output: output)
    }
}

/// The voice kept in this repository (deploy/voices), for a clone and its tests.
enum RepositoryVoice {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/deploy/voices/mei_normal.htsvoice"
}
