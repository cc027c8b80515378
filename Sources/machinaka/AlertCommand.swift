import ArgumentParser
import Foundation
import MachinakaCore
import MachinakaPlayer

/// `machinaka alert`: what the alert system has sent, and what each screen does with it.
struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert", abstract: "Inspect emergency alerts (CAP messages in alerts/).",
        subcommands: [List.self], defaultSubcommand: List.self)

    /// `machinaka alert list`: every message with its standing and the reason.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List active, scheduled, superseded, expired and rejected alerts, with why each is or is not shown.")

        @OptionGroup var options: CommonOptions

        @Option(help: "The instant to judge at, ISO 8601 (default: now).")
        var at: String?

        @Flag(help: "Count each message as received when its file was written, as the live player does (default: at its sent time, as render and plan do).")
        var asReceived = false

        func run() throws {
            var feed = try options.loadFeed()
            let screen = try options.screenConfig(in: feed)
            let instant = try at.map { try parseInstant($0, option: "--at", zone: screen.zone) } ?? SystemClock().now()
            // Like render --at and plan: a message counts from its sent time, so the three agree
            // on what is in force at any instant.
            if !asReceived { feed = feed.asPreview }
            let board = feed.alertBoard(for: screen)
            let entries = board.entries(at: instant)
            print("Alerts for screen '\(screen.id)' at \(ISO8601DateFormatter().string(from: instant)) (\(entries.count) message\(entries.count == 1 ? "" : "s") in alerts/):")
            guard !entries.isEmpty else { return }
            let order: [AlertEntry.Standing] = [.active, .folded, .scheduled, .superseded, .cancelled, .expired, .notShown, .refused, .rejected]
            for entry in entries.sorted(by: { order.firstIndex(of: $0.standing)! < order.firstIndex(of: $1.standing)! }) {
                let id = entry.identifier.map { " \($0)" } ?? ""
                let format = entry.format.map { " [\($0)]" } ?? ""
                let signer = entry.signer.map { " (signed, \($0))" } ?? ""
                print("  \(entry.standing.rawValue.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0)) \(entry.source)\(id)\(format)\(signer): \(entry.reason)")
            }
            let active = board.active(at: instant)
            if let leading = active.first {
                print("On screen now: \(leading.message.identifier) — \(leading.headline)\(active.count > 1 ? " (+\(active.count - 1) more)" : "")")
            }
        }
    }
}
