import Foundation
import MachinakaCore
@testable import MachinakaSystem
import Testing

/// `jma-pull` against a real HTTP server on loopback serving recorded reports in a feed written
/// in JMA's Atom shape — never JMA itself — through the real client (libcurl).
@Suite(.serialized) struct JMAPullerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/jma-r06/"

    /// A server for one test: the feed at /extra.xml (ETag "v<version>"), reports under /data/,
    /// each request counted by path.
    final class FakeJMA: @unchecked Sendable {
        let lock = NSLock()
        var reports: [String: Data] = [:]
        var version = 1
        var requests: [String: Int] = [:]
        var conditional304 = 0
        var server: LoopbackHTTPServer?
        let port: UInt16

        init(port: UInt16) { self.port = port }

        var base: String { "http://127.0.0.1:\(port)" }

        func start() throws {
            let server = try LoopbackHTTPServer(listeningOn: port) { [self] incoming in
                lock.lock()
                defer { lock.unlock() }
                requests[incoming.path, default: 0] += 1
                if incoming.path == "/extra.xml" || incoming.path == "/extra_l.xml" {
                    let etag = "\"v\(version)\""
                    if incoming.headers["if-none-match"] == etag {
                        conditional304 += 1
                        return .init(status: 304, headers: ["ETag": etag])
                    }
                    return .init(status: 200, contentType: "application/atom+xml", body: feed(), headers: ["ETag": etag])
                }
                guard let body = reports[incoming.path] else { return .init(status: 404) }
                return .init(status: 200, contentType: "application/xml", body: body)
            }
            server.start()
            self.server = server
        }

        func stop() { server?.stop(); server = nil }

        func count(_ path: String) -> Int {
            lock.lock()
            defer { lock.unlock() }
            return requests[path, default: 0]
        }

        /// Adds a report under /data/<name> with its feed entry's title.
        func add(_ name: String, title: String, body: Data) {
            lock.lock()
            defer { lock.unlock() }
            reports["/data/" + name] = body
            titles.append((name, title))
            version += 1
        }

        var titles: [(String, String)] = []

        private func feed() -> Data {
            let entries = titles.enumerated().map { index, entry in
                """
                <entry><title>\(entry.1)</title><id>\(base)/data/\(entry.0)</id>
                <updated>2026-09-01T00:0\(index % 10):00Z</updated><author><name>横浜地方気象台</name></author>
                <link type="application/xml" href="\(base)/data/\(entry.0)"/><content type="text">…</content></entry>
                """
            }.joined(separator: "\n")
            return Data("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" lang="ja"><title>高頻度（随時）</title><subtitle>JMAXML publishing feed</subtitle>
                <updated>2026-09-01T00:10:00Z</updated><id>\(base)/extra.xml</id><link href="\(base)/extra.xml" rel="self"/>
                \(entries)
                </feed>
                """.utf8)
        }
    }

    /// A weather report of 横浜地方気象台 in the R06 shape for 相模原市.
    static func sagamihara(_ name: String, code: String, status: String, sent: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>気象警報・注意報（Ｒ０６）（大雨）</Title><DateTime>2026-09-01T00:00:00Z</DateTime><Status>通常</Status>
            <EditorialOffice>横浜地方気象台</EditorialOffice><PublishingOffice>横浜地方気象台</PublishingOffice></Control>
            <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>神奈川県大雨警報・注意報</Title><ReportDateTime>\(sent)</ReportDateTime>
            <EventID/><InfoType>発表</InfoType><InfoKind>気象警報・注意報</InfoKind></Head>
            <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/"><Warning type="気象警報・注意報（市町村等）">
            <Item><Kind><Name>\(name)</Name><Code>\(code)</Code><Status>\(status)</Status></Kind><Area><Name>相模原市</Name><Code>1415000</Code></Area></Item>
            </Warning></Body></Report>
            """.utf8)
    }

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "machinaka-jma-pull-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/alerts", withIntermediateDirectories: true)
        return path
    }

    static func policies() -> [AlertPolicy] {
        var screen = ScreenConfig(id: "lobby")
        screen.jmaAreas = ["1415000"]
        return [screen.alertPolicy]
    }

    static func alerts(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/alerts")) ?? []).filter { !$0.hasSuffix(".tmp") }.sorted()
    }

    @Test func writesExactlyTheReportsForTheFeedsAreasThenNothingOn304ThenSaysWhenTheServerIsDown() throws {
        let port = UInt16(20000 + Int(getpid()) % 10000)
        let jma = FakeJMA(port: port)
        try jma.start()
        defer { jma.stop() }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 相模原市 (this feed's screen), 稚内市 (JMA's sample: no screen here), a report the
        // player does not read, one that is not XML, and one of 60 MB.
        jma.add("20260901000000_0_VPWW55_140000.xml", title: "気象警報・注意報（Ｒ０６）（大雨）",
                body: Self.sagamihara("レベル４大雨危険警報", code: "43", status: "発表", sent: "2026-09-01T09:00:00+09:00"))
        jma.add("20200622140000_0_VPWW55_011000.xml", title: "気象警報・注意報（Ｒ０６）（大雨）",
                body: try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "15_16_03_241226_VPWW55.xml")))
        jma.add("20260901000100_0_VXSE53_010000.xml", title: "震源・震度に関する情報", body: Data("<Report/>".utf8))
        jma.add("20260901000200_0_VPWW55_broken.xml", title: "気象警報・注意報（Ｒ０６）（大雨）", body: Data("<Report><Control>".utf8))
        jma.add("20260901000300_0_VPWW55_huge.xml", title: "気象警報・注意報（Ｒ０６）（大雨）", body: Data(count: 60_000_000))

        let puller = JMAPuller(urls: [jma.base + "/extra.xml"], alertsFolder: folder + "/alerts", statePath: folder + "/state.json", policies: Self.policies)
        // The reports' own day: older files are pruned (see below).
        puller.now = { FeedTime.parseInstant("2026-09-01T09:05:00+09:00")! }
        var said: [String] = []
        puller.log = { _, text in said.append(text) }
        let first = puller.cycle()
        #expect(Self.alerts(folder) == ["jma-20260901000000_0_VPWW55_140000.xml"])
        #expect(first.written == ["jma-20260901000000_0_VPWW55_140000.xml"])
        #expect(first.skipped == 1, "稚内市 concerns no screen here")
        #expect(first.refused.count == 1 && first.refused[0].contains("huge") && first.refused[0].contains("larger than 4 MB"), "the player's own limit")
        #expect(first.failures.count == 1 && first.failures[0].contains("broken") && first.failures[0].contains("not a report"), "asked for again")
        #expect(jma.count("/data/20260901000100_0_VXSE53_010000.xml") == 0, "a kind the player does not read is not fetched")
        #expect(puller.state.status == "up")
        #expect(said.contains { $0.hasPrefix("Refused") && $0.contains("huge") })
        // The broken report is asked for at each poll (a mirror still filling), and given up,
        // and said, at the fifth.
        for poll in 2...5 {
            let again = puller.cycle()
            #expect(again.written.isEmpty && jma.count("/data/20260901000200_0_VPWW55_broken.xml") == poll)
            #expect((poll == 5) == again.refused.contains { $0.contains("broken") && $0.contains("given up after 5 tries") })
        }
        // The file written is the report byte for byte, and the player reads it as JMA's.
        let written = try Data(contentsOf: URL(fileURLWithPath: folder + "/alerts/jma-20260901000000_0_VPWW55_140000.xml"))
        #expect(try AlertFormats.parse(written).message.infos.first?.headline == "相模原市にレベル4大雨危険警報")

        // Nothing new: the server answers 304 and no report is fetched again.
        let second = puller.cycle()
        #expect(second.written.isEmpty && second.refused.isEmpty && second.failures.isEmpty)
        #expect(jma.conditional304 == 1)
        #expect(jma.count("/data/20260901000000_0_VPWW55_140000.xml") == 1 && jma.count("/data/20260901000300_0_VPWW55_huge.xml") == 1)
        // JMA's long feed was read once, on the first poll (no success before it), not since.
        #expect(jma.count("/extra_l.xml") == 1)

        // The server goes away: said in the status and the metrics, nothing lost.
        jma.stop()
        let down = puller.cycle()
        #expect(!down.failures.isEmpty)
        #expect(puller.state.status.hasPrefix("down: ") && puller.state.failingSince != nil)
        #expect(puller.metrics.contains("machinaka_jma_pull_up 0"))
        #expect(Self.alerts(folder) == ["jma-20260901000000_0_VPWW55_140000.xml"])
        // The state survives a restart of jma-pull.
        let restarted = JMAPuller(urls: [jma.base + "/extra.xml"], alertsFolder: folder + "/alerts", statePath: folder + "/state.json", policies: Self.policies)
        #expect(restarted.state.status.hasPrefix("down: ") && restarted.state.written == 1)
        restarted.now = { FeedTime.parseInstant("2026-09-01T12:05:00+09:00")! }

        // Back, with the warning lifted: the lift names nothing in force, but it continues the
        // report written before, so it is written too.
        jma.add("20260901030000_0_VPWW55_140000.xml", title: "気象警報・注意報（Ｒ０６）（大雨）",
                body: Self.sagamihara("レベル４大雨危険警報", code: "43", status: "解除", sent: "2026-09-01T12:00:00+09:00"))
        try jma.start()
        let back = restarted.cycle()
        #expect(back.written == ["jma-20260901030000_0_VPWW55_140000.xml"])
        #expect(restarted.state.status == "up" && restarted.state.failingSince == nil)
        #expect(restarted.metrics.contains("machinaka_jma_pull_up 1") && restarted.metrics.contains("machinaka_jma_pull_reports_written_total 2"))
        var screen = ScreenConfig(id: "lobby")
        screen.jmaAreas = ["1415000"]
        let messages = try Self.alerts(folder).map { name -> ReceivedAlert in
            let parsed = try AlertFormats.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/alerts/" + name)))
            return ReceivedAlert(source: "alerts/" + name, message: parsed.message, received: parsed.message.sent, format: parsed.format)
        }
        #expect(AlertBoard(messages: messages, policy: screen.alertPolicy).active(at: tokyoNoon()).isEmpty, "lifted on screen too")
    }

    @Test func aScreenThatNamesANewAreaGetsWhatStandsThereNow() throws {
        let port = UInt16(30000 + Int(getpid()) % 10000)
        let jma = FakeJMA(port: port)
        try jma.start()
        defer { jma.stop() }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        jma.add("20200622140000_0_VPWW55_011000.xml", title: "気象警報・注意報（Ｒ０６）（大雨）",
                body: try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "15_16_03_241226_VPWW55.xml")))
        final class Areas: @unchecked Sendable { var codes = ["1415000"] }
        let areas = Areas()
        let puller = JMAPuller(urls: [jma.base + "/extra.xml"], alertsFolder: folder + "/alerts", statePath: folder + "/state.json") {
            var screen = ScreenConfig(id: "s")
            screen.jmaAreas = areas.codes
            return [screen.alertPolicy]
        }
        puller.now = { FeedTime.parseInstant("2020-06-22T23:05:00+09:00")! }
        #expect(puller.cycle().skipped == 1, "稚内 is no screen's yet")
        #expect(puller.cycle().written.isEmpty, "and is not fetched again")
        // A screen for 稚内市 is added: the report that stands there is fetched again and written.
        areas.codes.append("0121400")
        #expect(puller.cycle().written == ["jma-20200622140000_0_VPWW55_011000.xml"])
    }

    @Test func oldReportsArePrunedAndTheIntervalNeverUnderAMinute() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let old = Self.sagamihara("レベル３大雨警報", code: "03", status: "発表", sent: "2026-09-01T09:00:00+09:00")
        try old.write(to: URL(fileURLWithPath: folder + "/alerts/jma-old.xml"))
        try Data("<alert/>".utf8).write(to: URL(fileURLWithPath: folder + "/alerts/city.xml"))
        // No server at all on this port: the feed fails, the pruning is done regardless.
        let puller = JMAPuller(urls: ["http://127.0.0.1:9/extra.xml"], alertsFolder: folder + "/alerts", statePath: folder + "/state.json", policies: Self.policies)
        puller.now = { FeedTime.parseInstant("2026-09-02T12:00:00+09:00")! }
        let outcome = puller.cycle()
        #expect(outcome.pruned == ["jma-old.xml"])
        #expect(Self.alerts(folder) == ["city.xml"], "only jma-pull's own files are pruned")
        #expect(puller.state.status.hasPrefix("down: "))
    }

    func tokyoNoon() -> Date { FeedTime.parseInstant("2026-09-01T12:01:00+09:00")! }
}
