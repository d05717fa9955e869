package io.resx.perf.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A book as price levels in the peer's integer units (price ticks, size lots), best first per side: what both
 * engines are compared on, level for level (price, total size and order count).
 *
 * @param asks ask levels, lowest price first.
 * @param bids bid levels, highest price first.
 */
record L2Book(List<Level> asks, List<Level> bids)
{
    /**
     * One price level.
     *
     * @param price  price in ticks.
     * @param volume open size in lots.
     * @param orders orders resting at the level.
     */
    record Level(long price, long volume, long orders)
    {
    }

    /**
     * Reads the peer's dump ({@code margin-final-l2.txt}: exchange-core's {@code L2MarketData.toString()}).
     *
     * @param file the dump.
     * @return the book.
     * @throws IOException when unreadable or not such a dump.
     */
    static L2Book readDump(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        final long[] askPrices = array(text, "askPrices");
        final long[] askVolumes = array(text, "askVolumes");
        final long[] askOrders = array(text, "askOrders");
        final long[] bidPrices = array(text, "bidPrices");
        final long[] bidVolumes = array(text, "bidVolumes");
        final long[] bidOrders = array(text, "bidOrders");
        return new L2Book(levels(askPrices, askVolumes, askOrders), levels(bidPrices, bidVolumes, bidOrders));
    }

    /**
     * @param other another book.
     * @return null when equal level for level, else the first difference in words.
     */
    String firstDifference(final L2Book other)
    {
        final String askDifference = firstDifference("ask", asks, other.asks);
        return askDifference != null ? askDifference : firstDifference("bid", bids, other.bids);
    }

    /** @return levels per side, e.g. "265 ask / 253 bid levels". */
    String describe()
    {
        return asks.size() + " ask / " + bids.size() + " bid levels";
    }

    private static String firstDifference(final String side, final List<Level> mine, final List<Level> theirs)
    {
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++)
        {
            if (!mine.get(i).equals(theirs.get(i)))
            {
                return side + " level " + (i + 1) + ": " + mine.get(i) + " vs " + theirs.get(i);
            }
        }
        return mine.size() == theirs.size() ? null : side + " levels: " + mine.size() + " vs " + theirs.size();
    }

    private static List<Level> levels(final long[] prices, final long[] volumes, final long[] orders)
    {
        final List<Level> levels = new ArrayList<>(prices.length);
        for (int i = 0; i < prices.length; i++)
        {
            levels.add(new Level(prices[i], volumes[i], orders[i]));
        }
        return levels;
    }

    private static long[] array(final String text, final String name) throws IOException
    {
        final Matcher matcher = Pattern.compile(name + "=\\[([0-9, ]*)]").matcher(text);
        if (!matcher.find())
        {
            throw new IOException("no " + name + " in the book dump");
        }
        final String body = matcher.group(1).trim();
        if (body.isEmpty())
        {
            return new long[0];
        }
        final String[] parts = body.split(",\\s*");
        final long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            values[i] = Long.parseLong(parts[i].trim());
        }
        return values;
    }
}
