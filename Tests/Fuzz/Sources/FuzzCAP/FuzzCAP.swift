import Foundation
import FuzzSupport
import MachinakaCore

/// CAP messages straight into the parser (libxml2 with DTDs refused), then onto an alert board
/// at the message's own time, as the player would judge it.
@_cdecl("FuzzCAP_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let message = try? CAPParser.parse(Data(bytes: data, count: size)) else { return 0 }
    if let headline = message.infos.first?.headline, headline.count > Limits.alertHeadlineCharacters + 1 { fatalError("headline over its limit") }
    let received = ReceivedAlert(source: "alerts/fuzz.xml", message: message, received: message.sent)
    let board = AlertBoard(messages: [received, received], policy: AlertPolicy(drills: true, scopes: [.public, .restricted, .private]))
    _ = board.active(at: message.sent)
    _ = board.entries(at: message.sent.addingTimeInterval(3600))
    _ = board.nextChange(after: message.sent)
    _ = board.tombstonesSet(by: message.sent)
    return 0
}
