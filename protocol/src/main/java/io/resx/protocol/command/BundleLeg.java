package io.resx.protocol.command;

import io.resx.protocol.text.AsciiKey;

/** One leg of a bundle: an instrument, a side, a limit price and a quantity, all fixed-point. */
public final class BundleLeg
{
    private final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
    private Side side = Side.BUY;
    private long price;
    private long qty;

    /** @return the leg's instrument symbol. */
    public AsciiKey symbol()
    {
        return symbol;
    }

    /** @return the leg's side. */
    public Side side()
    {
        return side;
    }

    /** @return the leg's limit price, fixed-point. */
    public long price()
    {
        return price;
    }

    /** @return the leg's quantity, fixed-point. */
    public long qty()
    {
        return qty;
    }

    /**
     * @param side     leg side.
     * @param priceFp  limit price, fixed-point.
     * @param qtyFp    quantity, fixed-point.
     * @return this leg.
     */
    public BundleLeg set(final Side side, final long priceFp, final long qtyFp)
    {
        this.side = side;
        this.price = priceFp;
        this.qty = qtyFp;
        return this;
    }

    /**
     * @param other leg to copy.
     */
    public void copyFrom(final BundleLeg other)
    {
        symbol.set(other.symbol);
        side = other.side;
        price = other.price;
        qty = other.qty;
    }
}
