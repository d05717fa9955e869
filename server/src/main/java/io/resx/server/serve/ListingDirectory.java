package io.resx.server.serve;

import io.resx.protocol.text.AsciiKey;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instruments listed so far, learned from accepted LIST outcomes (live or replayed) by the publisher, read
 * by the engine agent to answer a gateway's hello. The only state shared between those two threads.
 */
final class ListingDirectory
{
    /** One listed instrument. */
    record Entry(AsciiKey symbol, long tick, long lot)
    {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void add(final AsciiKey symbol, final long tick, final long lot)
    {
        final String key = symbol.toString();
        entries.put(key, new Entry(AsciiKey.of(key), tick, lot));
    }

    Iterable<Entry> entries()
    {
        return entries.values();
    }

    int size()
    {
        return entries.size();
    }
}
