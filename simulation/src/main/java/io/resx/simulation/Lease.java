package io.resx.simulation;

/** A lease trade: the lessee holds the slot of the lessor's unit. */
record Lease(Agent lessee, Agent lessor)
{
}
