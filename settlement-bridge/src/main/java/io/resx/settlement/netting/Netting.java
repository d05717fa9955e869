package io.resx.settlement.netting;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Nets a window's trades per participant per asset. A trade moves its notional (price × qty, truncated to a
 * micro-unit, as the engine's ledger does) from buyer to seller; an ownership or energy trade moves its units
 * from seller to buyer; a lease-slot trade moves only its rent in cash and becomes a lease assignment of
 * {@code qty} whole units of the slot's ownership token from lessor (seller) to user (buyer). Accounts map to
 * participants (wallets) by a function, so several accounts of one owner net together.
 */
public final class Netting
{
    private final Function<String, String> participantOf;

    /**
     * @param participantOf account id → participant (wallet) name; must be defined for every traded account.
     */
    public Netting(final Function<String, String> participantOf)
    {
        this.participantOf = participantOf;
    }

    /**
     * @param walletOf account id → wallet, or null when the account has none.
     * @return netting by wallet that never throws for an account without one: it becomes the participant
     *         {@code unmapped:ACCOUNT}, whose trades the bridge refuses ({@code NoWallet}) instead of stopping.
     */
    public static Netting byWallet(final Function<String, String> walletOf)
    {
        return new Netting(account ->
        {
            final String wallet = walletOf.apply(account);
            return wallet == null ? "unmapped:" + account : wallet;
        });
    }

    /** @return netting where every account is its own participant. */
    public static Netting perAccount()
    {
        return new Netting(Function.identity());
    }

    /**
     * @param window a closed window (at least one trade).
     * @return its net batch.
     * @throws IllegalArgumentException for a lease trade of a fractional quantity or an unmapped account.
     */
    public NetBatch net(final SettlementWindows.Window window)
    {
        final List<Trade> trades = window.trades();
        if (trades.isEmpty())
        {
            throw new IllegalArgumentException("window " + window.batchId() + " has no trades");
        }
        final Map<String, Long> cash = new TreeMap<>();
        final Map<String, Map<String, Long>> units = new TreeMap<>();
        final Map<String, long[]> volume = new TreeMap<>(); // token → {notional, qty} for its average price
        final Map<LeaseKey, Long> leases = new TreeMap<>();
        long gross = 0;
        for (final Trade trade : trades)
        {
            final String buyer = participant(trade.buyAccount());
            final String seller = participant(trade.sellAccount());
            final long notional = trade.notional();
            gross = Math.addExact(gross, notional);
            cash.merge(buyer, -notional, Math::addExact);
            cash.merge(seller, notional, Math::addExact);
            final InstrumentSymbol symbol = InstrumentSymbol.parse(trade.symbol());
            if (symbol.isLease())
            {
                if (trade.qty() % FixedPoint.ONE != 0)
                {
                    throw new IllegalArgumentException("lease trade " + trade.tradeId() + " on " + trade.symbol() +
                        " is for " + FixedPoint.toString(trade.qty(), 6) + " units: a lease lot is one whole unit");
                }
                final LeaseKey key = new LeaseKey(symbol.ownershipSymbol().toString(), seller, buyer,
                    symbol.slotStart().getEpochSecond(), symbol.slotEnd().getEpochSecond());
                leases.merge(key, trade.qty() / FixedPoint.ONE, Math::addExact);
            }
            else
            {
                final Map<String, Long> token = units.computeIfAbsent(trade.symbol(), t -> new TreeMap<>());
                token.merge(buyer, trade.qty(), Math::addExact);
                token.merge(seller, -trade.qty(), Math::addExact);
                final long[] v = volume.computeIfAbsent(trade.symbol(), t -> new long[2]);
                v[0] = Math.addExact(v[0], notional);
                v[1] = Math.addExact(v[1], trade.qty());
            }
        }
        final List<NetBatch.CashDelta> cashDeltas = new ArrayList<>();
        cash.forEach((participant, amount) ->
        {
            if (amount != 0)
            {
                cashDeltas.add(new NetBatch.CashDelta(participant, amount));
            }
        });
        final List<NetBatch.UnitDelta> unitDeltas = new ArrayList<>();
        units.forEach((token, byParticipant) ->
        {
            final long[] v = volume.get(token);
            byParticipant.forEach((participant, amount) ->
            {
                if (amount != 0)
                {
                    final long value = BigInteger.valueOf(Math.abs(amount)).multiply(BigInteger.valueOf(v[0]))
                        .divide(BigInteger.valueOf(v[1])).longValueExact();
                    unitDeltas.add(new NetBatch.UnitDelta(token, participant, amount, value));
                }
            });
        });
        final List<NetBatch.LeaseAssignment> assignments = new ArrayList<>();
        leases.forEach((key, count) -> assignments.add(new NetBatch.LeaseAssignment(key.token, key.lessor, key.user,
            key.slotStart, key.slotEnd, Math.toIntExact(count))));
        return new NetBatch(window.batchId(), window.closedAt(), trades.get(0).tradeId(),
            trades.get(trades.size() - 1).tradeId(), trades.size(), gross, List.copyOf(cashDeltas),
            List.copyOf(unitDeltas), List.copyOf(assignments), List.copyOf(trades), 0);
    }

    private String participant(final String account)
    {
        final String participant = participantOf.apply(account);
        if (participant == null)
        {
            throw new IllegalArgumentException("account " + account + " has no settlement participant (wallet)");
        }
        return participant;
    }

    private record LeaseKey(String token, String lessor, String user, long slotStart, long slotEnd)
        implements Comparable<LeaseKey>
    {
        @Override
        public int compareTo(final LeaseKey o)
        {
            int c = token.compareTo(o.token);
            c = c != 0 ? c : lessor.compareTo(o.lessor);
            c = c != 0 ? c : user.compareTo(o.user);
            c = c != 0 ? c : Long.compare(slotStart, o.slotStart);
            return c != 0 ? c : Long.compare(slotEnd, o.slotEnd);
        }
    }
}
