package io.resx.server.serve;

import io.resx.cluster.ClusterNode;
import io.resx.cluster.ClusterNodeContext;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resx operator} against a real one-member engine cluster (consensus module, archive, the engine service):
 * the operator's commands are applied in order with the operator's secret, a refused one stops the rest, a bad line
 * or a missing secret sends nothing, a wrong secret gets no admin rights.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OperatorCommandTest
{
    private static final String SECRET = "operator-test-secret";
    private static final String MEMBER = "127.0.0.1:22500";

    private final Path root = Path.of("target", "operator-test-" + System.nanoTime()).toAbsolutePath();
    private ClusterNode node;

    @BeforeEach
    void startMember() throws Exception
    {
        Files.createDirectories(root);
        node = ClusterNode.launch(new ClusterNodeContext().memberId(0).members(List.of(MEMBER))
            .directory(root.resolve("member0")).tick(Duration.ZERO).operatorSecret(SECRET).termLength(1 << 20)
            .startupCanvassTimeout(Duration.ofSeconds(1)), line -> { }, problem -> { });
    }

    @AfterEach
    void stop()
    {
        if (node != null)
        {
            node.close();
        }
        IoUtil.delete(root.toFile(), true);
    }

    @Test
    void shouldApplyTheOperatorsCommandsInOrderAndStopAtTheFirstRefusal() throws Exception
    {
        final Path config = config(SECRET);
        final Path market = Files.writeString(root.resolve("market.ndjson"), String.join("\n",
            "# a listing, an account, its cash",
            "{\"cmd\":\"list\",\"symbol\":\"COMP.VCPU.EU-WEST\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "",
            "{\"cmd\":\"account\",\"account\":\"OP-A-1\",\"owner\":\"OPERATOR-A\"}",
            "{\"cmd\":\"deposit\",\"account\":\"OP-A-1\",\"asset\":\"CASH\",\"amount\":\"1000\"}", ""));

        final Run first = run("--config", config.toString(), "--in", market.toString());
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out.lines()).containsExactly(
            "1: LIST seq 1: ACCEPTED", "2: ACCOUNT seq 2: ACCEPTED", "3: DEPOSIT seq 3: ACCEPTED BALANCE");
        assertThat(node.service().appliedSequence()).isEqualTo(3);

        // the same file again: the listing exists, so the first line is refused and nothing after it is sent
        final Run again = run("--config", config.toString(), "--in", market.toString());
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.out.lines()).singleElement().asString().startsWith("1: LIST seq 4: REJECTED ");
        assertThat(again.err).contains("line 1 refused; the 2 after it were not sent");
        assertThat(node.service().appliedSequence()).as("nothing applied after the refusal").isEqualTo(4);
    }

    @Test
    void shouldSendNothingForAnUnreadableLineOrWithoutTheSecret() throws Exception
    {
        final Path bad = Files.writeString(root.resolve("bad.ndjson"),
            "{\"cmd\":\"account\",\"account\":\"OP-A-1\",\"owner\":\"OPERATOR-A\"}\n{\"cmd\":\"list\",\"tick\":\"x\"}\n");
        final Run unreadable = run("--config", config(SECRET).toString(), "--in", bad.toString());
        assertThat(unreadable.exit).isEqualTo(2);
        assertThat(unreadable.err).contains("line 2");

        final Path good = Files.writeString(root.resolve("good.ndjson"),
            "{\"cmd\":\"account\",\"account\":\"OP-A-1\",\"owner\":\"OPERATOR-A\"}\n");
        final Run noSecret = run("--config", config("").toString(), "--in", good.toString());
        assertThat(noSecret.exit).isEqualTo(2);
        assertThat(noSecret.err).contains("cluster.operatorSecret is empty");

        // a wrong secret: the session is let in as any gateway's, without admin rights, so the account is refused
        final Run wrongSecret = run("--config", config("not-the-secret").toString(), "--in", good.toString());
        assertThat(wrongSecret.exit).as(wrongSecret.err).isEqualTo(1);
        assertThat(wrongSecret.out.lines()).singleElement().asString().startsWith("1: ACCOUNT seq 1: REJECTED ");

        // and it opened nothing: with the secret the same account is opened now
        final Run withSecret = run("--config", config(SECRET).toString(), "--in", good.toString());
        assertThat(withSecret.exit).as(withSecret.err).isZero();
        assertThat(withSecret.out.lines()).containsExactly("1: ACCOUNT seq 2: ACCEPTED");
    }

    private Path config(final String secret) throws Exception
    {
        return Files.writeString(root.resolve("member-" + System.nanoTime() + ".properties"), String.join("\n",
            "data.dir=" + root, "aeron.dir=" + root.resolve("aeron"), "cluster.members=" + MEMBER,
            "cluster.operatorSecret=" + secret, ""));
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new OperatorCommand()).setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err)
    {
    }
}
