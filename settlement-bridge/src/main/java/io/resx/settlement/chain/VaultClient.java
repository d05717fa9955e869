package io.resx.settlement.chain;

import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The SettlementVault: net batches (delivery versus payment, waterfall on default), collateral, default fund.
 * Events are decoded by {@link ChainEvents}.
 */
public final class VaultClient extends ContractClient
{
    /** The ABI signature of settleBatch, checked against the compiled ABI by the tests. */
    public static final String SETTLE_BATCH_SIGNATURE = "settleBatch(uint256,uint256,bytes32,(address,int256)[],"
        + "(address,address,int256,uint256)[],(address,address,address,uint64,uint64,uint32)[])";
    private static final String SETTLE_BATCH_SELECTOR = Hash.sha3String(SETTLE_BATCH_SIGNATURE).substring(0, 10);

    /**
     * @param participant wallet.
     * @param amount      + receives, - pays; cash base units.
     */
    public record CashDelta(String participant, long amount)
    {
    }

    /**
     * @param token       ResourceToken address.
     * @param participant wallet.
     * @param amount      + receives, - delivers; token base units.
     * @param cashValue   |trade value| of the delta in cash base units (compensation if the seller fails).
     */
    public record UnitDelta(String token, String participant, long amount, long cashValue)
    {
    }

    /**
     * @param token     ResourceToken address.
     * @param lessor    whose whole units are leased.
     * @param user      who uses them.
     * @param slotStart epoch seconds.
     * @param slotEnd   epoch seconds (exclusive).
     * @param count     whole units.
     */
    public record LeaseAssignment(String token, String lessor, String user, long slotStart, long slotEnd, int count)
    {
    }

    /**
     * @param account signer (the operator for settleBatch; any wallet for collateral).
     * @param address deployed SettlementVault.
     */
    public VaultClient(ChainAccount account, String address)
    {
        super(account, address);
    }

    /**
     * @param other another signer.
     * @return the vault as seen by {@code other}.
     */
    public VaultClient as(ChainAccount other)
    {
        return new VaultClient(other, address);
    }

    /**
     * Operator only: settles a net batch and waits for it to be mined.
     *
     * @param batchId unique batch id.
     * @param cash    cash deltas, summing to zero.
     * @param units   unit deltas, summing to zero per token.
     * @param leases  lease assignments.
     * @return the receipt (events: {@link ChainEvents#vaultEvents}).
     * @throws ChainException e.g. {@code BatchAlreadySettled}, {@code DefaultFundExhausted}.
     */
    public TransactionReceipt settleBatch(long batchId, List<CashDelta> cash, List<UnitDelta> units,
        List<LeaseAssignment> leases)
    {
        return account.send(address, encodeSettleBatch(batchId, cash, units, leases), "settleBatch(" + batchId + ")");
    }

    /**
     * The calldata of settleBatch with no journal anchor (sequence 0, head 0): tests and benchmarks.
     *
     * @param batchId unique batch id.
     * @param cash    cash deltas.
     * @param units   unit deltas.
     * @param leases  lease assignments.
     * @return 0x-prefixed calldata.
     */
    public static String encodeSettleBatch(long batchId, List<CashDelta> cash, List<UnitDelta> units,
        List<LeaseAssignment> leases)
    {
        return encodeSettleBatch(batchId, 0, 0, cash, units, leases);
    }

    /**
     * The calldata of settleBatch, for a caller that submits and tracks the transaction itself
     * ({@link ChainAccount#submit}).
     *
     * @param batchId unique batch id.
     * @param journalSequence the journal sequence at which the batch's window closed.
     * @param journalHead     the commands journal's hash-chain head there (64 bits, right-aligned in bytes32).
     * @param cash    cash deltas.
     * @param units   unit deltas.
     * @param leases  lease assignments.
     * @return 0x-prefixed calldata.
     */
    public static String encodeSettleBatch(long batchId, long journalSequence, long journalHead,
        List<CashDelta> cash, List<UnitDelta> units, List<LeaseAssignment> leases)
    {
        List<StaticStruct> c = new ArrayList<>();
        for (CashDelta d : cash)
        {
            c.add(new StaticStruct(addr(d.participant()), new Int256(d.amount())));
        }
        List<StaticStruct> u = new ArrayList<>();
        for (UnitDelta d : units)
        {
            u.add(new StaticStruct(addr(d.token()), addr(d.participant()), new Int256(d.amount()),
                uint(d.cashValue())));
        }
        List<StaticStruct> l = new ArrayList<>();
        for (LeaseAssignment a : leases)
        {
            l.add(new StaticStruct(addr(a.token()), addr(a.lessor()), addr(a.user()), new Uint64(a.slotStart()),
                new Uint64(a.slotEnd()), new Uint32(a.count())));
        }
        // The selector comes from the fixed signature: web3j cannot name the tuple type of an empty struct array.
        @SuppressWarnings("rawtypes")
        List<Type> params = List.of(uint(batchId), uint(journalSequence),
            new org.web3j.abi.datatypes.generated.Bytes32(org.web3j.utils.Numeric.toBytesPadded(
                new java.math.BigInteger(Long.toUnsignedString(journalHead)), 32)),
            new DynamicArray<>(StaticStruct.class, c),
            new DynamicArray<>(StaticStruct.class, u), new DynamicArray<>(StaticStruct.class, l));
        return SETTLE_BATCH_SELECTOR + FunctionEncoder.encodeConstructor(params);
    }

    /**
     * @param batchId batch id.
     * @return whether it has settled.
     */
    public boolean settled(long batchId)
    {
        return viewBool("settled", uint(batchId));
    }

    /** @return collateral of {@code participant}, cash base units. @param participant wallet. */
    public long collateralOf(String participant)
    {
        return viewLong("collateralOf", addr(participant));
    }

    /** @return the default fund, cash base units. */
    public long defaultFund()
    {
        return viewLong("defaultFund");
    }

    /**
     * Moves cash from the signer's wallet into its collateral (it must have approved the vault).
     *
     * @param amount base units.
     * @return receipt (CollateralDeposited).
     */
    public TransactionReceipt depositCollateral(long amount)
    {
        return tx("depositCollateral", uint(amount));
    }

    /**
     * @param amount base units back to the signer's wallet.
     * @return receipt (CollateralWithdrawn).
     */
    public TransactionReceipt withdrawCollateral(long amount)
    {
        return tx("withdrawCollateral", uint(amount));
    }

    /**
     * @param amount base units from the signer's wallet into the default fund.
     * @return receipt.
     */
    public TransactionReceipt fundDefaultFund(long amount)
    {
        return tx("fundDefaultFund", uint(amount));
    }
}
