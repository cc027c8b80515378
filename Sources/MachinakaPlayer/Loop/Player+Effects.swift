import Foundation
import Logging
import MachinakaCore
import MachinakaLayout
import MachinakaPOSIX
import MachinakaRecords
import MachinakaRender
import MachinakaSystem

/// What the loop tells the world besides the frame: the status and metrics (decided here, written
/// by the effects runner), the inputs and the watchdog, the log, the frame file.
extension Player {
    // MARK: - Effects

    /// The status is written (off the loop) when it changed.
    func planStatus(_ status: StatusFile, _ content: StatusFile.Content, now: Date) {
        if status.changes(to: content) { decided.append(.writeStatus(status, content, at: now)) }
    }

    /// The metrics are written (off the loop) when due; the next instant they want asking.
    func planMetrics(_ metrics: MetricsFile, _ reading: MetricsFile.Reading, now: Date) -> Date {
        let (due, next) = metrics.plan(reading, now: now)
        if due { decided.append(.writeMetrics(metrics, reading, at: now)) }
        return next
    }

    func handOverEffects() {
        guard !decided.isEmpty else { return }
        effects.run(decided)
        decided.removeAll(keepingCapacity: true)
    }

    /// Waits until the effects handed over so far are carried out (tests, and the stop).
    public func settleEffects() {
        handOverEffects()
        effects.settle()
    }

    // MARK: - Inputs and the watchdog

    /// Asks the inputs how they are (the supervisor restarts what stopped); returns whether
    /// what the status says of them changed, and whether every required one is alive.
    func checkInputs(now: Date) -> (changed: Bool, alive: Bool) {
        let report = inputs?.check(now: now)
        let mqttNow = mqttConnected?()
        let unwritten = mqttUnwritten?() ?? 0
        let health = report?.health ?? [:]
        let changed = mqttNow != reportedMQTT || unwritten != reportedUnwritten || health != reportedInputs
        reportedMQTT = mqttNow
        reportedUnwritten = unwritten
        reportedInputs = health
        return (changed, report?.requiredAlive ?? true)
    }

    /// Tells systemd the player is alive — unless a required input is stopped and not yet
    /// started again: then the watchdog runs out and systemd restarts the player, rather than
    /// leave a screen that plays on without its alerts.
    func feedWatchdog(now: Date, inputsAlive: Bool) {
        guard inputsAlive else {
            if !watchdogWithheld {
                logger.critical("A required input has stopped (\(reportedInputs.filter { $0.value.hasPrefix("stopped") }.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; "))); the watchdog is not fed until it runs again.")
            }
            watchdogWithheld = true
            return
        }
        if watchdogWithheld { logger.notice("Every required input runs again; the watchdog is fed.") }
        watchdogWithheld = false
        notifier?.alive(now: now)
    }

    func updateOffStatus(program: Program, state: (feed: Feed, version: Int), now: Date) {
        guard let status else { return }
        planStatus(status, StatusFile.Content(
            screen: program.screen.id, showing: StatusFile.Showing(kind: "display-off", source: "power:schedule", title: "off (schedule)"),
            alerts: [], feedErrors: state.feed.diagnostics.filter { $0.severity == .error }.map(\.description),
            feedVersion: state.version, lastReload: lastReload, version: StatusFile.version, started: started,
            framesPresented: framesPresented, mqtt: mqttConnected.map { $0() ? "connected" : "disconnected" }, renderer: display.rendererSummary,
            alertProblems: alertDiagnostics.map(\.description), mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs,
            speech: announcer?.health, displayPower: "off (schedule)"), now: now)
    }

    func metricsReading(program: Program, state: (feed: Feed, version: Int), alerts: [ActiveAlert], kind: String, source: String) -> MetricsFile.Reading {
        var reading = MetricsFile.Reading(
            screen: program.screen.id, framesPresented: framesPresented, lastFrame: lastPresented,
            showingKind: kind, showingSource: source,
            alertsActive: alerts.count, feedFilesRefused: state.feed.diagnostics.filter { $0.severity == .error }.count + leftOut.count,
            lastReload: lastReload, mqttConnected: mqttConnected?(), started: started,
            alertsRefused: alertDiagnostics.filter { $0.severity == .error }.count, mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs)
        reading.displayOff = displayOff != nil
        return reading
    }

    func updateStatus(slot: Slot, alerts: [ActiveAlert], state: (feed: Feed, version: Int), now: Date) {
        guard let status, let program else { return }
        planStatus(status, StatusFile.Content(
            screen: program.screen.id,
            showing: alerts.first.map { StatusFile.Showing(kind: "alert", source: $0.source, title: $0.headline) }
                ?? StatusFile.Showing(kind: slot.kind.rawValue, source: slot.item?.source ?? "", title: slot.item?.title ?? program.screen.facility),
            alerts: alerts.map { StatusFile.Alert(identifier: $0.message.identifier, source: $0.source, headline: $0.headline) },
            feedErrors: state.feed.diagnostics.filter { $0.severity == .error }.map(\.description)
                + leftOut.keys.sorted().map { "\($0):1:1: error: left out of the rotation: \(leftOut[$0]!.reason)" },
            feedVersion: state.version, lastReload: lastReload, version: StatusFile.version, started: started,
            framesPresented: framesPresented, mqtt: mqttConnected.map { $0() ? "connected" : "disconnected" },
            renderer: display.rendererSummary,
            alertProblems: alertDiagnostics.map(\.description), mqttUnwritten: mqttUnwritten?(), inputs: reportedInputs,
            speech: announcer?.health, displayPower: program.screen.power == nil ? nil : "on"), now: now)
    }

    // MARK: - Logs and files

    /// Logs the diagnostics that are new, so the journal says what staff must fix, once.
    func report(_ diagnostics: [Diagnostic], since previous: [Diagnostic]) {
        let old = Set(previous)
        for diagnostic in diagnostics where !old.contains(diagnostic) {
            switch diagnostic.severity {
            case .error: logger.error("\(diagnostic)")
            case .warning: logger.warning("\(diagnostic)")
            case .note: logger.info("\(diagnostic)")
            }
        }
    }

    /// Hands a copy of the frame to the file's writer: only the copy is made on the loop.
    func writeFrame(to writer: FrameFileWriter) {
        do {
            writer.write(try display.capture())
            frameFileFailing = false
        } catch {
            if !frameFileFailing { logger.error("Could not copy the frame for \(writer.path): \(error); the screen plays on.") }
            frameFileFailing = true
        }
    }
}
