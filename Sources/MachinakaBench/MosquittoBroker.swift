import Foundation
import MachinakaPOSIX

/// A real Mosquitto broker on a free loopback port, in a folder of its own: what the fleet
/// benchmark and the MQTT tests talk to. It can be stopped and started again on the same port
/// (its messages and sessions kept on disk), and it can run the city's ACL from
/// `deploy/mosquitto` with passwords made here.
public final class MosquittoBroker {
    /// A client the broker knows, with its password.
    public struct Account: Sendable {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    public let folder: String
    public let port: Int
    private var process: Process?
    private let config: String

    /// A broker allowing anonymous clients, or — with `accounts` — only those, under the ACL
    /// file `acl`.
    public init(accounts: [Account] = [], acl: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-broker-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        var lines = [
            "listener \(port) 127.0.0.1",
            "persistence true",
            "persistence_location \(folder)/",
            "autosave_interval 1",
            "max_queued_messages 10000",
            "log_dest file \(folder)/mosquitto.log",
        ]
        // Started as root, mosquitto drops to its own user, which cannot write its state into
        // this folder: stopped and started again it would come back without sessions.
        if geteuid() == 0 { lines.append("user root") }
        if accounts.isEmpty {
            lines.append("allow_anonymous true")
        } else {
            let passwords = folder + "/passwd"
            FileManager.default.createFile(atPath: passwords, contents: nil)
            for account in accounts {
                try Self.run("/usr/bin/mosquitto_passwd", ["-b", passwords, account.user, account.password])
            }
            lines += ["allow_anonymous false", "password_file \(passwords)"]
            if let acl { lines.append("acl_file \(acl)") }
        }
        config = folder + "/mosquitto.conf"
        try (lines.joined(separator: "\n") + "\n").write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Where clients connect.
    public var url: String { "mqtt://127.0.0.1:\(port)" }

    /// Starts the broker and waits until it accepts connections.
    public func start() throws {
        guard process == nil else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-c", config]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        throw BenchError("mosquitto did not start on port \(port); see \(folder)/mosquitto.log")
    }

    /// Stops the broker (its state saved to disk).
    public func stop() {
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    /// Publishes `payload` to `topic` (QoS 1, retained unless told otherwise) with
    /// mosquitto_pub, as an alert system would; returns its exit status.
    @discardableResult
    public func publish(_ topic: String, payload: Data, retained: Bool = true, account: Account? = nil) throws -> Int32 {
        let file = folder + "/payload-\(UUID().uuidString)"
        try payload.write(to: URL(fileURLWithPath: file))
        defer { try? FileSystem.remove(file) }
        var arguments = ["-h", "127.0.0.1", "-p", String(port), "-q", "1", "-t", topic]
        arguments += payload.isEmpty ? ["-n"] : ["-f", file]
        if retained { arguments.append("-r") }
        if let account { arguments += ["-u", account.user, "-P", account.password] }
        return try Self.run("/usr/bin/mosquitto_pub", arguments, check: false)
    }

    /// The mosquitto executable (Debian installs it in /usr/sbin).
    static let executable = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/mosquitto"

    /// Whether mosquitto is installed here.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    @discardableResult
    static func run(_ path: String, _ arguments: [String], check: Bool = true) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        process.waitUntilExit()
        if check, process.terminationStatus != 0 { throw BenchError("\(path) \(arguments.first ?? "") exited with \(process.terminationStatus)") }
        return process.terminationStatus
    }

    /// A port nothing listens on now (the kernel's choice for port 0).
    public static func freePort() throws -> Int {
        Int(try Socket.freeLoopbackPort())
    }

    static func accepts(port: Int) -> Bool {
        Socket.loopbackAccepts(port: UInt16(port))
    }
}
