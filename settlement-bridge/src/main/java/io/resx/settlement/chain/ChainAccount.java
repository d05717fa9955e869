package io.resx.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;

/**
 * A signing key on one chain: calls, transactions (gas estimated first, so a revert is reported with the contract's
 * decoded error instead of a mined failure), and receipts. Not thread-safe: one sender per account, since nonces
 * are taken in order.
 */
public final class ChainAccount
{
    private static final long RECEIPT_POLL_MS = 10;
    private static final long RECEIPT_TIMEOUT_MS = 60_000;

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final RawTransactionManager signer;

    /**
     * @param web3j       connected client.
     * @param credentials the key (from a file, the environment or, on a local chain only, a public dev key).
     * @param chainId     chain id the transactions are signed for (EIP-155).
     */
    public ChainAccount(Web3j web3j, Credentials credentials, long chainId)
    {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.signer = new RawTransactionManager(web3j, credentials, chainId);
    }

    /** @return this account's address (0x, lower case). */
    public String address()
    {
        return credentials.getAddress();
    }

    /** @return the client. */
    public Web3j web3j()
    {
        return web3j;
    }

    /** @return the chain id transactions are signed for. */
    public long chainId()
    {
        return chainId;
    }

    /**
     * The same client and chain with another key.
     *
     * @param other credentials of another wallet.
     * @return an account for it.
     */
    public ChainAccount as(Credentials other)
    {
        return new ChainAccount(web3j, other, chainId);
    }

    /**
     * Calls a view function at the latest block.
     *
     * @param contract address.
     * @param function the function with its output types.
     * @return decoded outputs.
     * @throws ChainException on a revert or an unreachable node.
     */
    @SuppressWarnings("rawtypes")
    public List<Type> call(String contract, Function function)
    {
        String data = FunctionEncoder.encode(function);
        try
        {
            var response = web3j.ethCall(Transaction.createEthCallTransaction(address(), contract, data),
                DefaultBlockParameterName.LATEST).send();
            if (response.hasError())
            {
                throw reverted(function.getName(), response.getError());
            }
            return FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
        }
        catch (IOException e)
        {
            throw new ChainException("call " + function.getName() + " to " + contract + ": " + e.getMessage(), "",
                null, e);
        }
    }

    /**
     * Sends a transaction and waits for its receipt.
     *
     * @param to   contract address, or null to deploy.
     * @param data calldata (or creation code).
     * @param what a short name for error messages (the function).
     * @return the successful receipt.
     * @throws ChainException naming the contract error when the transaction would revert or did.
     */
    public TransactionReceipt send(String to, String data, String what)
    {
        String hash = submit(to, data, what, estimateGas(to, data, what), null);
        TransactionReceipt receipt = awaitReceipt(hash, what);
        if (!receipt.isStatusOK())
        {
            throw new ChainException(what + " reverted in block " + receipt.getBlockNumber() + " (tx " + hash + ")", "",
                null, null);
        }
        return receipt;
    }

    /**
     * Estimates gas with the node; a revert surfaces here with its decoded error.
     *
     * @param to   contract, or null to deploy.
     * @param data calldata.
     * @param what name for messages.
     * @return the estimate plus a margin (20 % and 10 000).
     */
    public BigInteger estimateGas(String to, String data, String what)
    {
        try
        {
            Transaction tx = to == null
                ? Transaction.createContractTransaction(address(), null, null, data)
                : Transaction.createEthCallTransaction(address(), to, data);
            var response = web3j.ethEstimateGas(tx).send();
            if (response.hasError())
            {
                throw reverted(what, response.getError());
            }
            BigInteger estimate = response.getAmountUsed();
            return estimate.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5))
                .add(BigInteger.valueOf(10_000));
        }
        catch (IOException e)
        {
            throw new ChainException(what + ": node unreachable: " + e.getMessage(), "", null, e);
        }
    }

    /**
     * Signs and sends without waiting: for a caller that tracks pending transactions itself (replacement, nonce
     * gaps, confirmations).
     *
     * @param to       contract, or null to deploy.
     * @param data     calldata.
     * @param what     name for messages.
     * @param gasLimit gas limit.
     * @param nonce    the nonce to use, or null for the node's pending count.
     * @return the transaction hash.
     */
    public String submit(String to, String data, String what, BigInteger gasLimit, BigInteger nonce)
    {
        try
        {
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            BigInteger n = nonce != null ? nonce
                : web3j.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING).send()
                    .getTransactionCount();
            RawTransaction tx = to == null
                ? RawTransaction.createContractTransaction(n, gasPrice, gasLimit, BigInteger.ZERO, data)
                : RawTransaction.createTransaction(n, gasPrice, gasLimit, to, BigInteger.ZERO, data);
            EthSendTransaction sent = signer.signAndSend(tx);
            if (sent.hasError())
            {
                throw reverted(what, sent.getError());
            }
            return sent.getTransactionHash();
        }
        catch (IOException e)
        {
            throw new ChainException(what + ": node unreachable: " + e.getMessage(), "", null, e);
        }
    }

    /**
     * @param hash transaction hash.
     * @return its receipt once mined, else empty.
     */
    public Optional<TransactionReceipt> receipt(String hash)
    {
        try
        {
            return web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        }
        catch (IOException e)
        {
            throw new ChainException("receipt of " + hash + ": node unreachable: " + e.getMessage(), "", null, e);
        }
    }

    /**
     * Polls until the transaction is mined.
     *
     * @param hash transaction hash.
     * @param what name for messages.
     * @return the receipt (successful or not).
     */
    public TransactionReceipt awaitReceipt(String hash, String what)
    {
        long deadline = System.nanoTime() + RECEIPT_TIMEOUT_MS * 1_000_000L;
        while (true)
        {
            Optional<TransactionReceipt> r = receipt(hash);
            if (r.isPresent())
            {
                return r.get();
            }
            if (System.nanoTime() > deadline)
            {
                throw new ChainException(what + ": no receipt for " + hash + " within " + RECEIPT_TIMEOUT_MS + " ms",
                    "", null, null);
            }
            try
            {
                Thread.sleep(RECEIPT_POLL_MS);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new ChainException(what + ": interrupted waiting for " + hash, "", null, e);
            }
        }
    }

    private static ChainException reverted(String what, Response.Error error)
    {
        String data = error.getData();
        if (data != null && data.startsWith("\"") && data.endsWith("\""))
        {
            data = data.substring(1, data.length() - 1);
        }
        String described = data != null && data.startsWith("0x") ? ContractArtifacts.describeRevert(data) : "";
        return new ChainException(what + " refused: " + (described.isEmpty() ? error.getMessage() : described),
            data != null && data.startsWith("0x") ? ContractArtifacts.errorName(data) : "", data, null);
    }
}
