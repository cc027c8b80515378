import ArgumentParser
import Foundation
import MachinakaBench
import MachinakaPlayer
import MachinakaRender

/// `machinaka bench`: measures the player with a command, not with timed tests.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the player and print the figures.",
        subcommands: [AllFigures.self, SoakCommand.self, FleetCommand.self, WindowCheckCommand.self], defaultSubcommand: AllFigures.self)
}

/// `machinaka bench` with no subcommand: every figure README reports.
struct AllFigures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Measure the player and print the figures (a table, or JSON).")

    @Option(help: "Items in the generated feed.")
    var items: Int = 10_000

    @Option(help: "Trials of each repeated measurement.")
    var trials: Int = 100

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var options: CommonOptions

    @Option(help: "Cold starts of the player for the first-frame figure.")
    var starts: Int = 5

    @Option(help: "Seconds over which CPU use is measured.")
    var seconds: Double = 30

    @Flag(help: "Measure the player on a real window instead (under its own Xvfb unless --display is given): both renderers, player and X server CPU, PSS.")
    var window = false

    @Option(help: "The X display for --window (default: an Xvfb started for the run).")
    var display: String?

    @Option(help: "Times the sample rotation is played through (clock run 200× fast) for the memory figure.")
    var cycles: Int = 100

    @Flag(help: "Only the memory figure: the sample rotation played --cycles times, the player's resident memory sampled as it goes.")
    var memoryOnly = false

    @Flag(help: "Only the layout figures (longest notice, longest alert).")
    var layoutOnly = false

    @Flag(help: "Only the counter panel's figure (counters.json renamed → panel presented).")
    var boardOnly = false

    @Flag(help: "With --window: only the 1080p clip, through the player and mpv.")
    var clipOnly = false

    @Flag(help: "Only the alert figures: CAP renamed → alert frame on the sample screen, and beside the largest data boards the limits allow.")
    var alertOnly = false

    @Option(help: "With --alert-only: how many warnings are in force when each trial's alert arrives, in its last case.")
    var inForce: Int = 30

    @Option(help: "With --alert-only: only the cases whose description contains this text (e.g. clips).")
    var matching: String?

    func run() throws {
        if window {
            let setup = BenchSetup(content: RepositoryPaths.content, fonts: options.fonts)
            do {
                let result = try WindowBenchmark(setup: setup, starts: starts, window: seconds, display: display, onlyClip: clipOnly)
                    .run { FileHandle.standardError.write(Data(("window: " + $0 + "\n").utf8)) }
                print(json ? try Benchmarks.json(result) : result.table)
            } catch {
                throw Failure(error)
            }
            return
        }
        // The figure is a separate player's: this process opens no fonts for it.
        if memoryOnly {
            do {
                print(try MemoryBenchmark(setup: BenchSetup(content: RepositoryPaths.content, fonts: options.fonts), cycles: cycles).run().line)
            } catch {
                throw Failure(error)
            }
            return
        }
        let fonts = try options.fontLibrary()
        if layoutOnly {
            print(try LayoutBenchmark(trials: min(trials, 30), fonts: fonts).run().lines)
            return
        }
        if alertOnly {
            let setup = BenchSetup(content: RepositoryPaths.content, fonts: options.fonts)
            do {
                for line in try Benchmarks.alertLines(setup: setup, trials: trials, fonts: fonts, inForce: inForce, matching: matching) { print(line) }
            } catch {
                throw Failure(error)
            }
            return
        }
        if boardOnly {
            let setup = BenchSetup(content: RepositoryPaths.content, fonts: options.fonts)
            print(try BoardBenchmark(setup: setup, trials: trials, fonts: fonts).run().line)
            return
        }
        var bench = Benchmarks.Options()
        bench.items = items
        bench.trials = trials
        bench.starts = starts
        bench.window = seconds
        bench.cycles = cycles
        do {
            let report = try Benchmarks.all(bench, setup: BenchSetup(content: RepositoryPaths.content, fonts: options.fonts), fonts: fonts)
            print(json ? try Benchmarks.json(report) : report.table)
        } catch {
            throw Failure(error)
        }
    }
}

/// `machinaka bench soak`: a simulated week of a kiosk's life, with churn every minute.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Play a simulated week with feed churn every simulated minute; report memory, descriptors, threads and frames.")

    @Option(help: "Simulated days.")
    var days: Double = 7

    @Option(help: "How many times faster than real time the player's clock runs.")
    var rate: Double = 1000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard days > 0, days <= 60, rate >= 1, rate <= 5000 else { throw ValidationError("--days 0…60, --rate 1…5000") }
    }

    func run() throws {
        let setup = BenchSetup(content: RepositoryPaths.content, fonts: RepositoryPaths.fonts)
        let result = try SoakBenchmark(days: days, rate: rate, setup: setup).run { FileHandle.standardError.write(Data(("soak: " + $0 + "\n").utf8)) }
        print(json ? try Benchmarks.json(result) : result.table)
    }
}

/// `machinaka bench fleet`: N players and one broker, alerts published to all of them.
struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet", abstract: "Start a Mosquitto and N players; publish alerts, updates and cancels; report publish → presented on every screen.")

    @Option(help: "Players to start, each a separate process with its own feed and screen id.")
    var screens = 50

    @Option(help: "Rounds of alert, update and cancel.")
    var rounds = 5

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1...200).contains(screens), (1...100).contains(rounds) else { throw ValidationError("--screens 1…200, --rounds 1…100") }
        guard MosquittoBroker.isInstalled else { throw ValidationError("mosquitto is not installed (apt-get install mosquitto mosquitto-clients)") }
    }

    func run() throws {
        let setup = BenchSetup(content: RepositoryPaths.content, fonts: RepositoryPaths.fonts)
        do {
            let result = try FleetBenchmark(screens: screens, rounds: rounds, setup: setup).run { FileHandle.standardError.write(Data(("fleet: " + $0 + "\n").utf8)) }
            print(json ? try Benchmarks.json(result) : result.table)
        } catch {
            throw Failure(error)
        }
    }
}

/// `machinaka bench window-check` (hidden; the window tests run it): a frame in a real window,
/// captured with xwd, its ticker moved N steps as the renderer presents them, captured again;
/// then the same frame drawn whole and captured a third time. Prints what was drawn, as JSON.
struct WindowCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "window-check", shouldDisplay: false)

    @OptionGroup var options: CommonOptions

    @Option var renderer: RendererChoice = .auto
    @Option var frames = 30
    @Option var at: String = "2026-12-03T10:00"
    @Option var start: String
    @Option var before: String
    @Option var after: String

    func run() throws {
        let feed = try options.loadFeed()
        let screen = try options.screenConfig(in: feed)
        let instant = try parseInstant(at, option: "--at", zone: screen.zone)
        let display = ProcessInfo.processInfo.environment["DISPLAY"] ?? ":0"
        do {
            let result = try WindowCheck.run(feed: feed, screen: screen, at: instant, renderer: renderer, frames: frames, fonts: try options.fontLibrary(),
                                             start: start, before: before, after: after) { path in
                let xwd = Process()
                xwd.executableURL = URL(fileURLWithPath: "/usr/bin/xwd")
                xwd.arguments = ["-root", "-silent", "-display", display, "-out", path]
                try xwd.run()
                xwd.waitUntilExit()
                guard xwd.terminationStatus == 0 else { throw ValidationError("xwd could not capture \(display)") }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } catch {
            throw Failure(error)
        }
    }
}
