package io.resx.simulation;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.Notional;
import io.resx.simulation.Agent.Kind;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One run of one scenario under one {@link RunConfig}: the agents act slot by slot against the real exchange
 * ({@link InProcessExchange}), and the run measures what happened. Deterministic for the scenario's seed: every
 * agent draws from its own {@link Random} seeded from the scenario seed and its index, in the same order in every
 * mechanism, so runs of one scenario see the same demand and differ only in how it is met.
 * <p>
 * The agents only know what a participant knows: their own orders and the public tape (trades). The run keeps its
 * view of open orders, ownership and leases from the engine's events, never by reaching into the engine.
 */
final class MarketRun
{
    private static final long CENTS = FixedPoint.ONE / 100;
    private static final String CASH = ExchangeProxy.CASH;
    private static final String COLLATERAL = ExchangeProxy.COLLATERAL;
    private static final String FUND = "CCP-FUND";
    private static final String COMPUTE_CLASS = "GPU-H100";
    private static final String REGION = "EU-WEST";
    private static final String NODE = "NODE17";
    private static final double COLLUDER_CASH = 1_000_000;
    private static final double MM_CASH = 1_000;
    /**
     * With use-it-or-share-it, a lease slot's gate closure: this far into its hour, after the slot's requests and
     * offers (the simulation's slot is one step) and before its use.
     */
    private static final Duration GATE_CLOSURE_INTO_SLOT = Duration.ofMinutes(30);

    private final Scenario sc;
    private final RunConfig cfg;
    private final InProcessExchange ex;
    private final ExchangeProxy proxy;
    private final Random order;

    private final int units;
    private final String[] own;
    private final String[][] lease;
    private final String[] computeLease;
    private final String[] energy;
    private final Map<String, int[]> leaseIndex = new HashMap<>();
    private final Map<String, Integer> ownIndex = new HashMap<>();

    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, Agent> byAccount = new LinkedHashMap<>();
    private final Agent[] owner;
    /** Lessees of each unit-slot from the engine's trades and revocations: [unit][slot] → leases. */
    private final List<List<List<Lease>>> leases = new ArrayList<>();
    private final double[] cellRef;

    private final List<Request> requests = new ArrayList<>();
    /** Under use-it-or-share-it: requests whose user bids at each of their slots' clearings. */
    private final List<Request> shareBids = new ArrayList<>();
    private int requestedSecondary;
    private int servedSecondary;
    private int puNeeded;
    private int puServed;
    private int used;
    private double welfare;
    private double leaseNotional;
    private double leaseVolume;
    private double ownNotional;
    private double ownVolume;
    private int defaults;
    private double fundCovered;
    private double collateralCovered;
    private double honestDefaultLoss;
    private int doubleUse;
    private final int[] slotRequested;
    private final int[] slotServed;
    private final int[] slotUsed;
    private final int[] slotTrades;
    private final double[] slotNotional;

    MarketRun(final Scenario scenario, final RunConfig config, final Consumer<String> commandLog)
    {
        this.sc = scenario;
        this.cfg = config;
        this.ex = new InProcessExchange(commandLog);
        this.order = new Random(scenario.seed * 1_000_003L + 17);
        units = sc.cells * sc.channelsPerCell;
        own = new String[units];
        lease = new String[units][sc.slots];
        owner = new Agent[units];
        cellRef = new double[sc.cells];
        java.util.Arrays.fill(cellRef, sc.referencePrice);
        final Instant start = sc.startInstant();
        final Duration slot = Duration.ofHours(1);
        for (int u = 0; u < units; u++)
        {
            final int cell = u / sc.channelsPerCell;
            final int channel = u % sc.channelsPerCell;
            final long lowKhz = (sc.lowMhz + (long)channel * sc.channelMhz) * 1000L;
            final InstrumentSymbol symbol = InstrumentSymbol.spectrum(lowKhz, lowKhz + sc.channelMhz * 1000L,
                String.format("CELL%03d", cell));
            own[u] = symbol.toString();
            ownIndex.put(own[u], u);
            final List<List<Lease>> perSlot = new ArrayList<>();
            for (int t = 0; t < sc.slots; t++)
            {
                lease[u][t] = symbol.lease(start.plus(slot.multipliedBy(t)), slot).toString();
                leaseIndex.put(lease[u][t], new int[] {u, t});
                perSlot.add(new ArrayList<>());
            }
            leases.add(perSlot);
        }
        computeLease = new String[sc.slots];
        energy = new String[sc.slots];
        final InstrumentSymbol compute = InstrumentSymbol.compute(COMPUTE_CLASS, REGION);
        for (int t = 0; t < sc.slots; t++)
        {
            computeLease[t] = compute.lease(start.plus(slot.multipliedBy(t)), slot).toString();
            energy[t] = InstrumentSymbol.energy(NODE, start.plus(slot.multipliedBy(t)), slot).toString();
        }
        slotRequested = new int[sc.slots];
        slotServed = new int[sc.slots];
        slotUsed = new int[sc.slots];
        slotTrades = new int[sc.slots];
        slotNotional = new double[sc.slots];
        proxy = new ExchangeProxy(ex, ownIndex.keySet(), this::onMarketEvent);
    }

    /** @return what the run measured; the exchange is closed afterwards. */
    RunResult run()
    {
        try (InProcessExchange exchange = ex)
        {
            createAgents();
            setUp();
            final long slotNanos = Duration.ofHours(1).toNanos();
            final long startNanos = sc.startInstant().getEpochSecond() * 1_000_000_000L;
            for (int t = 0; t < sc.slots; t++)
            {
                exchange.time(startNanos + t * slotNanos);
                if (cfg.shareRule())
                {
                    // the clock's tick at the slot's start (the last slot's end) also puts the time in the command
                    // stream, so `resx batch` replays it on the same clock
                    proxy.tick(sc.startInstant().plus(Duration.ofHours(t)).toString());
                }
                slotNow = t;
                beginSlot(t);
                if (cfg.mechanism() != Mechanism.FIXED)
                {
                    market(t);
                }
                if (cfg.shareRule())
                {
                    // owners price from what their offers did before the clearing, then the slot's gate closure
                    endSlot(t);
                    exchange.time(startNanos + t * slotNanos + GATE_CLOSURE_INTO_SLOT.toNanos());
                    proxy.tick(closesAt(t));
                    use(t);
                }
                else
                {
                    use(t);
                    endSlot(t);
                }
            }
            if (cfg.mechanism() != Mechanism.FIXED)
            {
                exchange.time(startNanos + sc.slots * slotNanos);
                settle(sc.slots);
            }
            return finish();
        }
    }

    // ---------------------------------------------------------------- agents

    private void createAgents()
    {
        int index = 0;
        final double spare = sc.channelsPerCell * (1 - sc.puOwnUse);
        final double vioPerCell = (double)sc.vios / sc.cells * sc.vioProbability;
        final double meanDuration = (1 + sc.maxDuration) / 2.0;
        final double lambda = Math.max(0, sc.scarcity * spare - vioPerCell) / (sc.susPerCell * meanDuration);
        final int cartelPerCell = (int)Math.round(sc.cartelShare * sc.pusPerCell);
        for (int c = 0; c < sc.cells; c++)
        {
            for (int p = 0; p < sc.pusPerCell; p++)
            {
                final Agent pu = add(new Agent(String.format("PU-%02d-%d", c, p + 1), Kind.PU, c, seedOf(index++)));
                pu.cartel = cfg.attack() == Attack.CARTEL && p < cartelPerCell;
                pu.level = sc.referencePrice;
            }
            for (int s = 0; s < sc.susPerCell; s++)
            {
                add(new Agent(String.format("SU-%02d-%d", c, s + 1), Kind.SU, c, seedOf(index++))).lambda = lambda;
            }
        }
        for (int v = 0; v < sc.vios; v++)
        {
            add(new Agent(String.format("VIO-%d", v + 1), Kind.VIO, v % sc.cells, seedOf(index++)));
        }
        add(new Agent("MM-1", Kind.MM, 0, seedOf(index++)));
        switch (cfg.attack())
        {
            case WASH_TRADE:
            case CORNER:
                for (int i = 0; i < sc.colluders; i++)
                {
                    final Agent colluder = add(new Agent("COL-" + (i + 1), Kind.COLLUDER, 0, seedOf(index++)));
                    colluder.attacker = true;
                    colluder.level = sc.referencePrice;
                }
                break;
            case LESSEE_DEFAULT:
                for (int i = 0; i < sc.defaulters; i++)
                {
                    final Agent d = add(new Agent("DEF-" + (i + 1), Kind.DEFAULTER, i % sc.cells, seedOf(index++)));
                    d.attacker = true;
                    d.lambda = lambda;
                }
                break;
            case FAIL_TO_DELIVER:
                add(new Agent("PHANTOM-1", Kind.PHANTOM, 0, seedOf(index++))).attacker = true;
                break;
            case CARTEL:
                agents.stream().filter(a -> a.cartel).forEach(a -> a.attacker = true);
                break;
            default:
                break;
        }
        // Units go to the primary users of their cell in contiguous blocks.
        for (int u = 0; u < units; u++)
        {
            final int cell = u / sc.channelsPerCell;
            final int p = (u % sc.channelsPerCell) * sc.pusPerCell / sc.channelsPerCell;
            final Agent pu = byAccount.get(String.format("PU-%02d-%d", cell, p + 1));
            owner[u] = pu;
            pu.units.add(u);
        }
        for (final Agent pu : agents)
        {
            if (pu.kind == Kind.PU)
            {
                final int forSale = (int)Math.round(sc.sellFraction * pu.units.size());
                for (int i = 0; i < forSale; i++)
                {
                    pu.forSale.add(pu.units.get(pu.units.size() - 1 - i));
                }
                pu.startUnits.addAll(pu.units);
            }
        }
    }

    /** @return slot t's gate closure under use-it-or-share-it, ISO-8601. */
    private String closesAt(final int t)
    {
        return sc.startInstant().plus(Duration.ofHours(t)).plus(GATE_CLOSURE_INTO_SLOT).toString();
    }

    private long seedOf(final int index)
    {
        return sc.seed * 1_000_003L + index * 7_919L;
    }

    private Agent add(final Agent agent)
    {
        agents.add(agent);
        byAccount.put(agent.id, agent);
        return agent;
    }

    private void setUp()
    {
        for (int u = 0; u < units; u++)
        {
            proxy.list(own[u]);
            for (int t = 0; t < sc.slots; t++)
            {
                if (cfg.shareRule())
                {
                    proxy.list(lease[u][t], closesAt(t));
                }
                else
                {
                    proxy.list(lease[u][t]);
                }
            }
        }
        proxy.list(InstrumentSymbol.compute(COMPUTE_CLASS, REGION).toString());
        for (int t = 0; t < sc.slots; t++)
        {
            proxy.list(computeLease[t]);
            proxy.list(energy[t]);
        }
        proxy.require(proxy.cmd("account").put("account", FUND).put("owner", "RESX-CCP"));
        if (cfg.shareRule())
        {
            // the share owners give up goes to the exchange's fund account
            for (int u = 0; u < units; u++)
            {
                proxy.require(proxy.admin("shareRule").put("symbol", own[u])
                    .put("floor", ExchangeProxy.money(sc.shareFloor)).put("share", ExchangeProxy.decimal(sc.shareCut))
                    .put("account", FUND));
            }
        }
        for (final Agent a : agents)
        {
            proxy.require(proxy.cmd("account").put("account", a.id).put("owner", "O-" + a.id));
            // Self-trade prevention is on by default (CANCEL_AGGRESSOR); without the defences it is switched off.
            if (!cfg.defences())
            {
                proxy.require(proxy.cmd("owner").put("owner", "O-" + a.id).put("stp", "OFF"));
            }
        }
        if (cfg.defences())
        {
            proxy.require(proxy.admin("defaultFund").put("account", FUND));
            proxy.deposit(null, FUND, CASH, sc.defaultFund);
            for (int c = 0; c < sc.cells; c++)
            {
                final long lowKhz = sc.lowMhz * 1000L;
                final String band = InstrumentSymbol.spectrum(lowKhz,
                    lowKhz + (long)sc.channelsPerCell * sc.channelMhz * 1000L, String.format("CELL%03d", c)).toString();
                proxy.require(proxy.admin("cap").put("symbol", band).put("max", ExchangeProxy.decimal(sc.capMax)));
            }
            for (int u = 0; u < units; u++)
            {
                for (int t = 0; t < sc.slots; t++)
                {
                    proxy.require(proxy.admin("band").put("symbol", lease[u][t]).put("band", ExchangeProxy.decimal(sc.band))
                        .put("price", ExchangeProxy.money(sc.referencePrice)));
                }
            }
            if (colluding())
            {
                // The exchange's onboarding (KYC) links the colluders' owners: one beneficial owner for STP and caps.
                for (final Agent a : agents)
                {
                    if (a.kind == Kind.COLLUDER)
                    {
                        proxy.require(proxy.admin("group").put("owner", "O-" + a.id).put("group", "G-COLLUDERS"));
                    }
                }
            }
        }
        final double suCash = sc.suValueMax * sc.maxDuration * sc.slots * 4;
        for (final Agent a : agents)
        {
            switch (a.kind)
            {
                case PU:
                    for (final int u : a.units)
                    {
                        proxy.deposit(a, a.id, own[u], 1);
                    }
                    break;
                case SU:
                    proxy.deposit(a, a.id, CASH, suCash);
                    break;
                case VIO:
                    proxy.deposit(a, a.id, CASH, (sc.vioValue + sc.computePrice) * sc.slots * 4);
                    break;
                case MM:
                    proxy.deposit(a, a.id, CASH, MM_CASH);
                    proxy.deposit(a, a.id, InstrumentSymbol.compute(COMPUTE_CLASS, REGION).toString(), sc.vios);
                    for (int t = 0; t < sc.slots; t++)
                    {
                        proxy.deposit(a, a.id, energy[t], (double)sc.vios * sc.energyKwh);
                    }
                    break;
                case COLLUDER:
                    proxy.deposit(a, a.id, CASH, COLLUDER_CASH);
                    break;
                case DEFAULTER:
                    if (cfg.defences())
                    {
                        proxy.require(proxy.admin("limits").put("account", a.id)
                            .put("collateralRatio", ExchangeProxy.decimal(sc.collateralRatio)));
                        proxy.deposit(a, a.id, COLLATERAL, sc.defaulterCredit / sc.collateralRatio);
                    }
                    else
                    {
                        proxy.require(proxy.admin("limits").put("account", a.id)
                            .put("creditLimit", ExchangeProxy.money(sc.defaulterCredit)));
                    }
                    break;
                case PHANTOM:
                    if (cfg.attacking())
                    {
                        // It claims units the primary users of cell 0 hold. Without the defence the bridge credits
                        // its deposit before the chain confirms it, so the ledger holds units the chain never
                        // delivers; with it, the deposit is never credited and its offers are refused.
                        for (int i = 0; i < Math.min(sc.phantomUnits, sc.channelsPerCell); i++)
                        {
                            if (!cfg.defences())
                            {
                                proxy.deposit(a, a.id, own[i], 1);
                            }
                            a.units.add(i);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        if (cfg.mechanism() == Mechanism.LEASE)
        {
            final Agent mm = byAccount.get("MM-1");
            for (int t = 0; t < sc.slots; t++)
            {
                proxy.order(mm, computeLease[t], "SELL", sc.computePrice, sc.vios, "GTC");
                proxy.order(mm, energy[t], "SELL", sc.energyPrice, (long)sc.vios * sc.energyKwh, "GTC");
            }
        }
    }

    // ---------------------------------------------------------------- a slot

    private void beginSlot(final int t)
    {
        for (final Agent a : agents)
        {
            a.needs.clear();
            a.newRequests.clear();
            switch (a.kind)
            {
                case PU:
                    for (final int u : a.startUnits)
                    {
                        if (a.rng.nextDouble() < sc.puOwnUse)
                        {
                            a.needs.add(u);
                        }
                    }
                    break;
                case SU:
                case DEFAULTER:
                    drawRequests(a, t);
                    break;
                case VIO:
                    if (a.rng.nextDouble() < sc.vioProbability)
                    {
                        final Request r = new Request(a, t, 1, sc.vioValue, true);
                        a.newRequests.add(r);
                    }
                    break;
                default:
                    break;
            }
            for (final Request r : a.newRequests)
            {
                requests.add(r);
                if (a.kind != Kind.DEFAULTER)
                {
                    requestedSecondary += r.duration;
                    for (int s = r.start; s < r.start + r.duration; s++)
                    {
                        slotRequested[s]++;
                    }
                }
            }
        }
        if (cfg.mechanism() != Mechanism.FIXED && t > 0 && t % sc.settlementEvery == 0)
        {
            settle(t);
        }
    }

    private void drawRequests(final Agent a, final int t)
    {
        final int count = poisson(a.rng, a.lambda);
        for (int k = 0; k < count; k++)
        {
            final int duration = Math.min(1 + a.rng.nextInt(sc.maxDuration), sc.slots - t);
            final double value = sc.suValueMin + a.rng.nextDouble() * (sc.suValueMax - sc.suValueMin);
            a.newRequests.add(new Request(a, t, duration, value, false));
        }
        if (a.kind == Kind.DEFAULTER && cfg.attacking())
        {
            // It means not to pay: every slot, as long as its credit allows, at any price up to the top value.
            a.newRequests.clear();
            a.newRequests.add(new Request(a, t, Math.min(sc.maxDuration, sc.slots - t), sc.suValueMax, false));
        }
    }

    /**
     * A settlement window (every {@code settlementEvery} slots and at the end): lessees on credit pay their debt, or
     * a defaulter does not and the bridge reports it ({@code settlementFailed}), mid-lease if its leases run on.
     */
    private void settle(final int t)
    {
        for (final Agent a : agents)
        {
            if (a.kind != Kind.DEFAULTER || a.suspended)
            {
                continue;
            }
            final long debt = -proxy.balance(a.id, CASH);
            if (debt <= 0)
            {
                continue;
            }
            if (!cfg.attacking())
            {
                proxy.deposit(a, a.id, CASH, debt / (double)FixedPoint.ONE);
                a.unsettled.clear();
            }
            else
            {
                declareDefault(a, CASH, debt);
            }
        }
    }

    private void declareDefault(final Agent a, final String asset, final long shortfall)
    {
        final List<SimEvent> events = proxy.submit(proxy.admin("settlementFailed").put("account", a.id).put("asset", asset)
            .put("shortfall", FixedPoint.toString(shortfall, asset.equals(CASH) ? 6 : 0)));
        if (events.get(0).type() != EventType.ACCEPTED)
        {
            throw new IllegalStateException("settlementFailed rejected: " + events.get(0).reason());
        }
        defaults++;
        a.suspended = true;
        long remaining = 0;
        for (final SimEvent e : events)
        {
            switch (e.type())
            {
                case COLLATERAL_APPLIED:
                    collateralCovered += toCash(e.amount());
                    remaining = e.remaining();
                    break;
                case DEFAULT_FUND_APPLIED:
                    fundCovered += toCash(e.amount());
                    remaining = e.remaining();
                    break;
                default:
                    proxy.apply(e);
                    break;
            }
        }
        if (asset.equals(CASH) && remaining > 0)
        {
            // What neither collateral nor fund covered is cash the vault cannot pay out: the defaulter's
            // counterparties since its last settlement lose it, pro rata to what it owed each.
            final double uncovered = toCash(remaining);
            double owed = 0;
            for (final double v : a.unsettled.values())
            {
                owed += v;
            }
            for (final Map.Entry<String, Double> e : a.unsettled.entrySet())
            {
                final Agent counterparty = byAccount.get(e.getKey());
                final double loss = owed == 0 ? 0 : uncovered * e.getValue() / owed;
                counterparty.unpaid += loss;
                if (!counterparty.attacker)
                {
                    honestDefaultLoss += loss;
                }
            }
        }
    }

    private void market(final int t)
    {
        for (final Agent a : agents)
        {
            if (a.kind == Kind.PU)
            {
                releaseForOwnUse(a, t);
            }
        }
        if (t == 0 && colluding())
        {
            cornerBids();
        }
        for (final Agent a : agents)
        {
            if (a.kind == Kind.PU)
            {
                sellUnits(a, t);
            }
        }
        if (cfg.mechanism() == Mechanism.LEASE)
        {
            for (final Agent a : agents)
            {
                if (a.kind == Kind.PU || a.kind == Kind.COLLUDER || a.kind == Kind.PHANTOM)
                {
                    offerLeases(a, t);
                }
            }
        }
        final List<Agent> users = new ArrayList<>();
        for (final Agent a : agents)
        {
            if (!a.newRequests.isEmpty())
            {
                users.add(a);
            }
        }
        Collections.shuffle(users, order);
        for (final Agent a : users)
        {
            for (final Request r : a.newRequests)
            {
                meet(a, r, t);
            }
        }
        if (cfg.shareRule())
        {
            // after the users took what is offered: a resting bid counts against a concentration cap
            renewShareBids(t);
        }
        if (cfg.attack() == Attack.WASH_TRADE && cfg.attacking())
        {
            // Last print of the slot: the price the next offers anchor on.
            washTrades(t);
        }
        for (final Agent a : agents)
        {
            if (a.kind == Kind.PHANTOM && !a.suspended)
            {
                final long cash = proxy.balance(a.id, CASH);
                if (cash > 0)
                {
                    if (proxy.withdraw(a.id, cash))
                    {
                        a.withdrawn += toCash(cash);
                    }
                }
            }
        }
    }

    /**
     * A primary user that needs one of its units now takes back the slot's offer, unless it is already leased; under
     * use-it-or-share-it it also declares the use, so the clearing at gate closure leaves the unit to it.
     */
    private void releaseForOwnUse(final Agent pu, final int t)
    {
        for (final int u : pu.needs)
        {
            if (owner[u] == pu && cfg.mechanism() == Mechanism.LEASE)
            {
                final OpenOrder offer = proxy.findOwn(pu, lease[u][t], "SELL");
                if (offer != null)
                {
                    proxy.cancel(offer);
                }
                if (cfg.shareRule() && !leasedOut(u, t) && !pu.forSale.contains(u))
                {
                    final List<SimEvent> declared = proxy.submit(proxy.cmd("use").put("account", pu.id)
                        .put("symbol", lease[u][t]).put("qty", "1"));
                    if (declared.get(0).type() != EventType.ACCEPTED)
                    {
                        pu.rejects++;
                    }
                }
            }
        }
    }

    private void sellUnits(final Agent pu, final int t)
    {
        if (cfg.mechanism() == Mechanism.LEASE && t == 1)
        {
            // With leasing, ownership is sold in an opening window only; unsold units are leased from then on.
            for (final int u : pu.forSale)
            {
                final OpenOrder old = proxy.findOwn(pu, own[u], "SELL");
                if (old != null)
                {
                    proxy.cancel(old);
                }
            }
            pu.forSale.clear();
        }
        if (pu.forSale.isEmpty())
        {
            return;
        }
        final int remaining = sc.slots - t;
        final double price = remaining * sc.puOwnUse * sc.puValue * sc.salePremium;
        for (final int u : new ArrayList<>(pu.forSale))
        {
            if (owner[u] != pu)
            {
                continue;
            }
            final OpenOrder old = proxy.findOwn(pu, own[u], "SELL");
            if (old != null)
            {
                proxy.cancel(old);
            }
            // Sell into a better bid (a cornering bid) if there is one, else offer at the reservation price.
            proxy.order(pu, own[u], "SELL", price, 1, "GTC");
        }
        if (t == 0)
        {
            for (final int u : new ArrayList<>(pu.units))
            {
                if (pu.forSale.contains(u) || owner[u] != pu)
                {
                    continue;
                }
                final double bid = proxy.bestBid(own[u]);
                if (bid >= price)
                {
                    proxy.order(pu, own[u], "SELL", bid, 1, "IOC");
                }
            }
        }
    }

    private void offerLeases(final Agent a, final int t)
    {
        if (a.suspended || (a.kind == Kind.PHANTOM && !cfg.attacking()))
        {
            return;
        }
        final int last = Math.min(sc.slots - 1, t + sc.maxDuration - 1);
        for (final int u : new ArrayList<>(a.units))
        {
            if ((owner[u] != a && a.kind != Kind.PHANTOM) || a.forSale.contains(u))
            {
                continue;
            }
            final int cell = u / sc.channelsPerCell;
            for (int s = t; s <= last; s++)
            {
                if (s == t && a.needs.contains(u))
                {
                    continue;
                }
                if (leasedFrom(u, s, a) || proxy.findOwn(a, lease[u][s], "SELL") != null || a.offered.contains(key(u, s)))
                {
                    continue;
                }
                double ask = Math.max(a.reserve(sc), 0.5 * a.level + 0.5 * cellRef[cell]);
                if (a.kind == Kind.PU && a.cartel && cfg.attacking())
                {
                    if (Math.floorMod(u * 31 + s * 17, 100) < sc.cartelWithhold * 100)
                    {
                        a.offered.add(key(u, s));
                        continue;
                    }
                    ask *= sc.cartelMarkup;
                }
                else if (a.kind == Kind.COLLUDER && cfg.attack() == Attack.CORNER && cfg.attacking())
                {
                    ask *= sc.monopolyMarkup;
                }
                else if (a.kind == Kind.PHANTOM)
                {
                    ask = cellRef[cell] * sc.phantomDiscount;
                }
                if (cfg.defences())
                {
                    ask = Math.min(Math.max(ask, sc.referencePrice * (1 - sc.band)), sc.referencePrice * (1 + sc.band));
                }
                a.offered.add(key(u, s));
                proxy.order(a, lease[u][s], "SELL", ask, 1, "GTC");
            }
        }
    }

    private boolean colluding()
    {
        return cfg.attack() == Attack.WASH_TRADE || cfg.attack() == Attack.CORNER;
    }

    private boolean leasedFrom(final int u, final int s, final Agent lessor)
    {
        for (final Lease l : leases.get(u).get(s))
        {
            if (l.lessor() == lessor)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Colluders bid above the primary users' reservation for every unit of the target cell. Their honest twins are
     * investors: the same bids, but only for the share a concentration cap would allow, leased out at honest prices.
     */
    private void cornerBids()
    {
        final double price = sc.slots * sc.puOwnUse * sc.puValue * sc.salePremium * sc.cornerPremium;
        int i = 0;
        final List<Agent> colluders = agents.stream().filter(a -> a.kind == Kind.COLLUDER).toList();
        final int wanted = cfg.attack() == Attack.CORNER && cfg.attacking() ?
            sc.channelsPerCell : (int)Math.floor(sc.capMax * sc.channelsPerCell);
        for (int u = 0; u < wanted; u++)
        {
            final Agent c = colluders.get(i++ % colluders.size());
            proxy.order(c, own[u], "BUY", price, 1, "GTC");
        }
    }

    /** One colluder offers a lease slot above the reference, the other lifts it: a print, no change of hands. */
    private void washTrades(final int t)
    {
        final List<Agent> colluders = agents.stream().filter(a -> a.kind == Kind.COLLUDER).toList();
        if (colluders.size() < 2)
        {
            return;
        }
        final Agent seller = colluders.get(t % 2);
        final Agent buyer = colluders.get((t + 1) % 2);
        final int s = Math.min(sc.slots - 1, t + sc.maxDuration);
        for (final int u : seller.units)
        {
            if (owner[u] != seller || leasedFrom(u, s, seller) || proxy.findOwn(seller, lease[u][s], "SELL") != null)
            {
                continue;
            }
            final double price = cellRef[u / sc.channelsPerCell] * sc.washMarkup;
            final OpenOrder offer = proxy.order(seller, lease[u][s], "SELL", price, 1, "GTC");
            if (offer != null)
            {
                seller.offered.add(key(u, s));
                proxy.order(buyer, lease[u][s], "BUY", price, 1, "IOC");
                final OpenOrder left = proxy.findOwn(seller, lease[u][s], "SELL");
                if (left != null)
                {
                    proxy.cancel(left);
                }
            }
            return;
        }
    }

    /** A user meets a request: its own idle unit first, then a lease (LEASE), then a purchase. */
    private void meet(final Agent a, final Request r, final int t)
    {
        if (a.suspended)
        {
            return;
        }
        for (final int u : a.units)
        {
            if (owner[u] == a && idleFor(a, u, r))
            {
                assign(a, r, u, false);
                return;
            }
        }
        if (cfg.mechanism() == Mechanism.LEASE && tryLease(a, r, t))
        {
            return;
        }
        if (!r.vio && a.kind == Kind.SU)
        {
            tryPurchase(a, r, t);
            if (r.unit < 0 && cfg.shareRule())
            {
                bidForIdleUnit(a, r);
            }
        }
    }

    /**
     * Under use-it-or-share-it, an SU whose request no offer met bids for it at the gate-closure clearing, on the
     * channel of its cell with no offer and no lease for the request's first slot and the fewest bids (what the book
     * and the tape show): one GTC bid for the slot at hand at its value (within the price band when the defences are
     * on), and at each later slot of the request one for that slot, so it never holds bids for slots ahead (they
     * would count against a concentration cap). Each slot it wins it uses; a bid left at closure the engine cancels.
     */
    private void bidForIdleUnit(final Agent a, final Request r)
    {
        if (shareBidPrice(r) == 0)
        {
            return;
        }
        int best = -1;
        int fewest = Integer.MAX_VALUE;
        for (int c = 0; c < sc.channelsPerCell; c++)
        {
            final int u = a.cell * sc.channelsPerCell + c;
            final String first = lease[u][r.start];
            if (proxy.bestAsk(first, a) == Double.MAX_VALUE && leases.get(u).get(r.start).isEmpty() &&
                proxy.bidCount(first) < fewest)
            {
                fewest = proxy.bidCount(first);
                best = u;
            }
        }
        if (best >= 0 && proxy.order(a, lease[best][r.start], "BUY", shareBidPrice(r), 1, "GTC") != null)
        {
            assign(a, r, best, true);
            r.atClearing = true;
            shareBids.add(r);
        }
    }

    /** Bids again, for slot t, for each request bidding at the clearing that still runs then. */
    private void renewShareBids(final int t)
    {
        shareBids.removeIf(r -> t >= r.start + r.duration || r.agent.suspended);
        for (final Request r : shareBids)
        {
            if (t > r.start && !deliveredLease(r.unit, t, r.agent))
            {
                proxy.order(r.agent, lease[r.unit][t], "BUY", shareBidPrice(r), 1, "GTC");
            }
        }
    }

    /** @return an SU's bid at the clearing: its value, within the band when on; 0 when below the floor or band. */
    private double shareBidPrice(final Request r)
    {
        final double price = cfg.defences() ? Math.min(r.value, sc.referencePrice * (1 + sc.band)) : r.value;
        return price < sc.shareFloor || (cfg.defences() && price < sc.referencePrice * (1 - sc.band)) ? 0 : price;
    }

    private boolean idleFor(final Agent a, final int u, final Request r)
    {
        for (final Request other : a.requestsHeld)
        {
            if (other.unit == u && other.start < r.start + r.duration && r.start < other.start + other.duration)
            {
                return false;
            }
        }
        return true;
    }

    private boolean tryLease(final Agent a, final Request r, final int t)
    {
        final int cell = a.cell;
        int bestUnit = -1;
        double bestCost = Double.MAX_VALUE;
        for (int c = 0; c < sc.channelsPerCell; c++)
        {
            final int u = cell * sc.channelsPerCell + c;
            double cost = 0;
            for (int s = r.start; s < r.start + r.duration && cost < Double.MAX_VALUE; s++)
            {
                final double ask = proxy.bestAsk(lease[u][s], a);
                cost = ask <= r.value ? cost + ask : Double.MAX_VALUE;
            }
            if (cost < bestCost)
            {
                bestCost = cost;
                bestUnit = u;
            }
        }
        if (bestUnit < 0)
        {
            return false;
        }
        final int u = bestUnit;
        final List<String> symbols = new ArrayList<>();
        final List<Double> prices = new ArrayList<>();
        for (int s = r.start; s < r.start + r.duration; s++)
        {
            symbols.add(lease[u][s]);
            prices.add(proxy.bestAsk(lease[u][s], a));
        }
        if (r.vio)
        {
            final double computeAsk = proxy.bestAsk(computeLease[t], a);
            final double energyAsk = proxy.bestAsk(energy[t], a);
            if (computeAsk == Double.MAX_VALUE || energyAsk == Double.MAX_VALUE ||
                prices.get(0) + computeAsk + energyAsk * sc.energyKwh > r.value)
            {
                return false;
            }
            symbols.add(computeLease[t]);
            prices.add(computeAsk);
            symbols.add(energy[t]);
            prices.add(energyAsk);
        }
        final boolean filled;
        if (symbols.size() == 1)
        {
            final OpenOrder placed = proxy.order(a, symbols.get(0), "BUY", prices.get(0), 1, "FOK");
            filled = placed != null && placed.filledQty == 1;
        }
        else
        {
            filled = proxy.bundle(a, symbols, prices, r.vio ? sc.energyKwh : 1);
        }
        if (filled)
        {
            assign(a, r, u, true);
        }
        return filled;
    }

    private void tryPurchase(final Agent a, final Request r, final int t)
    {
        final int remaining = sc.slots - t;
        final double meanValue = (sc.suValueMin + sc.suValueMax) / 2;
        final double future = Math.max(0, remaining - r.duration) *
            Math.min(1, a.lambda * (1 + sc.maxDuration) / 2.0) * meanValue * 0.5;
        final double willing = r.duration * r.value + future;
        int best = -1;
        double bestAsk = Double.MAX_VALUE;
        for (int c = 0; c < sc.channelsPerCell; c++)
        {
            final int u = a.cell * sc.channelsPerCell + c;
            final double ask = proxy.bestAsk(own[u], a);
            if (ask <= willing && ask < bestAsk)
            {
                bestAsk = ask;
                best = u;
            }
        }
        if (best < 0)
        {
            return;
        }
        final OpenOrder placed = proxy.order(a, own[best], "BUY", bestAsk, 1, "IOC");
        if (placed != null && placed.filledQty == 1)
        {
            assign(a, r, best, false);
        }
    }

    private void assign(final Agent a, final Request r, final int u, final boolean viaLease)
    {
        r.unit = u;
        r.viaLease = viaLease;
        a.requestsHeld.add(r);
        if (cfg.shareRule() && !viaLease)
        {
            // a user meeting a request from a unit it owns declares the use, or the clearing would lease it out
            for (int s = r.start; s < r.start + r.duration; s++)
            {
                final List<SimEvent> declared = proxy.submit(proxy.cmd("use").put("account", a.id)
                    .put("symbol", lease[u][s]).put("qty", "1"));
                if (declared.get(0).type() != EventType.ACCEPTED)
                {
                    a.rejects++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- use and metrics

    private void use(final int t)
    {
        final Agent[] user = new Agent[units];
        final double[] value = new double[units];
        int servedNow = 0;
        final List<Request> claims = new ArrayList<>(requests.size());
        // requests met at the clearing come last: a lease their user already holds for another request serves that
        // one (one unit, one use), not both
        requests.stream().filter(r -> !r.atClearing).forEach(claims::add);
        requests.stream().filter(r -> r.atClearing).forEach(claims::add);
        for (final Request r : claims)
        {
            if (r.unit < 0 || t < r.start || t >= r.start + r.duration)
            {
                continue;
            }
            final Agent a = r.agent;
            final boolean holds;
            if (r.viaLease)
            {
                holds = deliveredLease(r.unit, t, a);
            }
            else
            {
                holds = owner[r.unit] == a;
            }
            if (!holds)
            {
                continue;
            }
            if (user[r.unit] != null)
            {
                if (!(r.atClearing && user[r.unit] == a))
                {
                    doubleUse++;
                }
                continue;
            }
            user[r.unit] = a;
            value[r.unit] = r.value;
            a.value += r.value;
            if (a.kind != Kind.DEFAULTER)
            {
                servedNow++;
            }
        }
        for (final Agent a : agents)
        {
            if (a.kind != Kind.PU)
            {
                continue;
            }
            for (final int u : a.needs)
            {
                puNeeded++;
                if (owner[u] == a && user[u] == null && !leasedOut(u, t))
                {
                    user[u] = a;
                    value[u] = sc.puValue;
                    a.value += sc.puValue;
                    puServed++;
                }
            }
        }
        int usedNow = 0;
        for (int u = 0; u < units; u++)
        {
            if (user[u] != null)
            {
                usedNow++;
                welfare += value[u] - sc.operatingCost;
                user[u].cost += sc.operatingCost;
            }
        }
        used += usedNow;
        servedSecondary += servedNow;
        slotServed[t] = servedNow;
        slotUsed[t] = usedNow;
        if (cfg.attack() == Attack.FAIL_TO_DELIVER)
        {
            reportUndelivered(t);
        }
    }

    private boolean deliveredLease(final int u, final int t, final Agent lessee)
    {
        for (final Lease l : leases.get(u).get(t))
        {
            if (l.lessee() == lessee && l.lessor().kind != Kind.PHANTOM)
            {
                return true;
            }
        }
        return false;
    }

    private boolean leasedOut(final int u, final int t)
    {
        for (final Lease l : leases.get(u).get(t))
        {
            if (l.lessor() == owner[u])
            {
                return true;
            }
        }
        return false;
    }

    /** The chain cannot deliver a phantom unit's slot: the bridge reports the seller's failure. */
    private void reportUndelivered(final int t)
    {
        for (final Agent a : agents)
        {
            if (a.kind != Kind.PHANTOM || a.suspended)
            {
                continue;
            }
            for (final int u : a.units)
            {
                if (leasedFrom(u, t, a))
                {
                    declareDefault(a, own[u], FixedPoint.ONE);
                    return;
                }
            }
        }
    }

    private void endSlot(final int t)
    {
        if (cfg.mechanism() == Mechanism.LEASE)
        {
            for (final Agent a : agents)
            {
                if (a.kind != Kind.PU && a.kind != Kind.COLLUDER)
                {
                    continue;
                }
                boolean unfilled = false;
                boolean filled = false;
                for (final int u : a.units)
                {
                    final OpenOrder offer = proxy.findOwn(a, lease[u][t], "SELL");
                    if (offer != null)
                    {
                        unfilled = true;
                        proxy.cancel(offer);
                    }
                    else if (leasedFrom(u, t, a))
                    {
                        filled = true;
                    }
                }
                if (unfilled)
                {
                    a.level = Math.max(a.reserve(sc), a.level * 0.9);
                }
                else if (filled)
                {
                    a.level *= 1.1;
                }
            }
            for (final Agent a : agents)
            {
                if (a.kind == Kind.PHANTOM)
                {
                    for (final int u : a.units)
                    {
                        final OpenOrder offer = proxy.findOwn(a, lease[u][t], "SELL");
                        if (offer != null)
                        {
                            proxy.cancel(offer);
                        }
                    }
                }
            }
        }
    }

    private RunResult finish()
    {
        final Map<String, Map<String, Long>> balances = new LinkedHashMap<>();
        final List<String> accounts = new ArrayList<>(byAccount.keySet());
        accounts.add(FUND);
        final Map<String, Long> ledgerTotals = new HashMap<>();
        for (final String account : accounts)
        {
            final Map<String, Long> mine = new HashMap<>();
            for (final SimEvent e : proxy.submit(proxy.cmd("balances").put("account", account)))
            {
                if (e.type() == EventType.BALANCE)
                {
                    mine.put(e.symbol(), e.amount());
                    final String asset = e.symbol().equals(COLLATERAL) ? CASH : e.symbol();
                    ledgerTotals.merge(asset, e.amount(), Long::sum);
                }
            }
                balances.put(account, mine);
        }
        double conservation = 0;
        for (final Map.Entry<String, Long> e : ledgerTotals.entrySet())
        {
            final long expected = proxy.deposited().getOrDefault(e.getKey(), 0L) - proxy.withdrawn().getOrDefault(e.getKey(), 0L);
            conservation += Math.abs(toCash(e.getValue() - expected));
        }
        for (final Map.Entry<String, Long> e : proxy.deposited().entrySet())
        {
            if (!ledgerTotals.containsKey(e.getKey()))
            {
                conservation += Math.abs(toCash(e.getValue()));
            }
        }
        final double unitMark = sc.slots * sc.puOwnUse * sc.puValue;
        double attackerWealth = 0;
        double honestWealth = 0;
        double puRevenue = 0;
        double honestOwnerIncome = 0;
        for (final Agent a : agents)
        {
            final Map<String, Long> mine = balances.get(a.id);
            double cash = toCash(mine.getOrDefault(CASH, 0L));
            if (a.suspended)
            {
                cash = a.kind == Kind.DEFAULTER ? Math.max(0, cash) : 0;
            }
            final double collateral = toCash(mine.getOrDefault(COLLATERAL, 0L));
            long unitsHeld = 0;
            for (int u = 0; u < units; u++)
            {
                unitsHeld += mine.getOrDefault(own[u], 0L);
            }
            final double unitsChange = (unitsHeld - a.depositedUnits) / (double)FixedPoint.ONE;
            final double wealth = cash + collateral + a.withdrawn - a.depositedCash + a.value - a.cost +
                unitMark * unitsChange - a.unpaid;
            if (a.attacker)
            {
                attackerWealth += wealth;
            }
            else
            {
                honestWealth += wealth;
            }
            if (a.kind == Kind.PU)
            {
                puRevenue += a.received;
                if (!a.cartel)
                {
                    honestOwnerIncome += cash + a.withdrawn - a.depositedCash;
                }
            }
        }
        if (cfg.attack() == Attack.FAIL_TO_DELIVER)
        {
            for (final Agent a : agents)
            {
                if (a.kind == Kind.PHANTOM)
                {
                    honestDefaultLoss += a.received;
                }
            }
        }
        final List<RunResult.SlotRow> rows = new ArrayList<>();
        final List<Double> vwaps = new ArrayList<>();
        for (int t = 0; t < sc.slots; t++)
        {
            final double vwap = slotTrades[t] == 0 ? 0 : slotNotional[t] / slotTrades[t];
            rows.add(new RunResult.SlotRow(t, slotRequested[t], slotServed[t], slotUsed[t], units, slotTrades[t],
                round(vwap)));
            if (vwap > 0)
            {
                vwaps.add(vwap);
            }
        }
        return new RunResult(sc.name, sc.seed, sc.scarcity, cfg,
            round((double)used / (units * (double)sc.slots)),
            round(requestedSecondary == 0 ? 0 : (double)servedSecondary / requestedSecondary),
            round(puNeeded == 0 ? 0 : (double)puServed / puNeeded),
            round(welfare),
            round(leaseVolume == 0 ? 0 : leaseNotional / leaseVolume),
            round(ownVolume == 0 ? 0 : ownNotional / ownVolume),
            round(volatility(vwaps)),
            round(puRevenue), round(honestOwnerIncome),
            round(attackerWealth), round(honestWealth), round(honestDefaultLoss), defaults, round(fundCovered),
            round(collateralCovered), doubleUse, round(conservation), ex.submitted(),
            agents.stream().mapToLong(a -> a.rejects).sum(), ex.eventsDigest(), rows);
    }

    private static double volatility(final List<Double> prices)
    {
        if (prices.size() < 3)
        {
            return 0;
        }
        final double[] changes = new double[prices.size() - 1];
        double mean = 0;
        for (int i = 1; i < prices.size(); i++)
        {
            changes[i - 1] = Math.log(prices.get(i) / prices.get(i - 1));
            mean += changes[i - 1];
        }
        mean /= changes.length;
        double variance = 0;
        for (final double c : changes)
        {
            variance += (c - mean) * (c - mean);
        }
        return Math.sqrt(variance / (changes.length - 1));
    }

    // ---------------------------------------------------------------- talking to the exchange



    /** Keeps the run's view of ownership and leases in step with the engine's trades and revocations. */
    private void onMarketEvent(final SimEvent e)
    {
        switch (e.type())
        {
            case TRADE:
                onTrade(e);
                break;
            case LEASE_REVOKED:
                final int[] at = leaseIndex.get(e.symbol());
                if (at != null)
                {
                    leases.get(at[0]).get(at[1]).removeIf(l -> l.lessee().id.equals(e.buyAccount()));
                    final Agent lessee = byAccount.get(e.buyAccount());
                    lessee.requestsHeld.removeIf(r -> r.viaLease && r.unit == at[0] && r.start <= at[1] &&
                        at[1] < r.start + r.duration);
                }
                break;
            default:
                break;
        }
    }

    private void onTrade(final SimEvent e)
    {
        final Agent buyer = byAccount.get(e.buyAccount());
        final Agent seller = byAccount.get(e.sellAccount());
        final double qty = e.qty() / (double)FixedPoint.ONE;
        final double price = toCash(e.price());
        // The engine moves price × quantity rounded down to a micro-unit.
        final double cash = toCash(Notional.of(e.price(), e.qty()));
        buyer.paid += cash;
        seller.received += cash;
        if (buyer.kind == Kind.DEFAULTER)
        {
            buyer.unsettled.merge(seller.id, cash, Double::sum);
        }
        final int[] at = leaseIndex.get(e.symbol());
        if (at != null)
        {
            leases.get(at[0]).get(at[1]).add(new Lease(buyer, seller));
            if (!e.isShareClearing())
            {
                // The clearing's trades are a general-access tier sold at the rule's floor, not the priority
                // market's price discovery: the cell's reference price, which owners' asks anchor on, is set by
                // regular trades only (as a venue's reference price excludes auction prints of another tier).
                cellRef[at[0] / sc.channelsPerCell] = price;
            }
            leaseNotional += price * qty;
            leaseVolume += qty;
            final int slot = slotNow;
            slotTrades[slot]++;
            slotNotional[slot] += price;
            return;
        }
        final Integer u = ownIndex.get(e.symbol());
        if (u != null)
        {
            ownNotional += price * qty;
            ownVolume += qty;
            if (seller.kind != Kind.PHANTOM)
            {
                owner[u] = buyer;
                seller.units.remove(u);
                seller.forSale.remove(u);
            }
            buyer.units.add(u);
        }
    }

    private int slotNow;

    private static double toCash(final long fixed)
    {
        return fixed / (double)FixedPoint.ONE;
    }

    private static double round(final double value)
    {
        return Math.round(value * 1e6) / 1e6;
    }

    private static long key(final int u, final int s)
    {
        return (long)u << 32 | s;
    }

    private static int poisson(final Random rng, final double lambda)
    {
        final double limit = Math.exp(-lambda);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit && k < 20)
        {
            p *= rng.nextDouble();
            k++;
        }
        return k;
    }
}
