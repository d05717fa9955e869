package io.resx.gateway.common.orders;

import io.resx.protocol.command.Side;

/**
 * One side of one trade, as its account sees it. Prices and quantities are fixed-point; the decimals are the
 * instrument's, for printing.
 *
 * @param sequence      the sequence of the command that caused the trade.
 * @param tradeId       the engine's trade id.
 * @param orderId       the order filled.
 * @param clOrdId       its ClOrdID at the trade.
 * @param account       its account.
 * @param symbol        the instrument traded.
 * @param side          this account's side.
 * @param price         the trade's price.
 * @param qty           the trade's quantity.
 * @param taker         whether this side was the aggressor.
 * @param timestampNs   the command's sequencer stamp, epoch nanoseconds.
 * @param priceDecimals decimals of the instrument's tick.
 * @param qtyDecimals   decimals of the instrument's lot.
 */
public record Fill(
    long sequence, long tradeId, long orderId, String clOrdId, String account, String symbol, Side side, long price,
    long qty, boolean taker, long timestampNs, int priceDecimals, int qtyDecimals)
{
}
