import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer

/// `machinaka say`: what a screen would say at an instant — `render` for the ears.
struct SayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say", abstract: "Write what a screen would say aloud at an instant: the script, or the sound as a WAV file.")

    @OptionGroup var options: CommonOptions

    @Option(help: "The instant, ISO 8601; local times are in the screen's time zone (default: now).")
    var at: String?

    @Flag(help: "Print one utterance a line as <language><TAB><text> (the chime as -<TAB>(chime)).")
    var script = false

    @Option(help: "Write the announcement as a WAV file (16-bit mono, 48 kHz).")
    var out: String?

    func validate() throws {
        guard script != (out != nil) else { throw ValidationError("Give either --script or --out F.wav.") }
    }

    func run() throws {
        let feed = try options.loadFeed().asPreview
        let screen = try options.screenConfig(in: feed)
        let instant = try at.map { try parseInstant($0, option: "--at", zone: screen.zone) } ?? SystemClock().now()
        // A screen without speech: says what it would say with the defaults, so staff can hear
        // an announcement before they turn it on.
        let settings = screen.speech ?? SpeechSettings()
        let announcement = SpeechScript.announcement(for: feed.alertBoard(for: screen).active(at: instant), settings: settings, at: instant, zone: screen.zone)
        if script {
            for line in announcement.lines { print(line) }
            return
        }
        guard let out else { return }
        let synthesis = SpeechSynthesis(voice: settings.voice)
        for problem in synthesis.missing { FileHandle.standardError.write(Data("machinaka: warning: \(problem)\n".utf8)) }
        guard let (sound, unsaid) = try synthesis.render(announcement, volume: settings.volume) else { return }
        for line in unsaid { FileHandle.standardError.write(Data("machinaka: warning: no voice said \(line)\n".utf8)) }
        do {
            try sound.data.write(to: URL(fileURLWithPath: absolute(out)))
        } catch {
            throw Failure(.output, "Cannot write \(out): \(error.localizedDescription)")
        }
        print("\(out): \(String(format: "%.1f", sound.duration)) s, \(announcement.lines.count) utterances for screen '\(screen.id)' at \(ISO8601DateFormatter().string(from: instant))\(announcement.isEmpty ? " (nothing to say)" : "")")
    }
}
