package io.resx.engine.matching;

/**
 * Recycles {@link Order}s so that a steady stream of orders allocates nothing: orders are created only while
 * the number in use climbs past its previous high-water mark. Single-threaded, like the books.
 */
public final class OrderPool
{
    private Order free;
    private int created;

    /**
     * @param preallocate orders to create up front.
     */
    public OrderPool(final int preallocate)
    {
        for (int i = 0; i < preallocate; i++)
        {
            release(newOrder());
        }
    }

    /** @return a recycled or new order; initialise it before use. */
    Order acquire()
    {
        final Order order = free;
        if (order == null)
        {
            return newOrder();
        }
        free = order.next;
        order.next = null;
        return order;
    }

    /**
     * @param order no longer referenced by any book, index or event.
     */
    void release(final Order order)
    {
        order.account = null;
        order.book = null;
        order.level = null;
        order.prev = null;
        order.next = free;
        free = order;
    }

    /** @return orders created since start: the pool's high-water mark. */
    public int created()
    {
        return created;
    }

    private Order newOrder()
    {
        created++;
        return new Order();
    }
}
