package io.resx.settlement.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a real node, that a test can cut and restore: how a node that goes away and
 * comes back looks to the bridge (connections refused or reset, then accepted again on the same port).
 */
final class TcpRelay implements AutoCloseable
{
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    TcpRelay(final int targetPort) throws IOException
    {
        this.targetPort = targetPort;
        this.port = portOutsideTheEphemeralRange();
        up();
    }

    /**
     * A free port below the kernel's ephemeral range: connecting to a closed port inside that range can connect the
     * socket to itself (TCP simultaneous open), which would look like a node that answers.
     */
    private static int portOutsideTheEphemeralRange() throws IOException
    {
        final java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int candidate = 20_000 + random.nextInt(10_000);
            try (ServerSocket probe = new ServerSocket(candidate, 50, InetAddress.getLoopbackAddress()))
            {
                return probe.getLocalPort();
            }
            catch (final IOException taken)
            {
                // try another
            }
        }
        throw new IOException("no free loopback port between 20000 and 30000");
    }

    String url()
    {
        return "http://127.0.0.1:" + port;
    }

    /** Accepts connections again, on the same port. */
    void up() throws IOException
    {
        final ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        final Thread acceptor = new Thread(() -> accept(socket), "relay-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Refuses new connections and resets the open ones. */
    void down() throws IOException
    {
        server.close();
        for (final Socket s : open)
        {
            s.close();
        }
        open.clear();
    }

    private void accept(final ServerSocket socket)
    {
        while (!socket.isClosed())
        {
            try
            {
                final Socket client = socket.accept();
                final Socket node = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(node);
                pipe(client, node);
                pipe(node, client);
            }
            catch (final IOException closed)
            {
                return;
            }
        }
    }

    private static void pipe(final Socket from, final Socket to)
    {
        final Thread thread = new Thread(() ->
        {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                in.transferTo(out);
            }
            catch (final IOException ended)
            {
                // a side closed: the other is closed below
            }
            finally
            {
                try
                {
                    to.close();
                    from.close();
                }
                catch (final IOException ignored)
                {
                    // already closed
                }
            }
        }, "relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A closed listening socket can linger for a moment while its acceptor thread wakes up (the JDK defers the
     * close of a socket another thread is blocked on), so this polls.
     *
     * @param timeoutMs how long to wait.
     * @return whether a connection to the relay's port was refused within the time.
     */
    boolean refusesWithin(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline)
        {
            try
            {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                Thread.sleep(10);
            }
            catch (final IOException refused)
            {
                return true;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException
    {
        down();
    }
}
