import CMosquitto
import Foundation
import MachinakaCore
import MachinakaPOSIX

/// Why the MQTT input could not be set up or failed, with libmosquitto's own words.
public struct MQTTError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ call: String, _ code: Int32) {
        description = "\(call): \(String(cString: mosquitto_strerror(code)))"
    }

    init(_ message: String) {
        description = message
    }
}

/// Turns a libmosquitto return code into a Swift error named by the call that gave it.
@discardableResult
func mosquittoCheck(_ code: Int32, _ call: String) throws -> Int32 {
    guard code == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError(call, code) }
    return code
}

/// Alerts from the city's MQTT broker: the alert system publishes each CAP (or JMA) document
/// once, QoS 1 and retained, to `<prefix>/alerts/<identifier>`; this subscribes with a
/// persistent session (client id: the screen's) and writes every message into the feed's
/// `alerts/` folder — beside its final name, then renamed into place — where the folder's
/// watcher, parser and board take it exactly as a file the alert system had dropped. So a
/// message survives a restart, shows in `alert list`, and a retained one reaches a screen
/// that was off when it was sent. An empty retained message (the alert system clearing a
/// topic) removes the file.
///
/// libmosquitto runs its own network thread and reconnects with backoff; file alerts work
/// whether or not the broker can be reached, and `isConnected` says which.
public final class MQTTAlertInput: SupervisedInput, @unchecked Sendable {
    /// Where and how to connect.
    public struct Settings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var tls: Bool
        /// Topics are `<prefix>/alerts/<identifier>`.
        public var prefix = "machinaka"
        public var clientID: String
        /// CA certificate to trust for TLS (nil: the system's).
        public var caFile: String?
        public var username: String?
        /// A file holding the password, readable by the player only.
        public var passwordFile: String?

        public init(host: String, port: Int, tls: Bool, clientID: String) {
            self.host = host
            self.port = port
            self.tls = tls
            self.clientID = clientID
        }

        /// `mqtt://host[:1883]` or `mqtts://host[:8883]`.
        public static func parse(url text: String, clientID: String) throws -> Settings {
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["mqtt", "mqtts"].contains(scheme),
                let host = url.host, !host.isEmpty
            else { throw MQTTError("'\(text)' is not a broker address such as mqtts://broker.city.example:8883") }
            var settings = Settings(host: host, port: url.port ?? (scheme == "mqtts" ? 8883 : 1883), tls: scheme == "mqtts", clientID: clientID)
            if let user = url.user, !user.isEmpty { settings.username = user }
            return settings
        }

        /// The topic filter subscribed to.
        public var filter: String { "\(prefix)/alerts/#" }

        /// The client id a kiosk uses unless told otherwise: the screen's id and this machine's,
        /// so two kiosks set up from one image with the same screen file never share (and
        /// steal) one persistent session; the same kiosk keeps its id across restarts.
        public static func defaultClientID(screen: String, machineID: String?) -> String {
            let machine = (machineID ?? "").filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(12)
            return "machinaka-" + screen + (machine.isEmpty ? "" : "-" + machine)
        }

        /// This machine's id (`/etc/machine-id`, as systemd keeps it), else its host name.
        public static func machineID() -> String? {
            if let text = try? String(contentsOfFile: "/etc/machine-id", encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let name = ProcessInfo.processInfo.hostName
            return name.isEmpty ? nil : name
        }
    }

    public let settings: Settings
    private let alertsFolder: String
    private let report: @Sendable (String) -> Void
    private let onChange: @Sendable () -> Void
    private var handle: OpaquePointer?
    private let lock = NSLock()
    private var connected = false
    private var received = 0
    /// Messages that could not be written into `alerts/` (a full or read-only disk), by file
    /// name: shown from memory (`heldAlerts`) and written again every `retryInterval`.
    private var held: [String: (data: Data, alert: ReceivedAlert?)] = [:]
    private var retryTimer: DispatchSourceTimer?
    /// How often a message that could not be written is tried again (seconds).
    public var retryInterval: Double = 5

    /// Writes messages into `alertsFolder`; `report` gets a line for the log on every change of
    /// connection and every refused message; `onChange` after each file written or removed and
    /// each change of connection (the player wakes to say so in its status).
    public init(settings: Settings, alertsFolder: String, report: @escaping @Sendable (String) -> Void, onChange: @escaping @Sendable () -> Void = {}) {
        self.settings = settings
        self.alertsFolder = alertsFolder
        self.report = report
        self.onChange = onChange
    }

    deinit {
        stop()
    }

    /// Whether the broker is connected now.
    public var isConnected: Bool {
        lock.lock()
        defer { lock.unlock() }
        return connected
    }

    /// Messages written into `alerts/` since the start.
    public var messagesReceived: Int {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// The messages that could not be written into `alerts/`, read as the folder's would be
    /// (source `alerts/<file name>`, received when they arrived): the player shows them all
    /// the same, until they are written.
    public var heldAlerts: [ReceivedAlert] {
        lock.lock()
        defer { lock.unlock() }
        return held.keys.sorted().compactMap { held[$0]?.alert }
    }

    /// How many messages wait to be written into `alerts/`.
    public var unwrittenCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return held.count
    }

    private static let initialise: Void = { mosquitto_lib_init() }()

    /// Connects in the background (and keeps reconnecting, waiting 1 s, then longer, up to 30 s).
    /// Throws only for settings that can never work (a password file that cannot be read).
    public func start() throws {
        _ = Self.initialise
        guard handle == nil else { return }
        guard let mosq = mosquitto_new(settings.clientID, false, Unmanaged.passUnretained(self).toOpaque()) else {
            throw MQTTError("mosquitto_new: out of memory or a bad client id '\(settings.clientID)'")
        }
        handle = mosq
        do {
            try mosquittoCheck(mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311)), "mosquitto_int_option")
            if let username = settings.username {
                let password = try settings.passwordFile.map(Self.readPassword)
                try mosquittoCheck(mosquitto_username_pw_set(mosq, username, password), "mosquitto_username_pw_set")
            }
            if settings.tls {
                let capath = settings.caFile == nil ? "/etc/ssl/certs" : nil
                try mosquittoCheck(mosquitto_tls_set(mosq, settings.caFile, capath, nil, nil, nil), "mosquitto_tls_set")
            }
            try mosquittoCheck(mosquitto_reconnect_delay_set(mosq, 1, 30, true), "mosquitto_reconnect_delay_set")
            mosquitto_connect_callback_set(mosq) { mosq, object, code in
                MQTTAlertInput.from(object)?.connected(mosq, code: code)
            }
            mosquitto_disconnect_callback_set(mosq) { _, object, code in
                MQTTAlertInput.from(object)?.disconnected(code: code)
            }
            mosquitto_message_callback_set(mosq) { _, object, message in
                guard let message else { return }
                MQTTAlertInput.from(object)?.arrived(message.pointee)
            }
            // A broker that is down now is not an error: the loop connects when it can.
            let code = mosquitto_connect_async(mosq, settings.host, Int32(settings.port), 30)
            if code != MOSQ_ERR_SUCCESS.rawValue {
                report("MQTT: cannot reach \(settings.host):\(settings.port) yet (\(String(cString: mosquitto_strerror(code)))); retrying.")
            }
            try mosquittoCheck(mosquitto_loop_start(mosq), "mosquitto_loop_start")
        } catch {
            mosquitto_destroy(mosq)
            handle = nil
            throw error
        }
    }

    /// Disconnects and stops the network thread.
    public func stop() {
        lock.lock()
        retryTimer?.cancel()
        retryTimer = nil
        lock.unlock()
        guard let mosq = handle else { return }
        mosquitto_disconnect(mosq)
        mosquitto_loop_stop(mosq, true)
        mosquitto_destroy(mosq)
        handle = nil
    }

    // MARK: - Supervised

    public var name: String { "mqtt" }

    /// Degraded while the broker is not connected (libmosquitto reconnects on its own; alerts
    /// dropped into alerts/ still show meanwhile).
    public func condition(stallLimit: Double) -> InputCondition {
        isConnected ? .running : .degraded("not connected to \(settings.host):\(settings.port); reconnecting")
    }

    /// Stops the client and starts it again.
    public func restart() throws {
        stop()
        try start()
    }

    private static func from(_ object: UnsafeMutableRawPointer?) -> MQTTAlertInput? {
        object.map { Unmanaged<MQTTAlertInput>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The password, from a file only the player may read (not one its group or others can).
    static func readPassword(_ path: String) throws -> String {
        guard let mode = FileSystem.permissions(of: path) else { throw MQTTError("the MQTT password file \(path) cannot be read") }
        guard mode & 0o077 == 0 else {
            throw MQTTError("the MQTT password file \(path) may be read by others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw MQTTError("the MQTT password file \(path) cannot be read") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Callbacks (libmosquitto's network thread)

    private func connected(_ mosq: OpaquePointer?, code: Int32) {
        guard code == 0 else {
            report("MQTT: the broker refused the connection: \(String(cString: mosquitto_connack_string(code)))")
            return
        }
        lock.lock()
        connected = true
        lock.unlock()
        onChange()
        report("MQTT: connected to \(settings.host):\(settings.port); subscribing to \(settings.filter).")
        // With a persistent session the broker keeps the subscription, and the messages sent
        // while this screen was away; subscribing again is harmless.
        let code = mosquitto_subscribe(mosq, nil, settings.filter, 1)
        if code != MOSQ_ERR_SUCCESS.rawValue {
            report("MQTT: cannot subscribe to \(settings.filter): \(String(cString: mosquitto_strerror(code)))")
        }
    }

    private func disconnected(code: Int32) {
        lock.lock()
        let was = connected
        connected = false
        lock.unlock()
        if was { onChange() }
        if was, code != 0 { report("MQTT: connection lost (\(String(cString: mosquitto_strerror(code)))); reconnecting. Alerts dropped into alerts/ still show.") }
    }

    private func arrived(_ message: mosquitto_message) {
        let topic = message.topic.map { String(cString: $0) } ?? ""
        guard let name = Self.fileName(forTopic: topic, prefix: settings.prefix) else {
            report("MQTT: ignored a message on '\(topic)': alerts are published to \(settings.prefix)/alerts/<identifier>")
            return
        }
        let path = alertsFolder + "/" + name
        let length = Int(message.payloadlen)
        if length == 0 {
            // The alert system cleared the retained message.
            lock.lock()
            let wasHeld = held.removeValue(forKey: name) != nil
            lock.unlock()
            if (try? FileSystem.remove(path)) != nil || wasHeld { onChange() }
            return
        }
        guard length <= Limits.alertBytes else {
            report("MQTT: refused the message on '\(topic)': it is \(length) bytes; alert messages may be at most \(Limits.alertBytes) bytes")
            return
        }
        let data = message.payload.map { Data(bytes: $0, count: length) } ?? Data()
        do {
            try write(data, to: path)
            lock.lock()
            received += 1
            // A newer message on the topic replaces one still held.
            held[name] = nil
            lock.unlock()
            onChange()
        } catch {
            hold(data, name: name, topic: topic, error: error)
        }
    }

    private func write(_ data: Data, to path: String) throws {
        try AtomicFile.replace(path) { temporary in
            try data.write(to: URL(fileURLWithPath: temporary))
        }
    }

    /// A message that cannot be written (disk full, read-only) is not lost: it is read as the
    /// folder would read it, shown from memory, said, and written again until it can be.
    private func hold(_ data: Data, name: String, topic: String, error: Error) {
        let bytes = [UInt8](data)
        let alert = (try? AlertFormats.parse(data)).map { parsed in
            ReceivedAlert(source: "alerts/" + name, message: parsed.message, received: Date(), format: parsed.format, signatures: Signatures.check(bytes))
        }
        lock.lock()
        held[name] = (data, alert)
        if retryTimer == nil {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "machinaka.mqtt-retry"))
            timer.schedule(deadline: .now() + retryInterval, repeating: retryInterval)
            timer.setEventHandler { [weak self] in self?.retry() }
            timer.resume()
            retryTimer = timer
        }
        lock.unlock()
        report("MQTT: cannot write the message on '\(topic)' into \(alertsFolder) (\(error)); it is shown from memory and written again every \(Int(retryInterval)) s.")
        onChange()
    }

    private func retry() {
        lock.lock()
        let waiting = held
        lock.unlock()
        var written: [String] = []
        for (name, entry) in waiting.sorted(by: { $0.key < $1.key }) {
            guard (try? write(entry.data, to: alertsFolder + "/" + name)) != nil else { continue }
            written.append(name)
        }
        guard !written.isEmpty else { return }
        lock.lock()
        for name in written where held[name]?.data == waiting[name]?.data { held[name] = nil }
        received += written.count
        if held.isEmpty {
            retryTimer?.cancel()
            retryTimer = nil
        }
        lock.unlock()
        report("MQTT: written into \(alertsFolder) now: \(written.joined(separator: ", ")).")
        onChange()
    }

    /// `mqtt-<identifier>.xml` for `<prefix>/alerts/<identifier>` when the identifier is a
    /// plain name (ASCII letters, digits, `.`, `_`, `-`, at most 100); any other identifier keeps
    /// a readable part (other characters as `_`, cut at 64) and gains `=` and a hash of the
    /// whole topic. Two topics never share a file: `…/避難指示-001` and `…/訓練試験-001` both
    /// read `____-001`, but their hashes differ, and `=` never occurs in a plain name.
    static func fileName(forTopic topic: String, prefix: String) -> String? {
        let head = prefix + "/alerts/"
        guard topic.hasPrefix(head), topic.count > head.count else { return nil }
        let identifier = String(topic.dropFirst(head.count))
        let plain = identifier.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) ? Character($0) : "_" }
        let safe = String(plain)
        if safe == identifier, safe.count <= 100, safe != ".", safe != ".." { return "mqtt-" + safe + ".xml" }
        // SHA-256 would do as well; 128 bits of two FNV-1a runs need no crypto library here,
        // and a collision needs someone who may already publish alerts.
        return "mqtt-" + String(safe.prefix(64)) + "=" + StableHash.fnv1a(topic.utf8) + StableHash.fnv1a(topic.utf8, seed: 0x9E37_79B9_7F4A_7C15) + ".xml"
    }
}
