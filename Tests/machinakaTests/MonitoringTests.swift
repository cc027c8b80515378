import Foundation
import MachinakaBench
import Testing

/// The monitoring side as a city runs it: node_exporter's textfile collector reads the player's
/// metrics file without complaint, and Prometheus' own rule tests pass for deploy/prometheus.
@Suite(.serialized) final class MonitoringTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    static let exporter = "/usr/bin/prometheus-node-exporter"
    static let promtool = "/usr/bin/promtool"
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-monitoring-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary + "/textfile", withIntermediateDirectories: true)
    }

    private func run(_ path: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: exporter)))
    func nodeExporterReadsThePlayersMetricsFile() throws {
        let metrics = temporary + "/textfile/machinaka.prom"
        let (player, _, _) = try CommandRunner.start([
            "play", "--headless", "--feed", CommandRunner.repository + "/Content", "--screen", "city-hall-lobby", "--frame-out", "",
            "--metrics-file", metrics,
        ])
        defer {
            player.terminate()
            player.waitUntilExit()
        }
        var deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: metrics), Date() < deadline { usleep(20_000) }
        let port = try MosquittoBroker.freePort()
        let exporter = Process()
        exporter.executableURL = URL(fileURLWithPath: Self.exporter)
        exporter.arguments = ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.textfile",
                              "--collector.textfile.directory=\(temporary)/textfile"]
        exporter.standardOutput = FileHandle.nullDevice
        exporter.standardError = FileHandle.nullDevice
        try exporter.run()
        defer {
            exporter.terminate()
            exporter.waitUntilExit()
        }
        var scraped = ""
        deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let (status, output) = try run("/usr/bin/curl", ["-sf", "http://127.0.0.1:\(port)/metrics"])
            if status == 0 { scraped = output; break }
            usleep(50_000)
        }
        let lines = scraped.split(separator: "\n")
        #expect(lines.contains("node_textfile_scrape_error 0"), "the collector accepted the file: \(lines.filter { $0.contains("textfile") })")
        #expect(lines.contains { $0.hasPrefix("machinaka_frames_presented_total{screen=\"city-hall-lobby\"} ") })
        #expect(lines.contains { $0.hasPrefix("machinaka_showing_info{") && $0.contains("kind=") })
        #expect(lines.contains { $0.hasPrefix("node_textfile_mtime_seconds{file=") && $0.contains("machinaka.prom") })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: promtool)))
    func theFleetAlertRulesFireWhenTheyShould() throws {
        let folder = CommandRunner.repository + "/deploy/prometheus"
        let check = try run(Self.promtool, ["check", "rules", "machinaka-rules.yml"], in: folder)
        #expect(check.status == 0, "\(check.output)")
        let test = try run(Self.promtool, ["test", "rules", "machinaka-rules.test.yml"], in: folder)
        #expect(test.status == 0 && test.output.contains("SUCCESS"), "\(test.output)")
    }
}
