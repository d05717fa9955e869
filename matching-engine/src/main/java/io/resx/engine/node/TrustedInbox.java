package io.resx.engine.node;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.command.Command;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.function.Consumer;

/**
 * Commands from inside the {@code resx serve} process that may carry admin rights: the HTTP API's admin endpoints,
 * after checking an admin key, and the settlement bridge's commands from the chain (deposits, defaults, batch
 * confirmations). Aeron streams cannot tell one sender from another (a gateway id is whatever the
 * sender writes), so rights never come from there; this in-memory queue is reachable only from this process.
 * Many threads offer; the engine agent drains it on its duty cycle and sequences each command like any other, so it
 * is journaled and its outcome goes out on the outcome stream with the route given here.
 */
public final class TrustedInbox
{
    private static final int CAPACITY = 1024;
    private static final CommandFiller<Entry> COPY = (command, entry) -> command.copyFrom(entry.command);

    private final ManyToOneConcurrentArrayQueue<Entry> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    /** The agent's submit, made once so the duty cycle allocates nothing. */
    private Consumer<Entry> toAgent;

    /** A queued command with its route. */
    private record Entry(int gatewayId, int sessionId, long correlationId, Command command, Runnable sequenced)
    {
    }

    /**
     * Queues a copy of a command; the caller keeps {@code command}.
     *
     * @param gatewayId     the route's gateway id, so the outcome reaches the caller.
     * @param sessionId     the route's session id.
     * @param correlationId the caller's request id.
     * @param command       the command, admin flag set as the caller decided.
     * @return false when the queue is full (the engine is not keeping up): nothing was queued.
     */
    public boolean offer(final int gatewayId, final int sessionId, final long correlationId, final Command command)
    {
        return offer(gatewayId, sessionId, correlationId, command, null);
    }

    /**
     * Queues a copy of a command and runs {@code sequenced} on the engine agent's thread once it is in the pipeline.
     *
     * @param gatewayId     the route's gateway id, so the outcome reaches the caller.
     * @param sessionId     the route's session id.
     * @param correlationId the caller's request id.
     * @param command       the command, admin flag set as the caller decided.
     * @param sequenced     run after the command is submitted, or null.
     * @return false when the queue is full (the engine is not keeping up): nothing was queued.
     */
    public boolean offer(final int gatewayId, final int sessionId, final long correlationId, final Command command,
        final Runnable sequenced)
    {
        return queue.offer(new Entry(gatewayId, sessionId, correlationId, new Command().copyFrom(command), sequenced));
    }

    /**
     * Submits every queued command; engine agent thread only.
     *
     * @param agent the pipeline's single producer.
     * @return commands submitted.
     */
    int drainTo(final EngineAgent agent)
    {
        if (toAgent == null)
        {
            toAgent = entry -> agent.submit(entry.gatewayId, entry.sessionId, entry.correlationId, COPY, entry);
        }
        return drain(toAgent);
    }

    /**
     * Submits every queued command straight to a sequencer, for an in-process pipeline without gateways to answer
     * (tests and tools): no outcome is routed back.
     *
     * @param sequencer the pipeline's sequencer; the caller is its single producer.
     * @return commands submitted.
     */
    public int drainTo(final Sequencer sequencer)
    {
        return drain(entry -> sequencer.submit(COPY, entry));
    }

    private int drain(final Consumer<Entry> submit)
    {
        int count = 0;
        Entry entry;
        while ((entry = queue.poll()) != null)
        {
            submit.accept(entry);
            if (entry.sequenced != null)
            {
                entry.sequenced.run();
            }
            count++;
        }
        return count;
    }
}
