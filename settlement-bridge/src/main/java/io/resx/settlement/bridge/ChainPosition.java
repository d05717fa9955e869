package io.resx.settlement.bridge;

/**
 * A log's place in the chain, ordered by block then log index: how the bridge remembers, in the journal, which
 * chain events it has already turned into commands.
 *
 * @param block    block number.
 * @param logIndex index of the log in its block.
 */
public record ChainPosition(long block, long logIndex) implements Comparable<ChainPosition>
{
    /** Before every log. */
    public static final ChainPosition NONE = new ChainPosition(-1, -1);

    /** @return the ClOrdID form, {@code c<block>.<logIndex>}. */
    public String id()
    {
        return "c" + block + "." + logIndex;
    }

    /**
     * @param clOrdId a command's ClOrdID.
     * @return the position it names, or null when it is not a chain event's id.
     */
    public static ChainPosition parse(final CharSequence clOrdId)
    {
        final String text = clOrdId.toString();
        final int dot = text.indexOf('.');
        if (!text.startsWith("c") || dot < 2 || dot == text.length() - 1)
        {
            return null;
        }
        try
        {
            return new ChainPosition(Long.parseLong(text.substring(1, dot)), Long.parseLong(text.substring(dot + 1)));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    @Override
    public int compareTo(final ChainPosition other)
    {
        final int c = Long.compare(block, other.block);
        return c != 0 ? c : Long.compare(logIndex, other.logIndex);
    }
}
