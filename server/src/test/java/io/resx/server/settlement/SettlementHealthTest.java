package io.resx.server.settlement;

import io.resx.replay.JournalContext;
import io.resx.server.http.HealthRegistry;
import io.resx.server.http.SettlementBatches;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.SettlementView;
import io.resx.settlement.bridge.TokenProvisioner;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain component of {@code /health} and the settlement series of {@code /metrics} tell the truth, on a real
 * anvil: DEGRADED while the operator's gas money is below the warning level, DOWN once the node is gone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SettlementHealthTest
{
    @TempDir
    Path dir;

    private LocalChain chain;
    private JournalStartUp started;
    private SettlementBridge bridge;

    @AfterEach
    void stop()
    {
        if (bridge != null)
        {
            bridge.close();
        }
        if (started != null)
        {
            started.close();
        }
        if (chain != null)
        {
            chain.close();
        }
    }

    @Test
    void shouldShowTheChainDegradedOnLowGasMoneyAndDownWhenTheNodeIsGone() throws Exception
    {
        chain = LocalChain.start(2, 0);
        chain.deploy(List.of(), Map.of("A-1", "A"));
        final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        // a warning level above what the dev operator holds (10 000 ether)
        final SettlementBridge.Tuning tuning = new SettlementBridge.Tuning(500, 2,
            SettlementBridge.Tuning.wei("20000"), 60_000, 1_000);
        bridge = new SettlementBridge(new SettlementBridge.Settings(journal.events(),
            dir.resolve(SettlementPosition.FILE_NAME), chain.directory(), chain.rpcUrl(),
            chain.operator(), WindowPolicy.of(1, 0), 1, 20, 10_000, tuning, TokenProvisioner.NONE),
            new InternalRoute(new TrustedInbox())).start();
        await(() -> bridge.health().level() == SettlementView.Level.DEGRADED);
        assertThat(bridge.health().message()).contains("operator gas balance low");
        final HealthRegistry registry = new HealthRegistry();
        registry.register("chain", () -> new HealthRegistry.Check(
            HealthRegistry.Status.valueOf(bridge.health().level().name()), bridge.health().message()));
        assertThat(HealthRegistry.overall(registry.checkAll())).isEqualTo(HealthRegistry.Status.DEGRADED);
        assertThat(HealthRegistry.ready(registry.checkAll())).isTrue();

        final Map<String, Double> metrics = new java.util.HashMap<>();
        for (final SettlementBatches.Metric m : new BridgeBatches(bridge).metrics())
        {
            metrics.put(m.name(), m.value());
        }
        assertThat(metrics).containsKeys("resx_settlement_batches_confirmed_total",
            "resx_settlement_batch_attempts_failed_total", "resx_settlement_batches_queued",
            "resx_settlement_oldest_unsettled_trade_age_seconds", "resx_settlement_gas_price_paid_wei");
        assertThat(metrics.get("resx_settlement_operator_balance_wei"))
            .isGreaterThan(new BigInteger("9000000000000000000000").doubleValue());
        assertThat(metrics.get("resx_settlement_chain_up")).isEqualTo(0.5);

        chain.node().close();
        await(() -> bridge.health().level() == SettlementView.Level.DOWN);
        assertThat(HealthRegistry.ready(Map.of("chain", new HealthRegistry.Check(
            HealthRegistry.Status.valueOf(bridge.health().level().name()), "")))).isFalse();
        assertThat(bridge.errors()).isZero();
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
