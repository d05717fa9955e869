package io.resx.engine.pipeline;

/**
 * How the journaled pipeline's stages are laid on threads. Either way the same commands give the same events and
 * the same journal bytes, and no outcome leaves before both queues hold it; only the threads differ.
 */
public enum PipelineLayout
{
    /**
     * The journal in parallel with the engine, then the publisher: three stage threads besides the producer. For a
     * machine with a core free for each of them, where the journal's work hides behind the engine's.
     */
    PARALLEL,
    /**
     * The journal, the engine, the {@code events} queue and the publisher one after another on one stage thread.
     * For small machines: with more busy threads than cores, every hand-off between stages is a context switch and
     * each costs more than the work it moves (measured: docs/PERFORMANCE.md, "Pipeline layout").
     */
    SERIAL;

    /** Fewer cores than this get {@link #SERIAL}: the producer and three stage threads need four. */
    public static final int PARALLEL_MIN_CORES = 4;

    /**
     * @param cores the cores the process may use.
     * @return the layout that suits them: {@link #PARALLEL} with at least {@link #PARALLEL_MIN_CORES}.
     */
    public static PipelineLayout forCores(final int cores)
    {
        return cores >= PARALLEL_MIN_CORES ? PARALLEL : SERIAL;
    }

    /**
     * Reads a layout's name, in any case; empty means {@link #forThisMachine()}.
     *
     * @param setting what the value was given as (a setting's or an option's name), for the message.
     * @param value   {@code serial}, {@code parallel} or empty.
     * @return the layout.
     * @throws IllegalArgumentException naming {@code setting} when the value is neither.
     */
    public static PipelineLayout named(final String setting, final String value)
    {
        if (value.isEmpty())
        {
            return forThisMachine();
        }
        for (final PipelineLayout layout : values())
        {
            if (layout.name().equalsIgnoreCase(value))
            {
                return layout;
            }
        }
        throw new IllegalArgumentException(setting + " must be serial or parallel (empty: serial below " +
            PARALLEL_MIN_CORES + " cores), not '" + value + "'");
    }

    /** @return the layout for this machine's cores. */
    public static PipelineLayout forThisMachine()
    {
        return forCores(Runtime.getRuntime().availableProcessors());
    }
}
