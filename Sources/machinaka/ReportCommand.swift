import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaRecords

/// `machinaka report`: what the screens showed, per item per day per screen.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Summarise recorded plays per item, per day and per screen.")

    @Option(help: "The play log (SQLite) that `play --play-log` keeps.")
    var playLog: String

    @Option(help: "From this instant, ISO 8601 (local times: Asia/Tokyo).")
    var from: String

    @Option(help: "Up to this instant, exclusive.")
    var to: String

    @Flag(help: "Comma-separated values with a header line.")
    var csv = false

    func run() throws {
        let zone = FeedTime.defaultTimeZone
        let start = try parseInstant(from, option: "--from", zone: zone)
        let end = try parseInstant(to, option: "--to", zone: zone)
        guard end > start else { throw ValidationError("--to must be after --from") }
        guard FileManager.default.fileExists(atPath: playLog) else {
            throw Failure(.input, "There is no play log at \(playLog).")
        }
        let rows: [PlayReportRow]
        do {
            rows = try PlayLog(readingFrom: absolute(playLog)).report(from: start, to: end, zone: zone)
        } catch {
            throw Failure(.input, "The play log \(playLog) cannot be read (is it the file `play --play-log` keeps?): \(error).")
        }
        if csv {
            print("day,screen,kind,source,title,plays,seconds,cut_short")
            for row in rows {
                let fields = [row.day, row.screen, row.kind, row.source, row.title, "\(row.plays)", String(format: "%.0f", row.seconds), "\(row.cutShort)"]
                print(fields.map(Self.csvField).joined(separator: ","))
            }
            return
        }
        print("Plays from \(from) to \(to): \(rows.reduce(0) { $0 + $1.plays }) showings")
        for row in rows {
            print("\(row.day)  \(row.screen.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(format: "%5d", row.plays))×  \(String(format: "%7.0f", row.seconds)) s\(row.cutShort > 0 ? "  (\(row.cutShort) cut short)" : "")  \(row.kind)  \(row.title)  [\(row.source)]")
        }
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
