package io.resx.gateway.fix;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.text.AsciiKey;
import org.agrona.concurrent.Agent;

import java.util.Map;

/**
 * The gateway's duty cycle: polls the engine's outcome stream, hands each outcome to the
 * {@link OutcomeHandler} and to the L2 books ({@link MarketDataAgent}, which tells {@link MarketData}), learns
 * listings, and runs market data's own work. The only thread that touches order state, the books and market data
 * subscriptions.
 */
final class GatewayAgent implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;

    private final Subscription outcomes;
    private final OutcomeHandler handler;
    private final MarketData marketData;
    private final MarketDataAgent books;
    private final EngineProxy proxy;
    private final Map<String, Listing> listings;
    private final GatewayCodec codec = new GatewayCodec();
    private final Command command = new Command();
    private final EventLog events = new EventLog();
    private final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
    private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
    private final String name;
    private boolean helloSent;

    GatewayAgent(
        final int gatewayId, final Subscription outcomes, final OutcomeHandler handler, final MarketData marketData,
        final MarketDataAgent books, final EngineProxy proxy, final Map<String, Listing> listings)
    {
        this.outcomes = outcomes;
        this.handler = handler;
        this.marketData = marketData;
        this.books = books;
        this.proxy = proxy;
        this.listings = listings;
        this.name = "resx-fix-gateway-" + gatewayId;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (!helloSent && proxy.isConnected() && outcomes.isConnected())
        {
            helloSent = proxy.lane().hello() == null;
            work++;
        }
        work += outcomes.poll(assembler, FRAGMENT_LIMIT);
        work += books.doWork();
        work += marketData.doWork();
        return work;
    }

    private void onFragment(
        final org.agrona.DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        switch (codec.decodeRoute(buffer, offset, length))
        {
            case COMMAND:
                codec.decodeOutcome(buffer, offset, length, command, events);
                handler.onOutcome(codec.gatewayId(), codec.sessionId(), codec.correlationId(), command, events);
                books.onOutcome(command, events);
                break;
            case LISTING:
                codec.listingSymbol(symbol);
                final String text = symbol.toString();
                listings.put(text, new Listing(text, codec.listingTick(), codec.listingLot()));
                books.onListing(text, codec.listingTick(), codec.listingLot());
                break;
            default:
                break;
        }
    }

    @Override
    public void onClose()
    {
        books.onClose();
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
