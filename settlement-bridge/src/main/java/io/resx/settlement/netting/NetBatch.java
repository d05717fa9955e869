package io.resx.settlement.netting;

import java.util.List;

/**
 * A settlement window's trades netted per participant per asset: what one {@code settleBatch} call carries
 * (participants and tokens still by name here; the bridge maps them to addresses). Every list is sorted
 * (participant, then token) so that the same window always gives the same batch.
 *
 * @param batchId    journal sequence of the command of the window's first trade.
 * @param closedAt   journal sequence at which the window closed.
 * @param firstTradeId the window's first trade id.
 * @param lastTradeId  its last trade id.
 * @param tradeCount trades netted.
 * @param grossCash  sum of the trades' notionals (what trade-by-trade settlement would move).
 * @param cash       net cash per participant, summing to zero; zero deltas left out.
 * @param units      net units per token per participant, summing to zero per token; zero deltas left out.
 * @param leases     lease slots assigned, per token, lessor, user and slot.
 * @param trades     the trades netted, in journal order (so a refused batch can be re-cut without some of them).
 * @param journalHead the commands journal's hash-chain head at {@code closedAt} (0 when not known): settleBatch
 *                   carries it so the chain anchors the exchange's history.
 */
public record NetBatch(
    long batchId, long closedAt, long firstTradeId, long lastTradeId, int tradeCount, long grossCash,
    List<CashDelta> cash, List<UnitDelta> units, List<LeaseAssignment> leases, List<Trade> trades,
    long journalHead)
{
    /**
     * @param head the journal's hash-chain head at {@link #closedAt()}.
     * @return a copy carrying it.
     */
    public NetBatch withJournalHead(final long head)
    {
        return new NetBatch(batchId, closedAt, firstTradeId, lastTradeId, tradeCount, grossCash, cash, units, leases,
            trades, head);
    }

    /**
     * @param participant who pays (negative) or receives (positive).
     * @param amount      cash micro-units.
     */
    public record CashDelta(String participant, long amount)
    {
    }

    /**
     * @param token       the ownership (or energy) symbol: one resource token.
     * @param participant who delivers (negative) or receives (positive).
     * @param amount      units, fixed-point (= token base units).
     * @param cashValue   |amount| at the window's volume-weighted price of the token, cash micro-units: what a
     *                    receiver is compensated pro rata when the deliverer fails.
     */
    public record UnitDelta(String token, String participant, long amount, long cashValue)
    {
    }

    /**
     * @param token     the ownership symbol of the leased units.
     * @param lessor    who lets its units.
     * @param user      who may use them for the slot.
     * @param slotStart slot start, epoch seconds.
     * @param slotEnd   slot end, epoch seconds.
     * @param count     whole units.
     */
    public record LeaseAssignment(String token, String lessor, String user, long slotStart, long slotEnd, int count)
    {
    }
}
