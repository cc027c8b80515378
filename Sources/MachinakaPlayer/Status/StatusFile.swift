import Foundation
import Logging
import MachinakaCore
import MachinakaPOSIX

/// What the player is doing, as JSON: what is on screen, active alerts, feed errors, the last
/// reload. Kept in memory for the HTTP endpoint and, when a path is given, rewritten
/// (atomically) in a file whenever it changes. Nothing writes it but the player's loop. A file
/// that cannot be written is said once and tried again with the next change: the screen never
/// waits for it.
public final class StatusFile: @unchecked Sendable {
    public struct Showing: Encodable, Equatable, Sendable {
        var kind: String
        var source: String
        var title: String
    }

    public struct Alert: Encodable, Equatable, Sendable {
        var identifier: String
        var source: String
        var headline: String
    }

    public struct Content: Encodable, Equatable, Sendable {
        var screen: String
        var showing: Showing
        var alerts: [Alert]
        var feedErrors: [String]
        var feedVersion: Int
        var lastReload: Date
        var version: String
        var started: Date
        /// Frames presented since the start (monitoring: a screen whose count stops is stuck).
        var framesPresented: Int = 0
        /// `connected` or `disconnected` with an MQTT input; absent without one.
        var mqtt: String? = nil
        /// What draws the frames, and why ("software (no GPU render node in /dev/dri)").
        var renderer: String? = nil
        /// Alert messages refused (unreadable, untrusted, unsigned) or held, and alerts shown
        /// despite a sender's clock, with why:
        /// whoever sent them must learn it here, not by walking to the screen.
        var alertProblems: [String] = []
        /// MQTT messages that could not be written into alerts/ and are shown from memory.
        var mqttUnwritten: Int? = nil
        /// Each input's health: "ok", or what failed and since when.
        var inputs: [String: String] = [:]
        /// With `speech:`: "ok", or why alerts are not (fully) heard.
        var speech: String? = nil
        /// With `power:`: "on", or "off (schedule)".
        var displayPower: String? = nil

        enum CodingKeys: String, CodingKey {
            case screen, showing, alerts, version, started, mqtt, renderer
            case feedErrors = "feed_errors", feedVersion = "feed_version", lastReload = "last_reload", framesPresented = "frames_presented"
            case alertProblems = "alert_problems", mqttUnwritten = "mqtt_unwritten", inputs, speech, displayPower = "display_power"
        }
    }

    /// The player's version, reported in the status.
    public static let version = "0.1.0"

    public let path: String?
    private var last: Content?
    private let lock = NSLock()
    private var latest: Data?
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private let logger: Logger
    private var failing = false

    public init(path: String?, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// The latest status, as JSON (nil before the first frame); safe from any thread.
    public var json: Data? {
        lock.lock()
        defer { lock.unlock() }
        return latest
    }

    /// Whether `content` differs from what was handed over last; it is then the last (the
    /// loop's question, without I/O).
    public func changes(to content: Content) -> Bool {
        guard content != last else { return false }
        last = content
        return true
    }

    /// Encodes `content` plus the time and uptime, keeps it for the HTTP endpoint and writes
    /// the file (on the effects queue).
    public func write(_ content: Content, now: Date) {
        struct Stamped: Encodable {
            var content: Content
            var updated: Date
            var uptimeSeconds: Int
            func encode(to encoder: Encoder) throws {
                try content.encode(to: encoder)
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(updated, forKey: .updated)
                try container.encode(uptimeSeconds, forKey: .uptime)
            }
            enum Keys: String, CodingKey { case updated, uptime = "uptime_seconds" }
        }
        guard let data = try? encoder.encode(Stamped(content: content, updated: now, uptimeSeconds: Int(now.timeIntervalSince(content.started)))) else { return }
        lock.lock()
        latest = data
        lock.unlock()
        guard let path else { return }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.replace(path) { try data.write(to: URL(fileURLWithPath: $0)) }
            if failing { logger.notice("The status file \(path) is written again.") }
            failing = false
        } catch {
            if !failing { logger.error("The status file \(path) cannot be written (\(error)); the screen plays on and it is tried again at the next change.") }
            failing = true
        }
    }
}
