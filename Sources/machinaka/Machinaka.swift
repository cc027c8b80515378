import ArgumentParser
import Logging
import MachinakaPlayer

/// The `machinaka` command: plays a feed folder on a screen, and previews and checks it.
@main
struct Machinaka: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machinaka",
        abstract: "Digital signage for public facilities: plays a feed folder, with emergency alerts first.",
        version: StatusFile.version,
        subcommands: [PlayCommand.self, RenderCommand.self, PlanCommand.self, CheckCommand.self, AlertCommand.self, SayCommand.self, PreviewCommand.self, JMAPullCommand.self, ReportCommand.self, BenchCommand.self],
        defaultSubcommand: PlayCommand.self)

    static func main() {
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as Failure {
            failure.report()
        } catch {
            exit(withError: error)
        }
    }
}
