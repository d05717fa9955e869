package io.resx.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.event.EventType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The agents' side of the exchange: encodes their commands as batch lines ({@code new}, {@code bundle},
 * {@code cancel}, admin commands), sends them to the {@link InProcessExchange}, and keeps what a participant can
 * know from the answers: its own open orders and the resting offers and bids it has seen. Trades and lease
 * revocations are handed on to the run, which keeps ownership, leases and the tape.
 */
final class ExchangeProxy
{
    static final String CASH = "CASH";
    static final String COLLATERAL = "COLLATERAL";
    private static final long CENTS = FixedPoint.ONE / 100;

    private final InProcessExchange ex;
    private final Set<String> unitSymbols;
    private final Consumer<SimEvent> marketEvents;
    private final JsonNodeFactory json = JsonNodeFactory.instance;
    private final Map<String, OpenOrder> open = new HashMap<>();
    private final Map<String, List<OpenOrder>> asks = new HashMap<>();
    private final Map<String, List<OpenOrder>> bids = new HashMap<>();
    private final Map<String, Long> deposited = new HashMap<>();
    private final Map<String, Long> withdrawn = new HashMap<>();
    private long nextClOrdId;

    /**
     * @param ex           the exchange.
     * @param unitSymbols  the spectrum ownership symbols (deposits of them count as an agent's units).
     * @param marketEvents told every TRADE and LEASE_REVOKED event, after the order view is updated.
     */
    ExchangeProxy(final InProcessExchange ex, final Set<String> unitSymbols, final Consumer<SimEvent> marketEvents)
    {
        this.ex = ex;
        this.unitSymbols = unitSymbols;
        this.marketEvents = marketEvents;
    }

    /** @return a command line with its {@code cmd} field. */
    ObjectNode cmd(final String name)
    {
        return json.objectNode().put("cmd", name);
    }

    /** @return an admin command line with its {@code cmd} field. */
    ObjectNode admin(final String name)
    {
        return cmd(name).put("admin", true);
    }

    /** @return the events of a command. */
    List<SimEvent> submit(final ObjectNode command)
    {
        return ex.submit(command.toString());
    }

    /** Sends a set-up command that must be accepted. */
    void require(final ObjectNode command)
    {
        ex.require(command.toString());
    }

    /**
     * Withdraws free cash, as the account holder may.
     *
     * @return true when the engine accepted it.
     */
    boolean withdraw(final String account, final long amount)
    {
        final List<SimEvent> events = submit(cmd("withdraw").put("account", account).put("asset", CASH)
            .put("amount", FixedPoint.toString(amount, 6)));
        final boolean accepted = events.get(0).type() == EventType.ACCEPTED;
        if (accepted)
        {
            withdrawn.merge(CASH, amount, Long::sum);
        }
        return accepted;
    }

    /** @return every balance of the account, by asset, from the engine's {@code balances} answer. */
    Map<String, Long> balances(final String account)
    {
        final Map<String, Long> result = new HashMap<>();
        for (final SimEvent e : submit(cmd("balances").put("account", account)))
        {
            if (e.type() == EventType.BALANCE)
            {
                result.put(e.symbol(), e.amount());
            }
        }
        return result;
    }

    /** @return fixed-point amounts deposited per asset (collateral counted as cash). */
    Map<String, Long> deposited()
    {
        return deposited;
    }

    /** @return fixed-point amounts withdrawn per asset. */
    Map<String, Long> withdrawn()
    {
        return withdrawn;
    }

    /** Updates the order view from one event, then hands trades and revocations on. */
    void apply(final SimEvent e)
    {
        switch (e.type())
        {
            case TRADE:
                fill(e.buyAccount(), e.buyClOrdId(), e.qty());
                fill(e.sellAccount(), e.sellClOrdId(), e.qty());
                marketEvents.accept(e);
                break;
            case CANCELLED:
                final OpenOrder o = open.get(e.account() + "/" + e.clOrdId());
                if (o != null)
                {
                    forget(o);
                }
                break;
            case LEASE_REVOKED:
                marketEvents.accept(e);
                break;
            default:
                break;
        }
    }

    private void fill(final String account, final String clOrdId, final long qty)
    {
        final OpenOrder o = open.get(account + "/" + clOrdId);
        if (o != null)
        {
            o.filledQty += qty / FixedPoint.ONE;
            if (o.filledQty >= o.qty)
            {
                forget(o);
            }
        }
    }

    private static double toCash(final long fixed)
    {
        return fixed / (double)FixedPoint.ONE;
    }

    void list(final String symbol)
    {
        require(cmd("list").put("symbol", symbol).put("tick", "0.01").put("lot", "1"));
    }

    /** Lists a lease slot that stops trading at {@code closes} (ISO-8601). */
    void list(final String symbol, final String closes)
    {
        require(cmd("list").put("symbol", symbol).put("tick", "0.01").put("lot", "1").put("closes", closes));
    }

    /**
     * The exchange clock's tick (admin) at {@code time}: books whose gate closure has come close, their idle units
     * under use-it-or-share-it going to their bids first. Every event goes through the order view.
     */
    void tick(final String time)
    {
        final List<SimEvent> events = submit(admin("tick").put("time", time));
        for (int i = 1; i < events.size(); i++)
        {
            apply(events.get(i));
        }
    }

    /** @return resting bids the proxy has seen on a book. */
    int bidCount(final String symbol)
    {
        return bids.getOrDefault(symbol, List.of()).size();
    }

    void deposit(final Agent agent, final String account, final String asset, final double amount)
    {
        final long fixed = asset.equals(CASH) || asset.equals(COLLATERAL) ? Math.round(amount * 100) * CENTS :
            Math.round(amount) * FixedPoint.ONE;
        if (fixed <= 0)
        {
            return;
        }
        require(admin("deposit").put("account", account).put("asset", asset)
            .put("amount", FixedPoint.toString(fixed, 6)));
        deposited.merge(asset.equals(COLLATERAL) ? CASH : asset, fixed, Long::sum);
        if (agent != null)
        {
            if (asset.equals(CASH) || asset.equals(COLLATERAL))
            {
                agent.depositedCash += toCash(fixed);
            }
            else if (unitSymbols.contains(asset))
            {
                agent.depositedUnits += fixed;
            }
        }
    }

    long balance(final String account, final String asset)
    {
        for (final SimEvent e : submit(cmd("balances").put("account", account)))
        {
            if (e.type() == EventType.BALANCE && e.symbol().equals(asset))
            {
                return e.amount();
            }
        }
        return 0;
    }

    /** @return the order while open (or its record once filled), or null when rejected. */
    OpenOrder order(final Agent a, final String symbol, final String side, final double price, final long qty,
        final String tif)
    {
        final String clOrdId = a.id + "-" + (++nextClOrdId);
        final OpenOrder o = new OpenOrder(a, clOrdId, symbol, side, Math.max(1, Math.round(price * 100)) * CENTS, qty);
        final List<SimEvent> events = submit(cmd("new").put("clOrdId", clOrdId).put("account", a.id)
            .put("symbol", symbol).put("side", side).put("tif", tif).put("price", FixedPoint.toString(o.price, 2))
            .put("qty", Long.toString(qty)));
        if (events.get(0).type() != EventType.ACCEPTED)
        {
            a.rejects++;
            return null;
        }
        open.put(a.id + "/" + clOrdId, o);
        if (side.equals("SELL"))
        {
            asks.computeIfAbsent(symbol, k -> new ArrayList<>()).add(o);
        }
        else
        {
            bids.computeIfAbsent(symbol, k -> new ArrayList<>()).add(o);
        }
        for (int i = 1; i < events.size(); i++)
        {
            apply(events.get(i));
        }
        return o;
    }

    boolean bundle(final Agent a, final List<String> symbols, final List<Double> prices, final long lastQty)
    {
        final String clOrdId = a.id + "-" + (++nextClOrdId);
        final ObjectNode c = cmd("bundle").put("clOrdId", clOrdId).put("account", a.id);
        final ArrayNode legs = c.putArray("legs");
        for (int i = 0; i < symbols.size(); i++)
        {
            final boolean energyLeg = symbols.get(i).startsWith("ENRG");
            legs.addObject().put("symbol", symbols.get(i)).put("side", "BUY")
                .put("price", FixedPoint.toString(Math.max(1, Math.round(prices.get(i) * 100)) * CENTS, 2))
                .put("qty", Long.toString(energyLeg ? lastQty : 1));
        }
        final List<SimEvent> events = submit(c);
        if (events.get(0).type() != EventType.ACCEPTED)
        {
            a.rejects++;
            return false;
        }
        boolean traded = false;
        for (int i = 1; i < events.size(); i++)
        {
            traded |= events.get(i).type() == EventType.TRADE;
            apply(events.get(i));
        }
        return traded;
    }

    void cancel(final OpenOrder o)
    {
        final List<SimEvent> events = submit(cmd("cancel").put("clOrdId", o.clOrdId).put("origClOrdId", o.clOrdId)
            .put("account", o.agent.id));
        for (int i = 1; i < events.size(); i++)
        {
            apply(events.get(i));
        }
        forget(o);
    }

    private void forget(final OpenOrder o)
    {
        open.remove(o.agent.id + "/" + o.clOrdId);
        final List<OpenOrder> side = (o.side.equals("SELL") ? asks : bids).get(o.symbol);
        if (side != null)
        {
            side.remove(o);
        }
    }

    double bestAsk(final String symbol, final Agent except)
    {
        double best = Double.MAX_VALUE;
        for (final OpenOrder o : asks.getOrDefault(symbol, List.of()))
        {
            if (o.agent != except && !o.agent.suspended)
            {
                best = Math.min(best, toCash(o.price));
            }
        }
        return best;
    }

    double bestBid(final String symbol)
    {
        double best = 0;
        for (final OpenOrder o : bids.getOrDefault(symbol, List.of()))
        {
            best = Math.max(best, toCash(o.price));
        }
        return best;
    }

    OpenOrder findOwn(final Agent a, final String symbol, final String side)
    {
        for (final OpenOrder o : (side.equals("SELL") ? asks : bids).getOrDefault(symbol, List.of()))
        {
            if (o.agent == a)
            {
                return o;
            }
        }
        return null;
    }

    static String money(final double cash)
    {
        return FixedPoint.toString(Math.round(cash * 100) * CENTS, 2);
    }

    static String decimal(final double value)
    {
        return FixedPoint.toString(Math.round(value * FixedPoint.ONE), 6);
    }
}
