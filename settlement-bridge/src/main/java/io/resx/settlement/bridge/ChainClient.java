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
 * The bridge's few JSON-RPC calls, over web3j: views, signed legacy transactions from the operator key, receipts,
 * logs and the head block. Every method throws {@link IOException} when the node cannot be reached (the callers
 * back off and retry); a node's refusal (a revert, a bad nonce) comes back as a {@link ChainException} with the
 * node's message.
 */
public final class ChainClient implements AutoCloseable
{
    private final HttpService web3jService;
    private final Web3j web3j;
    private final Credentials operator;
    private long chainId = -1;

    /** The node refused a call or a transaction. */
    public static final class ChainException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message the node's message.
         */
        public ChainException(final String message)
        {
            super(message);
        }
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
            throw new ChainException("call to " + to + " reverted: " + result.getRevertReason());
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
     * Estimates, signs with the operator key and sends a transaction at the next pending nonce.
     *
     * @param to   a contract.
     * @param data call data.
     * @return the transaction hash.
     * @throws IOException    when the node is unreachable.
     * @throws ChainException when the node refuses it (a revert at estimation, a nonce problem).
     */
    public String send(final String to, final String data) throws IOException
    {
        final String from = operator.getAddress();
        final BigInteger nonce = check(web3j.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING).send())
            .getTransactionCount();
        final EthEstimateGas estimate = web3j.ethEstimateGas(
            Transaction.createFunctionCallTransaction(from, nonce, null, null, to, data)).send();
        check(estimate);
        final BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
        final BigInteger gasPrice = check(web3j.ethGasPrice().send()).getGasPrice().multiply(BigInteger.TWO);
        final RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, data);
        final byte[] signed = TransactionEncoder.signMessage(raw, chainId(), operator);
        final EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
        check(sent);
        return sent.getTransactionHash();
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
            throw new ChainException(response.getError().getMessage() +
                (response.getError().getData() == null ? "" : " (" + response.getError().getData() + ")"));
        }
        return response;
    }

    @Override
    public void close()
    {
        web3j.shutdown();
    }
}
