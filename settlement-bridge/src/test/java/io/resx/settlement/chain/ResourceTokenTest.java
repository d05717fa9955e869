package io.resx.settlement.chain;

import static io.resx.settlement.chain.ResourceTokenClient.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * ResourceToken on a real anvil: the ERC-404 vectors of issue 6, metadata upload, exemption, ERC-4907 with a slot
 * schedule. Each test deploys a fresh token; the chain is shared by the class (dev keys: local chain only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceTokenTest
{
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    private AnvilNode anvil;
    private ChainAccount admin;
    private ChainAccount pu;
    private ChainAccount alice;
    private ChainAccount bob;
    private ResourceTokenClient token;
    private long nextEntry;

    @BeforeAll
    void startChain()
    {
        anvil = AnvilNode.start();
        admin = anvil.account(0);
        pu = anvil.account(1);
        alice = anvil.account(2);
        bob = anvil.account(3);
    }

    @AfterAll
    void stopChain()
    {
        anvil.close();
    }

    @BeforeEach
    void freshToken()
    {
        Deployer deployer = new Deployer(admin);
        VaultClient vault = deployer.vault(deployer.cashToken("Cash", "USDX"), admin.address());
        token = deployer.resourceToken("Spectrum 3550-3560 CELL042", "S42", "SPEC.3550-3560.CELL042", vault);
        token.setPrimaryHolder(pu.address());
    }

    private List<ResourceTokenClient.Entry> entries(int n)
    {
        List<ResourceTokenClient.Entry> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(new ResourceTokenClient.Entry("3550-3560", "CELL042/" + nextEntry++));
        }
        return list;
    }

    /** The PU uploads n entries and sends {@code amount} base units to {@code to}. */
    private void fund(ChainAccount to, int entries, long amount)
    {
        token.as(pu).uploadEntries(entries(entries));
        token.as(pu).transfer(to.address(), amount);
    }

    private static long units(String decimal)
    {
        return new java.math.BigDecimal(decimal).movePointRight(6).longValueExact();
    }

    @Test
    void shouldMintExactlyOneWholeUnitPerUploadedEntryAndNameEachNftsEntry()
    {
        TransactionReceipt r = token.as(pu).uploadEntries(List.of(
            new ResourceTokenClient.Entry("3550-3560", "CELL042"),
            new ResourceTokenClient.Entry("3550-3560", "CELL043"),
            new ResourceTokenClient.Entry("3560-3570", "CELL042")));

        assertThat(r.isStatusOK()).isTrue();
        assertThat(token.balanceOf(pu.address())).isEqualTo(3 * UNIT);
        assertThat(token.totalSupply()).isEqualTo(3 * UNIT);
        assertThat(token.nftBalanceOf(pu.address())).as("a PU is exempt: no NFTs").isZero();
        assertThat(token.bankSize()).isEqualTo(3);
        assertThat(token.entryOf(3)).isEqualTo(new ResourceTokenClient.Entry("3560-3570", "CELL042"));
        assertThat(token.resourceClass()).isEqualTo("SPEC.3550-3560.CELL042");

        token.as(pu).transfer(alice.address(), UNIT);
        List<Long> ids = token.ownedIds(alice.address());
        assertThat(ids).hasSize(1);
        assertThat(token.ownerOf(ids.get(0))).isEqualTo(alice.address());
        assertThat(token.entryOf(ids.get(0)).channel()).isIn("3550-3560", "3560-3570");
    }

    @Test
    void shouldRefuseUploadsFromNonPrimaryHoldersAndMismatchedMetadata()
    {
        assertThatThrownBy(() -> token.as(alice).uploadEntries(entries(1)))
            .isInstanceOf(ChainException.class)
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("NotPrimaryHolder"));
        assertThatThrownBy(() -> token.as(pu).uploadEntries(List.of()))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("BadUpload"));
        assertThat(token.totalSupply()).isZero();
    }

    @Test
    void shouldBurnOneNftWhenAHundredUnitHolderSendsATenth()
    {
        fund(alice, 100, 100 * UNIT);
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(100);

        TransactionReceipt r = token.as(alice).transfer(bob.address(), units("0.1"));

        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(99);
        assertThat(token.nftBalanceOf(bob.address())).isZero();
        assertThat(token.balanceOf(bob.address())).isEqualTo(units("0.1"));
        assertThat(ChainEvents.nftTransfers(r.getLogs())).singleElement()
            .satisfies(t -> assertThat(t.to()).as("into the bank").isEqualTo(ZERO));
    }

    @Test
    void shouldMintOneNftWhenPointNineReceivesATenth()
    {
        fund(alice, 10, 9 * UNIT);
        token.as(pu).transfer(bob.address(), units("0.9"));
        assertThat(token.nftBalanceOf(bob.address())).isZero();

        token.as(alice).transfer(bob.address(), units("0.1"));

        assertThat(token.balanceOf(bob.address())).isEqualTo(UNIT);
        assertThat(token.nftBalanceOf(bob.address())).isEqualTo(1);
        assertThat(token.nftBalanceOf(alice.address())).as("9 -> 8.9").isEqualTo(8);
    }

    @Test
    void shouldMoveExactlyTwoNftsWhenTwoWholeUnitsMove()
    {
        fund(alice, 5, 5 * UNIT);
        List<Long> before = token.ownedIds(alice.address());
        long bank = token.bankSize();

        TransactionReceipt r = token.as(alice).transfer(bob.address(), 2 * UNIT);

        List<Long> bobs = token.ownedIds(bob.address());
        assertThat(bobs).hasSize(2);
        assertThat(before).containsAll(bobs);
        assertThat(token.ownedIds(alice.address())).hasSize(3).doesNotContainAnyElementsOf(bobs);
        assertThat(token.bankSize()).as("nothing burnt or minted").isEqualTo(bank);
        assertThat(ChainEvents.nftTransfers(r.getLogs())).hasSize(2)
            .allSatisfy(t -> assertThat(t.from()).isEqualTo(alice.address()));
    }

    @Test
    void shouldLeaveNinetyFiveAndGiveFourWhenNinetyNinePointOneSendsThreePointTwoToPointNine()
    {
        token.as(pu).uploadEntries(entries(100));
        token.as(pu).transfer(alice.address(), units("99.1"));
        token.as(pu).transfer(bob.address(), units("0.9"));
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(99);
        assertThat(token.nftBalanceOf(bob.address())).isZero();

        token.as(alice).transfer(bob.address(), units("3.2"));

        assertThat(token.balanceOf(alice.address())).isEqualTo(units("95.9"));
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(95);
        assertThat(token.balanceOf(bob.address())).isEqualTo(units("4.1"));
        assertThat(token.nftBalanceOf(bob.address())).isEqualTo(4);
        Set<Long> all = new HashSet<>(token.ownedIds(alice.address()));
        all.addAll(token.ownedIds(bob.address()));
        assertThat(all).as("no id held twice").hasSize(99);
        assertThat(token.bankSize()).isEqualTo(1);
    }

    @Test
    void shouldDropAndRestoreNftsWhenAHolderBecomesExemptAndBack()
    {
        fund(alice, 4, units("3.5"));
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(3);

        token.setExempt(alice.address(), true);
        assertThat(token.nftBalanceOf(alice.address())).isZero();
        assertThat(token.balanceOf(alice.address())).isEqualTo(units("3.5"));
        assertThat(token.bankSize()).isEqualTo(4);

        token.as(alice).transfer(bob.address(), UNIT);
        assertThat(token.nftBalanceOf(bob.address())).as("exempt sender: the receiver's NFT comes from the bank")
            .isEqualTo(1);

        token.setExempt(alice.address(), false);
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(2);
        assertThat(token.isExempt(alice.address())).isFalse();
    }

    @Test
    void shouldDeclareErc4907WhoseIdIsTheXorOfItsSelectors()
    {
        long xor = selector("setUser(uint256,address,uint64)") ^ selector("userOf(uint256)")
            ^ selector("userExpires(uint256)");
        assertThat(xor).isEqualTo(0xad092b5cL);
        assertThat(token.supportsInterface(ResourceTokenClient.ERC4907_INTERFACE_ID)).isTrue();
        assertThat(token.supportsInterface(Numeric.hexStringToByteArray("0x01ffc9a7"))).as("ERC-165").isTrue();
        assertThat(token.supportsInterface(Numeric.hexStringToByteArray("0xffffffff"))).isFalse();
    }

    private static long selector(String signature)
    {
        return Long.parseLong(Hash.sha3String(signature).substring(2, 10), 16);
    }

    @Test
    void shouldEndTheUserExactlyAtExpiry()
    {
        fund(alice, 1, UNIT);
        long id = token.ownedIds(alice.address()).get(0);
        long t0 = anvil.latestTimestamp() + 10;
        anvil.setNextBlockTimestamp(t0);
        token.as(alice).setUser(id, bob.address(), t0 + 100);

        anvil.setNextBlockTimestamp(t0 + 99);
        anvil.mine();
        assertThat(token.userOf(id)).isEqualTo(bob.address());
        assertThat(token.userExpires(id)).isEqualTo(t0 + 100);

        anvil.setNextBlockTimestamp(t0 + 100);
        anvil.mine();
        assertThat(token.userOf(id)).isEqualTo(ZERO);
        assertThat(token.userExpires(id)).isZero();
        assertThat(token.transferableBalanceOf(alice.address())).as("the lease has ended: free again").isEqualTo(UNIT);
    }

    @Test
    void shouldSellAFutureSlotBeforeItStartsAndNeverLetTheOwnerPreemptIt()
    {
        ChainAccount carol = anvil.account(4);
        fund(alice, 1, UNIT);
        long id = token.ownedIds(alice.address()).get(0);
        long now = anvil.latestTimestamp();
        long start = now + 1_000;
        token.as(alice).scheduleUser(id, carol.address(), start, start + 3_600);

        assertThat(token.userOf(id)).as("not started yet").isEqualTo(ZERO);
        token.as(alice).setUser(id, bob.address(), start); // the time before the sold slot is still free
        assertThat(token.userOf(id)).isEqualTo(bob.address());

        assertThatThrownBy(() -> token.as(alice).scheduleUser(id, alice.address(), start + 10, start + 20))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("SlotTaken"));
        assertThatThrownBy(() -> token.as(alice).transfer(bob.address(), UNIT))
            .as("the leased unit cannot be sold away from under its users")
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("UnitLeased"));
        assertThatThrownBy(() -> token.as(alice).transferNft(alice.address(), bob.address(), id))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("UnitLeased"));
        assertThat(token.transferableBalanceOf(alice.address())).isZero();

        anvil.setNextBlockTimestamp(start);
        anvil.mine();
        assertThat(token.userOf(id)).isEqualTo(carol.address());
        assertThat(token.userExpires(id)).isEqualTo(start + 3_600);
    }

    @Test
    void shouldSellUnleasedUnitsFirstWhileLeasedOnesStay()
    {
        fund(alice, 3, units("2.5"));
        List<Long> ids = token.ownedIds(alice.address());
        long leased = ids.get(0);
        token.as(alice).setUser(leased, bob.address(), anvil.latestTimestamp() + 1_000);
        assertThat(token.transferableBalanceOf(alice.address())).isEqualTo(units("1.5"));

        token.as(alice).transfer(bob.address(), units("1.5"));

        assertThat(token.ownedIds(alice.address())).containsExactly(leased);
        assertThat(token.ownerOf(leased)).isEqualTo(alice.address());
        assertThatThrownBy(() -> token.as(alice).transfer(bob.address(), 1))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("UnitLeased"));
    }

    @Test
    void shouldMoveOneSpecificNftWithItsUnitForAnApprovedSpenderAndClearTheApproval()
    {
        fund(alice, 3, units("2.5"));
        long id = token.ownedIds(alice.address()).get(0);
        assertThatThrownBy(() -> token.as(bob).transferNft(alice.address(), bob.address(), id))
            .satisfies(e -> assertThat(((ChainException) e).errorName()).isEqualTo("NotAuthorized"));
        token.as(alice).approveNft(bob.address(), id);

        token.as(bob).transferNft(alice.address(), bob.address(), id);

        assertThat(token.getApproved(id)).isEqualTo(ZERO);
        assertThat(token.ownerOf(id)).isEqualTo(bob.address());
        assertThat(token.balanceOf(bob.address())).isEqualTo(UNIT);
        assertThat(token.balanceOf(alice.address())).isEqualTo(units("1.5"));
        assertThat(token.nftBalanceOf(alice.address())).isEqualTo(1);
    }
}
