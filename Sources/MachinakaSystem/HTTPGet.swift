import CHTTPGet
import Foundation

/// One HTTP GET through libcurl, bounded in size and time: how `jma-pull` reads JMA's feeds
/// and reports. The C side stops a body as soon as it passes the limit, so an answer of any
/// size costs at most the limit in memory.
public enum HTTPGet {
    /// What came back.
    public struct Answer: Sendable {
        /// The HTTP status (200, 304, 404 …).
        public var status: Int
        public var body: Data
        /// Validators to send next time (empty when the server gave none).
        public var etag: String
        public var lastModified: String
    }

    /// Why no answer came: the network, the server or the size.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var url: String
        public var reason: String
        /// The body passed the limit: refused, not merely lost.
        public var tooLarge: Bool
        public var description: String { "\(url): \(reason)" }
    }

    /// GETs `url`, conditional on `etag` / `lastModified` when given (a 304 has an empty body).
    public static func fetch(_ url: String, etag: String? = nil, lastModified: String? = nil, limit: Int, timeout: Int = 30,
                             userAgent: String = "machinaka-jma-pull") throws -> Answer {
        var result = mk_http_result()
        let code = mk_http_get(url, userAgent, etag, lastModified, limit, timeout, &result)
        defer { mk_http_free(&result) }
        func field<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        if result.too_large != 0 {
            throw Failure(url: url, reason: "the answer is larger than \(limit / 1_000_000 > 0 ? "\(limit / 1_000_000) MB" : "\(limit) bytes"); refused", tooLarge: true)
        }
        guard code == 0 else {
            throw Failure(url: url, reason: field(result.error), tooLarge: false)
        }
        let body = result.body.map { Data(bytes: $0, count: result.length) } ?? Data()
        return Answer(status: result.status, body: body, etag: field(result.etag), lastModified: field(result.last_modified))
    }
}
