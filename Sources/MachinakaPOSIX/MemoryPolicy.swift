import CMalloc

/// How the C allocator keeps a months-long player's memory flat: frame-sized pixel buffers
/// (a 1920×1080 surface is 8 MB) are given back to the system when freed instead of staying
/// in the heap, and the heap's free pages are returned between slides.
///
/// glibc's defaults suit short programs: its mmap threshold grows to the size of the largest
/// block freed, so after the first poster every later one is carved from the heap, and a heap
/// only shrinks from its top. Measured on the sample rotation at 1920×1080: the heap grew to
/// 43 MB with the defaults and stays under 8 MB with this policy.
public enum MemoryPolicy {
    /// Blocks of this size or more get their own mapping, returned to the system on free.
    static let mmapThreshold: Int32 = 128 << 10

    /// Sets the policy; call once, before the first frame.
    public static func apply() {
        // A fixed threshold also turns off glibc's sliding one.
        mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        mallopt(M_TRIM_THRESHOLD, mmapThreshold)
        // One arena per core, not eight: the decoder's thread would otherwise keep its own.
        mallopt(M_ARENA_MAX, 2)
    }

    /// Gives the heap's free pages back to the system; call when a slide has just changed
    /// (once every few seconds at most: it walks the heap).
    public static func returnFreeMemory() {
        _ = malloc_trim(0)
    }
}
