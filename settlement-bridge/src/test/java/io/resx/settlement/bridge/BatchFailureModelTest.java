package io.resx.settlement.bridge;

import io.resx.settlement.chain.AnvilNode;
import io.resx.settlement.chain.ResourceTokenClient;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Trade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.resx.settlement.bridge.ChainFixture.ONE;
import static io.resx.settlement.bridge.ChainFixture.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's failure model and fees on a real anvil: fees that stay flat over many batches, a stuck transaction
 * replaced at its nonce with bumped fees, each error class (transient with a back-off that holds every time,
 * permanent refusal re-cut out of its batch, uncovered default), assets without a token, and revert reasons
 * decoded to the contract's error names.
 */
@Timeout(240)
class BatchFailureModelTest
{
    private ChainFixture chain;

    @AfterEach
    void stop()
    {
        if (chain != null)
        {
            chain.close();
        }
    }

    @Test
    void shouldPayFlatFeesOverManyBatchesAndWatchTheOperatorsBalance() throws IOException
    {
        chain = new ChainFixture(3);
        final ChainClient client = chain.operator();
        final BatchSubmitter submitter = new BatchSubmitter(client, chain.directory, chain.commands, 1, 60_000);
        final BigInteger before = client.balance(client.operatorAddress());
        final List<BigInteger> spent = new ArrayList<>();
        BigInteger last = before;
        for (int i = 0; i < 30; i++)
        {
            final long seq = 10L + 2 * i;
            // ACC-1 sells to ACC-2 on even batches; ACC-2 sells back on odd ones
            submitter.enqueue(chain.batch(new Trade(seq, seq, seq, SPEC, 10 * ONE, ONE / 10,
                i % 2 == 0 ? "ACC-2" : "ACC-1", i % 2 == 0 ? "ACC-1" : "ACC-2")));
            chain.runUntilIdle(submitter);
            final BigInteger now = client.balance(client.operatorAddress());
            spent.add(last.subtract(now));
            last = now;
        }
        final List<BatchRecord> records = submitter.records();
        assertThat(records).hasSize(30).allMatch(r -> r.status() == BatchStatus.CONFIRMED, "all confirmed");
        final long firstPrice = records.get(0).gasPriceWei();
        assertThat(firstPrice).isPositive();
        // the policy does not feed on itself: the last price is no higher than the first (the old one doubled)
        assertThat(records.get(29).gasPriceWei()).isLessThanOrEqualTo(firstPrice);
        assertThat(records).allMatch(r -> r.gasPriceWei() <= FeePolicy.gwei(500).longValueExact());
        // and what each batch costs the operator stays flat
        final BigInteger firstCost = spent.get(1);
        assertThat(spent.get(29)).isLessThanOrEqualTo(firstCost.multiply(BigInteger.valueOf(11))
            .divide(BigInteger.TEN));
        submitter.step(1_000_000);
        assertThat(submitter.stats().operatorWei()).isPositive();
        assertThat(submitter.stats().lowBalance()).isFalse();
        assertThat(submitter.stats().confirmed()).isEqualTo(30);
    }

    @Test
    void shouldReplaceAStuckTransactionAtItsNonceWithBumpedFees() throws IOException
    {
        chain = new ChainFixture(3);
        final ChainClient client = chain.operator();
        client.raw("evm_setAutomine", List.of(false));
        final BatchSubmitter submitter = new BatchSubmitter(client, chain.directory, chain.commands, 1, 1_000);
        submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, 2 * ONE, "ACC-2", "ACC-1")));
        assertThat(submitter.step(0)).isTrue();
        assertThat(submitter.records().get(0).status()).as(submitter.records().get(0).problem())
            .isEqualTo(BatchStatus.SUBMITTED);
        final String stuck = submitter.records().get(0).txHash();
        final Transaction first = tx(stuck);
        submitter.step(500);
        assertThat(submitter.records().get(0).txHash()).as("not stuck yet").isEqualTo(stuck);
        submitter.step(1_000);
        final String replacement = submitter.records().get(0).txHash();
        assertThat(replacement).isNotEqualTo(stuck);
        final Transaction second = tx(replacement);
        assertThat(second.getNonce()).isEqualTo(first.getNonce());
        assertThat(second.getMaxFeePerGas()).isGreaterThanOrEqualTo(
            first.getMaxFeePerGas().multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)));
        assertThat(second.getMaxPriorityFeePerGas()).isGreaterThan(first.getMaxPriorityFeePerGas());
        client.raw("evm_setAutomine", List.of(true));
        chain.runUntilIdle(submitter);
        assertThat(chain.journal).containsExactly("batchSettled 5");
        assertThat(submitter.records().get(0).txHash()).isEqualTo(replacement);
        assertThat(client.nonce(DefaultBlockParameterName.LATEST)).isEqualTo(first.getNonce().add(BigInteger.ONE));
    }

    @Test
    void shouldSendAtAFreshNonceWhenAnotherTransactionTookTheNonceOfItsPendingOne() throws IOException
    {
        chain = new ChainFixture(3);
        final ChainClient client = chain.operator();
        client.raw("evm_setAutomine", List.of(false));
        final BatchSubmitter submitter = new BatchSubmitter(client, chain.directory, chain.commands, 1, 60_000);
        submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, 2 * ONE, "ACC-2", "ACC-1")));
        assertThat(submitter.step(0)).isTrue();
        final Transaction pending = tx(submitter.records().get(0).txHash());
        // a nonce race: another sender with the operator key replaces it at its nonce with a plain transfer
        final FeePolicy policy = new FeePolicy(FeePolicy.gwei(500), FeePolicy.gwei(2));
        final ChainClient.Sent rival = client.send(client.operatorAddress(), "0x", policy.bump(new FeePolicy.Fees(
            pending.getMaxFeePerGas(), pending.getMaxPriorityFeePerGas()), null), pending.getNonce(),
            BigInteger.valueOf(21_000));
        client.raw("evm_mine", List.of());
        assertThat(client.receipt(rival.txHash())).isPresent();
        assertThat(client.known(pending.getHash())).isFalse();
        client.raw("evm_setAutomine", List.of(true));
        chain.runUntilIdle(submitter);
        assertThat(chain.journal).containsExactly("batchSettled 5");
        assertThat(tx(submitter.records().get(0).txHash()).getNonce())
            .isEqualTo(pending.getNonce().add(BigInteger.ONE));
        assertThat(chain.token.balanceOf(chain.directory.walletOf("ACC-2"))).isEqualTo(2 * ONE);
    }

    @Test
    void shouldNotSendARefusalTheJournalAlreadyHoldsAfterARestart() throws IOException
    {
        chain = new ChainFixture(3);
        final String ended = chain.leaseSlot(3);
        final BatchSubmitter submitter = new BatchSubmitter(chain.operator(), chain.directory, chain.commands, 1,
            60_000);
        submitter.unwoundInJournal(2); // read back from the journal: sent before the restart
        submitter.enqueue(chain.batch(
            new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1"),
            new Trade(6, 6, 2, ended, 3 * ONE, ONE, "ACC-3", "ACC-1"),
            new Trade(7, 7, 3, ended, 3 * ONE, ONE, "ACC-2", "ACC-1")));
        chain.runUntilIdle(submitter);

        assertThat(chain.journal).filteredOn(line -> line.startsWith("settlementRefused"))
            .extracting(line -> line.split(" ")[1]).containsExactly("3");
        assertThat(chain.journal).contains("batchSettled 5");
    }

    @Test
    void shouldCutARefusedLeaseOutOfItsBatchSettleTheRestAndGoOn() throws IOException
    {
        chain = new ChainFixture(3);
        final String ended = chain.leaseSlot(3); // a slot that ended two hours before the chain's time
        final BatchSubmitter submitter = new BatchSubmitter(chain.operator(), chain.directory, chain.commands, 1,
            60_000);
        submitter.enqueue(chain.batch(
            new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1"),
            new Trade(6, 6, 2, ended, 3 * ONE, ONE, "ACC-3", "ACC-1")));
        submitter.enqueue(chain.batch(new Trade(9, 9, 3, ended, 3 * ONE, ONE, "ACC-3", "ACC-1")));
        submitter.enqueue(chain.batch(new Trade(12, 12, 4, SPEC, 10 * ONE, ONE, "ACC-3", "ACC-1")));
        chain.runUntilIdle(submitter);

        final List<BatchRecord> records = submitter.records();
        assertThat(records).extracting(BatchRecord::status)
            .containsExactly(BatchStatus.CONFIRMED, BatchStatus.REFUSED, BatchStatus.CONFIRMED);
        assertThat(chain.journal).filteredOn(line -> line.startsWith("batchSettled"))
            .containsExactly("batchSettled 5", "batchSettled 12");
        // each refused trade goes back to the engine once, to be unwound there, with the chain's reason
        assertThat(chain.journal).filteredOn(line -> line.startsWith("settlementRefused"))
            .extracting(line -> line.split(" ")[1] + " " + line.split(" ")[2]).containsExactly("2 " + ended, "3 " + ended);
        assertThat(chain.journal).filteredOn(line -> line.startsWith("settlementRefused"))
            .allMatch(line -> line.contains(" BadSlot("));
        final BatchRecord.Refusal refusal = records.get(0).refused().get(0);
        assertThat(records.get(0).refused()).hasSize(1);
        assertThat(refusal.tradeId()).isEqualTo(2);
        final long start = Instant.parse(ended.substring(ended.indexOf('@') + 1, ended.indexOf('/')).replace("Z",
            ":00Z")).getEpochSecond();
        assertThat(refusal.reason()).isEqualTo("BadSlot(" + start + ", " + (start + 3600) + ")");
        assertThat(records.get(0).trades()).isEqualTo(1);
        assertThat(records.get(1).problem()).contains("BadSlot(").doesNotContain("0x").doesNotContain("\u0000");
        assertThat(submitter.refusals()).extracting(BatchRecord.Refusal::tradeId).containsExactly(2L, 3L);
        // only the ownership legs moved: ACC-1 sold 2 units for 20, no rent changed hands
        assertThat(chain.cash.balanceOf(chain.directory.walletOf("ACC-1"))).isEqualTo((100_000 + 20) * ONE);
        assertThat(chain.cash.balanceOf(chain.directory.walletOf("ACC-3"))).isEqualTo((100_000 - 10) * ONE);
        assertThat(chain.token.balanceOf(chain.directory.walletOf("ACC-2"))).isEqualTo(ONE);
        assertThat(submitter.stats().refusedTrades()).isEqualTo(2);
        assertThat(submitter.stats().refusedBatches()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTradesOnAnAssetWithoutATokenOrDeployItsTokenFirst() throws IOException
    {
        chain = new ChainFixture(3);
        final Instant interval = Instant.ofEpochSecond(chain.anvil.latestTimestamp()).truncatedTo(ChronoUnit.HOURS)
            .plus(2, ChronoUnit.HOURS);
        final String energy = "ENRG.KWH.NODE17@" + interval.toString().replace(":00Z", "Z") + "/PT15M";
        final BatchSubmitter without = new BatchSubmitter(chain.operator(), chain.directory, chain.commands, 1,
            60_000);
        without.enqueue(chain.batch(new Trade(5, 5, 1, energy, 2 * ONE, ONE, "ACC-2", "ACC-1"),
            new Trade(6, 6, 2, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1")));
        chain.runUntilIdle(without);
        assertThat(without.records().get(0).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(without.records().get(0).refused()).extracting(BatchRecord.Refusal::reason)
            .containsExactly("NoToken(" + energy + ")");
        assertThat(without.stats().refusedTrades()).isEqualTo(1);

        // with a provisioner the interval gets its token at first need, and the trade settles
        final TokenProvisioner deployer = symbol ->
        {
            final ResourceTokenClient token = chain.deployer.resourceToken(symbol, "E17", symbol, chain.vault);
            for (int i = 1; i <= 3; i++)
            {
                token.as(chain.anvil.account(i)).setApprovalForAll(chain.vault.address(), true);
            }
            token.setPrimaryHolder(chain.anvil.account(1).address());
            token.as(chain.anvil.account(1)).uploadEntries(List.of(new ResourceTokenClient.Entry("KWH", "NODE17")));
            chain.directory.token(symbol, token.address());
            return token.address();
        };
        final BatchSubmitter with = new BatchSubmitter(chain.operator(), chain.directory, chain.commands, 1, 60_000,
            new FeePolicy(FeePolicy.gwei(500), FeePolicy.gwei(2)), new Backoff(2_000, 60_000), deployer,
            BigInteger.ONE);
        with.enqueue(chain.batch(new Trade(9, 9, 3, energy, 2 * ONE, ONE, "ACC-3", "ACC-1")));
        chain.runUntilIdle(with);
        assertThat(with.records().get(0).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(with.records().get(0).refused()).isEmpty();
        assertThat(new ResourceTokenClient(chain.anvil.account(0), chain.directory.tokenOf(energy))
            .balanceOf(chain.directory.walletOf("ACC-3"))).isEqualTo(ONE);
    }

    @Test
    void shouldRefuseTheTradesOfAnAccountWithoutAWalletAndSettleTheRest() throws IOException
    {
        chain = new ChainFixture(3);
        final BatchSubmitter submitter = new BatchSubmitter(chain.operator(), chain.directory, chain.commands, 1,
            60_000);
        submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "GHOST", "ACC-1"),
            new Trade(6, 6, 2, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1")));
        chain.runUntilIdle(submitter);
        assertThat(submitter.records().get(0).status()).isEqualTo(BatchStatus.CONFIRMED);
        assertThat(submitter.records().get(0).refused()).extracting(BatchRecord.Refusal::reason)
            .containsExactly("NoWallet(GHOST)");
        assertThat(chain.token.balanceOf(chain.directory.walletOf("ACC-2"))).isEqualTo(ONE);
    }

    @Test
    void shouldCutOutTheTradesOfAnUncoveredDefaulter() throws IOException
    {
        chain = new ChainFixture(3);
        final ChainClient client = chain.operator();
        // ACC-3 empties its wallet: its payment falls to the waterfall, and the vault has no default fund
        chain.cash.as(chain.anvil.account(3)).transfer(chain.anvil.account(0).address(),
            chain.cash.balanceOf(chain.directory.walletOf("ACC-3")));
        final BatchSubmitter submitter = new BatchSubmitter(client, chain.directory, chain.commands, 1, 60_000);
        submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "ACC-3", "ACC-1")));
        submitter.enqueue(chain.batch(new Trade(8, 8, 2, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1"),
            new Trade(9, 9, 3, SPEC, 10 * ONE, ONE, "ACC-3", "ACC-1")));
        chain.runUntilIdle(submitter);
        // batch 5 is ACC-3's alone: refused whole; batch 8 settles without ACC-3's trade
        assertThat(submitter.records()).extracting(BatchRecord::status)
            .containsExactly(BatchStatus.REFUSED, BatchStatus.CONFIRMED);
        assertThat(submitter.records().get(0).refused().get(0).reason()).startsWith("DefaultFundExhausted(5, 0x");
        assertThat(submitter.records().get(1).refused()).extracting(BatchRecord.Refusal::tradeId).containsExactly(3L);
        assertThat(chain.journal).filteredOn(line -> line.startsWith("batchSettled")).containsExactly("batchSettled 8");
        assertThat(chain.journal).filteredOn(line -> line.startsWith("settlementRefused"))
            .extracting(line -> line.split(" ")[1]).as("the defaulter's cut-out trades go back to be unwound")
            .containsExactly("1", "3");
        assertThat(chain.token.balanceOf(chain.directory.walletOf("ACC-2"))).isEqualTo(ONE);
        assertThat(chain.token.balanceOf(chain.directory.walletOf("ACC-3"))).isZero();
    }

    @Test
    void shouldBackOffEveryRetryWhileTheOperatorCannotPayForGasAndReportLowFunds() throws IOException
    {
        chain = new ChainFixture(3);
        final ChainClient client = chain.operator();
        final String operator = client.operatorAddress();
        final BigInteger funds = client.balance(operator);
        client.raw("anvil_setBalance", List.of(operator, "0x0"));
        final BatchSubmitter submitter = new BatchSubmitter(client, chain.directory, chain.commands, 1, 60_000,
            new FeePolicy(FeePolicy.gwei(500), FeePolicy.gwei(2)), new Backoff(2_000, 8_000), TokenProvisioner.NONE,
            BigInteger.TEN.pow(18));
        submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1")));
        // 30 s of polls every 100 ms: with back-off 2, 4, 8, 8 … s (each at least half that) at most 9 attempts
        for (long nowMs = 0; nowMs <= 30_000; nowMs += 100)
        {
            assertThat(submitter.step(nowMs)).isTrue();
        }
        final long attempts = submitter.stats().failedAttempts();
        assertThat(attempts).isBetween(4L, 9L);
        assertThat(submitter.records().get(0).status()).isEqualTo(BatchStatus.FAILED);
        assertThat(submitter.records().get(0).problem()).containsIgnoringCase("insufficient funds");
        assertThat(submitter.stats().lowBalance()).isTrue();
        assertThat(submitter.stats().currentWaitMs()).isGreaterThanOrEqualTo(30_000);
        assertThat(chain.journal).isEmpty();

        client.raw("anvil_setBalance", List.of(operator, "0x" + funds.toString(16)));
        final ChainClient miner = new ChainClient(chain.anvil.rpcUrl(), null);
        for (long nowMs = 30_000; nowMs <= 60_000 && submitter.backlog() > 0; nowMs += 100)
        {
            submitter.step(nowMs);
            miner.raw("evm_mine", List.of());
        }
        assertThat(chain.journal).containsExactly("batchSettled 5");
        submitter.step(70_000);
        assertThat(submitter.stats().lowBalance()).isFalse();
    }

    @Test
    void shouldWaitOutANodeCutByTheRelayWithoutSpendingAttempts() throws IOException
    {
        chain = new ChainFixture(3);
        try (TcpRelay relay = new TcpRelay(chain.anvil.port()))
        {
            final BatchSubmitter submitter = new BatchSubmitter(
                new ChainClient(relay.url(), AnvilNode.devCredentials(0)), chain.directory, chain.commands, 1, 60_000);
            submitter.enqueue(chain.batch(new Trade(5, 5, 1, SPEC, 10 * ONE, ONE, "ACC-2", "ACC-1")));
            relay.down();
            assertThat(relay.refusesWithin(2_000)).isTrue();
            assertThat(submitter.step(0)).isFalse();
            assertThat(submitter.health()).startsWith("down: ");
            assertThat(submitter.records().get(0).status()).isEqualTo(BatchStatus.QUEUED);
            relay.up();
            chain.runUntilIdle(submitter);
            assertThat(chain.journal).containsExactly("batchSettled 5");
        }
    }

    private Transaction tx(final String hash) throws IOException
    {
        return chain.anvil.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
    }
}
