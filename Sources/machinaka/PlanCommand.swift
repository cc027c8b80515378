import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer

/// `machinaka plan`: the timeline a screen would play, alerts included.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Print the timeline a screen would play (alerts included).")

    @OptionGroup var options: CommonOptions

    @Option(help: "Start of the plan, ISO 8601; local times are in the screen's time zone (default: now).")
    var from: String?

    @Option(help: "How many hours to plan.")
    var hours: Double = 1

    @Flag(help: "One JSON object a line: start, end, kind, source, title (and identifier for alerts).")
    var json = false

    func validate() throws {
        guard hours > 0, hours <= 24 * 31 else { throw ValidationError("--hours must be more than 0 and at most 744 (31 days)") }
    }

    func run() throws {
        let feed = try options.loadFeed()
        let screen = try options.screenConfig(in: feed)
        let start = try from.map { try parseInstant($0, option: "--from", zone: screen.zone) } ?? SystemClock().now()
        // A plan is a preview: every alert counts as received at its sent time. Slides last as
        // long as their pages take to read on this screen, laid out with the real fonts.
        let fonts = try options.fontLibrary()
        let entries = Planner.plan(feed: feed.asPreview, screen: screen, from: start, duration: hours * 3600,
                                   pacing: FeedCheck.pacing(feed: feed, screen: screen, fonts: fonts))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = screen.zone
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .custom { date, encoder in
                var container = encoder.singleValueContainer()
                try container.encode(formatter.string(from: date))
            }
            for entry in entries {
                print(String(decoding: try encoder.encode(entry), as: UTF8.self))
            }
            return
        }
        let time = DateFormatter()
        time.timeZone = screen.zone
        time.dateFormat = "MM-dd HH:mm:ss"
        print("Plan of screen '\(screen.id)' (\(screen.name)) from \(formatter.string(from: start)) for \(hours) h: \(entries.count) entries")
        for entry in entries {
            let kind = entry.kind.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("\(time.string(from: entry.start))–\(time.string(from: entry.end).suffix(8))  \(kind) \(entry.title)  [\(entry.identifier ?? entry.source)]")
        }
    }
}
