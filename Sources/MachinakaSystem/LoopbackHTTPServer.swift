import Foundation
import MachinakaPOSIX

/// A small HTTP/1.1 server for GET requests on 127.0.0.1: the player's status and screenshot
/// endpoint. Each connection is served on its own thread (at most `maxConnections` at once,
/// each given `timeout` to send its request), so an idle client holds only itself up.
///
/// Written here rather than taken from a library because the one that fitted (FlyingFox) links
/// FoundationNetworking, and with it libcurl, GnuTLS, OpenSSL, Kerberos and LDAP — 5.5 MB
/// resident in a player whose whole memory target is 80 MB, for two loopback GETs. It speaks
/// only what those need: a request head of at most 8 KB, `GET` and `HEAD`, `Connection: close`.
///
/// A supervised input (`http`, not required): a serving thread that ended is started again on
/// the same port.
public final class LoopbackHTTPServer: SupervisedInput, @unchecked Sendable {
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

    private var listener: Socket?
    private let port: UInt16
    private var thread: Thread?
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
        do {
            listener = try Socket.listening(onLoopbackPort: port)
        } catch {
            throw Failure(description: "127.0.0.1:\(port): \((error as? SystemError)?.reason ?? "\(error)")")
        }
        self.port = port
        self.handler = respond
    }

    deinit { stop() }

    /// Serves requests on a new thread until `stop()`.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped, let listener else { return }
        let thread = Thread { [self] in serve(listener) }
        thread.name = "machinaka.http"
        self.thread = thread
        thread.start()
    }

    /// Stops listening; a request being answered is finished first.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        listener?.shutdown()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    // MARK: - Supervised

    public var name: String { "http" }

    public func condition(stallLimit: Double) -> InputCondition {
        lock.lock()
        defer { lock.unlock() }
        if !stopped, let thread, thread.isFinished { return .stopped("the server's thread ended") }
        return .running
    }

    /// Listens again on the same port (the old socket closed first, to free it) and serves
    /// from a new thread.
    public func restart() throws {
        lock.lock()
        guard !stopped else {
            lock.unlock()
            return
        }
        listener?.shutdown()
        listener = nil
        lock.unlock()
        let fresh = try Socket.listening(onLoopbackPort: port)
        lock.lock()
        let wasStopped = stopped
        if !wasStopped { listener = fresh }
        lock.unlock()
        if !wasStopped { start() }
    }

    /// accept failed and has not worked since (the serving thread's own).
    private var failing = false

    private func serve(_ listener: Socket) {
        while !isStopped {
            let connection: Socket
            do {
                connection = try listener.accept()
            } catch {
                let code = (error as? SystemError)?.code ?? 0
                // Only a stop ends the server. Any other failure of accept — a client that
                // went away (ECONNABORTED, EPROTO), no descriptors or memory for the moment —
                // is about one connection or one moment: said, then the server goes on
                // (before, EPROTO ended it in silence). A listener that is no longer open
                // (EBADF, EINVAL after a shutdown) ends this thread; the supervisor starts
                // another if the server was not stopped.
                if isStopped || code == EBADF || code == EINVAL { return }
                if code != ECONNABORTED, code != EAGAIN {
                    // Said once until a connection is accepted again (no descriptors left would
                    // otherwise be said ten times a second).
                    if !failing { report?("The status endpoint could not accept a connection (\(error)); it goes on.") }
                    failing = true
                    usleep(100_000)
                }
                continue
            }
            failing = false
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
                lock.lock()
                active -= 1
                lock.unlock()
            }
            thread.name = "machinaka.http.client"
            thread.start()
        }
    }

    /// Answers 503 without reading: too many clients at once.
    private func refuse(_ connection: Socket) {
        let bytes = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        bytes.withUnsafeBytes { try? connection.send($0, wait: false) }
    }

    private func answer(_ connection: Socket) {
        // A client that stops sending or reading must not hold the server for long.
        connection.setTimeouts(seconds: Self.timeout)
        var head = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.firstRange(of: Self.headEnd) == nil, head.count <= Self.maxHead {
            guard let count = try? connection.receive(into: &buffer), count > 0 else { return }
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
        // A client that went away or stopped reading: nothing more to do for it.
        bytes.withUnsafeBytes { try? connection.send($0) }
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
