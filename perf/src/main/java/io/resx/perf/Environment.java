package io.resx.perf;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** What the harnesses print about where they ran, and the allocation counter they read. */
final class Environment
{
    private Environment()
    {
    }

    /** @return one line: JVM, cores, heap, input arguments. */
    static String describe()
    {
        final Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "jvm: %s %s, %d cpus, max heap %d MB, args %s",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            runtime.availableProcessors(), runtime.maxMemory() >> 20,
            ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** @return bytes this thread has allocated since it started (HotSpot), or 0 when not supported. */
    static long allocatedBytes()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean)
        {
            return ((com.sun.management.ThreadMXBean)threads).getCurrentThreadAllocatedBytes();
        }
        return 0;
    }
}
