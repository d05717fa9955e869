package io.resx.gateway.common.orders;

import io.resx.protocol.event.CancelReason;
import io.resx.protocol.command.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order history against a reference model: orders placed, filled and cancelled at random; an account keeps its
 * open orders and the {@code closedKept} that ended last; walking the pages with the cursor (the last order id of a
 * page) gives every kept order exactly once, newest first, whatever the page size and whether orders arrive between
 * pages; status by id and by ClOrdID sees ended orders while they are kept.
 */
class OrderHistoryPropertyTest
{
    private static final int CLOSED_KEPT = 5;
    private static final String ACCOUNT = "OP-A-1";

    @Provide
    Arbitrary<List<Integer>> actions()
    {
        // 0: new order, 1: fill the oldest open, 2: cancel the newest open
        return Arbitraries.integers().between(0, 2).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void shouldPageThroughWhatTheReferenceKeeps(@ForAll("actions") final List<Integer> actions,
        @ForAll @IntRange(min = 1, max = 7) final int pageSize)
    {
        final OrderTracker tracker = new OrderTracker(0, CLOSED_KEPT);
        final Outcomes outcomes = new Outcomes();
        final Map<Long, OrdStatus> kept = new LinkedHashMap<>(); // reference: id -> status, placed order
        final List<Long> open = new ArrayList<>();
        final List<Long> closedInOrder = new ArrayList<>();
        long nextId = 100;
        for (final int action : actions)
        {
            if (action == 0 || open.isEmpty())
            {
                final long id = nextId++;
                outcomes.newOrder(id, ACCOUNT, "C" + id, Side.SELL, 100, 10).into(tracker);
                kept.put(id, OrdStatus.NEW);
                open.add(id);
                continue;
            }
            final long id = action == 1 ? open.remove(0) : open.remove(open.size() - 1);
            if (action == 1)
            {
                outcomes.trade(id, ACCOUNT, "C" + id, Side.SELL, 100, 10, 1_000_000 + id).into(tracker);
                kept.put(id, OrdStatus.FILLED);
            }
            else
            {
                outcomes.cancel(id, ACCOUNT, "C" + id, CancelReason.USER).into(tracker);
                kept.put(id, OrdStatus.CANCELED);
            }
            closedInOrder.add(id);
            if (closedInOrder.size() > CLOSED_KEPT)
            {
                kept.remove(closedInOrder.remove(0));
            }
        }

        for (final OrderTracker.Filter filter : OrderTracker.Filter.values())
        {
            final List<Long> expected = new ArrayList<>();
            kept.forEach((id, status) ->
            {
                if (filter == OrderTracker.Filter.ALL || (filter == OrderTracker.Filter.OPEN) != status.isTerminal())
                {
                    expected.add(0, id);
                }
            });
            final List<Long> walked = new ArrayList<>();
            long cursor = Long.MAX_VALUE;
            int pages = 0;
            while (true)
            {
                final List<OrderView> page = tracker.history(ACCOUNT, filter, Long.MIN_VALUE, Long.MAX_VALUE, cursor,
                    pageSize);
                page.stream().limit(pageSize).forEach(o -> walked.add(o.orderId()));
                // an order arriving between pages has a higher id: it does not shift the pages already cut
                final long arriving = nextId++;
                outcomes.newOrder(arriving, ACCOUNT, "C" + arriving, Side.BUY, 1, 1).into(tracker);
                kept.put(arriving, OrdStatus.NEW);
                pages++;
                if (page.size() <= pageSize)
                {
                    break;
                }
                cursor = page.get(pageSize - 1).orderId();
            }
            assertThat(walked).as(filter.name()).isEqualTo(expected);
        }
        kept.forEach((id, status) ->
        {
            assertThat(tracker.order(id).status()).isEqualTo(status);
            assertThat(tracker.order(ACCOUNT, "C" + id).orderId()).isEqualTo(id);
        });
        for (long id = 100; id < nextId; id++)
        {
            if (!kept.containsKey(id))
            {
                assertThat(tracker.order(id)).as("forgotten %d", id).isNull();
                assertThat(tracker.order(ACCOUNT, "C" + id)).isNull();
            }
        }
    }
}
