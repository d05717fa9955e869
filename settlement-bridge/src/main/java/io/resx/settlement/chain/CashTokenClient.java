package io.resx.settlement.chain;

import java.math.BigInteger;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The cash ERC-20 (6 decimals; amounts are base units = the engine's fixed-point longs). */
public final class CashTokenClient extends ContractClient
{
    /**
     * @param account signer.
     * @param address deployed CashToken.
     */
    public CashTokenClient(ChainAccount account, String address)
    {
        super(account, address);
    }

    /**
     * @param other another signer.
     * @return this token as seen by {@code other}.
     */
    public CashTokenClient as(ChainAccount other)
    {
        return new CashTokenClient(other, address);
    }

    /**
     * @param owner wallet.
     * @return its balance, base units.
     */
    public long balanceOf(String owner)
    {
        return viewLong("balanceOf", addr(owner));
    }

    /**
     * @param owner   wallet.
     * @param spender e.g. the vault.
     * @return the allowance (huge values clamp to Long.MAX_VALUE).
     */
    public long allowance(String owner, String spender)
    {
        var v = viewUint("allowance", addr(owner), addr(spender));
        return v.bitLength() < 63 ? v.longValue() : Long.MAX_VALUE;
    }

    /**
     * Owner only: creates cash for {@code to} (local chains).
     *
     * @param to     wallet.
     * @param amount base units.
     * @return receipt.
     */
    public TransactionReceipt mint(String to, long amount)
    {
        return tx("mint", addr(to), uint(amount));
    }

    /**
     * @param to     wallet.
     * @param amount base units.
     * @return receipt.
     */
    public TransactionReceipt transfer(String to, long amount)
    {
        return tx("transfer", addr(to), uint(amount));
    }

    /**
     * @param spender e.g. the vault.
     * @param amount  base units.
     * @return receipt.
     */
    public TransactionReceipt approve(String spender, long amount)
    {
        return tx("approve", addr(spender), uint(amount));
    }

    /**
     * Approves {@code spender} for any amount (what a wallet gives the vault once).
     *
     * @param spender e.g. the vault.
     * @return receipt.
     */
    public TransactionReceipt approveAll(String spender)
    {
        return tx("approve", addr(spender), new Uint256(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)));
    }
}
