package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {
    private static final int BLOCKS = 48;
    private static final long BLOCK_BYTES = 4L << 20;
    private static final long PAGES = BLOCKS * BLOCK_BYTES / 4096;

    /**
     * A step's worth of megabyte-sized buffers, freed and allocated again, comes back without faulting
     * its pages in anew. With glibc's defaults every round faults in most pages again (measured: 34 800
     * of 49 152): freed heap memory goes back to the kernel.
     */
    @Test
    void freedTensorSizedMemoryIsReusedWithoutPageFaults() throws IOException {
        assertThat(NativeAllocator.keepFreedMemory()).isTrue();
        allocateTouchAndFree();
        allocateTouchAndFree();
        long faults = allocateTouchAndFree();
        assertThat(faults).isLessThan(PAGES / 10);
    }

    /** Minor page faults of this process while allocating, writing and freeing the buffers. */
    private static long allocateTouchAndFree() throws IOException {
        long before = minorFaults();
        long[] blocks = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = Native.malloc(BLOCK_BYTES);
            new Pointer(blocks[i]).setMemory(0, BLOCK_BYTES, (byte) 1);
        }
        for (long block : blocks) {
            Native.free(block);
        }
        return minorFaults() - before;
    }

    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // Fields after the parenthesised command name: state is field 3, minflt field 10.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
