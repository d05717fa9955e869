package io.resx.perf;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.resx.engine.node.AeronOutcomePublisher;
import io.resx.engine.node.EngineAgent;
import io.resx.engine.node.EngineNode;
import io.resx.engine.node.ExchangeClock;
import io.resx.engine.node.ListingDirectory;
import io.resx.engine.node.RouteTable;
import io.resx.engine.node.TrustedInbox;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.protocol.command.Command;
import io.resx.replay.JournalContext;
import io.resx.server.serve.ServeNode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The single-node engine as {@code resx serve} runs it, without the gateways: an embedded media driver, the
 * {@link EngineAgent} taking Route + command messages from one UDP stream, the Disruptor pipeline with the
 * {@code commands}/{@code events} journals (ASYNC, serve's default) and the {@link AeronOutcomePublisher} sending
 * outcomes on another. {@link ClusterComparisonHarness} runs it as a child process, the peer of a cluster member:
 * <pre>
 *   java -cp ... io.resx.perf.SingleEngineProcess &lt;dir&gt; &lt;port&gt;   # commands on port, outcomes on port+1
 * </pre>
 * It lists the given commands' market through its in-process inbox (as serve's bootstrap does), prints
 * {@code ready} and runs until stopped.
 */
public final class SingleEngineProcess
{
    /** Stream of the engine's input (serve's {@code engine.in.stream}). */
    static final int IN_STREAM = 10;
    /** Stream of the outcomes (serve's {@code engine.out.stream}). */
    static final int OUT_STREAM = 11;

    private SingleEngineProcess()
    {
    }

    /**
     * @param args the folder (journal, Aeron) and the input port.
     * @throws InterruptedException when interrupted while running.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        final int port = Integer.parseInt(args[1]);
        final CountDownLatch stopped = new CountDownLatch(1);
        final MediaDriver driver = ServeNode.launchDriver(dir.resolve("aeron").toString());
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final Subscription input = aeron.addSubscription(channel(port), IN_STREAM);
        final Publication output = aeron.addPublication(channel(port + 1), OUT_STREAM);
        final EpochNanoClock clock = ExchangeClock.of(ClusterComparisonHarness.EXCHANGE_START);
        final int ringSize = PipelineContext.DEFAULT_RING_SIZE;
        final EngineNode node = EngineNode.recover(new EngineNode.Context().clock(clock)
            .ring(ringSize, WaitStrategyKind.BLOCKING)
            .appendTo(new JournalContext().directory(dir.resolve("journal")), Long.MAX_VALUE));
        final RouteTable routes = new RouteTable(ringSize);
        final ListingDirectory listings = new ListingDirectory();
        final TrustedInbox inbox = new TrustedInbox();
        final Publication[] outputs = {output};
        final AeronOutcomePublisher publisher = new AeronOutcomePublisher(outputs, routes, listings, clock);
        final EngineAgent agent = new EngineAgent(new Subscription[]{input}, outputs,
            node.start(publisher).pipeline().sequencer(), routes, listings, inbox);
        final List<Command> setUp = ClusterComparisonHarness.setUpCommands();
        for (int i = 0; i < setUp.size(); i++)
        {
            inbox.offer(0, 0, i, setUp.get(i));
        }
        final AgentRunner runner = new AgentRunner(
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
            Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "single-engine-stop"));
        System.out.println("ready: commands on " + channel(port) + " stream " + IN_STREAM + ", outcomes on " +
            channel(port + 1) + " stream " + OUT_STREAM);
        System.out.flush();
        stopped.await();
        CloseHelper.closeAll(runner, node, aeron, driver);
    }

    static String channel(final int port)
    {
        return "aeron:udp?endpoint=127.0.0.1:" + port + "|term-length=1m";
    }
}
