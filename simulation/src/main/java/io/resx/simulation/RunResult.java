package io.resx.simulation;

import java.util.List;

/**
 * What one run measured. Definitions are in docs/SIMULATION.md; money in cash units.
 *
 * @param scenario          scenario name.
 * @param seed              its seed in this run.
 * @param scarcity          its demand/supply ratio.
 * @param config            the run.
 * @param utilization       used unit-slots / available unit-slots.
 * @param servedShare       secondary demand (SU and VIO unit-slots) served / requested.
 * @param puServedShare     primary users' own needs served / needed.
 * @param welfare           values served minus operating costs of used unit-slots.
 * @param leasePrice        volume-weighted mean price of spectrum lease trades, 0 if none.
 * @param ownershipPrice    volume-weighted mean price of spectrum ownership trades, 0 if none.
 * @param volatility        standard deviation of slot-to-slot log changes of the lease VWAP.
 * @param puRevenue         cash primary users received for leases and sales.
 * @param honestOwnerIncome cash the primary users outside a cartel end with (leases and sales, net of the
 *                          use-it-or-share-it share): what the rule may cost owners who do not withhold.
 * @param attackerWealth    the attack's agents' wealth (see docs), 0 without attack.
 * @param honestWealth      all other agents' wealth.
 * @param honestDefaultLoss cash honest counterparties were owed by defaulters and never got, plus rent paid for
 *                          leases that were never delivered.
 * @param defaults          defaults declared (settlementFailed commands).
 * @param fundCovered       what the default fund paid.
 * @param collateralCovered what defaulters' collateral paid.
 * @param doubleUse         unit-slots claimed by two users (an invariant: must be 0).
 * @param conservationError |cash in the ledger − cash deposited + withdrawn| plus the same for every unit asset
 *                          (an invariant: must be 0).
 * @param commands          commands the run sent through the exchange.
 * @param rejects           of them, orders and bundles the engine refused (risk rules included).
 * @param eventsDigest      a hash of every event the exchange answered, in order.
 * @param slotRows          one row per slot.
 */
public record RunResult(
    String scenario, long seed, double scarcity, RunConfig config, double utilization, double servedShare, double puServedShare,
    double welfare, double leasePrice, double ownershipPrice, double volatility, double puRevenue, double honestOwnerIncome,
    double attackerWealth, double honestWealth, double honestDefaultLoss, int defaults, double fundCovered,
    double collateralCovered, int doubleUse, double conservationError, long commands, long rejects, long eventsDigest, List<SlotRow> slotRows)
{
    /**
     * One slot of a run.
     *
     * @param slot        0-based slot.
     * @param requested   secondary unit-slots requested for this slot.
     * @param served      of them, served.
     * @param used        unit-slots used (by anyone).
     * @param available   unit-slots in the market.
     * @param leaseTrades spectrum lease trades printed during the slot.
     * @param leaseVwap   their volume-weighted price, 0 if none.
     */
    public record SlotRow(int slot, int requested, int served, int used, int available, int leaseTrades,
        double leaseVwap)
    {
    }
}
