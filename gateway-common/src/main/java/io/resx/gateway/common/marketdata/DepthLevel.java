package io.resx.gateway.common.marketdata;

/** One price level of an {@link L2Book}: the open quantity resting at a price and how many orders make it up. */
public final class DepthLevel
{
    private final long price;
    private long qty;
    private int orders;

    DepthLevel(final long price)
    {
        this.price = price;
    }

    /** @return the level's price, fixed-point. */
    public long price()
    {
        return price;
    }

    /** @return open quantity at this price, fixed-point; 0 once the level is gone. */
    public long qty()
    {
        return qty;
    }

    /** @return resting orders at this price. */
    public int orders()
    {
        return orders;
    }

    void add(final long openQty)
    {
        qty += openQty;
        orders++;
    }

    void reduce(final long filledQty)
    {
        qty -= filledQty;
    }

    void remove(final long openQty)
    {
        qty -= openQty;
        orders--;
    }

    boolean isEmpty()
    {
        return orders == 0;
    }
}
