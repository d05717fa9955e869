package io.resx.engine.node;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;


/**
 * The engine's input duty cycle: polls the gateways' Aeron streams and submits each command to the pipeline's
 * {@link Sequencer}. Gateways are many publishers; this agent is the pipeline's single producer, so the
 * sequencer needs no lock. It notes who sent each command in the {@link RouteTable} for the publisher, and
 * answers a gateway's hello with the listings so far. It also drains the {@link TrustedInbox} of in-process
 * commands (the HTTP API's admin endpoints), the one way admin rights reach the engine while it serves.
 */
public final class EngineAgent implements Agent, CommandSubmitter
{
    private static final int FRAGMENT_LIMIT = 64;
    /** Fills a ring slot from the fragment being handled; static so submitting allocates nothing. */
    private static final CommandFiller<EngineAgent> FROM_FRAGMENT = (command, agent) -> agent.decodeInto(command);

    private final Subscription[] inputs;
    private final Publication[] outputs;
    private final Sequencer sequencer;
    private final RouteTable routes;
    private final ListingDirectory listings;
    private final TrustedInbox trusted;
    private final GatewayCodec codec = new GatewayCodec();
    private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
    private final ExpandableArrayBuffer replyBuffer = new ExpandableArrayBuffer(256);
    private DirectBuffer fragment;
    private int fragmentOffset;
    private int fragmentLength;
    private long commandsIn;
    private EpochNanoClock clock;
    private DutyTimer timer;

    /**
     * @param inputs    the gateways' command streams.
     * @param outputs   the outcome publications (to answer hellos).
     * @param sequencer the pipeline's entrance.
     * @param routes    where the sender of each sequenced command is noted.
     * @param listings  what is listed, for hellos.
     * @param trusted   in-process commands that may carry admin rights.
     */
    public EngineAgent(
        final Subscription[] inputs, final Publication[] outputs, final Sequencer sequencer, final RouteTable routes,
        final ListingDirectory listings, final TrustedInbox trusted)
    {
        this.trusted = trusted;
        this.inputs = inputs;
        this.outputs = outputs;
        this.sequencer = sequencer;
        this.routes = routes;
        this.listings = listings;
    }

    /**
     * Lets this agent keep the market's time: it runs the market clock on every duty cycle, with the sequencer's
     * own clock. Call before the agent starts.
     *
     * @param timer the rolling listings and ticks.
     * @param clock the sequencer's clock.
     */
    public void keepTime(final DutyTimer timer, final EpochNanoClock clock)
    {
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public <A> void submit(final CommandFiller<A> filler, final A input)
    {
        submit(0, 0, 0, filler, input);
    }

    @Override
    public int doWork()
    {
        int work = trusted.drainTo(this);
        if (timer != null)
        {
            work += timer.onTime(clock.nanoTime(), this);
        }
        for (final Subscription input : inputs)
        {
            work += input.poll(assembler, FRAGMENT_LIMIT);
        }
        return work;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final GatewayCodec.Kind kind;
        try
        {
            kind = codec.decodeRoute(buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            return; // not a routed ResX message: nobody to answer
        }
        switch (kind)
        {
            case COMMAND:
                fragment = buffer;
                fragmentOffset = offset;
                fragmentLength = length;
                submit(codec.gatewayId(), codec.sessionId(), codec.correlationId(), FROM_FRAGMENT, this);
                commandsIn++;
                break;
            case HELLO:
                answerHello(codec.gatewayId());
                break;
            default:
                break;
        }
    }

    /**
     * Submits one command with its route; also used for the server's own commands before the agent starts.
     *
     * @param gatewayId     sender gateway, 0 for the server itself.
     * @param sessionId     sender session.
     * @param correlationId sender's request id.
     * @param filler        fills the slot.
     * @param input         the filler's input.
     * @param <A>           input type.
     * @return the sequence number given.
     */
    public <A> long submit(
        final int gatewayId, final int sessionId, final long correlationId, final CommandFiller<A> filler,
        final A input)
    {
        routes.put(sequencer.lastSequence() + 1, gatewayId, sessionId, correlationId);
        return sequencer.submit(filler, input);
    }

    private void decodeInto(final Command command)
    {
        codec.decodeCommand(fragment, fragmentOffset, fragmentLength, command);
        GatewayScreen.screen(command);
    }

    private void answerHello(final int gatewayId)
    {
        for (final ListingDirectory.Entry entry : listings.entries())
        {
            final int length = codec.encodeListing(replyBuffer, 0, gatewayId, entry.symbol(), entry.tick(),
                entry.lot(), entry.closeNs(), entry.endNs(), entry.closed());
            for (final Publication output : outputs)
            {
                long result;
                do
                {
                    result = output.offer(replyBuffer, 0, length);
                }
                while (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION);
            }
        }
    }


    /** @return commands taken from gateways. */
    public long commandsIn()
    {
        return commandsIn;
    }

    @Override
    public String roleName()
    {
        return "resx-engine-input";
    }
}
