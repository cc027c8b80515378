import Foundation
import Logging

/// Log lines for journald: under systemd (`JOURNAL_STREAM` set) each line starts with its
/// syslog priority as `<N>` and carries no timestamp — journald records both itself, so
/// `journalctl -p warning -u machinaka` filters properly. Elsewhere, a plain timestamped line.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let journal: Bool

    public init(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        journal = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// syslog priorities (RFC 5424) for swift-log's levels.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// `text` with every control character written out (`\n`, `\u{1B}`): a value quoted from
    /// a feed or data file can then never start a line of its own (a forged "critical ALERT"),
    /// move the terminal's cursor or colour it, or cut a line with NUL. Bidirectional
    /// overrides are written out too, so a line reads in the order it is stored.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isUnsafe(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    public func log(event: LogEvent) {
        let line: String
        let message = Self.escaped("\(event.message)")
        if journal {
            line = "<\(Self.priority(event.level))>\(message)\n"
        } else {
            // The Swift ISO 8601 style, not ISO8601DateFormatter: that one goes through ICU's
            // date formatter, whose data kept 3 MB more of _FoundationICU resident (measured).
            line = "\(Date().formatted(.iso8601)) \(event.level) \(message)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
