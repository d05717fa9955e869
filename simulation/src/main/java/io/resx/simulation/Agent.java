package io.resx.simulation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** One participant: an owner with one account, its random stream, and what it got and paid. */
final class Agent
{
    /** Kinds of agent. */
    enum Kind
    {
        PU, SU, VIO, MM, COLLUDER, DEFAULTER, PHANTOM
    }

    final String id;
    final Kind kind;
    final int cell;
    final Random rng;
    final List<Integer> units = new ArrayList<>();
    final List<Integer> forSale = new ArrayList<>();
    final List<Integer> needs = new ArrayList<>();
    final List<Request> newRequests = new ArrayList<>();
    final List<Request> requestsHeld = new ArrayList<>();
    final Set<Long> offered = new HashSet<>();
    final Map<String, Double> unsettled = new LinkedHashMap<>();
    final List<Integer> startUnits = new ArrayList<>();
    double lambda;
    double level;
    boolean cartel;
    boolean attacker;
    boolean suspended;
    double value;
    double cost;
    double paid;
    double received;
    double withdrawn;
    double unpaid;
    double depositedCash;
    long depositedUnits;
    int rejects;

    Agent(final String id, final Kind kind, final int cell, final long seed)
    {
        this.id = id;
        this.kind = kind;
        this.cell = cell;
        this.rng = new Random(seed);
    }

    double reserve(final Scenario sc)
    {
        return kind == Kind.PU ? Math.max(0.01, sc.puOwnUse * sc.puValue) : 0.01;
    }
}
