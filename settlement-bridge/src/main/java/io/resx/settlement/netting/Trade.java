package io.resx.settlement.netting;

import java.util.Objects;

/**
 * One trade as the engine published it, with what netting needs: the journal sequence and sequencer time of the
 * command that caused it (they drive the settlement window, so netting is the same on every replay), the
 * instrument, fixed-point price and quantity (6 decimals, {@link io.resx.protocol.FixedPoint}) and the accounts
 * on both sides.
 *
 * @param sequence    journal sequence of the command that caused the trade.
 * @param timestampNs that command's sequencer time, nanoseconds since the epoch.
 * @param tradeId     the engine's trade id.
 * @param symbol      the instrument: an ownership/energy symbol or a lease slot.
 * @param price       cash per unit, fixed-point.
 * @param qty         units, fixed-point.
 * @param buyAccount  the buyer (for a lease: the lessee).
 * @param sellAccount the seller (for a lease: the lessor).
 */
public record Trade(
    long sequence, long timestampNs, long tradeId, String symbol, long price, long qty, String buyAccount,
    String sellAccount)
{
    /** Checks the fields. */
    public Trade
    {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(buyAccount, "buyAccount");
        Objects.requireNonNull(sellAccount, "sellAccount");
        if (sequence < 1 || price <= 0 || qty <= 0)
        {
            throw new IllegalArgumentException("trade " + tradeId + " of sequence " + sequence +
                ": sequence, price and qty must be positive (price " + price + ", qty " + qty + ")");
        }
    }

    /**
     * @return what the buyer pays: price × qty in cash micro-units, truncated below one micro-unit — exactly what
     *         the engine's ledger moves at the trade.
     */
    public long notional()
    {
        return io.resx.protocol.Notional.of(price, qty);
    }
}
