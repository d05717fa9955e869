package io.resx.engine.matching;

import io.resx.protocol.command.Command;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import io.resx.risk.Owner;
import io.resx.risk.RiskStage;

import java.util.Arrays;

/**
 * Use-it-or-share-it at a lease slot's gate closure: one uniform-price call auction between the units its owners
 * left idle (owned, neither leased out nor declared in use; from {@link RiskStage#idleUnits}) and the book's
 * resting bids at or above the rule's floor.
 * <ul>
 *   <li>Bids are served in price-time priority (best price first, oldest first within a price), each from the
 *   owners in account order, never from an owner of its own beneficial group; a bid may be filled in part.</li>
 *   <li>Every winner pays one price, where supply at the floor meets demand (the floor is the owners' reserve):
 *   the FLOOR when the idle units cover every bid at or above it; else the price of the first bid in that order
 *   left (wholly or partly) unserved, the highest losing bid, so no winner pays more than the first bid excluded.
 *   A bid of an owner that offers idle units in this auction never sets the price (else a withholder could bid
 *   high for its own units and be paid its bid); it still wins units of others in its turn.</li>
 *   <li>Units move in whole lots of the book.</li>
 * </ul>
 * Each assignment is a TRADE event (buyer the bid, seller the owner, no sell order), so the risk stage settles it
 * like a lease trade and the settlement bridge puts it on chain like any other. Runs inside the TICK command that
 * closes the book, before its resting orders are cancelled; deterministic, no clock. An admin path (a few books
 * per tick): its work arrays grow to the largest auction and are reused.
 */
final class ShareClearing
{
    private final AccountRegistry accounts;
    private final RiskStage risk;
    private final Matcher matcher;
    private long[] idle = new long[16];
    private boolean[] offers = new boolean[16];
    private Order[] winners = new Order[16];
    private int[] sellers = new int[16];
    private long[] units = new long[16];
    private int assignments;

    ShareClearing(final AccountRegistry accounts, final RiskStage risk, final Matcher matcher)
    {
        this.accounts = accounts;
        this.risk = risk;
        this.matcher = matcher;
    }

    /**
     * Runs the auction of a book that is closing, if a rule applies to it.
     *
     * @param book a lease book at its gate closure, resting orders still in it.
     */
    void clear(final OrderBook book)
    {
        final long floor = risk.shareFloor(book.symbol());
        if (floor == Command.ABSENT)
        {
            return;
        }
        final int accountCount = accounts.accountCount();
        if (idle.length < accountCount)
        {
            idle = new long[Math.max(accountCount, idle.length * 2)];
            offers = new boolean[idle.length];
        }
        long supply = 0;
        for (int a = 0; a < accountCount; a++)
        {
            final long free = risk.idleUnits(book.symbol(), accounts.accountAt(a));
            idle[a] = free - free % book.lot();
            offers[a] = idle[a] > 0;
            supply += idle[a];
        }
        if (supply == 0)
        {
            return;
        }
        assignments = 0;
        long price = floor; // idle units cover every bid at or above the floor unless a bid loses below
        final BookSide bids = book.bids();
        serve:
        for (int rank = 0, depth = bids.depth(); rank < depth; rank++)
        {
            final PriceLevel level = bids.level(rank);
            if (level.price < floor)
            {
                break;
            }
            for (Order bid = level.head; bid != null; bid = bid.next)
            {
                final long got = supply > 0 ? assign(bid, accountCount) : 0;
                supply -= got;
                if (got < bid.open() && !offersUnits(bid.account.owner().beneficial(), accountCount))
                {
                    // a bid that takes any owner's units is left short only once all idle units are gone:
                    // it is the highest losing bid and sets the price; every winner came before it
                    price = level.price;
                    break serve;
                }
            }
        }
        for (int i = 0; i < assignments; i++)
        {
            matcher.fillByRule(book, winners[i], accounts.accountAt(sellers[i]), price, units[i]);
            winners[i] = null;
        }
    }

    /** Whether an account of this beneficial group offers idle units in the auction at hand. */
    private boolean offersUnits(final Owner group, final int accountCount)
    {
        for (int a = 0; a < accountCount; a++)
        {
            if (offers[a] && accounts.accountAt(a).owner().beneficial() == group)
            {
                return true;
            }
        }
        return false;
    }

    /** Assigns idle units to one bid, owners in account order, skipping its own group; returns units assigned. */
    private long assign(final Order bid, final int accountCount)
    {
        final Owner group = bid.account.owner().beneficial();
        long wanted = bid.open();
        long got = 0;
        for (int a = 0; a < accountCount && wanted > 0; a++)
        {
            if (idle[a] == 0)
            {
                continue;
            }
            final Account seller = accounts.accountAt(a);
            if (seller.owner().beneficial() == group)
            {
                continue;
            }
            final long take = Math.min(wanted, idle[a]);
            idle[a] -= take;
            wanted -= take;
            got += take;
            record(bid, a, take);
        }
        return got;
    }

    private void record(final Order bid, final int seller, final long qty)
    {
        if (assignments == winners.length)
        {
            final int capacity = assignments * 2;
            winners = Arrays.copyOf(winners, capacity);
            sellers = Arrays.copyOf(sellers, capacity);
            units = Arrays.copyOf(units, capacity);
        }
        winners[assignments] = bid;
        sellers[assignments] = seller;
        units[assignments++] = qty;
    }
}
