import Foundation
import MachinakaCore
import MachinakaPOSIX

/// A way to turn a screen's display off and on: one type here, registered in
/// `PowerDrivers.table`. `blank` is the fallback that needs nothing: the player draws black.
public protocol PowerDriver: Sendable {
    /// Its name in the log, the status and `power: {driver: …}`.
    var name: String { get }
    /// Whether the player must draw black while the display is off (nothing else turns it off).
    var blanks: Bool { get }
    func off() throws
    func on() throws
}

/// Why a driver could not turn the display off or on.
public struct PowerFailure: Error, CustomStringConvertible {
    public var description: String
}

/// The power drivers, and the choice `auto` makes.
public enum PowerDrivers {
    /// What this machine has, for `auto`: the X server's DPMS, a CEC adapter, else black frames.
    public struct Machine: Sendable {
        public var display: String?
        public var cecDevice: String?
        public var cecControl: String?
        public var dpms: Bool

        /// A machine with these parts (tests describe the ones they cannot have).
        public init(display: String?, cecDevice: String?, cecControl: String?, dpms: Bool) {
            self.display = display
            self.cecDevice = cecDevice
            self.cecControl = cecControl
            self.dpms = dpms
        }

        /// The machine as it is.
        public static func current() -> Machine {
            let cec = (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?.filter { $0.hasPrefix("cec") }.sorted().first.map { "/dev/" + $0 }
            let display = ProcessInfo.processInfo.environment["DISPLAY"].flatMap { $0.isEmpty ? nil : $0 }
            return Machine(display: display, cecDevice: cec, cecControl: ChildProcess.executable(named: "cec-ctl"), dpms: display.map(DPMSDriver.isAvailable) ?? false)
        }
    }

    /// The driver a screen's schedule asks for on `machine`, with a note saying why (the log
    /// says it, so nobody wonders why a screen stays lit or only goes black).
    public static func driver(for schedule: PowerSchedule, on machine: Machine = .current()) -> (driver: any PowerDriver, note: String) {
        switch schedule.driver {
        case "command":
            return (CommandDriver(off: schedule.offCommand ?? "", on: schedule.onCommand ?? ""), "the screen's commands")
        case "blank":
            return (BlankDriver(), "black frames, as set")
        case "cec":
            if let device = machine.cecDevice, let program = machine.cecControl { return (CECDriver(program: program, device: device), "HDMI-CEC through \(device)") }
            return (BlankDriver(), "black frames: driver cec asked for, but \(machine.cecControl == nil ? "cec-ctl is not installed (v4l-utils)" : "there is no /dev/cec* device")")
        case "dpms":
            if machine.dpms, let display = machine.display { return (DPMSDriver(display: display), "X DPMS on \(display)") }
            return (BlankDriver(), "black frames: driver dpms asked for, but \(machine.display == nil ? "there is no X display" : "the X server has no DPMS extension")")
        default:
            if machine.dpms, let display = machine.display { return (DPMSDriver(display: display), "X DPMS on \(display) (auto)") }
            if let device = machine.cecDevice, let program = machine.cecControl { return (CECDriver(program: program, device: device), "HDMI-CEC through \(device) (auto)") }
            return (BlankDriver(), "black frames (auto: no X DPMS, no CEC device here)")
        }
    }

    /// Runs `program` with `arguments`, at most `timeout` seconds (then stopped, killed if need
    /// be); throws with its words when it fails.
    static func run(_ program: String, _ arguments: [String], timeout: Double = 15) throws {
        let command = ([program] + arguments).joined(separator: " ")
        let result: (status: Int32, errors: String)
        do {
            result = try ChildProcess.complete(program, arguments, timeout: timeout)
        } catch is ChildProcess.TimedOut {
            throw PowerFailure(description: "\(command) took more than \(Int(timeout)) s and was stopped")
        }
        guard result.status == 0 else {
            throw PowerFailure(description: "\(command) failed (\(result.status))\(result.errors.isEmpty ? "" : ": " + result.errors.prefix(200))")
        }
    }
}

/// Any program: `ddcutil setvcp d6 4`, `vcgencmd display_power 0`, `xrandr --output HDMI-1 --off` …
/// (run by /bin/sh, so a command line with arguments works as written).
public struct CommandDriver: PowerDriver {
    public var offCommand: String
    public var onCommand: String
    public var name: String { "command" }
    public var blanks: Bool { false }

    public init(off: String, on: String) {
        offCommand = off
        onCommand = on
    }

    public func off() throws { try PowerDrivers.run("/bin/sh", ["-c", offCommand]) }
    public func on() throws { try PowerDrivers.run("/bin/sh", ["-c", onCommand]) }
}

/// HDMI-CEC through the kernel's CEC device (`cec-ctl`, v4l-utils): standby, and image view on.
public struct CECDriver: PowerDriver {
    public var program: String
    public var device: String
    public var name: String { "cec" }
    public var blanks: Bool { false }

    public func off() throws { try PowerDrivers.run(program, ["-d", device, "--playback", "--to", "0", "--standby"]) }
    public func on() throws { try PowerDrivers.run(program, ["-d", device, "--playback", "--to", "0", "--image-view-on"]) }
}

/// No signal to the display: the player draws black and draws nothing more until it wakes.
public struct BlankDriver: PowerDriver {
    public var name: String { "blank" }
    public var blanks: Bool { true }
    public init() {}
    public func off() throws {}
    public func on() throws {}
}
