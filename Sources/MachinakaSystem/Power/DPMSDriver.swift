import CXext
import Foundation

/// The X server's display power (DPMS, through libXext): the monitor is sent to "off" and
/// back to "on" as the X server itself would after idle time. Xvfb has no DPMS extension; on
/// such a server the driver is not available and `auto` picks another.
public struct DPMSDriver: PowerDriver {
    public var display: String
    public var name: String { "dpms" }
    public var blanks: Bool { false }

    /// Whether the X server at `display` answers and has the DPMS extension, and is capable.
    public static func isAvailable(_ display: String) -> Bool {
        guard let connection = XOpenDisplay(display) else { return false }
        defer { XCloseDisplay(connection) }
        var event: Int32 = 0, error: Int32 = 0
        return DPMSQueryExtension(connection, &event, &error) != 0 && DPMSCapable(connection) != 0
    }

    public func off() throws { try force(UInt16(DPMSModeOff)) }
    public func on() throws { try force(UInt16(DPMSModeOn)) }

    private func force(_ level: UInt16) throws {
        guard let connection = XOpenDisplay(display) else { throw PowerFailure(description: "cannot open the X display \(display)") }
        defer { XCloseDisplay(connection) }
        var event: Int32 = 0, error: Int32 = 0
        guard DPMSQueryExtension(connection, &event, &error) != 0, DPMSCapable(connection) != 0 else {
            throw PowerFailure(description: "the X server at \(display) has no DPMS")
        }
        // DPMS must be enabled for a forced level to hold.
        DPMSEnable(connection)
        guard DPMSForceLevel(connection, level) != 0 else { throw PowerFailure(description: "DPMSForceLevel(\(level)) was refused by \(display)") }
        XSync(connection, 0)
    }
}
