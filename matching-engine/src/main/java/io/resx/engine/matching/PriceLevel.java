package io.resx.engine.matching;

/**
 * All resting orders of one side at one price, in time priority: a doubly linked FIFO of {@link Order}s with
 * the open quantity and order count kept as they change, so depth views never walk the queue.
 */
public final class PriceLevel
{
    long price;
    long openQty;
    int orderCount;
    Order head;
    Order tail;
    PriceLevel nextFree;

    PriceLevel()
    {
    }

    /** @return the level's price, fixed-point. */
    public long price()
    {
        return price;
    }

    /** @return open quantity of all its orders, fixed-point. */
    public long openQty()
    {
        return openQty;
    }

    /** @return number of orders at the level. */
    public int orderCount()
    {
        return orderCount;
    }

    /** @return the order first in time priority. */
    public Order head()
    {
        return head;
    }

    void append(final Order order)
    {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (tail == null)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        openQty += order.open();
        orderCount++;
    }

    void unlink(final Order order)
    {
        if (order.prev == null)
        {
            head = order.next;
        }
        else
        {
            order.prev.next = order.next;
        }
        if (order.next == null)
        {
            tail = order.prev;
        }
        else
        {
            order.next.prev = order.prev;
        }
        openQty -= order.open();
        orderCount--;
        order.level = null;
        order.prev = null;
        order.next = null;
    }
}
