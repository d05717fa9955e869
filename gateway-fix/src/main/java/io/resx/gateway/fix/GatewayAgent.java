package io.resx.gateway.fix;

import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.OutcomeAdapter;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import org.agrona.concurrent.Agent;

/**
 * The gateway's duty cycle: says hello to the engine once both streams are connected (it answers with every
 * listing), polls the engine's outcomes through gateway-common's {@link OutcomeAdapter} (which hands them, gaps
 * filled from the events queue, to the {@link FixOutcomeHandler}, which feeds the L2 books of the
 * {@link MarketDataAgent} too), and runs the books' and market data's own work. The only thread that touches order
 * state, the books and market data subscriptions.
 */
final class GatewayAgent implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;

    private final OutcomeAdapter outcomes;
    private final MarketData marketData;
    private final MarketDataAgent books;
    private final EngineProxy proxy;
    private final String name;
    private boolean helloSent;

    GatewayAgent(
        final int gatewayId, final OutcomeAdapter outcomes, final MarketData marketData,
        final MarketDataAgent books, final EngineProxy proxy)
    {
        this.outcomes = outcomes;
        this.marketData = marketData;
        this.books = books;
        this.proxy = proxy;
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
        work += outcomes.poll(FRAGMENT_LIMIT);
        work += books.doWork();
        work += marketData.doWork();
        return work;
    }

    @Override
    public void onClose()
    {
        outcomes.close();
        books.onClose();
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
