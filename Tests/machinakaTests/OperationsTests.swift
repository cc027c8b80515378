import Foundation
import MachinakaRecords
import Testing

/// The player as systemd and monitoring see it from outside the process: readiness and
/// watchdog pings, plays surviving kill -9 and SIGTERM, the HTTP endpoint's ports.
@Suite(.serialized) final class OperationsTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let content = CommandRunner.repository + "/Content"
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-ops-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    /// A datagram socket standing in for systemd's notify socket.
    final class NotifySocket {
        let path: String
        let fd: Int32

        init(path: String) {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        }

        deinit {
            close(fd)
            unlink(path)
        }

        /// The messages received within `seconds`.
        func receive(for seconds: Double) -> [String] {
            var messages: [String] = []
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000))) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 { messages.append(String(decoding: buffer.prefix(count), as: UTF8.self)) }
            }
            return messages
        }

        /// The messages received until `enough` holds of them, or `seconds` have passed: a
        /// busy machine may take its time, and the test still ends as soon as it can.
        func receive(upTo seconds: Double, until enough: ([String]) -> Bool) -> [String] {
            var messages: [String] = []
            let deadline = Date().addingTimeInterval(seconds)
            while !enough(messages), Date() < deadline {
                messages += receive(for: 0.05)
            }
            return messages
        }
    }

    @Test func readyWatchdogAndAHungLoopSeenFromOutside() throws {
        let notify = NotifySocket(path: temporary + "/notify.sock")
        let (process, _, _) = try CommandRunner.start(
            ["play", "--feed", content, "--headless", "--frame-out", ""],
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
        defer {
            kill(process.processIdentifier, SIGCONT)
            process.terminate()
            process.waitUntilExit()
        }
        func pings(_ messages: [String]) -> Int { messages.filter { $0 == "WATCHDOG=1" }.count }
        let first = notify.receive(upTo: 60) { $0.contains { $0.hasPrefix("READY=1") } && pings($0) >= 3 }
        #expect(first.contains { $0.hasPrefix("READY=1") })
        #expect(pings(first) >= 3, "pings keep coming after READY=1: \(first)")
        // A hung loop (here: the process stopped) sends no pings: what WatchdogSec= acts on.
        kill(process.processIdentifier, SIGSTOP)
        _ = notify.receive(for: 0.3)
        #expect(notify.receive(for: 1.5).filter { $0 == "WATCHDOG=1" }.isEmpty)
        kill(process.processIdentifier, SIGCONT)
        #expect(notify.receive(upTo: 30) { $0.contains("WATCHDOG=1") }.contains("WATCHDOG=1"))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(notify.receive(upTo: 5) { $0.contains("STOPPING=1") }.contains("STOPPING=1"))
    }

    /// A feed that changes slide every second, for play-log tests.
    private func fastFeed(seconds: Int = 1) throws -> String {
        let feed = temporary + "/fast\(seconds)"
        for folder in ["news", "playlists", "screens"] {
            try FileManager.default.createDirectory(atPath: feed + "/" + folder, withIntermediateDirectories: true)
        }
        try "name: fast\nticker: false\n".write(toFile: feed + "/screens/s.yml", atomically: true, encoding: .utf8)
        try "default_duration: \(seconds)s\nitems:\n  - news/*.md\n".write(toFile: feed + "/playlists/p.yml", atomically: true, encoding: .utf8)
        for index in 1...3 {
            try "---\ntitle: お知らせ \(index)\n---\n本文\n".write(toFile: feed + "/news/n\(index).md", atomically: true, encoding: .utf8)
        }
        return feed
    }

    private func csvRows(_ log: String) throws -> [[String]] {
        let report = try CommandRunner.run(["report", "--play-log", log, "--from", "2000-01-01", "--to", "2100-01-01", "--csv"])
        #expect(report.status == 0, "\(report.stderr)")
        return report.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    @Test func playsSurviveKillNine() throws {
        let log = temporary + "/kill/plays.sqlite3"
        let status = temporary + "/kill/status.json"
        let (process, _, _) = try CommandRunner.start(["play", "--headless", "--feed", try fastFeed(), "--frame-out", "", "--play-log", log, "--status", status])
        // Killed once three plays are committed, however long a busy machine takes to get there.
        // The log is read only after the first frame: by then the player has opened and migrated it.
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: status), Date() < deadline, process.isRunning { usleep(50_000) }
        while Date() < deadline, process.isRunning, ((try? PlayLog(path: log).plays(from: .distantPast, to: .distantFuture).count) ?? 0) < 3 {
            usleep(100_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Every slide that ended before the kill is there; only the one on screen is lost.
        let rows = try csvRows(log)
        let plays = rows.reduce(0) { $0 + Int($1[5])! }
        #expect(plays >= 3, "\(rows)")
        #expect(Set(rows.map { $0[3] }).isSubset(of: ["news/n1.md", "news/n2.md", "news/n3.md"]))
    }

    @Test func sigtermRecordsTheLastPlay() throws {
        let log = temporary + "/term/plays.sqlite3"
        // Ten-second slides: the first is still on screen when SIGTERM comes.
        let status = temporary + "/term/status.json"
        let (process, _, _) = try CommandRunner.start(["play", "--headless", "--feed", try fastFeed(seconds: 10), "--frame-out", "", "--play-log", log, "--status", status])
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: status), Date() < deadline, process.isRunning { usleep(50_000) }
        #expect(FileManager.default.fileExists(atPath: status), "a first frame")
        let stop = Date()
        process.terminate()
        process.waitUntilExit()
        let exited = Date()
        #expect(process.terminationStatus == 0)
        // The slide on screen at SIGTERM is recorded, ending as the player stopped, not at its
        // scheduled end ten seconds on.
        let last = try #require(try PlayLog(path: log).plays(from: .distantPast, to: .distantFuture).last)
        #expect(last.end >= stop.addingTimeInterval(-0.01) && last.end <= exited.addingTimeInterval(0.01), "ended \(last.end), stopped \(stop)…\(exited)")
        #expect(last.end.timeIntervalSince(last.start) < 10, "cut short by the stop")
    }

    /// The TCP ports process `pid` listens on, from /proc (no tools needed).
    private func listeningPorts(of pid: Int32) -> Set<Int> {
        let fdDirectory = "/proc/\(pid)/fd"
        let inodes = Set(((try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []).compactMap { name -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + name), target.hasPrefix("socket:[") else { return nil }
            return String(target.dropFirst(8).dropLast())
        })
        var ports = Set<Int>()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in ((try? String(contentsOfFile: table, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])) else { continue }
                if let port = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }) { ports.insert(port) }
            }
        }
        return ports
    }

    /// A plain HTTP GET over TCP; nil when the connection is refused.
    private func get(_ path: String, host: String, port: UInt16) -> (status: Int, body: Data)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        _ = send(fd, request, request.count, 0)
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer.prefix(count))
        }
        guard let end = response.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: response[..<end.lowerBound], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, Data(response[end.upperBound...]))
    }

    /// This machine's first IPv4 address that is not loopback, if it has one.
    private func nonLoopbackAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>? = nil
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry {
            if let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) {
                var host = [CChar](repeating: 0, count: 64)
                var copy = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                inet_ntop(AF_INET, &copy, &host, 64)
                let text = String(cString: host)
                if !text.hasPrefix("127.") { return text }
            }
            entry = current.pointee.ifa_next
        }
        return nil
    }

    @Test func httpEndpointIsOffUnlessAskedAndLoopbackOnly() throws {
        // Off by default: a playing player listens on no TCP port at all.
        let (quiet, _, _) = try CommandRunner.start(["play", "--headless", "--feed", content, "--frame-out", ""])
        Thread.sleep(forTimeInterval: 2)
        #expect(listeningPorts(of: quiet.processIdentifier).isEmpty)
        quiet.terminate()
        quiet.waitUntilExit()

        let port = UInt16(20000 + Int(getpid()) % 20000)
        let (process, _, _) = try CommandRunner.start(["play", "--headless", "--feed", content, "--frame-out", "", "--http", "\(port)"])
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var status: (status: Int, body: Data)? = nil
        let deadline = Date().addingTimeInterval(60)
        // 503 until the first frame, then the status.
        while status?.status != 200, Date() < deadline {
            status = get("/status", host: "127.0.0.1", port: port)
            if status?.status != 200 { usleep(50_000) }
        }
        let reply = try #require(status)
        #expect(reply.status == 200)
        let json = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
        #expect(json?["screen"] as? String == "city-hall-lobby")
        let shot = try #require(get("/screenshot.png", host: "127.0.0.1", port: port))
        #expect(shot.status == 200 && shot.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // The staff's page for this screen, with the frame on screen and nothing from outside.
        let page = try #require(get("/", host: "127.0.0.1", port: port))
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(page.status == 200 && html.contains("<html lang=\"ja\">") && html.contains("市役所本庁舎 1階ロビー"))
        #expect(html.contains("src=\"screenshot.png\"") && html.contains("id=\"timeline\"") && !html.contains("http://") && !html.contains("<script"))
        #expect(get("/style.css", host: "127.0.0.1", port: port)?.status == 200)
        #expect(listeningPorts(of: process.processIdentifier) == [Int(port)])
        // From any other address of this machine: refused.
        if let other = nonLoopbackAddress() {
            #expect(get("/status", host: other, port: port) == nil, "reachable from \(other)")
        }
    }
}
