package io.resx.risk;

import java.util.Arrays;

/**
 * Every lease trade: lessor, lessee, slot and units. The lessee has paid the rent; the lessor may not sell or
 * re-lease the unit for that slot (its lease balance is negative by the units leased out). A default hands the
 * defaulter's leased-in slots back: {@link ClearingRisk} walks these records. Parallel arrays that grow only
 * past their high-water mark.
 */
final class LeaseObligations
{
    int[] lessor = new int[256];
    int[] lessee = new int[256];
    int[] asset = new int[256];
    long[] qty = new long[256];
    int count;

    void add(final int lessorIndex, final int lesseeIndex, final int assetId, final long units)
    {
        if (count == qty.length)
        {
            final int capacity = count * 2;
            lessor = Arrays.copyOf(lessor, capacity);
            lessee = Arrays.copyOf(lessee, capacity);
            asset = Arrays.copyOf(asset, capacity);
            qty = Arrays.copyOf(qty, capacity);
        }
        lessor[count] = lessorIndex;
        lessee[count] = lesseeIndex;
        asset[count] = assetId;
        qty[count++] = units;
    }
}
