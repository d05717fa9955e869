package io.resx.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space UDP relay that carries every datagram between cluster members, so that a test can cut the network
 * between them without privileges. Each member is told (through its own member list) that every <em>other</em>
 * member listens on the relay's ports for that directed link, so member {@code i} reaches member {@code j} only
 * through link {@code i -> j}:
 * <pre>
 *   member i ──UDP──► relay port (link i->j, offset k) ──UDP, from a socket per sender──► member j, base_j + k
 *            ◄──────── replies (Aeron status messages, NAKs) on the same socket pair ◄────
 * </pre>
 * Cutting a link drops both its datagrams and the replies travelling back on it, which is what a cable pulled or a
 * firewall rule does to UDP: Aeron sees silence, not an error. Isolating a member cuts every link to and from it.
 * Client traffic is never cut: clients send to the members' own ingress ports and get egress directly, except that
 * a member's list names the other members' ingress ports on the relay too (a member's five ports come from one base
 * port), so a client told of a new leader's endpoints may reach it through the relay's ingress ports, which stay
 * open. A client is thus on whichever side of the partition the member it talks to is. One thread, non-blocking
 * channels, one buffer.
 */
final class MemberLinkRelay implements AutoCloseable
{
    private static final String HOST = "127.0.0.1";

    private final int count;
    private final int memberBasePort;
    private final int relayBasePort;
    /** Stands for "never cut" in place of a link: the ingress ports. */
    private static final int INGRESS = -1;

    /** 1 where the link {@code from * count + to} is cut. */
    private final AtomicIntegerArray cut;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final Selector selector;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** One relay port: what arrives is for {@code target}, over link {@code link}; replies go back to senders. */
    private final class Front
    {
        final DatagramChannel channel;
        final InetSocketAddress target;
        final int link;
        final Map<SocketAddress, DatagramChannel> backBySender = new HashMap<>();

        Front(final DatagramChannel channel, final InetSocketAddress target, final int link)
        {
            this.channel = channel;
            this.target = target;
            this.link = link;
        }
    }

    /** The socket one sender's datagrams leave from towards the target; replies to it go back to that sender. */
    private record Back(Front front, SocketAddress sender)
    {
    }

    /**
     * @param count          members.
     * @param memberBasePort member {@code i} listens from {@code memberBasePort + 10 i} (as {@link MemberProcesses}).
     * @param relayBasePort  link {@code i -> j} is relayed from {@code relayBasePort + 10 (i count + j)}.
     */
    MemberLinkRelay(final int count, final int memberBasePort, final int relayBasePort)
    {
        this.count = count;
        this.memberBasePort = memberBasePort;
        this.relayBasePort = relayBasePort;
        this.cut = new AtomicIntegerArray(count * count);
        try
        {
            selector = Selector.open();
            for (int from = 0; from < count; from++)
            {
                for (int to = 0; to < count; to++)
                {
                    if (from == to)
                    {
                        continue;
                    }
                    for (int offset = 0; offset < ClusterNodeContext.PORTS_PER_MEMBER; offset++)
                    {
                        final DatagramChannel channel = open(new InetSocketAddress(HOST, relayPort(from, to) + offset));
                        final InetSocketAddress target = new InetSocketAddress(HOST, memberBasePort + 10 * to + offset);
                        channel.register(selector, SelectionKey.OP_READ,
                            new Front(channel, target, offset == 0 ? INGRESS : from * count + to));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            close();
            throw new UncheckedIOException(ex);
        }
        thread = new Thread(this::run, "member-link-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param id a member.
     * @return the member list that member is given: itself on its own ports, every other member on the relay.
     */
    List<String> membersSeenBy(final int id)
    {
        final List<String> members = new ArrayList<>();
        for (int other = 0; other < count; other++)
        {
            members.add(HOST + ":" + (other == id ? memberBasePort + 10 * id : relayPort(id, other)));
        }
        return members;
    }

    /** Cuts every link to and from {@code id}: the member is alone on its side of the partition. */
    void isolate(final int id)
    {
        for (int other = 0; other < count; other++)
        {
            if (other != id)
            {
                cut.set(id * count + other, 1);
                cut.set(other * count + id, 1);
            }
        }
    }

    /** Restores every link. */
    void heal()
    {
        for (int link = 0; link < count * count; link++)
        {
            cut.set(link, 0);
        }
    }

    /** @return datagrams dropped on cut links so far (proof the cut took effect). */
    long dropped()
    {
        return dropped.get();
    }

    /** @return datagrams carried so far. */
    long relayed()
    {
        return relayed.get();
    }

    private boolean isCut(final int link)
    {
        return link != INGRESS && cut.get(link) == 1;
    }

    private int relayPort(final int from, final int to)
    {
        return relayBasePort + 10 * (from * count + to);
    }

    private DatagramChannel open(final InetSocketAddress bindAddress) throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        channels.add(channel);
        channel.configureBlocking(false);
        channel.bind(bindAddress);
        return channel;
    }

    private void run()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try
        {
            while (running)
            {
                if (selector.select(100) == 0)
                {
                    continue;
                }
                for (final SelectionKey key : selector.selectedKeys())
                {
                    if (key.attachment() instanceof Front front)
                    {
                        forward(front, buffer);
                    }
                    else
                    {
                        reply((Back)key.attachment(), (DatagramChannel)key.channel(), buffer);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        catch (final IOException ex)
        {
            if (running)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private void forward(final Front front, final ByteBuffer buffer) throws IOException
    {
        SocketAddress sender;
        while ((sender = receive(front.channel, buffer)) != null)
        {
            if (isCut(front.link))
            {
                dropped.incrementAndGet();
                continue;
            }
            DatagramChannel back = front.backBySender.get(sender);
            if (back == null)
            {
                back = open(new InetSocketAddress(HOST, 0));
                back.register(selector, SelectionKey.OP_READ, new Back(front, sender));
                front.backBySender.put(sender, back);
            }
            back.send(buffer, front.target);
            relayed.incrementAndGet();
        }
    }

    private void reply(final Back back, final DatagramChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (receive(channel, buffer) != null)
        {
            if (isCut(back.front().link))
            {
                dropped.incrementAndGet();
                continue;
            }
            back.front().channel.send(buffer, back.sender());
            relayed.incrementAndGet();
        }
    }

    private static SocketAddress receive(final DatagramChannel channel, final ByteBuffer buffer) throws IOException
    {
        buffer.clear();
        final SocketAddress sender = channel.receive(buffer);
        buffer.flip();
        return sender;
    }

    @Override
    public void close()
    {
        running = false;
        if (thread != null)
        {
            try
            {
                thread.join(2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (final DatagramChannel channel : channels)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // closing: nothing more to relay
            }
        }
        if (selector != null)
        {
            try
            {
                selector.close();
            }
            catch (final IOException ignored)
            {
                // closing
            }
        }
    }
}
