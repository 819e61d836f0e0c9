package lyceum.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps freed engine tensors' memory in the process instead of handing it back to the kernel. glibc
 * serves every allocation above its mmap threshold (128 KiB at first) with fresh pages and unmaps them
 * on free, so the megabyte-sized activations and attention scores of every training step fault in
 * anew: on 2 shared cores that was a fifth of a step's CPU time (system time and cold caches).
 * Raising the mmap threshold to its maximum (32 MiB on 64-bit) and the trim threshold above a step's
 * working set, and padding the top of a heap by a whole 64 MiB heap (a thread's arena other than the
 * first trims freed heaps by the pad, not the trim threshold), lets each step reuse the last one's
 * memory. Only on glibc (Linux); a no-op elsewhere,
 * and when the user sets the allocator through {@code MALLOC_*_} or {@code GLIBC_TUNABLES} themselves.
 */
final class NativeAllocator {
    private static final Logger log = LoggerFactory.getLogger(NativeAllocator.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TOP_PAD = 64 << 20;
    private static final int TRIM_THRESHOLD = 1 << 30;
    private static boolean tuned;

    private NativeAllocator() {}

    /** Idempotent; true when the settings are in force. */
    static synchronized boolean keepFreedMemory() {
        if (tuned || !Platform.isLinux() || userChoseAllocatorSettings()) {
            return tuned;
        }
        try {
            Function mallopt =
                    NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            tuned = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
        } catch (UnsatisfiedLinkError e) {
            // Not glibc (musl has no mallopt): its allocator keeps its own policy.
            log.debug("no mallopt in the C library: {}", e.getMessage());
        }
        return tuned;
    }

    private static boolean userChoseAllocatorSettings() {
        return System.getenv().keySet().stream()
                .anyMatch(name -> name.startsWith("MALLOC_") || name.equals("GLIBC_TUNABLES"));
    }
}
