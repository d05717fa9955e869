package io.resx.settlement.chain;

import static io.resx.settlement.chain.ResourceTokenClient.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resx.settlement.chain.ChainEvents.BatchSettled;
import io.resx.settlement.chain.ChainEvents.CollateralDeposited;
import io.resx.settlement.chain.ChainEvents.Default;
import io.resx.settlement.chain.ChainEvents.VaultEvent;
import io.resx.settlement.chain.VaultClient.CashDelta;
import io.resx.settlement.chain.VaultClient.LeaseAssignment;
import io.resx.settlement.chain.VaultClient.UnitDelta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * SettlementVault on a real anvil: delivery versus payment, a batch settles once, the waterfall for a payer that
 * cannot pay and a seller that cannot deliver, leases assigned by the vault, collateral. Fresh contracts per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementVaultTest
{
    private static final long CASH = 1_000_000L; // one cash unit in base units

    private AnvilNode anvil;
    private ChainAccount admin;
    private ChainAccount operator;
    private ChainAccount pu;
    private ChainAccount a;
    private ChainAccount b;
    private ChainAccount c;
    private CashTokenClient cash;
    private VaultClient vault;
    private ResourceTokenClient token;

    @BeforeAll
    void startChain()
    {
        anvil = AnvilNode.start();
        admin = anvil.account(0);
        operator = anvil.account(9);
        pu = anvil.account(1);
        a = anvil.account(2);
        b = anvil.account(3);
        c = anvil.account(4);
    }

    @AfterAll
    void stopChain()
    {
        anvil.close();
    }

    @BeforeEach
    void deploy()
    {
        Deployer deployer = new Deployer(admin);
        cash = deployer.cashToken("ResX Cash", "USDX");
        vault = deployer.vault(cash, operator.address()).as(operator);
        token = deployer.resourceToken("Spectrum 3550-3560 CELL042", "S42", "SPEC.3550-3560.CELL042", vault);
        token.setPrimaryHolder(pu.address());
        List<ResourceTokenClient.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            entries.add(new ResourceTokenClient.Entry("3550-3560", "CELL042/" + i));
        }
        token.as(pu).uploadEntries(entries);
        cash.mint(admin.address(), 1_000 * CASH);
        cash.approveAll(vault.address());
        vault.as(admin).fundDefaultFund(100 * CASH);
    }

    /** A wallet with cash and units that has approved the vault for both. */
    private void wallet(ChainAccount who, long cashAmount, long unitAmount)
    {
        if (cashAmount > 0)
        {
            cash.mint(who.address(), cashAmount);
        }
        if (unitAmount > 0)
        {
            token.as(pu).transfer(who.address(), unitAmount);
        }
        cash.as(who).approveAll(vault.address());
        token.as(who).setApprovalForAll(vault.address(), true);
    }

    @Test
    void shouldSettleDeliveryVersusPaymentAndReportIt()
    {
        wallet(a, 0, 5 * UNIT);
        wallet(b, 50 * CASH, 0);

        TransactionReceipt r = vault.settleBatch(7, List.of(new CashDelta(a.address(), 25 * CASH),
                new CashDelta(b.address(), -25 * CASH)),
            List.of(new UnitDelta(token.address(), a.address(), -2_500_000, 25 * CASH),
                new UnitDelta(token.address(), b.address(), 2_500_000, 25 * CASH)), List.of());

        assertThat(cash.balanceOf(a.address())).isEqualTo(25 * CASH);
        assertThat(cash.balanceOf(b.address())).isEqualTo(25 * CASH);
        assertThat(token.balanceOf(a.address())).isEqualTo(2_500_000);
        assertThat(token.balanceOf(b.address())).isEqualTo(2_500_000);
        assertThat(token.nftBalanceOf(a.address())).isEqualTo(2);
        assertThat(token.nftBalanceOf(b.address())).isEqualTo(2);
        assertThat(cash.balanceOf(vault.address())).as("collateral and fund only").isEqualTo(100 * CASH);
        assertThat(vault.settled(7)).isTrue();
        assertThat(ChainEvents.vaultEvents(r.getLogs())).singleElement().isInstanceOfSatisfying(BatchSettled.class,
            e -> assertThat(List.of(e.batchId(), e.cashLegs(), e.unitLegs(), e.leaseLegs()))
                .containsExactly(7L, 2L, 2L, 0L));
        assertThat(ChainEvents.transfers(r.getLogs())).extracting(ChainEvents.Transfer::token).contains(cash.address(),
            token.address());
    }

    @Test
    void shouldRefuseToSettleABatchTwice()
    {
        wallet(a, 0, 2 * UNIT);
        wallet(b, 50 * CASH, 0);
        List<CashDelta> cashLegs =
            List.of(new CashDelta(a.address(), 10 * CASH), new CashDelta(b.address(), -10 * CASH));
        List<UnitDelta> unitLegs = List.of(new UnitDelta(token.address(), a.address(), -UNIT, 10 * CASH),
            new UnitDelta(token.address(), b.address(), UNIT, 10 * CASH));
        vault.settleBatch(11, cashLegs, unitLegs, List.of());

        assertThatThrownBy(() -> vault.settleBatch(11, cashLegs, unitLegs, List.of()))
            .isInstanceOf(ChainException.class)
            .hasMessageContaining("BatchAlreadySettled(11)")
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("BatchAlreadySettled"));
        assertThat(cash.balanceOf(b.address())).isEqualTo(40 * CASH);
        assertThat(token.balanceOf(b.address())).isEqualTo(UNIT);
    }

    @Test
    void shouldRefuseBatchesFromAnyoneButTheOperatorAndUnbalancedOnes()
    {
        wallet(a, 10 * CASH, 0);
        List<CashDelta> unbalanced =
            List.of(new CashDelta(a.address(), -5 * CASH), new CashDelta(b.address(), 4 * CASH));
        assertThatThrownBy(() -> vault.settleBatch(1, unbalanced, List.of(), List.of()))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("UnbalancedCash"));
        assertThatThrownBy(() -> vault.as(a).settleBatch(1, List.of(), List.of(), List.of()))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("AccessControlUnauthorizedAccount"));
        assertThatThrownBy(() -> vault.settleBatch(1, List.of(), List.of(
                new UnitDelta(token.address(), a.address(), -UNIT, 0)), List.of()))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("UnbalancedUnits"));
        assertThat(vault.settled(1)).isFalse();
    }

    @Test
    void shouldCoverAPayerWhoCannotPayFromItsCollateralThenTheDefaultFundAndPayOthersInFull()
    {
        wallet(a, 0, 8 * UNIT); // seller
        wallet(b, 15 * CASH, 0); // will owe 30 and has 15, of which 10 go to collateral
        wallet(c, 40 * CASH, 0); // owes 20, pays in full
        vault.as(b).depositCollateral(10 * CASH);
        assertThat(cash.balanceOf(b.address())).isEqualTo(5 * CASH);

        TransactionReceipt r = vault.settleBatch(21,
            List.of(new CashDelta(a.address(), 50 * CASH), new CashDelta(b.address(), -30 * CASH),
                new CashDelta(c.address(), -20 * CASH)),
            List.of(new UnitDelta(token.address(), a.address(), -5 * UNIT, 50 * CASH),
                new UnitDelta(token.address(), b.address(), 3 * UNIT, 30 * CASH),
                new UnitDelta(token.address(), c.address(), 2 * UNIT, 20 * CASH)), List.of());

        assertThat(cash.balanceOf(a.address())).as("the seller is paid in full").isEqualTo(50 * CASH);
        assertThat(cash.balanceOf(b.address())).isZero();
        assertThat(vault.collateralOf(b.address())).isZero();
        assertThat(vault.defaultFund()).isEqualTo(85 * CASH);
        assertThat(token.balanceOf(b.address())).as("the CCP paid for it").isEqualTo(3 * UNIT);
        assertThat(token.balanceOf(c.address())).isEqualTo(2 * UNIT);
        List<VaultEvent> events = ChainEvents.vaultEvents(r.getLogs());
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(
            new Default(21, b.address(), cash.address(), 25 * CASH, 10 * CASH, 15 * CASH, events.get(0).ref()));
        assertThat(events.get(1)).isInstanceOf(BatchSettled.class);
    }

    @Test
    void shouldRevertTheWholeBatchWhenTheDefaultFundCannotCover()
    {
        wallet(a, 0, 2 * UNIT);
        wallet(b, 0, 0);
        assertThatThrownBy(() -> vault.settleBatch(31,
                List.of(new CashDelta(a.address(), 200 * CASH), new CashDelta(b.address(), -200 * CASH)),
                List.of(new UnitDelta(token.address(), a.address(), -UNIT, 200 * CASH),
                    new UnitDelta(token.address(), b.address(), UNIT, 200 * CASH)), List.of()))
            .hasMessageContaining("DefaultFundExhausted(31, " + b.address() + ", " + 100 * CASH + ")");
        assertThat(vault.settled(31)).isFalse();
        assertThat(token.balanceOf(a.address())).isEqualTo(2 * UNIT);
        assertThat(vault.defaultFund()).isEqualTo(100 * CASH);
    }

    @Test
    void shouldCompensateReceiversInCashWhenASellerCannotDeliver()
    {
        wallet(a, 0, UNIT); // owes 3 units, has 1
        wallet(b, 30 * CASH, 0);
        wallet(c, 30 * CASH, 0);
        cash.mint(a.address(), 5 * CASH);
        vault.as(a).depositCollateral(5 * CASH);

        TransactionReceipt r = vault.settleBatch(41,
            List.of(new CashDelta(a.address(), 30 * CASH), new CashDelta(b.address(), -20 * CASH),
                new CashDelta(c.address(), -10 * CASH)),
            List.of(new UnitDelta(token.address(), a.address(), -3 * UNIT, 30 * CASH),
                new UnitDelta(token.address(), b.address(), 2 * UNIT, 20 * CASH),
                new UnitDelta(token.address(), c.address(), UNIT, 10 * CASH)), List.of());

        // a delivered 1 of 3: b and c share it 2:1; the missing 2 units (20 cash) come from a's 5 collateral + 15 fund
        assertThat(token.balanceOf(b.address())).isEqualTo(666_666);
        assertThat(token.balanceOf(c.address())).isEqualTo(333_334);
        assertThat(token.balanceOf(a.address())).isZero();
        assertThat(cash.balanceOf(b.address())).isEqualTo(10 * CASH + 13_333_333);
        assertThat(cash.balanceOf(c.address())).isEqualTo(20 * CASH + 6_666_667);
        assertThat(vault.collateralOf(a.address())).isZero();
        assertThat(vault.defaultFund()).isEqualTo(85 * CASH);
        assertThat(ChainEvents.vaultEvents(r.getLogs()).get(0)).isEqualTo(new Default(41, a.address(), token.address(),
            2 * UNIT, 5 * CASH, 15 * CASH, ChainEvents.vaultEvents(r.getLogs()).get(0).ref()));
    }

    @Test
    void shouldScheduleLeasesOnTheLessorsFreeUnitsAndReportWhatItCannotProvide()
    {
        wallet(a, 0, 3 * UNIT); // lessor
        wallet(b, 10 * CASH, 0); // user
        long start = anvil.latestTimestamp() + 600;
        long end = start + 3_600;

        TransactionReceipt r = vault.settleBatch(51,
            List.of(new CashDelta(a.address(), 4 * CASH), new CashDelta(b.address(), -4 * CASH)), List.of(),
            List.of(new LeaseAssignment(token.address(), a.address(), b.address(), start, end, 2),
                new LeaseAssignment(token.address(), a.address(), c.address(), start, end, 2)));

        assertThat(token.transferableBalanceOf(a.address())).isZero();
        List<VaultEvent> events = ChainEvents.vaultEvents(r.getLogs());
        assertThat(events.get(0)).isInstanceOfSatisfying(Default.class, d -> {
            assertThat(d.participant()).isEqualTo(a.address());
            assertThat(d.shortfall()).as("only 1 of the second 2 units was free").isEqualTo(UNIT);
        });
        anvil.setNextBlockTimestamp(start);
        anvil.mine();
        List<String> users = new ArrayList<>();
        for (long id : token.ownedIds(a.address()))
        {
            users.add(token.userOf(id));
        }
        assertThat(users).containsExactlyInAnyOrder(b.address(), b.address(), c.address());
        assertThat(cash.balanceOf(a.address())).isEqualTo(4 * CASH);
    }

    @Test
    void shouldKeepCollateralPerParticipantAndReportDeposits()
    {
        wallet(a, 30 * CASH, 0);
        TransactionReceipt r = vault.as(a).depositCollateral(20 * CASH);
        assertThat(ChainEvents.vaultEvents(r.getLogs())).singleElement()
            .isEqualTo(
                new CollateralDeposited(a.address(), 20 * CASH, ChainEvents.vaultEvents(r.getLogs()).get(0).ref()));
        vault.as(a).withdrawCollateral(5 * CASH);
        assertThat(vault.collateralOf(a.address())).isEqualTo(15 * CASH);
        assertThat(cash.balanceOf(a.address())).isEqualTo(15 * CASH);
        assertThatThrownBy(() -> vault.as(a).withdrawCollateral(16 * CASH))
            .hasMessageContaining("InsufficientCollateral");
        assertThat(ChainEvents.vaultEvents(ChainEvents.logs(anvil.web3j(), List.of(vault.address()), 0,
            r.getBlockNumber().longValueExact() + 1)))
            .as("default-fund funding is not a VaultEvent: the deposit and the withdrawal")
            .extracting(e -> e.getClass().getSimpleName())
            .containsExactly("CollateralDeposited", "CollateralWithdrawn");
    }

    @Test
    void shouldEncodeSettleBatchWithTheCompiledAbisSignature()
    {
        StringBuilder sig = new StringBuilder();
        for (var item : ContractArtifacts.load("SettlementVault").abi())
        {
            if ("settleBatch".equals(item.path("name").asText()))
            {
                sig.append("settleBatch(");
                List<String> types = new ArrayList<>();
                for (var in : item.path("inputs"))
                {
                    types.add(abiType(in));
                }
                sig.append(String.join(",", types)).append(')');
            }
        }
        assertThat(sig.toString()).isEqualTo(VaultClient.SETTLE_BATCH_SIGNATURE);
    }

    private static String abiType(com.fasterxml.jackson.databind.JsonNode in)
    {
        String type = in.path("type").asText();
        if (!type.startsWith("tuple"))
        {
            return type;
        }
        List<String> parts = new ArrayList<>();
        in.path("components").forEach(x -> parts.add(abiType(x)));
        return "(" + String.join(",", parts) + ")" + type.substring("tuple".length());
    }
}
