package io.resx.simulation;

/** An order as its owner sees it. */
final class OpenOrder
{
    final Agent agent;
    final String clOrdId;
    final String symbol;
    final String side;
    final long price;
    final long qty;
    long filledQty;

    OpenOrder(final Agent agent, final String clOrdId, final String symbol, final String side, final long price,
        final long qty)
    {
        this.agent = agent;
        this.clOrdId = clOrdId;
        this.symbol = symbol;
        this.side = side;
        this.price = price;
        this.qty = qty;
    }
}
