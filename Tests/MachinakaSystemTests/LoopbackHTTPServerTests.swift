import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import MachinakaSystem
import Testing

@Suite struct LoopbackHTTPServerTests {
    @Test func readsTheRequestLine() {
        func parse(_ text: String) -> Result<LoopbackHTTPServer.Request, LoopbackHTTPServer.Refusal> {
            LoopbackHTTPServer.request(fromHead: Array(text.utf8))
        }
        #expect(parse("GET /status HTTP/1.1\r\nHost: x\r\n\r\n") == .success(.init(method: "GET", path: "/status")))
        #expect(parse("HEAD /screenshot.png?t=1 HTTP/1.0\r\n\r\n") == .success(.init(method: "HEAD", path: "/screenshot.png")))
        #expect(parse("POST /status HTTP/1.1\r\n\r\n") == .failure(.methodNotAllowed))
        #expect(parse("GET /status HTTP/2.0\r\n\r\n") == .failure(.versionNotSupported))
        #expect(parse("GET status HTTP/1.1\r\n\r\n") == .failure(.badRequest))
        #expect(parse("GET /status HTTP/1.1\r\n") == .failure(.badRequest), "the head never ended")
        #expect(parse("GET /" + String(repeating: "a", count: 9000)) == .failure(.headTooLarge))
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
