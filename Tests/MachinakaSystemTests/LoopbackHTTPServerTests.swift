import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MachinakaPOSIX
@testable import MachinakaSystem
import Testing

@Suite struct LoopbackHTTPServerTests {
    @Test func readsTheRequestLine() {
        func parse(_ text: String) -> Result<LoopbackHTTPServer.Request, LoopbackHTTPServer.Refusal> {
            LoopbackHTTPServer.request(fromHead: Array(text.utf8))
        }
        #expect(parse("GET /status HTTP/1.1\r\nHost: x\r\nIf-None-Match:  \"v1\" \r\n\r\n") == .success(.init(method: "GET", path: "/status", headers: ["host": "x", "if-none-match": "\"v1\""])))
        #expect(parse("HEAD /screenshot.png?t=1 HTTP/1.0\r\n\r\n") == .success(.init(method: "HEAD", path: "/screenshot.png")))
        #expect(parse("POST /status HTTP/1.1\r\n\r\n") == .failure(.methodNotAllowed))
        #expect(parse("GET /status HTTP/2.0\r\n\r\n") == .failure(.versionNotSupported))
        #expect(parse("GET status HTTP/1.1\r\n\r\n") == .failure(.badRequest))
        #expect(parse("GET /status HTTP/1.1\r\n") == .failure(.badRequest), "the head never ended")
        #expect(parse("GET /" + String(repeating: "a", count: 9000)) == .failure(.headTooLarge))
        // Regression (#25): a 9 KB head that ended within the last chunk read was answered 200.
        #expect(parse("GET /status HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 9000) + "\r\n\r\n") == .failure(.headTooLarge))
        #expect(parse("GET /status HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 8000) + "\r\n\r\n")
            == .success(.init(method: "GET", path: "/status", headers: ["x-pad": String(repeating: "a", count: 8000)])))
    }

    /// A real HTTP client (URLSession, libcurl underneath) against the real server.
    @Test func answersARealClientOnLoopback() throws {
        let port = UInt16(30000 + Int(getpid()) % 20000)
        let server = try LoopbackHTTPServer(port: port) { path in
            path == "/status" ? .init(status: 200, contentType: "application/json", body: Data(#"{"screen":"lobby"}"#.utf8)) : .init(status: 404)
        }
        server.start()
        defer { server.stop() }
        let ok = try fetch("http://127.0.0.1:\(port)/status?fresh=1")
        #expect(ok.status == 200)
        #expect(ok.type == "application/json")
        #expect(String(decoding: ok.body, as: UTF8.self) == #"{"screen":"lobby"}"#)
        #expect(try fetch("http://127.0.0.1:\(port)/nothing").status == 404)
        var post = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/status")!)
        post.httpMethod = "POST"
        post.httpBody = Data("x".utf8)
        #expect(try fetch(post).status == 405)
    }

    @Test func aPortInUseIsAClearError() throws {
        let port = UInt16(30000 + (Int(getpid()) + 7) % 20000)
        let first = try LoopbackHTTPServer(port: port) { _ in .init(status: 200) }
        defer { first.stop() }
        #expect {
            _ = try LoopbackHTTPServer(port: port) { _ in .init(status: 200) }
        } throws: { error in
            "\(error)".contains("127.0.0.1:\(port)") && "\(error)".contains("in use")
        }
    }

    /// Regression: one local client that connects and never sends its request held every other
    /// client up for the server's timeout; three of them, three times over.
    @Test func idleClientsDoNotHoldUpAStatusRequest() throws {
        let port = UInt16(30000 + (Int(getpid()) + 13) % 20000)
        let server = try LoopbackHTTPServer(port: port) { _ in .init(status: 200, body: Data("ok".utf8)) }
        server.start()
        defer { server.stop() }
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            #expect(connected == 0)
            idle.append(fd)
        }
        // Served one at a time, this answer would come after 3 × 2 s; served concurrently, at once.
        let start = Date()
        #expect(try fetch("http://127.0.0.1:\(port)/status").status == 200)
        #expect(Date().timeIntervalSince(start) < Double(3 * LoopbackHTTPServer.timeout) / 2)
    }

    /// #26: accept's failures are said and survived; a serving thread that ended is seen by
    /// the supervisor's question and started again on the same port.
    @Test func acceptFailuresAreSurvivedAndAnEndedServerIsStartedAgain() throws {
        let port = UInt16(30000 + (Int(getpid()) + 29) % 20000)
        let label = "127.0.0.1:\(port)"
        defer { SystemCallFaults.clear(path: label) }
        let server = try LoopbackHTTPServer(port: port) { _ in .init(status: 200, body: Data("ok".utf8)) }
        let said = Messages()
        server.report = { said.add($0) }
        // The first accept is already waiting in the kernel: the faults hit the ones after it.
        server.start()
        defer { server.stop() }
        #expect(try fetch("http://127.0.0.1:\(port)/a").status == 200)
        SystemCallFaults.inject("accept", path: label, code: EPROTO, times: 2)
        SystemCallFaults.inject("accept", path: label, code: EMFILE)
        #expect(try fetch("http://127.0.0.1:\(port)/b").status == 200)
        #expect(try fetch("http://127.0.0.1:\(port)/c").status == 200, "the server went on after EPROTO and EMFILE")
        #expect(said.all.count == 1 && said.all[0].contains("Protocol error"), "said once until accept works again: \(said.all)")
        #expect(server.condition(stallLimit: 60) == .running)
        // Its listener reported gone (EBADF): the thread ends, the supervisor sees it stopped.
        SystemCallFaults.inject("accept", path: label, code: EBADF)
        #expect(try fetch("http://127.0.0.1:\(port)/d").status == 200)
        let deadline = Date().addingTimeInterval(30)
        while server.condition(stallLimit: 60) == .running, Date() < deadline { usleep(10_000) }
        #expect(server.condition(stallLimit: 60) == .stopped("the server's thread ended"))
        try server.restart()
        #expect(server.condition(stallLimit: 60) == .running)
        #expect(try fetch("http://127.0.0.1:\(port)/e").status == 200, "served again on the same port")
    }

    private func fetch(_ url: String) throws -> (status: Int, type: String?, body: Data) {
        try fetch(URLRequest(url: URL(string: url)!))
    }

    private func fetch(_ request: URLRequest) throws -> (status: Int, type: String?, body: Data) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String?, Data)? = nil
        nonisolated(unsafe) var failure: Error? = nil
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                result = (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), data ?? Data())
            }
            failure = error
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        if let failure { throw failure }
        return try #require(result)
    }
}
