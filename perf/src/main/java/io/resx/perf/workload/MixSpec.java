package io.resx.perf.workload;

/**
 * The shape of a generated mix.
 *
 * @param instruments    instruments (books).
 * @param accounts       accounts, each with its own owner.
 * @param mixCommands    commands in the random middle of the plan (seed and teardown come on top).
 * @param seedLevels     price levels per side each book starts with.
 * @param ordersPerLevel orders per seeded level.
 * @param rngSeed        seed of the generator's random numbers: same seed, same plan.
 */
public record MixSpec(int instruments, int accounts, int mixCommands, int seedLevels, int ordersPerLevel, long rngSeed)
{
    /** Instruments in the standard mix. */
    public static final int STANDARD_INSTRUMENTS = 1_000;
    /** Accounts in the standard mix. */
    public static final int STANDARD_ACCOUNTS = 200;
    /** Commands in the random part of the standard mix. */
    public static final int STANDARD_MIX_COMMANDS = 2_000_000;
    /** Seed of the standard mix. */
    public static final long STANDARD_SEED = 20261125L;

    /**
     * @param mixCommands commands in the random middle of the plan.
     * @return the standard mix: 1,000 instruments, 200 accounts, books 10 levels deep with 2 orders a level.
     */
    public static MixSpec standard(final int mixCommands)
    {
        return new MixSpec(STANDARD_INSTRUMENTS, STANDARD_ACCOUNTS, mixCommands, 10, 2, STANDARD_SEED);
    }

    /** @return resting orders right after the seed phase. */
    public int seedOrders()
    {
        return instruments * 2 * seedLevels * ordersPerLevel;
    }
}
