package io.resx.server.serve;

import io.aeron.driver.MediaDriver;
import io.resx.cluster.ClusterNodeContext;
import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code resx operator}: sends the operator's commands (listings, accounts, owners, deposits, limits, halts: the
 * NDJSON lines of {@code batch} and of the {@code market} files) to an engine cluster, through the gateways'
 * {@link ClusterLink} with the operator's secret ({@code cluster.operatorSecret}: the only session the members let
 * send admin commands). In cluster mode this is how a market is listed and its participants' accounts opened and
 * funded: the single node's start-up does that by itself, a member does not (each member would send it again).
 * <p>
 * One command at a time, in file order, each waiting for its answer, so a refused line stops the rest (a listing
 * must exist before a deposit names it). A failover while a command waits is ridden out by the link (it resends
 * what is unanswered to the next leader); a command with no ClOrdID is not de-duplicated by the engine, so a
 * DEPOSIT resent that way may be applied twice: read the answer, and the member's {@code events} with
 * {@code audit}, after a failover during a run.
 */
@picocli.CommandLine.Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {"Sends the operator's NDJSON commands (list, account, owner, deposit, ...) to an engine cluster " +
        "with the operator's secret, one at a time, and prints each answer.",
        "Exit code: 0 every command accepted, 1 one refused (the rest not sent), 2 bad input or no answer."})
public final class OperatorCommand implements Callable<Integer>
{
    private static final int OPERATOR_GATEWAY_ID = 901;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A member's properties file: cluster.members " +
        "(the ingress endpoints) and cluster.operatorSecret are read from it.")
    private Path configFile;

    @Option(names = "--cluster", paramLabel = "ENDPOINTS", description = "The members' ingress endpoints, " +
        "0=host:port,1=... (default: from cluster.members).")
    private String endpoints;

    @Option(names = "--in", paramLabel = "FILE", required = true,
        description = "NDJSON commands, one a line ('-' for standard input); blank lines and lines starting with # " +
            "are skipped.")
    private String input;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30S",
        description = "How long to wait for a leader and for each answer (ISO-8601). Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    private final GatewayCodec codec = new GatewayCodec();
    private final Command answerCommand = new Command();
    private final EventLog answerEvents = new EventLog();
    private long answeredId;
    private String answer;
    private boolean accepted;
    private CommandType sentType;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ServeConfig config;
        final List<Command> commands;
        try
        {
            config = ServeConfig.load(configFile);
            commands = read();
        }
        catch (final IllegalArgumentException | IOException ex)
        {
            err.println("resx operator: " + ex.getMessage());
            return 2;
        }
        final String secret = config.get("cluster.operatorSecret");
        if (secret.isEmpty())
        {
            err.println("resx operator: cluster.operatorSecret is empty: the members take admin commands only from " +
                "a session presenting it (set it in --config, the same as the members')");
            return 2;
        }
        final String ingress = endpoints != null ? endpoints :
            ClusterNodeContext.ingressEndpoints(config.getList("cluster.members"));
        final String aeronDir = config.aeronDir("operator");
        final MediaDriver driver = ServeNode.launchDriver(aeronDir);
        final ClusterLink link = new ClusterLink(GatewayCommand.clusterLink(config, OPERATOR_GATEWAY_ID, aeronDir)
            .ingressEndpoints(ingress).credentials(secret));
        try
        {
            final EngineProxy proxy = new EngineProxy(link, OPERATOR_GATEWAY_ID);
            if (!pollUntil(link, () -> link.isConnected()))
            {
                err.println("resx operator: no cluster leader reachable at " + ingress + " within " + timeout);
                return 2;
            }
            for (int i = 0; i < commands.size(); i++)
            {
                final long correlationId = i + 1;
                final String problem = send(proxy, commands.get(i), correlationId);
                if (problem != null)
                {
                    err.println("resx operator: line " + (i + 1) + " not sent: " + problem);
                    return 2;
                }
                answer = null;
                answeredId = correlationId;
                sentType = commands.get(i).type();
                if (!pollUntil(link, () -> answer != null))
                {
                    err.println("resx operator: line " + (i + 1) + " (" + commands.get(i).type() + "): no answer " +
                        "within " + timeout + "; whether it was applied is unknown: check the events with audit");
                    return 2;
                }
                out.println((i + 1) + ": " + answer);
                out.flush();
                if (!accepted)
                {
                    err.println("resx operator: line " + (i + 1) + " refused; the " + (commands.size() - i - 1) +
                        " after it were not sent");
                    return 1;
                }
            }
            return 0;
        }
        finally
        {
            CloseHelper.closeAll(link, driver);
        }
    }

    private String send(final EngineProxy proxy, final Command command, final long correlationId)
    {
        proxy.lane().command().copyFrom(command);
        return proxy.lane().offer(0, correlationId);
    }

    private boolean pollUntil(final ClusterLink link, final java.util.function.BooleanSupplier done)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            if (link.poll(this::onMessage, 64) == 0)
            {
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }
        return true;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length,
        final boolean alreadyAnswered)
    {
        if (alreadyAnswered || codec.decodeRoute(buffer, offset, length) != GatewayCodec.Kind.COMMAND ||
            codec.gatewayId() != OPERATOR_GATEWAY_ID || codec.correlationId() != answeredId)
        {
            return;
        }
        codec.decodeOutcome(buffer, offset, length, answerCommand, answerEvents);
        final StringBuilder line = new StringBuilder().append(sentType).append(" seq ")
            .append(answerCommand.sequence()).append(':');
        for (int i = 0; i < answerEvents.size(); i++)
        {
            line.append(' ').append(answerEvents.get(i).type());
            if (answerEvents.get(i).type() == EventType.REJECTED)
            {
                line.append(' ').append(answerEvents.get(i).reason());
            }
        }
        if (answerCommand.type() == CommandType.INVALID)
        {
            // the engine screens admin commands of a session without the operator's secret as a gateway's
            line.append(" (taken as a gateway's command: is cluster.operatorSecret the members' one?)");
        }
        accepted = answerEvents.size() > 0 && answerEvents.get(0).type() == EventType.ACCEPTED;
        answer = line.toString();
    }

    /** @return the input's commands, admin; refuses an unreadable line naming it, before anything is sent. */
    private List<Command> read() throws IOException
    {
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final List<Command> commands = new ArrayList<>();
        try (BufferedReader lines = "-".equals(input) ?
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) :
            Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8))
        {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null)
            {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#"))
                {
                    continue;
                }
                final Command command = reader.read(line, new Command());
                if (command.type() == CommandType.INVALID)
                {
                    throw new IllegalArgumentException(input + " line " + number + ": " + command.invalidReason() + " (" + command.detail() + ")");
                }
                commands.add(command.admin(true));
            }
        }
        return commands;
    }
}
