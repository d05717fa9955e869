package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.SettlementWindows;
import io.resx.settlement.netting.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored position moves only past batches whose end was read back from {@code events}: a confirmation, or the
 * unwind of every one of its trades; never past the open window.
 */
class UnfinishedBatchesTest
{
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    @Test
    void shouldKeepThePositionBeforeTheOldestBatchNotFinished()
    {
        final UnfinishedBatches unfinished = new UnfinishedBatches();
        assertThat(unfinished.settledThrough(-1, 9)).isEqualTo(9);
        unfinished.onBatch(batch(10, 1, 2));   // trades 1, 2 at sequences 10, 11
        unfinished.onBatch(batch(20, 3, 4));   // trades 3, 4 at sequences 20, 21
        assertThat(unfinished.settledThrough(-1, 30)).isEqualTo(9);
        // the second confirmed first (cannot happen in order, but the position must still wait for the first)
        unfinished.onConfirmed(20);
        assertThat(unfinished.settledThrough(-1, 30)).isEqualTo(9);
        unfinished.onConfirmed(10);
        assertThat(unfinished.settledThrough(-1, 30)).isEqualTo(30);
        assertThat(unfinished.settledThrough(25, 30)).isEqualTo(24);
        assertThat(unfinished.size()).isZero();
    }

    @Test
    void shouldFinishABatchRefusedWholeOnlyWhenEveryTradeIsUnwound()
    {
        final UnfinishedBatches unfinished = new UnfinishedBatches();
        unfinished.onBatch(batch(10, 1, 2));
        unfinished.onUnwound(1);
        assertThat(unfinished.settledThrough(-1, 40)).isEqualTo(9);
        unfinished.onUnwound(7); // a trade of no batch known here: nothing moves
        assertThat(unfinished.settledThrough(-1, 40)).isEqualTo(9);
        unfinished.onUnwound(2);
        assertThat(unfinished.settledThrough(-1, 40)).isEqualTo(40);
    }

    @Test
    void shouldFinishARecutBatchByItsConfirmation()
    {
        final UnfinishedBatches unfinished = new UnfinishedBatches();
        unfinished.onBatch(batch(10, 1, 2));
        unfinished.onUnwound(1); // cut out; the rest settles under the same id
        unfinished.onConfirmed(10);
        assertThat(unfinished.settledThrough(-1, 12)).isEqualTo(12);
    }

    private static NetBatch batch(final long firstSequence, final long... tradeIds)
    {
        final List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < tradeIds.length; i++)
        {
            trades.add(new Trade(firstSequence + i, 0, tradeIds[i], SPEC, 10_000_000, 1_000_000, "B", "S"));
        }
        return Netting.perAccount().net(new SettlementWindows.Window(firstSequence,
            firstSequence + tradeIds.length - 1, trades));
    }
}
