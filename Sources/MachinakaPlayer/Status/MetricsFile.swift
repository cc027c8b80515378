import Foundation
import Logging
import MachinakaPOSIX

/// The player's health for Prometheus, as a text file for node_exporter's textfile collector
/// (`--metrics-file /var/lib/node_exporter/textfile_collector/machinaka.prom`): frames
/// presented and when the last was, what is on screen, active alerts, refused feed files, the
/// last reload, the MQTT connection, resident memory, uptime.
///
/// The exposition format is written here directly rather than through swift-metrics and
/// swift-prometheus: a dozen gauges rewritten every few seconds need no registry, and those
/// packages would bring their dependency graph into every kiosk build for one file. The file is
/// replaced whole (beside its name, then renamed), as the collector asks, at most every
/// `interval` seconds unless what is on screen or the alerts change.
public final class MetricsFile: @unchecked Sendable {
    /// One reading of the player.
    public struct Reading: Equatable, Sendable {
        public var screen: String
        public var framesPresented: Int
        public var lastFrame: Date?
        public var showingKind: String
        public var showingSource: String
        public var alertsActive: Int
        public var feedFilesRefused: Int
        public var lastReload: Date
        /// Nil when the player has no MQTT input.
        public var mqttConnected: Bool?
        public var started: Date
        /// Alert messages refused (untrusted, unsigned) or held (sent from a clock far ahead).
        public var alertsRefused: Int
        /// MQTT messages that could not be written into alerts/ (nil without MQTT).
        public var mqttUnwritten: Int?
        /// Each input's health ("ok" or what failed).
        public var inputs: [String: String]
        /// The display is off by schedule: no frames by design, not a hang.
        public var displayOff = false

        public init(screen: String, framesPresented: Int, lastFrame: Date?, showingKind: String, showingSource: String, alertsActive: Int,
                    feedFilesRefused: Int, lastReload: Date, mqttConnected: Bool?, started: Date, alertsRefused: Int = 0, mqttUnwritten: Int? = nil, inputs: [String: String] = [:]) {
            self.inputs = inputs
            self.alertsRefused = alertsRefused
            self.mqttUnwritten = mqttUnwritten
            self.screen = screen
            self.framesPresented = framesPresented
            self.lastFrame = lastFrame
            self.showingKind = showingKind
            self.showingSource = showingSource
            self.alertsActive = alertsActive
            self.feedFilesRefused = feedFilesRefused
            self.lastReload = lastReload
            self.mqttConnected = mqttConnected
            self.started = started
        }
    }

    public let path: String
    public let interval: TimeInterval
    private let logger: Logger
    private var written: (reading: Reading, at: Date)?
    private var failing = false

    public init(path: String, interval: TimeInterval = 10, logger: Logger) {
        self.path = path
        self.interval = interval
        self.logger = logger
    }

    /// Whether `reading` is to be written now — when `interval` has passed or what is on
    /// screen, the alerts, the refused files or the inputs changed (it then counts as written) —
    /// and the next instant the loop should ask again: the loop's question, without I/O.
    public func plan(_ reading: Reading, now: Date) -> (write: Bool, next: Date) {
        if let written, now.timeIntervalSince(written.at) < interval, written.reading.showingSource == reading.showingSource,
            written.reading.alertsActive == reading.alertsActive, written.reading.mqttConnected == reading.mqttConnected,
            written.reading.feedFilesRefused == reading.feedFilesRefused, written.reading.alertsRefused == reading.alertsRefused,
            written.reading.mqttUnwritten == reading.mqttUnwritten, written.reading.inputs == reading.inputs
        {
            return (false, written.at.addingTimeInterval(interval))
        }
        written = (reading, now)
        return (true, now.addingTimeInterval(interval))
    }

    /// Renders and writes `reading` (on the effects queue: it reads /proc and writes a file).
    public func write(_ reading: Reading, now: Date) {
        let text = Self.render(reading, now: now, residentBytes: Self.residentBytes())
        do {
            try AtomicFile.replace(path) { try Data(text.utf8).write(to: URL(fileURLWithPath: $0)) }
            if failing { logger.notice("The metrics file \(path) is written again.") }
            failing = false
        } catch {
            if !failing { logger.error("The metrics file \(path) cannot be written (\(error)); the screen plays on and it is tried again.") }
            failing = true
        }
    }

    /// The exposition text of `reading` (Prometheus text format 0.0.4).
    static func render(_ reading: Reading, now: Date, residentBytes: Int?) -> String {
        var lines: [String] = []
        let screen = "screen=\"\(escape(reading.screen))\""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append("\(name){\(sample.labels)} \(sample.value)") }
        }
        func number(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3f", value) }
        metric("machinaka_frames_presented_total", "counter", "Frames presented since the player started.", [(screen, String(reading.framesPresented))])
        if let last = reading.lastFrame {
            metric("machinaka_last_frame_timestamp_seconds", "gauge", "When the last frame was presented, in Unix time.", [(screen, number(last.timeIntervalSince1970))])
            metric("machinaka_seconds_since_last_frame", "gauge", "Seconds from the last frame presented to this file's writing.", [(screen, number(max(0, now.timeIntervalSince(last))))])
        }
        metric("machinaka_showing_info", "gauge", "What is on screen: its kind and feed file.",
               [("\(screen),kind=\"\(escape(reading.showingKind))\",source=\"\(escape(reading.showingSource))\"", "1")])
        metric("machinaka_alerts_active", "gauge", "Alerts on screen now.", [(screen, String(reading.alertsActive))])
        metric("machinaka_display_off", "gauge", "1 while the display is off by the screen's power schedule (no frames by design, not a hang).",
               [(screen, reading.displayOff ? "1" : "0")])
        metric("machinaka_feed_files_refused", "gauge", "Feed files left out because of an error.", [(screen, String(reading.feedFilesRefused))])
        metric("machinaka_alerts_refused", "gauge", "Alert messages refused (not trusted, not signed, unreadable) or held (sent from a clock far ahead).",
               [(screen, String(reading.alertsRefused))])
        metric("machinaka_last_reload_timestamp_seconds", "gauge", "When the feed last changed what plays, in Unix time.", [(screen, number(reading.lastReload.timeIntervalSince1970))])
        if let connected = reading.mqttConnected {
            metric("machinaka_mqtt_connected", "gauge", "1 while the MQTT broker is connected.", [(screen, connected ? "1" : "0")])
        }
        if !reading.inputs.isEmpty {
            // An input's words begin with "ok" exactly while it runs ("ok (restarted at …)" after a
            // restart): anything else is a failure now.
            metric("machinaka_input_up", "gauge", "1 while an input (feed watcher, MQTT, HTTP server) works as it should, 0 while it runs degraded or is stopped.",
                   reading.inputs.keys.sorted().map { ("\(screen),input=\"\(escape($0))\"", reading.inputs[$0]?.hasPrefix("ok") == true ? "1" : "0") })
        }
        if let unwritten = reading.mqttUnwritten {
            metric("machinaka_mqtt_alerts_unwritten", "gauge", "MQTT alert messages that could not be written into alerts/ (shown from memory, retried).",
                   [(screen, String(unwritten))])
        }
        if let residentBytes {
            metric("machinaka_resident_memory_bytes", "gauge", "The player's resident memory.", [(screen, String(residentBytes))])
        }
        metric("machinaka_start_timestamp_seconds", "gauge", "When the player started, in Unix time.", [(screen, number(reading.started.timeIntervalSince1970))])
        metric("machinaka_uptime_seconds", "gauge", "Seconds since the player started.", [(screen, number(max(0, now.timeIntervalSince(reading.started))))])
        metric("machinaka_build_info", "gauge", "The player's version.", [("\(screen),version=\"\(escape(StatusFile.version))\"", "1")])
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value as the text format writes it: `\`, `"` and line feeds escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// This process's resident memory (VmRSS), or nil where /proc does not say.
    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first
        else { return nil }
        return kilobytes * 1024
    }
}
