package io.resx.perf.workload;

import java.util.Locale;

/**
 * A generated plan and what is needed to run it: an engine built exactly like the generator's shadow engine
 * replays the plan with the same outcomes, pass after pass.
 *
 * @param spec      the shape it was generated from.
 * @param plan      the commands.
 * @param counts    commands per {@link MixCategory}, indexed by ordinal.
 * @param peakOpen  most orders open at once during a pass.
 */
public record MixWorkload(MixSpec spec, CommandPlan plan, long[] counts, int peakOpen)
{
    /**
     * @param spec the shape of the mix.
     * @return the generated workload.
     */
    public static MixWorkload generate(final MixSpec spec)
    {
        return MixGenerator.generate(spec);
    }

    /** @return a fresh engine in the state the plan starts from: instruments listed, accounts open, books empty. */
    public EngineFixture newFixture()
    {
        return newFixture(false);
    }

    /**
     * @param withRisk true for an engine with the clearing risk stage and funded accounts.
     * @return a fresh engine with the plan's instruments and accounts, sized for its peak of open orders.
     */
    public EngineFixture newFixture(final boolean withRisk)
    {
        return new EngineFixture(spec.instruments(), spec.accounts(), peakOpen + peakOpen / 4, withRisk);
    }

    /** @return one line per category with its count and share of the plan. */
    public String describe()
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "plan: %,d commands over %,d instruments, %,d accounts, peak %,d open%n",
            plan.size(), spec.instruments(), spec.accounts(), peakOpen));
        for (final MixCategory category : MixCategory.values())
        {
            final long count = counts[category.ordinal()];
            out.append(String.format(Locale.ROOT, "  %-12s %,10d  %5.1f%%%n", category, count,
                100.0 * count / plan.size()));
        }
        return out.toString();
    }
}
