import ArgumentParser
import Foundation
import Logging
import MachinakaPlayer
import MachinakaPOSIX
import MachinakaRender
import MachinakaSystem

/// `machinaka play`: the main job, playing the feed on the display until stopped.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: "Play the feed on the display (full screen on a kiosk).")

    @OptionGroup var options: CommonOptions

    @Flag(help: "Render off screen and write the current frame to --frame-out (no display needed); the same as --output offscreen.")
    var headless = false

    @Option(help: ArgumentHelp("Where frames go: auto (a window, else off screen), \(Outputs.all.map(\.name).joined(separator: ", ")).",
                               discussion: Outputs.all.map { "\($0.name): \($0.summary)" }.joined(separator: "\n")))
    var output = "auto"

    @Flag(help: "Fail when no display is found instead of falling back to off screen (for kiosks).")
    var requireDisplay = false

    @Flag(help: "Open a window of the screen's size instead of going full screen.")
    var windowed = false

    @Option(help: "Which renderer draws a window: auto (SDL's software renderer unless a real GPU is found), software or gpu.")
    var renderer: RendererChoice = .auto

    @Flag(help: .hidden)
    var software = false

    @Option(help: "Where off-screen play writes the current frame (an empty value: nowhere).")
    var frameOut: String = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka/frame.png").path

    @Option(help: "Keep a JSON status file here, rewritten whenever what is on screen changes.")
    var status: String?

    @Option(help: "Serve GET /status and GET /screenshot.png on 127.0.0.1 at this port (off unless given).")
    var http: UInt16?

    @Option(help: ArgumentHelp("Run the player's clock this many times faster than real time (benchmarks only).", visibility: .hidden))
    var clockRate: Double = 1

    @Flag(help: ArgumentHelp("Stop when the process that started this one ends (benchmarks only).", visibility: .hidden))
    var exitWithParent = false

    @Option(help: "Record every showing in this SQLite file (proof of play).")
    var playLog: String?

    @Option(help: "Delete recorded plays older than this many days (with --play-log).")
    var keepDays: Int = 400

    @Option(help: "Also receive alerts from this MQTT broker (mqtt://host:1883 or mqtts://host:8883); each message is written into the feed's alerts/ folder.")
    var mqtt: String?

    @Option(help: "The topic prefix alerts are published under: <prefix>/alerts/<identifier>.")
    var mqttPrefix: String = "machinaka"

    @Option(help: "The MQTT client id (default: machinaka-<screen id>-<machine id>); one per kiosk, for its persistent session.")
    var mqttClientId: String?

    @Option(help: "The CA certificate to trust for mqtts:// (default: the system's).")
    var mqttCa: String?

    @Option(help: "The MQTT user name.")
    var mqttUser: String?

    @Option(help: "A file holding the MQTT password, readable by the player only (chmod 600).")
    var mqttPasswordFile: String?

    @Option(help: "Keep a Prometheus text file here for node_exporter's textfile collector (health: frames, alerts, refused files, MQTT, memory).")
    var metricsFile: String?

    func validate() throws {
        guard keepDays >= 1, keepDays <= 36_500 else { throw ValidationError("--keep-days must be from 1 to 36500") }
        guard clockRate > 0, clockRate.isFinite, clockRate <= 100_000 else { throw ValidationError("--clock-rate must be more than 0") }
    }

    func run() throws {
        if exitWithParent {
            do {
                try ProcessLife.exitWithParent()
            } catch {
                throw Failure(error)
            }
        }
        var job = Playback.Options(feed: options.feedPath, screen: options.screen, fonts: options.fonts)
        job.output = headless ? "offscreen" : output
        job.requireDisplay = requireDisplay
        job.fullscreen = !windowed
        // --software, from before --renderer, still means what it said.
        job.renderer = software ? .software : renderer
        job.frameOut = frameOut.isEmpty ? nil : absolute(frameOut)
        job.status = status.map(absolute)
        job.http = http
        job.clockRate = clockRate
        job.playLog = playLog.map(absolute)
        job.keepDays = keepDays
        job.metricsFile = metricsFile.map(absolute)
        if let mqtt {
            do {
                var settings = try MQTTAlertInput.Settings.parse(url: mqtt, clientID: mqttClientId ?? "")
                settings.prefix = mqttPrefix
                settings.caFile = mqttCa.map(absolute)
                if let mqttUser { settings.username = mqttUser }
                settings.passwordFile = mqttPasswordFile.map(absolute)
                job.mqtt = settings
            } catch {
                throw ValidationError("\(error)")
            }
        }
        do {
            try Playback.run(job, logger: Logger(label: "machinaka"))
        } catch {
            throw Failure(error)
        }
    }
}

extension RendererChoice: ExpressibleByArgument {}
