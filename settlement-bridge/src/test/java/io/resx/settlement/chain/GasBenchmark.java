package io.resx.settlement.chain;

import static io.resx.settlement.chain.ResourceTokenClient.UNIT;

import io.resx.settlement.chain.VaultClient.CashDelta;
import io.resx.settlement.chain.VaultClient.UnitDelta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas per trade settled on anvil: net batches of 10, 100 and 1,000 trades against settling every trade on its own
 * (one settleBatch per trade, and a plain pair of transfers without DvP). Not a test: run it with
 * {@code mvn -q -pl settlement-bridge -am test-compile -Pgas-benchmark} (see settlement-bridge/README.md).
 * <p>
 * The trade mix: {@value #PARTICIPANTS} non-exempt wallets (4 market makers on one side of 60 % of the trades),
 * {@value #TOKENS} resource classes, quantities mostly fractional (70 % 0.01-1 unit, 25 % 1-5, 5 % 5-10), prices
 * around 20/35/50 cash. Each scenario starts from the same chain snapshot; gas is deterministic for a seed, so the
 * figures reported are the median over seeds. Dev keys of anvil: a local chain only.
 */
public final class GasBenchmark
{
    private static final int PARTICIPANTS = 16;
    private static final int TOKENS = 3;
    private static final int MARKET_MAKERS = 4;
    private static final long START_UNITS = 40;
    private static final long CASH = 1_000_000L;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(60_000_000);
    private static final long[] BASE_PRICE = {20 * CASH, 35 * CASH, 50 * CASH};

    private record Trade(int token, int buyer, int seller, long qty, long value)
    {
    }

    private final AnvilNode anvil;
    private final ChainAccount operator;
    private final List<ChainAccount> wallets = new ArrayList<>();
    private final List<ResourceTokenClient> tokens = new ArrayList<>();
    private final Map<String, BigInteger> nonces = new HashMap<>();
    private long nftMoves;
    private long transactions;
    private CashTokenClient cash;
    private VaultClient vault;

    private GasBenchmark(AnvilNode anvil)
    {
        this.anvil = anvil;
        this.operator = anvil.account(1);
    }

    /**
     * @param args {@code [trades] [seeds]}: trades per run (default 1000), seeds (default 3).
     */
    public static void main(String[] args)
    {
        int trades = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int[] batchSizes = {10, 100, 1_000};
        Map<String, List<Double>> perTrade = new TreeMap<>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            try (AnvilNode anvil = AnvilNode.start(PARTICIPANTS + 3, 0, List.of("--gas-limit", "100000000")))
            {
                GasBenchmark bench = new GasBenchmark(anvil);
                bench.setUp();
                bench.transactions = 0;
                List<Trade> stream = bench.trades(new Random(seed), trades);
                String clean = anvil.snapshot();
                bench.record(perTrade, "per trade: settleBatch", bench.tradeByTrade(stream) / (double) trades, seed);
                anvil.revert(clean);
                bench.nonces.clear();
                clean = anvil.snapshot();
                double plain = bench.plainPairs(stream) / (double) trades;
                bench.record(perTrade, "per trade: 2 plain transfers", plain, seed);
                for (int size : batchSizes)
                {
                    anvil.revert(clean);
                    bench.nonces.clear();
                    clean = anvil.snapshot();
                    double gas = bench.netted(stream, size) / (double) trades;
                    bench.record(perTrade, String.format("net batch of %,5d", size), gas, seed);
                }
            }
        }
        double baseline = median(perTrade.get("per trade: settleBatch"));
        System.out.printf("%n%d trades per run, %d seeds, %d participants, %d tokens; gas per trade, median of seeds%n",
            trades, seeds, PARTICIPANTS, TOKENS);
        System.out.printf("%-30s %12s %12s %12s %10s%n", "scenario", "median", "min", "max", "vs per-trade");
        for (var e : perTrade.entrySet())
        {
            List<Double> v = e.getValue();
            System.out.printf("%-30s %,12.0f %,12.0f %,12.0f %9.1fx%n", e.getKey(), median(v),
                v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                v.stream().mapToDouble(Double::doubleValue).max().orElse(0), baseline / median(v));
        }
    }

    private void record(Map<String, List<Double>> m, String key, double gasPerTrade, int seed)
    {
        m.computeIfAbsent(key, k -> new ArrayList<>()).add(gasPerTrade);
        System.out.printf("seed %d  %-30s %,10.0f gas/trade  (%,d transactions, %,d NFT mints/burns/moves)%n", seed,
            key, gasPerTrade, transactions, nftMoves);
        transactions = 0;
        nftMoves = 0;
    }

    private static double median(List<Double> values)
    {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void setUp()
    {
        ChainAccount admin = anvil.account(0);
        ChainAccount pu = anvil.account(2);
        Deployer deployer = new Deployer(admin);
        cash = deployer.cashToken("ResX Cash", "USDX");
        vault = deployer.vault(cash, operator.address()).as(operator);
        for (int i = 0; i < PARTICIPANTS; i++)
        {
            wallets.add(anvil.account(3 + i));
        }
        for (int t = 0; t < TOKENS; t++)
        {
            ResourceTokenClient token =
                deployer.resourceToken("Class " + t, "R" + t, "SPEC.3550-3560.CELL04" + t, vault);
            token.setPrimaryHolder(pu.address());
            ResourceTokenClient asPu = token.as(pu);
            for (int chunk = 0; chunk < PARTICIPANTS * START_UNITS / 160; chunk++)
            {
                List<ResourceTokenClient.Entry> entries = new ArrayList<>();
                for (int i = 0; i < 160; i++)
                {
                    entries.add(new ResourceTokenClient.Entry("3550-3560", "CELL04" + t + "/" + (chunk * 160 + i)));
                }
                asPu.uploadEntries(entries);
            }
            for (ChainAccount w : wallets)
            {
                asPu.transfer(w.address(), START_UNITS * UNIT);
                token.as(w).setApprovalForAll(vault.address(), true);
            }
            tokens.add(token);
        }
        for (ChainAccount w : wallets)
        {
            cash.mint(w.address(), 1_000_000 * CASH);
            cash.as(w).approveAll(vault.address());
        }
    }

    /** A seeded stream in which no seller ever sells more than it holds. */
    private List<Trade> trades(Random random, int n)
    {
        long[][] position = new long[TOKENS][PARTICIPANTS];
        for (long[] p : position)
        {
            Arrays.fill(p, START_UNITS * UNIT);
        }
        List<Trade> out = new ArrayList<>();
        while (out.size() < n)
        {
            int token = random.nextInt(TOKENS);
            int x;
            int y;
            if (random.nextDouble() < 0.6)
            {
                x = random.nextInt(MARKET_MAKERS);
                y = MARKET_MAKERS + random.nextInt(PARTICIPANTS - MARKET_MAKERS);
            }
            else
            {
                x = random.nextInt(PARTICIPANTS);
                y = (x + 1 + random.nextInt(PARTICIPANTS - 1)) % PARTICIPANTS;
            }
            int buyer = random.nextBoolean() ? x : y;
            int seller = buyer == x ? y : x;
            double r = random.nextDouble();
            long qty = r < 0.70 ? 10_000 * (1 + random.nextInt(100))
                : r < 0.95 ? UNIT + 10_000 * random.nextInt(400) : 5 * UNIT + 10_000 * random.nextInt(500);
            if (position[token][seller] < qty)
            {
                continue;
            }
            long price = BASE_PRICE[token] + (random.nextInt(201) - 100) * BASE_PRICE[token] / 2_000;
            position[token][seller] -= qty;
            position[token][buyer] += qty;
            out.add(new Trade(token, buyer, seller, qty, Math.multiplyExact(qty, price) / UNIT));
        }
        return out;
    }

    /**
     * Sends and returns the gas used, with a fixed gas limit and nonces counted here: three round trips per
     * transaction instead of five, which matters on a busy 2-core machine. The gas used does not depend on either.
     */
    private long gasOf(ChainAccount from, String to, String data)
    {
        BigInteger nonce = nonces.computeIfAbsent(from.address(), a -> pendingNonce(from));
        nonces.put(from.address(), nonce.add(BigInteger.ONE));
        String hash = from.submit(to, data, "benchmark tx", GAS_LIMIT, nonce);
        TransactionReceipt r = from.awaitReceipt(hash, "benchmark tx");
        if (!r.isStatusOK())
        {
            throw new IllegalStateException("benchmark transaction reverted: " + hash);
        }
        nftMoves += ChainEvents.nftTransfers(r.getLogs()).size();
        transactions++;
        return r.getGasUsed().longValueExact();
    }

    private static BigInteger pendingNonce(ChainAccount a)
    {
        try
        {
            return a.web3j().ethGetTransactionCount(a.address(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static String transfer(String to, long amount)
    {
        return FunctionEncoder.encode(
            new Function("transfer", List.of(new Address(to), new Uint256(amount)), List.of()));
    }

    private long tradeByTrade(List<Trade> stream)
    {
        long gas = 0;
        long batchId = 1_000_000;
        for (Trade t : stream)
        {
            String token = tokens.get(t.token()).address();
            String buyer = wallets.get(t.buyer()).address();
            String seller = wallets.get(t.seller()).address();
            gas += gasOf(operator, vault.address(), VaultClient.encodeSettleBatch(batchId++,
                List.of(new CashDelta(seller, t.value()), new CashDelta(buyer, -t.value())),
                List.of(new UnitDelta(token, seller, -t.qty(), t.value()),
                    new UnitDelta(token, buyer, t.qty(), t.value())),
                List.of()));
        }
        return gas;
    }

    private long plainPairs(List<Trade> stream)
    {
        long gas = 0;
        for (Trade t : stream)
        {
            ChainAccount buyer = wallets.get(t.buyer());
            ChainAccount seller = wallets.get(t.seller());
            gas += gasOf(buyer, cash.address(), transfer(seller.address(), t.value()));
            gas += gasOf(seller, tokens.get(t.token()).address(), transfer(buyer.address(), t.qty()));
        }
        return gas;
    }

    private long netted(List<Trade> stream, int batchSize)
    {
        long gas = 0;
        for (int from = 0; from < stream.size(); from += batchSize)
        {
            List<Trade> batch = stream.subList(from, Math.min(stream.size(), from + batchSize));
            long[] netCash = new long[PARTICIPANTS];
            long[][] netUnits = new long[TOKENS][PARTICIPANTS];
            long[] grossQty = new long[TOKENS];
            long[] grossValue = new long[TOKENS];
            for (Trade t : batch)
            {
                netCash[t.seller()] += t.value();
                netCash[t.buyer()] -= t.value();
                netUnits[t.token()][t.seller()] -= t.qty();
                netUnits[t.token()][t.buyer()] += t.qty();
                grossQty[t.token()] += t.qty();
                grossValue[t.token()] += t.value();
            }
            List<CashDelta> cashLegs = new ArrayList<>();
            for (int p = 0; p < PARTICIPANTS; p++)
            {
                if (netCash[p] != 0)
                {
                    cashLegs.add(new CashDelta(wallets.get(p).address(), netCash[p]));
                }
            }
            List<UnitDelta> unitLegs = new ArrayList<>();
            for (int tk = 0; tk < TOKENS; tk++)
            {
                for (int p = 0; p < PARTICIPANTS; p++)
                {
                    if (netUnits[tk][p] != 0)
                    {
                        // cashValue: |net delta| at the batch's volume-weighted price of the token
                        long vwap = grossValue[tk] * UNIT / grossQty[tk];
                        long cashValue = Math.abs(netUnits[tk][p]) * vwap / UNIT;
                        unitLegs.add(new UnitDelta(tokens.get(tk).address(), wallets.get(p).address(), netUnits[tk][p],
                            cashValue));
                    }
                }
            }
            gas += gasOf(operator, vault.address(), VaultClient.encodeSettleBatch(from, cashLegs, unitLegs, List.of()));
        }
        return gas;
    }
}
