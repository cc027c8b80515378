import CSDL2
import Foundation
import MachinakaCore

/// The screen's speaker: SDL audio (ALSA, PulseAudio, PipeWire; `disk` writes a file, `dummy`
/// nothing), opened once. Sounds are queued and played by SDL's own thread; `stop()` cuts what
/// is queued (an alert cancelled mid-sentence stops at once). Callable from any thread.
public final class AudioOutput: @unchecked Sendable {
    private let device: SDL_AudioDeviceID
    private let lock = NSLock()
    /// The driver SDL chose (alsa, pulseaudio, pipewire, disk, dummy).
    public let driver: String

    /// Opens the default output for 16-bit mono at `AnnouncementMixer.rate`.
    public init() throws {
        if SDL_WasInit(SDL_INIT_AUDIO) == 0 {
            SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1")
            try check(SDL_InitSubSystem(SDL_INIT_AUDIO), "SDL_InitSubSystem(AUDIO)")
        }
        var wanted = SDL_AudioSpec()
        wanted.freq = Int32(AnnouncementMixer.rate)
        wanted.format = SDL_AudioFormat(AUDIO_S16LSB)
        wanted.channels = 1
        wanted.samples = 2048
        var obtained = SDL_AudioSpec()
        // No changes allowed: SDL converts for the device, so what is queued is always this format.
        device = SDL_OpenAudioDevice(nil, 0, &wanted, &obtained, 0)
        guard device != 0 else { throw SDLError("SDL_OpenAudioDevice") }
        driver = SDL_GetCurrentAudioDriver().map { String(cString: $0) } ?? "unknown"
        SDL_PauseAudioDevice(device, 0)
    }

    deinit {
        SDL_CloseAudioDevice(device)
    }

    /// Queues `sound` (16-bit mono at `AnnouncementMixer.rate`) after whatever is playing.
    public func play(_ sound: WAVFile) throws {
        lock.lock()
        defer { lock.unlock() }
        let queued = sound.samples.withUnsafeBytes { SDL_QueueAudio(device, $0.baseAddress, UInt32($0.count)) }
        try check(queued, "SDL_QueueAudio")
    }

    /// Cuts everything queued.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        SDL_ClearQueuedAudio(device)
    }

    /// Seconds of sound still queued.
    public var queuedSeconds: Double {
        Double(SDL_GetQueuedAudioSize(device)) / Double(AnnouncementMixer.rate * 2)
    }
}
