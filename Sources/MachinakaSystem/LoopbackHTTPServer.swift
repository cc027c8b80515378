import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for GET requests on 127.0.0.1: the player's status and screenshot
/// endpoint. Each connection is served on its own thread (at most `maxConnections` at once,
/// each given `timeout` to send its request), so an idle client holds only itself up.
///
/// Written here rather than taken from a library because the one that fitted (FlyingFox) links
/// FoundationNetworking, and with it libcurl, GnuTLS, OpenSSL, Kerberos and LDAP — 5.5 MB
/// resident in a player whose whole memory target is 80 MB, for two loopback GETs. It speaks
/// only what those need: a request head of at most 8 KB, `GET` and `HEAD`, `Connection: close`.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// What a handler answers.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Data
        /// More header fields (ETag, Last-Modified …).
        public var headers: [String: String]

        /// Creates a response.
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: Data = Data(), headers: [String: String] = [:]) {
            self.status = status
            self.contentType = contentType
            self.body = body
            self.headers = headers
        }
    }

    /// What a handler that needs more than the path is given: the path and the header fields
    /// (names in lower case).
    public struct Incoming: Sendable {
        public var path: String
        public var headers: [String: String]
    }

    /// Why the server could not listen.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Answers a GET of `path` (without its query); called on the server's thread.
    public typealias Handler = @Sendable (_ path: String) -> Response

    private let socket: Int32
    private let handler: @Sendable (Incoming) -> Response
    private let lock = NSLock()
    private var stopped = false
    private var active = 0
    /// Where a failure that the server survives is said (set before `start()`).
    public var report: (@Sendable (String) -> Void)?
    /// Connections served at once; more are answered 503 at once.
    public static let maxConnections = 8
    /// How long a client has to send its request and take the answer.
    public static let timeout: Int = 2
    /// Longest request head read before answering 431: nothing legitimate here comes close.
    static let maxHead = 8192
    /// The blank line that ends a request head.
    static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)

    /// Binds 127.0.0.1:`port` and listens; requests are served once `start()` is called.
    public convenience init(port: UInt16, handler: @escaping Handler) throws {
        try self.init(listeningOn: port, respond: { handler($0.path) })
    }

    /// Binds 127.0.0.1:`port` with a handler that sees the request's header fields too.
    public init(listeningOn port: UInt16, respond: @escaping @Sendable (Incoming) -> Response) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1, never any other address
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "127.0.0.1:\(port): \(reason)")
        }
        socket = fd
        self.handler = respond
    }

    deinit { stop() }

    /// Serves requests on a new thread until `stop()`.
    public func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "machinaka.http"
        thread.start()
    }

    /// Stops listening; a request being answered is finished first.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        while !isStopped {
            let connection = accept(socket, nil, nil)
            if connection < 0 {
                let code = errno
                // Only a stop ends the server. Any other failure of accept — a client that
                // went away (ECONNABORTED, EPROTO), no descriptors or memory for the moment —
                // is about one connection or one moment: said, then the server goes on
                // (before, EPROTO ended it in silence).
                if isStopped || code == EBADF || code == EINVAL { return }
                if code != EINTR, code != ECONNABORTED, code != EAGAIN {
                    report?("The status endpoint could not accept a connection (\(String(cString: strerror(code)))); it goes on.")
                    usleep(100_000)
                }
                continue
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            lock.lock()
            let admitted = active < Self.maxConnections
            if admitted { active += 1 }
            lock.unlock()
            guard admitted else {
                refuse(connection)
                continue
            }
            let thread = Thread { [self] in
                answer(connection)
                close(connection)
                lock.lock()
                active -= 1
                lock.unlock()
            }
            thread.name = "machinaka.http.client"
            thread.start()
        }
    }

    /// Answers 503 without reading: too many clients at once.
    private func refuse(_ connection: Int32) {
        let bytes = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = send(connection, bytes, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        close(connection)
    }

    private func answer(_ connection: Int32) {
        // A client that stops sending or reading must not hold the server for long.
        var timeout = timeval(tv_sec: Self.timeout, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.firstRange(of: Self.headEnd) == nil, head.count <= Self.maxHead {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            head.append(contentsOf: buffer[0..<count])
        }
        let response: Response
        var headOnly = false
        switch Self.request(fromHead: head) {
        case .success(let request):
            headOnly = request.method == "HEAD"
            response = handler(Incoming(path: request.path, headers: request.headers))
        case .failure(let status):
            response = Response(status: status.rawValue, body: Data("\(status.reason)\n".utf8))
        }
        let extra = response.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        var bytes = Data("HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\nContent-Type: \(response.contentType)\r\nContent-Length: \(response.body.count)\r\nCache-Control: no-store\r\n\(extra)Connection: close\r\n\r\n".utf8)
        if !headOnly { bytes.append(response.body) }
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(connection, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { return }
                sent += count
            }
        }
    }

    /// A request this server answers: its method and path.
    struct Request: Equatable {
        var method: String
        var path: String
        /// Header fields, names in lower case.
        var headers: [String: String] = [:]
    }

    /// Why a request head was refused, as an HTTP status.
    enum Refusal: Int, Error {
        case badRequest = 400
        case methodNotAllowed = 405
        case headTooLarge = 431
        case versionNotSupported = 505

        var reason: String { LoopbackHTTPServer.reason(rawValue) }
    }

    /// Reads the request line of `head`: `GET /path?query HTTP/1.1`.
    static func request(fromHead head: [UInt8]) -> Result<Request, Refusal> {
        guard let end = head.firstRange(of: headEnd) else { return .failure(head.count > maxHead ? .headTooLarge : .badRequest) }
        // A head read whole in the last chunk may still be over the limit (before: 200 for 9 KB).
        guard end.upperBound <= maxHead else { return .failure(.headTooLarge) }
        guard let lineEnd = head.firstIndex(of: UInt8(ascii: "\r")), let line = String(validating: head[..<lineEnd], as: UTF8.self) else {
            return .failure(.badRequest)
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].hasPrefix("/") else { return .failure(.badRequest) }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { return .failure(.versionNotSupported) }
        guard parts[0] == "GET" || parts[0] == "HEAD" else { return .failure(.methodNotAllowed) }
        let path = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var headers: [String: String] = [:]
        for field in String(decoding: head[lineEnd..<end.lowerBound], as: UTF8.self).split(separator: "\r\n") {
            guard let colon = field.firstIndex(of: ":") else { continue }
            headers[field[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return .success(Request(method: String(parts[0]), path: String(path), headers: headers))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
