package io.resx.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes the events the bridge turns into commands: the vault's BatchSettled, Default, CollateralDeposited,
 * CollateralWithdrawn, and both tokens' Transfer (ERC-20) and the ResourceToken's ERC721Transfer. Each decoded event
 * carries its {@link LogRef} (block, block hash, tx, log index) so a reader can detect a reorg and de-duplicate.
 */
public final class ChainEvents
{
    static final String BATCH_SETTLED =
        EventEncoder.buildEventSignature("BatchSettled(uint256,uint256,uint256,uint256,uint256,bytes32)");
    static final String DEFAULT = EventEncoder.buildEventSignature(
        "Default(uint256,address,address,uint256,uint256,uint256)");
    static final String COLLATERAL_DEPOSITED = EventEncoder.buildEventSignature("CollateralDeposited(address,uint256)");
    static final String COLLATERAL_WITHDRAWN = EventEncoder.buildEventSignature("CollateralWithdrawn(address,uint256)");
    static final String TRANSFER = EventEncoder.buildEventSignature("Transfer(address,address,uint256)");
    static final String NFT_TRANSFER = EventEncoder.buildEventSignature("ERC721Transfer(address,address,uint256)");

    private ChainEvents()
    {
    }

    /**
     * Where a log sits on the chain.
     *
     * @param blockNumber block.
     * @param blockHash   block hash (changes when the block is reorganised away).
     * @param txHash      transaction.
     * @param logIndex    index of the log in its block.
     */
    public record LogRef(long blockNumber, String blockHash, String txHash, long logIndex)
    {
        static LogRef of(Log log)
        {
            return new LogRef(log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getTransactionHash(),
                log.getLogIndex().longValueExact());
        }
    }

    /** An event of the SettlementVault. */
    public sealed interface VaultEvent permits BatchSettled, Default, CollateralDeposited, CollateralWithdrawn
    {
        /** @return where it was logged. */
        LogRef ref();
    }

    /**
     * @param batchId   the batch.
     * @param cashLegs  cash deltas in it.
     * @param unitLegs  unit deltas.
     * @param leaseLegs lease assignments.
     * @param journalSequence the journal sequence at which its window closed (0 when not anchored).
     * @param journalHead     the commands journal's hash-chain head there, as the bridge sent it.
     * @param ref       where.
     */
    public record BatchSettled(long batchId, long cashLegs, long unitLegs, long leaseLegs, long journalSequence,
        long journalHead, LogRef ref)
        implements VaultEvent
    {
    }

    /**
     * A participant that could not pay, deliver, or provide leased units in a batch.
     *
     * @param batchId         the batch.
     * @param participant     the defaulter's wallet.
     * @param token           the cash token (could not pay) or a ResourceToken (could not deliver or lease).
     * @param shortfall       what was missing, in the unit of {@code token}.
     * @param fromCollateral  cash taken from its collateral.
     * @param fromDefaultFund cash taken from the default fund.
     * @param ref             where.
     */
    public record Default(long batchId, String participant, String token, long shortfall, long fromCollateral,
        long fromDefaultFund, LogRef ref) implements VaultEvent
    {
    }

    /**
     * @param participant wallet.
     * @param amount      cash base units.
     * @param ref         where.
     */
    public record CollateralDeposited(String participant, long amount, LogRef ref) implements VaultEvent
    {
    }

    /**
     * @param participant wallet.
     * @param amount      cash base units.
     * @param ref         where.
     */
    public record CollateralWithdrawn(String participant, long amount, LogRef ref) implements VaultEvent
    {
    }

    /**
     * An ERC-20 transfer of the cash token or of a ResourceToken's units (from = 0x0 for a mint).
     *
     * @param token  the token contract.
     * @param from   sender.
     * @param to     receiver.
     * @param amount base units.
     * @param ref    where.
     */
    public record Transfer(String token, String from, String to, long amount, LogRef ref)
    {
    }

    /**
     * An NFT of a ResourceToken changing hands (from = 0x0: out of the bank; to = 0x0: into the bank).
     *
     * @param token the ResourceToken.
     * @param from  previous holder.
     * @param to    new holder.
     * @param id    NFT id.
     * @param ref   where.
     */
    public record NftTransfer(String token, String from, String to, long id, LogRef ref)
    {
    }

    /**
     * @param logs logs of any contracts (a receipt's, or {@link #logs}).
     * @return the vault events among them, in order.
     */
    public static List<VaultEvent> vaultEvents(List<Log> logs)
    {
        List<VaultEvent> out = new ArrayList<>();
        for (Log log : logs)
        {
            List<String> t = log.getTopics();
            if (t.isEmpty())
            {
                continue;
            }
            String topic0 = t.get(0).toLowerCase(Locale.ROOT);
            String data = log.getData();
            if (topic0.equals(BATCH_SETTLED))
            {
                out.add(new BatchSettled(uint(t.get(1)), word(data, 0).longValueExact(), word(data, 1).longValueExact(),
                    word(data, 2).longValueExact(), word(data, 3).longValueExact(), word(data, 4).longValue(),
                    LogRef.of(log)));
            }
            else if (topic0.equals(DEFAULT))
            {
                out.add(new Default(uint(t.get(1)), address(t.get(2)), address(wordHex(data, 0)),
                    word(data, 1).longValueExact(), word(data, 2).longValueExact(), word(data, 3).longValueExact(),
                    LogRef.of(log)));
            }
            else if (topic0.equals(COLLATERAL_DEPOSITED))
            {
                out.add(new CollateralDeposited(address(t.get(1)), word(data, 0).longValueExact(), LogRef.of(log)));
            }
            else if (topic0.equals(COLLATERAL_WITHDRAWN))
            {
                out.add(new CollateralWithdrawn(address(t.get(1)), word(data, 0).longValueExact(), LogRef.of(log)));
            }
        }
        return out;
    }

    /**
     * @param logs logs.
     * @return the ERC-20 transfers among them (cash and resource units), in order.
     */
    public static List<Transfer> transfers(List<Log> logs)
    {
        List<Transfer> out = new ArrayList<>();
        for (Log log : logs)
        {
            List<String> t = log.getTopics();
            if (t.size() == 3 && t.get(0).equalsIgnoreCase(TRANSFER))
            {
                out.add(new Transfer(log.getAddress(), address(t.get(1)), address(t.get(2)),
                    word(log.getData(), 0).longValueExact(), LogRef.of(log)));
            }
        }
        return out;
    }

    /**
     * @param logs logs.
     * @return the NFT moves among them, in order.
     */
    public static List<NftTransfer> nftTransfers(List<Log> logs)
    {
        List<NftTransfer> out = new ArrayList<>();
        for (Log log : logs)
        {
            List<String> t = log.getTopics();
            if (t.size() == 4 && t.get(0).equalsIgnoreCase(NFT_TRANSFER))
            {
                out.add(new NftTransfer(log.getAddress(), address(t.get(1)), address(t.get(2)), uint(t.get(3)),
                    LogRef.of(log)));
            }
        }
        return out;
    }

    /**
     * Fetches the logs of some contracts over a block range (eth_getLogs).
     *
     * @param web3j     client.
     * @param contracts addresses.
     * @param fromBlock first block, inclusive.
     * @param toBlock   last block, inclusive.
     * @return the logs in chain order.
     * @throws ChainException when the node refuses or cannot be reached.
     */
    public static List<Log> logs(Web3j web3j, List<String> contracts, long fromBlock, long toBlock)
    {
        EthFilter filter = new EthFilter(new DefaultBlockParameterNumber(fromBlock),
            new DefaultBlockParameterNumber(toBlock), contracts);
        try
        {
            EthLog response = web3j.ethGetLogs(filter).send();
            if (response.hasError())
            {
                throw new ChainException("eth_getLogs " + fromBlock + ".." + toBlock + ": "
                    + response.getError().getMessage(), "", null, null);
            }
            List<Log> out = new ArrayList<>();
            for (EthLog.LogResult<?> r : response.getLogs())
            {
                out.add((Log) r.get());
            }
            return out;
        }
        catch (IOException e)
        {
            throw new ChainException("eth_getLogs: node unreachable: " + e.getMessage(), "", null, e);
        }
    }

    private static long uint(String topic)
    {
        return new BigInteger(topic.substring(2), 16).longValueExact();
    }

    private static String address(String word)
    {
        String hex = word.startsWith("0x") ? word.substring(2) : word;
        return "0x" + hex.substring(hex.length() - 40).toLowerCase(Locale.ROOT);
    }

    private static String wordHex(String data, int index)
    {
        int from = 2 + 64 * index;
        return data.substring(from, from + 64);
    }

    private static BigInteger word(String data, int index)
    {
        return new BigInteger(wordHex(data, index), 16);
    }
}
