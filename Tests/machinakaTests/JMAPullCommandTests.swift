import Foundation
import MachinakaCore
import MachinakaSystem
import Testing

/// `machinaka jma-pull` as systemd runs it, against a real HTTP server on loopback.
@Suite(.serialized) struct JMAPullCommandTests {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-jma-\(UUID().uuidString)").path

    static let report = Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>気象警報・注意報（Ｒ０６）（大雨）</Title><DateTime>2026-09-01T00:00:00Z</DateTime><Status>通常</Status>
        <EditorialOffice>横浜地方気象台</EditorialOffice></Control>
        <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>神奈川県大雨警報・注意報</Title><ReportDateTime>2026-12-03T09:00:00+09:00</ReportDateTime>
        <EventID/><InfoType>発表</InfoType><InfoKind>気象警報・注意報</InfoKind></Head>
        <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/"><Warning type="気象警報・注意報（市町村等）">
        <Item><Kind><Name>レベル４大雨危険警報</Name><Code>43</Code><Status>発表</Status></Kind><Area><Name>相模原市</Name><Code>1415000</Code></Area></Item>
        </Warning></Body></Report>
        """.utf8)

    @Test func oncePollsWritesTheSampleFeedsAreaAndItsMetrics() throws {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        let port = UInt16(40000 + Int(getpid()) % 10000)
        let base = "http://127.0.0.1:\(port)"
        let atom = Data("""
            <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>高頻度（随時）</title><id>\(base)/extra.xml</id>
            <entry><title>気象警報・注意報（Ｒ０６）（大雨）</title><id>\(base)/data/20261203000000_0_VPWW55_140000.xml</id><updated>2026-12-03T00:00:00Z</updated>
            <author><name>横浜地方気象台</name></author><link type="application/xml" href="\(base)/data/20261203000000_0_VPWW55_140000.xml"/></entry></feed>
            """.utf8)
        let server = try LoopbackHTTPServer(port: port) { path in
            path == "/extra.xml" ? .init(status: 200, body: atom) : (path.hasPrefix("/data/") ? .init(status: 200, body: Self.report) : .init(status: 404))
        }
        server.start()
        defer { server.stop() }
        let result = try CommandRunner.run(["jma-pull", "--feed", feed, "--url", base + "/extra.xml", "--once", "--state", temporary + "/state.json", "--metrics", temporary + "/jma.prom"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 written"))
        #expect(FileManager.default.fileExists(atPath: feed + "/alerts/jma-20261203000000_0_VPWW55_140000.xml"))
        let metrics = try String(contentsOfFile: temporary + "/jma.prom", encoding: .utf8)
        #expect(metrics.contains("machinaka_jma_pull_up 1") && metrics.contains("machinaka_jma_pull_reports_written_total 1"))
        // The sample lobby screen (jma_areas: [1415000]) shows it.
        let list = try CommandRunner.run(["alert", "list", "--feed", feed, "--screen", "city-hall-lobby", "--at", "2026-12-03T09:01"])
        #expect(list.stdout.contains("ACTIVE") && list.stdout.contains("相模原市にレベル4大雨危険警報"), "\(list.stdout)")
    }

    @Test func anUnreachableFeedOrAShortIntervalIsAClearFailure() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let content = CommandRunner.repository + "/Content"
        let down = try CommandRunner.run(["jma-pull", "--feed", content, "--url", "http://127.0.0.1:9/extra.xml", "--once", "--state", temporary + "/state.json"])
        #expect(down.status == 6)
        #expect(down.stderr.contains("machinaka: JMA's feeds could not be read: down: http://127.0.0.1:9/extra.xml"))
        #expect(try String(contentsOfFile: temporary + "/state.json", encoding: .utf8).contains("\"status\" : \"down: "))
        let fast = try CommandRunner.run(["jma-pull", "--feed", content, "--interval", "10s", "--state", temporary + "/state.json"])
        #expect(fast.status == 6 && fast.stderr.contains("less than a minute"))
    }
}
