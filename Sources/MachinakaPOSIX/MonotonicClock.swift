#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the system's monotonic clock: for an edge to time its own waits and see whether
/// its thread still turns. It never jumps with the wall clock, and says nothing about the date
/// (the loop's clock does that).
public enum MonotonicClock {
    /// Seconds since an arbitrary start (the machine's boot).
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
