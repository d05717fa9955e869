package io.resx.gateway.common.positions;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every account's position in every instrument it traded, with its average cost and realised P&amp;L, from the
 * engine's TRADE events; unrealised P&amp;L is marked at the instrument's last trade price. Fed like the order
 * tracker: {@link #apply} with each outcome in sequence order, the {@code events} queue first, so it is complete
 * across restarts.
 * <p>
 * Method: average cost, as Coinbase and Kraken report it. A trade that adds to a position (or opens one) moves the
 * average cost to the quantity-weighted mean of the old cost and the trade price; one that reduces it realises
 * {@code closed qty × (price − average cost)} (sign-adjusted for a short) and leaves the average cost unchanged; one
 * that crosses zero closes the whole position and opens the rest at the trade price. Fees are not counted (the
 * engine charges none on a trade). Arithmetic is exact decimal except the average cost's division, kept to 34
 * significant digits; outputs are rounded half-even to the cash token's 6 decimals.
 * <p>
 * Memory: one entry per account and instrument ever traded (a position closed to zero stays, with its realised
 * P&amp;L). One writer (the gateway's agent thread); any thread may read (the book's lock; reads return copies).
 */
public final class PositionBook
{
    /** Decimals of P&amp;L and average cost: the cash token's. */
    public static final int CASH_DECIMALS = 6;
    private static final MathContext CONTEXT = MathContext.DECIMAL128;

    /**
     * One account's position in one instrument, at a moment.
     *
     * @param account       the account.
     * @param symbol        the instrument.
     * @param position      net quantity, positive long, negative short.
     * @param avgCost       average cost per unit of the open position; 0 when flat.
     * @param realisedPnl   P&amp;L realised by reducing trades, in cash.
     * @param lastPrice     the instrument's last trade price, or null before any.
     * @param unrealisedPnl {@code position × (lastPrice − avgCost)}, 0 without a last price.
     * @param qtyDecimals   decimals of the instrument's lot, for printing.
     * @param priceDecimals decimals of the instrument's tick, for printing.
     */
    public record Position(String account, String symbol, BigDecimal position, BigDecimal avgCost,
        BigDecimal realisedPnl, BigDecimal lastPrice, BigDecimal unrealisedPnl, int qtyDecimals, int priceDecimals)
    {
    }

    /** The running state of one account in one instrument. */
    private static final class Holding
    {
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal avgCost = BigDecimal.ZERO;
        BigDecimal realised = BigDecimal.ZERO;
        int qtyDecimals;
        int priceDecimals;

        void trade(final BigDecimal signedQty, final BigDecimal price)
        {
            final int held = position.signum();
            if (held == 0 || held == signedQty.signum())
            {
                final BigDecimal newPosition = position.add(signedQty);
                avgCost = position.abs().multiply(avgCost).add(signedQty.abs().multiply(price))
                    .divide(newPosition.abs(), CONTEXT);
                position = newPosition;
                return;
            }
            final BigDecimal closed = position.abs().min(signedQty.abs());
            realised = realised.add(closed.multiply(price.subtract(avgCost)).multiply(BigDecimal.valueOf(held)));
            position = position.add(signedQty);
            if (position.signum() == 0)
            {
                avgCost = BigDecimal.ZERO;
            }
            else if (position.signum() != held)
            {
                avgCost = price; // crossed zero: the rest is a new position opened at this trade
            }
        }
    }

    private final Map<String, TreeMap<String, Holding>> accounts = new HashMap<>();
    private final Map<String, Set<String>> holders = new HashMap<>();
    private final Map<String, BigDecimal> lastPrice = new HashMap<>();

    /**
     * Applies every TRADE of one outcome.
     *
     * @param command the command as sequenced (unused but for symmetry with the order tracker).
     * @param events  what it caused.
     */
    public synchronized void apply(final Command command, final EventLog events)
    {
        for (int i = 1; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            if (event.type() == EventType.TRADE)
            {
                onTrade(event.buyAccount().toString(), event.sellAccount().toString(), event.symbol().toString(),
                    event.price(), event.qty(), event.priceDecimals(), event.qtyDecimals());
            }
        }
    }

    /**
     * Applies one trade.
     *
     * @param buyer         the buying account.
     * @param seller        the selling account.
     * @param symbol        the instrument.
     * @param priceFixed    its price, fixed-point.
     * @param qtyFixed      its quantity, fixed-point.
     * @param priceDecimals the instrument's tick decimals.
     * @param qtyDecimals   the instrument's lot decimals.
     */
    public synchronized void onTrade(final String buyer, final String seller, final String symbol,
        final long priceFixed, final long qtyFixed, final int priceDecimals, final int qtyDecimals)
    {
        final BigDecimal price = BigDecimal.valueOf(priceFixed, FixedPoint.SCALE);
        final BigDecimal qty = BigDecimal.valueOf(qtyFixed, FixedPoint.SCALE);
        holding(buyer, symbol, priceDecimals, qtyDecimals).trade(qty, price);
        holding(seller, symbol, priceDecimals, qtyDecimals).trade(qty.negate(), price);
        lastPrice.put(symbol, price);
    }

    private Holding holding(final String account, final String symbol, final int priceDecimals,
        final int qtyDecimals)
    {
        final Holding holding = accounts.computeIfAbsent(account, a -> new TreeMap<>())
            .computeIfAbsent(symbol, s -> new Holding());
        holding.priceDecimals = priceDecimals;
        holding.qtyDecimals = qtyDecimals;
        holders.computeIfAbsent(symbol, s -> new HashSet<>()).add(account);
        return holding;
    }

    /**
     * @param account an account.
     * @return its positions, by symbol, including flat ones with realised P&amp;L.
     */
    public synchronized List<Position> positions(final String account)
    {
        final List<Position> out = new ArrayList<>();
        final TreeMap<String, Holding> held = accounts.get(account);
        if (held != null)
        {
            held.forEach((symbol, h) ->
            {
                final BigDecimal last = lastPrice.get(symbol);
                final BigDecimal unrealised = last == null ? BigDecimal.ZERO :
                    h.position.multiply(last.subtract(h.avgCost));
                out.add(new Position(account, symbol, h.position, cash(h.avgCost), cash(h.realised), last,
                    cash(unrealised), h.qtyDecimals, h.priceDecimals));
            });
        }
        return out;
    }

    /**
     * @param symbol an instrument.
     * @return the accounts that ever traded it (their unrealised P&amp;L moves with its last price).
     */
    public synchronized Set<String> holders(final String symbol)
    {
        final Set<String> out = holders.get(symbol);
        return out == null ? Set.of() : Set.copyOf(out);
    }

    private static BigDecimal cash(final BigDecimal value)
    {
        return value.setScale(CASH_DECIMALS, RoundingMode.HALF_EVEN);
    }
}
