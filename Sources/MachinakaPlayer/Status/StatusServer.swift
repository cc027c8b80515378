import Foundation
import Logging
import MachinakaRender
import MachinakaSystem

/// The local HTTP endpoint: `GET /` (the staff's page for this screen, as `preview` writes it,
/// with the frame on screen), `GET /status` (the status JSON) and `GET /screenshot.png` (the
/// frame on screen). Bound to 127.0.0.1 only, and only when `--http PORT` is given: nobody
/// but someone already on the kiosk can read it, and nothing can be sent to the screen.
public final class StatusServer {
    private let server: LoopbackHTTPServer

    public init(port: UInt16, status: StatusFile, screenshots: ScreenshotBroker, page: (@Sendable () -> String?)? = nil) throws {
        server = try LoopbackHTTPServer(port: port) { path in
            switch path {
            case "/", "/index.html":
                guard let html = page?() else { return .init(status: 503, body: Data("starting\n".utf8)) }
                return .init(status: 200, contentType: "text/html; charset=utf-8", body: Data(html.utf8))
            case "/style.css":
                return .init(status: 200, contentType: "text/css; charset=utf-8", body: Data(PreviewSite.stylesheet.utf8))
            case "/status":
                guard let json = status.json else { return .init(status: 503, body: Data("starting\n".utf8)) }
                return .init(status: 200, contentType: "application/json", body: json)
            case "/screenshot.png":
                guard let png = screenshots.take() else { return .init(status: 503, body: Data("no frame within 5 s\n".utf8)) }
                return .init(status: 200, contentType: "image/png", body: png)
            default:
                return .init(status: 404, body: Data("only /, /status and /screenshot.png are served\n".utf8))
            }
        }
        let logger = Logger(label: "machinaka.http")
        server.report = { logger.warning("\($0)") }
        server.start()
    }

    /// The server as an input of the player's table (restarted if its thread ends).
    public var input: any SupervisedInput { server }

    public func stop() {
        server.stop()
    }
}

