package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Side;

/**
 * What {@link BookBuilder} tells about each outcome, in this order: the trades it caused, one by one; then every
 * price level whose quantity or order count it changed, with the level's new state (CME MDP-style incremental by
 * price level: a level is new, changed or, with quantity 0, deleted); then once per book it touched,
 * {@link #onBookUpdated}. Called on the thread that applies outcomes; must not block it.
 */
public interface MarketDataListener
{
    /** Hears nothing: for a builder read only at the end (an audit). */
    MarketDataListener NONE = new MarketDataListener()
    {
    };

    /**
     * @param book      the book traded.
     * @param tradeId   the engine's trade id.
     * @param price     trade price, fixed-point.
     * @param qty       trade quantity, fixed-point.
     * @param aggressor the incoming order's side.
     * @param sequence  the command's sequence.
     * @param timestampNs the command's sequencer time.
     */
    default void onTrade(final L2Book book, final long tradeId, final long price, final long qty, final Side aggressor,
        final long sequence, final long timestampNs)
    {
    }

    /**
     * @param book   the book.
     * @param side   the level's side.
     * @param price  the level's price, fixed-point.
     * @param qty    open quantity now at that price, fixed-point; 0: the level is gone.
     * @param orders orders now resting at that price.
     */
    default void onLevel(final L2Book book, final Side side, final long price, final long qty, final int orders)
    {
    }

    /**
     * The outcome's changes to this book are all told: the book is consistent again.
     *
     * @param book the book, as of the outcome's sequence.
     */
    default void onBookUpdated(final L2Book book)
    {
    }
}
