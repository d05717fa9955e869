package io.resx.engine.recovery;

import io.resx.engine.matching.EngineStateCodec;
import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.state.StateFormatException;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.replay.ChainHash;
import io.resx.replay.JournalException;
import io.resx.replay.Snapshot;
import io.resx.risk.AccountRegistry;
import io.resx.risk.AccountRegistryCodec;
import io.resx.risk.ClearingRisk;
import io.resx.risk.ClearingRiskCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's whole state as snapshot sections, one per state owner, in the order they are restored:
 * {@code accounts} ({@link AccountRegistryCodec}: owners, groups, accounts, their limits and switches), then
 * {@code risk} ({@link ClearingRiskCodec}: assets, balances, locks, caps, lease obligations) when the engine's
 * risk stage is a {@link ClearingRisk}, then {@code engine} ({@link EngineStateCodec}: books, resting orders in
 * queue order, id counters). A new state owner adds its section here with its own codec and version; the
 * snapshot file format does not change.
 * <p>
 * The factory decides the risk stage: an engine it builds with a {@link ClearingRisk} is restored only from a
 * snapshot with a {@code risk} section, and one without from a snapshot without, so that a snapshot never
 * silently restores balances into an engine that ignores them, or an engine that checks balances with none.
 * <p>
 * Call only on the thread that owns the engine, or on a stopped one.
 */
public final class EngineState
{
    private final StateWriter accounts = new StateWriter(1 << 12);
    private final StateWriter risk = new StateWriter(1 << 14);
    private final StateWriter engine = new StateWriter(1 << 16);

    /**
     * @param matchingEngine the engine, with its registry.
     * @return its sections, valid until the next capture with this instance.
     */
    public Map<String, Snapshot.Section> capture(final MatchingEngine matchingEngine)
    {
        accounts.reset();
        risk.reset();
        engine.reset();
        AccountRegistryCodec.write(matchingEngine.accounts(), accounts);
        EngineStateCodec.write(matchingEngine, engine);
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>();
        sections.put(AccountRegistryCodec.SECTION,
            new Snapshot.Section(AccountRegistryCodec.VERSION, accounts.buffer(), 0, accounts.length()));
        if (matchingEngine.risk() instanceof ClearingRisk clearingRisk)
        {
            ClearingRiskCodec.write(clearingRisk, risk);
            sections.put(ClearingRiskCodec.SECTION,
                new Snapshot.Section(ClearingRiskCodec.VERSION, risk.buffer(), 0, risk.length()));
        }
        sections.put(EngineStateCodec.SECTION,
            new Snapshot.Section(EngineStateCodec.VERSION, engine.buffer(), 0, engine.length()));
        return sections;
    }

    /**
     * A digest of the engine's whole state: equal digests mean equal snapshots, so tests and operators can
     * compare a recovered engine with a clean replay.
     *
     * @param matchingEngine the engine.
     * @return a 64-bit digest of its sections.
     */
    public long digest(final MatchingEngine matchingEngine)
    {
        return digestOf(capture(matchingEngine));
    }

    /**
     * @param sections an engine's sections, as {@link #capture} gives them (for a snapshot just taken).
     * @return the same digest as {@link #digest(MatchingEngine)} of that engine.
     */
    public static long digestOf(final Map<String, Snapshot.Section> sections)
    {
        final ChainHash hash = new ChainHash(0, 0);
        long digest = ChainHash.GENESIS;
        for (final Snapshot.Section section : sections.values())
        {
            digest = hash.hash(digest, section.bytes(), section.offset(), section.length());
        }
        return digest;
    }

    /**
     * @param snapshot a snapshot read from its file.
     * @param factory  builds the engine (and its risk stage) over the restored registry.
     * @return a new engine in the snapshot's state.
     * @throws JournalException ({@link JournalException.Kind#SNAPSHOT}) when a section is missing, of another
     *                          version or malformed, or when the snapshot has a {@code risk} section exactly
     *                          when the factory's engines have no {@link ClearingRisk}.
     */
    public static MatchingEngine restore(final Snapshot snapshot, final EngineFactory factory)
    {
        try
        {
            final Snapshot.Section accountSection = snapshot.section(AccountRegistryCodec.SECTION);
            final StateReader accountReader = reader(AccountRegistryCodec.SECTION, accountSection);
            final AccountRegistry registry = AccountRegistryCodec.read(accountSection.version(), accountReader);
            accountReader.expectEnd();

            final MatchingEngine created = factory.create(registry);
            final Snapshot.Section riskSection = snapshot.sections().get(ClearingRiskCodec.SECTION);
            if (created.risk() instanceof ClearingRisk clearingRisk)
            {
                final StateReader riskReader = reader(ClearingRiskCodec.SECTION,
                    snapshot.section(ClearingRiskCodec.SECTION));
                ClearingRiskCodec.read(riskSection.version(), riskReader, clearingRisk);
                riskReader.expectEnd();
            }
            else if (riskSection != null)
            {
                throw new JournalException(JournalException.Kind.SNAPSHOT, "snapshot " + snapshot.file() +
                    " holds a '" + ClearingRiskCodec.SECTION + "' section, but this engine runs without the " +
                    "clearing risk stage");
            }

            final Snapshot.Section engineSection = snapshot.section(EngineStateCodec.SECTION);
            final StateReader engineReader = reader(EngineStateCodec.SECTION, engineSection);
            final MatchingEngine engine = EngineStateCodec.read(engineSection.version(), engineReader, registry,
                created);
            engineReader.expectEnd();
            return engine;
        }
        catch (final StateFormatException ex)
        {
            throw new JournalException(JournalException.Kind.SNAPSHOT, "snapshot " + snapshot.file() + ": " +
                ex.getMessage(), ex);
        }
    }

    private static StateReader reader(final String name, final Snapshot.Section section)
    {
        return new StateReader("snapshot section '" + name + "'")
            .wrap(section.bytes(), section.offset(), section.length());
    }
}
