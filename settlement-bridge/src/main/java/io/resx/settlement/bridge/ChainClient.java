package io.resx.settlement.bridge;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's few JSON-RPC calls, over web3j: views, signed EIP-1559 transactions from the operator key, receipts,
 * logs and the head block. Every method throws {@link IOException} when the node cannot be reached (the callers
 * back off and retry); a node's refusal (a revert, a bad nonce) comes back as a {@link ChainException} with the
 * node's message.
 */
public final class ChainClient implements AutoCloseable
{
    private volatile HttpService web3jService;
    private volatile Web3j web3j;
    private final Credentials operator;
    private long chainId = -1;

    /**
     * The node refused a call or a transaction. {@link #revertData()} holds the contract's revert data when it was a
     * revert (else empty); the message names the contract's error and its arguments, decoded from the compiled ABI,
     * never raw bytes.
     */
    public static final class ChainException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final String revertData;

        /**
         * @param message the node's message.
         */
        public ChainException(final String message)
        {
            this(message, "");
        }

        /**
         * @param message    the node's message.
         * @param revertData the revert data (0x…), or empty.
         */
        public ChainException(final String message, final String revertData)
        {
            super(printable(message));
            this.revertData = revertData == null ? "" : revertData;
        }

        /** @return the revert data (0x + selector + arguments), or empty when the node refused for another reason. */
        public String revertData()
        {
            return revertData;
        }

        /** @return the contract's error name ({@code BadSlot}), or empty. */
        public String errorName()
        {
            return io.resx.settlement.chain.ContractArtifacts.errorName(revertData);
        }
    }

    /**
     * One transaction sent.
     *
     * @param txHash   its hash.
     * @param nonce    its nonce.
     * @param fees     its EIP-1559 fees.
     * @param gasLimit its gas limit.
     */
    public record Sent(String txHash, BigInteger nonce, FeePolicy.Fees fees, BigInteger gasLimit)
    {
    }

    /**
     * @param rpcUrl   the node's JSON-RPC URL.
     * @param operator the key that signs batches (the vault's operator); null for a read-only client.
     */
    public ChainClient(final String rpcUrl, final Credentials operator)
    {
        this.web3jService = new HttpService(rpcUrl);
        this.web3j = Web3j.build(web3jService);
        this.operator = operator;
    }

    /**
     * Points this client at another URL (the node restarted on a new port); calls in flight on the old one fail
     * as unreachable and are retried by their callers.
     *
     * @param rpcUrl the node's new JSON-RPC URL.
     */
    public void retarget(final String rpcUrl)
    {
        final Web3j old = web3j;
        final HttpService service = new HttpService(rpcUrl);
        web3j = Web3j.build(service);
        web3jService = service;
        old.shutdown();
    }

    /** @return the operator's address, or null when read-only. */
    public String operatorAddress()
    {
        return operator == null ? null : operator.getAddress();
    }

    /**
     * @return the head block number.
     * @throws IOException when the node is unreachable.
     */
    public long blockNumber() throws IOException
    {
        return check(web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /**
     * @param to   a contract.
     * @param data call data.
     * @return the answer, hex.
     * @throws IOException when the node is unreachable.
     */
    public String call(final String to, final String data) throws IOException
    {
        final EthCall result = web3j.ethCall(Transaction.createEthCallTransaction(operatorAddress(), to, data),
            DefaultBlockParameterName.LATEST).send();
        check(result);
        if (result.isReverted())
        {
            throw new ChainException("call to " + to + " reverted: " + result.getRevertReason(), result.getValue());
        }
        return result.getValue();
    }

    /**
     * @param to   a contract.
     * @param data call data.
     * @return a number view's answer.
     * @throws IOException when the node is unreachable.
     */
    public BigInteger callNumber(final String to, final String data) throws IOException
    {
        return VaultAbi.word(call(to, data));
    }

    /**
     * Estimates, signs with the operator key and sends an EIP-1559 transaction.
     *
     * @param to    a contract.
     * @param data  call data.
     * @param fees  the fees to pay ({@link FeePolicy}).
     * @param nonce the nonce, or null for the next pending one (a replacement passes the nonce it replaces).
     * @param gasLimit the gas limit, or null to estimate it (a replacement reuses the limit of the one it replaces:
     *                 estimating against the pending state would meet the transaction being replaced).
     * @return what was sent.
     * @throws IOException    when the node is unreachable.
     * @throws ChainException when the node refuses it (a revert at estimation, a nonce problem, funds).
     */
    public Sent send(final String to, final String data, final FeePolicy.Fees fees, final BigInteger nonce,
        final BigInteger gasLimit) throws IOException
    {
        final String from = operator.getAddress();
        final BigInteger n = nonce != null ? nonce : nonce(DefaultBlockParameterName.PENDING);
        final BigInteger limit;
        if (gasLimit != null)
        {
            limit = gasLimit;
        }
        else
        {
            final EthEstimateGas estimate = web3j.ethEstimateGas(
                Transaction.createFunctionCallTransaction(from, n, null, null, to, data)).send();
            check(estimate);
            limit = estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
        }
        final RawTransaction raw = RawTransaction.createTransaction(chainId(), n, limit, to, BigInteger.ZERO, data,
            fees.tipWei(), fees.maxFeeWei());
        final byte[] signed = TransactionEncoder.signMessage(raw, operator);
        final EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
        check(sent);
        return new Sent(sent.getTransactionHash(), n, fees, limit);
    }

    /**
     * Simulates a call from the operator ({@code eth_call}), without sending anything.
     *
     * @param to   a contract.
     * @param data call data.
     * @return null when it would succeed, else the refusal (its revert data decoded).
     * @throws IOException when the node is unreachable.
     */
    public ChainException simulate(final String to, final String data) throws IOException
    {
        try
        {
            call(to, data);
            return null;
        }
        catch (final ChainException ex)
        {
            return ex;
        }
    }

    /**
     * @param block LATEST (mined) or PENDING.
     * @return the operator's transaction count there.
     * @throws IOException when the node is unreachable.
     */
    public BigInteger nonce(final DefaultBlockParameterName block) throws IOException
    {
        return check(web3j.ethGetTransactionCount(operator.getAddress(), block).send()).getTransactionCount();
    }

    /**
     * @param address an account.
     * @return its ether balance, wei.
     * @throws IOException when the node is unreachable.
     */
    public BigInteger balance(final String address) throws IOException
    {
        return check(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send()).getBalance();
    }

    /**
     * @param policy the fee policy.
     * @return its quote for the next block, from {@code eth_feeHistory}; null when above the ceiling.
     * @throws IOException when the node is unreachable.
     */
    public FeePolicy.Fees quote(final FeePolicy policy) throws IOException
    {
        final EthFeeHistory.FeeHistory history = check(web3j.ethFeeHistory(FeePolicy.HISTORY_BLOCKS,
            DefaultBlockParameterName.LATEST, List.of(FeePolicy.TIP_PERCENTILE)).send()).getFeeHistory();
        return policy.quote(history.getBaseFeePerGas(),
            history.getReward() == null ? List.of() : history.getReward());
    }

    /**
     * @param txHash a transaction.
     * @return its receipt once mined (in the node's current chain), else empty.
     * @throws IOException when the node is unreachable.
     */
    public Optional<TransactionReceipt> receipt(final String txHash) throws IOException
    {
        return check(web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
    }

    /**
     * @param txHash a transaction.
     * @return whether the node still knows it (pending or mined); false once dropped.
     * @throws IOException when the node is unreachable.
     */
    public boolean known(final String txHash) throws IOException
    {
        return check(web3j.ethGetTransactionByHash(txHash).send()).getTransaction().isPresent();
    }

    /**
     * @param fromBlock first block, inclusive.
     * @param toBlock   last block, inclusive.
     * @param addresses contracts whose logs to fetch.
     * @param topic0    event signatures to fetch, or empty for all.
     * @return the logs, in chain order.
     * @throws IOException when the node is unreachable.
     */
    public List<Log> logs(final long fromBlock, final long toBlock, final List<String> addresses,
        final List<String> topic0) throws IOException
    {
        final EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), addresses);
        if (!topic0.isEmpty())
        {
            filter.addOptionalTopics(topic0.toArray(new String[0]));
        }
        final List<Log> logs = new ArrayList<>();
        for (final EthLog.LogResult<?> result : check(web3j.ethGetLogs(filter).send()).getLogs())
        {
            logs.add((Log)result.get());
        }
        return logs;
    }

    /**
     * Raw JSON-RPC for node-specific methods (anvil's {@code evm_mine}, {@code anvil_reorg}, …).
     *
     * @param method the method.
     * @param params its parameters.
     * @return the result, as the node's JSON value.
     * @throws IOException when the node is unreachable.
     */
    public Object raw(final String method, final List<?> params) throws IOException
    {
        final org.web3j.protocol.core.Request<?, RawResponse> request =
            new org.web3j.protocol.core.Request<>(method, params, web3jService, RawResponse.class);
        return check(request.send()).getResult();
    }

    /** A response whose result is any JSON value. */
    public static final class RawResponse extends Response<Object>
    {
    }

    /** @return the chain id, asked once. */
    private long chainId() throws IOException
    {
        if (chainId < 0)
        {
            chainId = check(web3j.ethChainId().send()).getChainId().longValueExact();
        }
        return chainId;
    }

    private static <T extends Response<?>> T check(final T response)
    {
        if (response.hasError())
        {
            final Object data = response.getError().getData();
            final String text = data == null ? "" : data.toString().replace("\"", "").trim();
            final String hex = text.matches("0x[0-9a-fA-F]{8,}") ? text : "";
            final String message = response.getError().getMessage();
            if (!hex.isEmpty())
            {
                final String cut = message.contains(": custom error") ? message.substring(0,
                    message.indexOf(": custom error")) : message;
                throw new ChainException(cut + ": " + io.resx.settlement.chain.ContractArtifacts.describeRevert(hex),
                    hex);
            }
            throw new ChainException(message + (data == null ? "" : " (" + data + ")"));
        }
        return response;
    }

    /** @return the text with control characters (NUL bytes of a raw revert string) replaced by spaces. */
    static String printable(final String text)
    {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", " ").trim();
    }

    @Override
    public void close()
    {
        web3j.shutdown();
    }
}
