import Foundation

/// Whether the kiosk's clock can be believed yet. A small PC whose clock battery has died
/// boots in 1970 or 2000 until network time arrives; until then only content that is valid at
/// any time plays, so the screen never shows a notice for the wrong day.
public enum ClockTrust {
    /// No real instant the player sees is earlier than its own release.
    public static let floor = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    /// systemd-timesyncd creates this file once it has synchronised the clock.
    public static let synchronisedFlag = "/run/systemd/timesync/synchronized"

    /// Whether an instant the clock reads can be believed.
    @Sendable public static func isTrusted(_ now: Date) -> Bool {
        now >= floor || FileManager.default.fileExists(atPath: synchronisedFlag)
    }
}
