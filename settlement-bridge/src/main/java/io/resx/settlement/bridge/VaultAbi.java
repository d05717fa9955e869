package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The SettlementVault's ABI as the settlement design fixes it (see settlement-bridge/README.md), encoded with
 * web3j's ABI types: the batch call, the views the bridge reads and the events it follows.
 */
public final class VaultAbi
{
    /** {@code BatchSettled(uint256 indexed batchId, uint256 cashLegs, uint256 unitLegs, uint256 leaseLegs)}. */
    public static final Event BATCH_SETTLED = new Event("BatchSettled", List.of(
        new TypeReference<Uint256>(true) { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
        new TypeReference<Uint256>() { }));
    /**
     * {@code Default(uint256 indexed batchId, address indexed participant, address token, uint256 shortfall,
     * uint256 fromCollateral, uint256 fromDefaultFund)}.
     */
    public static final Event DEFAULT = new Event("Default", List.of(
        new TypeReference<Uint256>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Address>() { },
        new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }));
    /** {@code CollateralDeposited(address indexed participant, uint256 amount)}. */
    public static final Event COLLATERAL_DEPOSITED = new Event("CollateralDeposited", List.of(
        new TypeReference<Address>(true) { }, new TypeReference<Uint256>() { }));
    /** ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)} (ERC-721's has 3 topics). */
    public static final Event TRANSFER = new Event("Transfer", List.of(
        new TypeReference<Address>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Uint256>() { }));

    /** Topic 0 of {@link #BATCH_SETTLED}. */
    public static final String BATCH_SETTLED_TOPIC = EventEncoder.encode(BATCH_SETTLED);
    /** Topic 0 of {@link #DEFAULT}. */
    public static final String DEFAULT_TOPIC = EventEncoder.encode(DEFAULT);
    /** Topic 0 of {@link #COLLATERAL_DEPOSITED}. */
    public static final String COLLATERAL_DEPOSITED_TOPIC = EventEncoder.encode(COLLATERAL_DEPOSITED);
    /** Topic 0 of {@link #TRANSFER}. */
    public static final String TRANSFER_TOPIC = EventEncoder.encode(TRANSFER);

    private VaultAbi()
    {
    }

    /** {@code struct CashDelta { address participant; int256 amount; }}. */
    public static final class CashDelta extends StaticStruct
    {
        /**
         * @param participant wallet.
         * @param amount      + receives, − pays.
         */
        public CashDelta(final Address participant, final Int256 amount)
        {
            super(participant, amount);
        }
    }

    /** {@code struct UnitDelta { address token; address participant; int256 amount; uint256 cashValue; }}. */
    public static final class UnitDelta extends StaticStruct
    {
        /**
         * @param token       resource token.
         * @param participant wallet.
         * @param amount      + receives, − delivers.
         * @param cashValue   compensation basis.
         */
        public UnitDelta(final Address token, final Address participant, final Int256 amount, final Uint256 cashValue)
        {
            super(token, participant, amount, cashValue);
        }
    }

    /**
     * {@code struct LeaseAssignment { address token; address lessor; address user; uint64 slotStart; uint64 slotEnd;
     * uint32 count; }}.
     */
    public static final class LeaseAssignment extends StaticStruct
    {
        /**
         * @param token     resource token.
         * @param lessor    owner of the units.
         * @param user      who may use them.
         * @param slotStart epoch seconds.
         * @param slotEnd   epoch seconds.
         * @param count     whole units.
         */
        public LeaseAssignment(final Address token, final Address lessor, final Address user, final Uint64 slotStart,
            final Uint64 slotEnd, final Uint32 count)
        {
            super(token, lessor, user, slotStart, slotEnd, count);
        }
    }

    /**
     * @param batch     a netted batch.
     * @param directory maps its participants (accounts or wallets) and tokens to addresses.
     * @return the {@code settleBatch} call data.
     * @throws IllegalArgumentException when a participant has no wallet or a token no address.
     */
    @SuppressWarnings("rawtypes") // web3j's Function takes a List<Type>
    public static String settleBatch(final NetBatch batch, final SettlementDirectory directory)
    {
        final List<CashDelta> cash = new ArrayList<>();
        for (final NetBatch.CashDelta c : batch.cash())
        {
            cash.add(new CashDelta(new Address(wallet(directory, c.participant())), new Int256(c.amount())));
        }
        final List<UnitDelta> units = new ArrayList<>();
        for (final NetBatch.UnitDelta u : batch.units())
        {
            units.add(new UnitDelta(new Address(directory.tokenOf(u.token())),
                new Address(wallet(directory, u.participant())), new Int256(u.amount()), new Uint256(u.cashValue())));
        }
        final List<LeaseAssignment> leases = new ArrayList<>();
        for (final NetBatch.LeaseAssignment l : batch.leases())
        {
            leases.add(new LeaseAssignment(new Address(directory.tokenOf(l.token())),
                new Address(wallet(directory, l.lessor())), new Address(wallet(directory, l.user())),
                new Uint64(l.slotStart()), new Uint64(l.slotEnd()), new Uint32(l.count())));
        }
        final List<Type> inputs = List.of(new Uint256(batch.batchId()),
            new DynamicArray<>(CashDelta.class, cash), new DynamicArray<>(UnitDelta.class, units),
            new DynamicArray<>(LeaseAssignment.class, leases));
        return FunctionEncoder.encode(new Function("settleBatch", inputs, List.of()));
    }

    /**
     * @param batchId a batch id.
     * @return the {@code settled(uint256)} call data.
     */
    public static String settled(final long batchId)
    {
        return FunctionEncoder.encode(new Function("settled", List.of(new Uint256(batchId)), List.of()));
    }

    /**
     * @param name    a one-address view: {@code balanceOf}, {@code collateralOf}.
     * @param address its argument.
     * @return the call data.
     */
    public static String viewOf(final String name, final String address)
    {
        return FunctionEncoder.encode(new Function(name, List.of(new Address(address)), List.of()));
    }

    /**
     * @param name a no-argument view such as {@code defaultFund}.
     * @return the call data.
     */
    public static String view(final String name)
    {
        return FunctionEncoder.encode(new Function(name, List.of(), List.of()));
    }

    /**
     * @param hex an ABI-encoded word (0x…).
     * @return it as an unsigned number; 0 for an empty answer.
     */
    public static BigInteger word(final String hex)
    {
        final String digits = hex == null ? "" : hex.startsWith("0x") ? hex.substring(2) : hex;
        return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits.substring(0, Math.min(64, digits.length())), 16);
    }

    /**
     * A participant in a batch is an account or a wallet: accounts are mapped through the directory.
     */
    private static String wallet(final SettlementDirectory directory, final String participant)
    {
        if (participant.startsWith("0x") && participant.length() == 42)
        {
            return participant;
        }
        final String wallet = directory.walletOf(participant);
        if (wallet == null)
        {
            throw new IllegalArgumentException("account " + participant + " has no wallet in the settlement directory");
        }
        return wallet;
    }
}
