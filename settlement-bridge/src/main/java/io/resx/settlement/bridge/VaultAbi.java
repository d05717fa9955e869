package io.resx.settlement.bridge;

import io.resx.settlement.chain.VaultClient;
import io.resx.settlement.netting.NetBatch;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's side of the vault's ABI: a {@link NetBatch} as {@code settleBatch} call data (encoded by
 * {@link VaultClient#encodeSettleBatch}), the one-word views it reads, and the BatchSettled topic it filters on.
 * Events are decoded by {@link io.resx.settlement.chain.ChainEvents}.
 */
public final class VaultAbi
{
    /** Topic 0 of {@code BatchSettled(uint256 indexed batchId, uint256, uint256, uint256, uint256, bytes32)}. */
    public static final String BATCH_SETTLED_TOPIC =
        EventEncoder.buildEventSignature("BatchSettled(uint256,uint256,uint256,uint256,uint256,bytes32)");

    private VaultAbi()
    {
    }

    /**
     * @param batch     a netted batch; participants are wallets (or accounts, mapped through the directory).
     * @param directory maps participants and tokens to addresses.
     * @return the {@code settleBatch} call data.
     * @throws IllegalArgumentException when a participant has no wallet or a token no address.
     */
    public static String settleBatch(final NetBatch batch, final SettlementDirectory directory)
    {
        final List<VaultClient.CashDelta> cash = new ArrayList<>();
        for (final NetBatch.CashDelta c : batch.cash())
        {
            cash.add(new VaultClient.CashDelta(wallet(directory, c.participant()), c.amount()));
        }
        final List<VaultClient.UnitDelta> units = new ArrayList<>();
        for (final NetBatch.UnitDelta u : batch.units())
        {
            units.add(new VaultClient.UnitDelta(directory.tokenOf(u.token()), wallet(directory, u.participant()),
                u.amount(), u.cashValue()));
        }
        final List<VaultClient.LeaseAssignment> leases = new ArrayList<>();
        for (final NetBatch.LeaseAssignment l : batch.leases())
        {
            leases.add(new VaultClient.LeaseAssignment(directory.tokenOf(l.token()), wallet(directory, l.lessor()),
                wallet(directory, l.user()), l.slotStart(), l.slotEnd(), l.count()));
        }
        return VaultClient.encodeSettleBatch(batch.batchId(), batch.closedAt(), batch.journalHead(), cash, units,
            leases);
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
     * @param hex an ABI-encoded word (0x…).
     * @return it as an unsigned number; 0 for an empty answer.
     */
    public static BigInteger word(final String hex)
    {
        final String digits = hex == null ? "" : hex.startsWith("0x") ? hex.substring(2) : hex;
        return digits.isEmpty() ? BigInteger.ZERO :
            new BigInteger(digits.substring(0, Math.min(64, digits.length())), 16);
    }

    /** A participant in a batch is a wallet or an account mapped through the directory. */
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
