package io.resx.peer;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.ApiReduceOrder;
import exchange.core2.core.common.api.ApiReset;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.InitialStateConfiguration;
import exchange.core2.core.common.config.SerializationConfiguration;
import exchange.core2.core.processors.journaling.DiskSerializationProcessor;
import exchange.core2.core.processors.journaling.DiskSerializationProcessorConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * exchange-core 0.5.3, driven through its public API ({@link ExchangeCore}, {@link ExchangeApi}) with its
 * documented settings for a small machine: 1 matching engine, 1 risk engine, yielding wait, direct order book;
 * with {@code --journal DIR} also its disk journaling (every command journaled, as its own journaling tests run it).
 * It replays the exchange-core-margin workload: setup (symbol, 1,000 users, deposits) and the 1,000-order fill
 * untimed, then the 3 M benchmark commands.
 * <p>
 * Run as a child JVM by the ResX compare harness ({@code io.resx.perf.compare.Compare}); nothing of ResX is on
 * its classpath. It reads one request per line on stdin and answers on stdout with lines starting {@code @}:
 * <pre>
 *   throughput [COUNT]      -> @throughput COUNT ELAPSED_NS FAILURES
 *   latency RATE COUNT      -> @latency RATE COUNT ELAPSED_NS FAILURES P50 P90 P99 P999 P9999 MAX   (ns)
 *   book                    -> @book ASK|BID PRICE VOLUME ORDERS ... then @end
 *   quit
 * </pre>
 * Each {@code throughput} and {@code latency} request starts from a reset exchange. Latency is taken from each
 * command's planned send time (sends spaced evenly at RATE), so a stall delays every command behind it in the
 * figures too: no coordinated omission.
 */
public final class PeerMain
{
    private static final String EXCHANGE_ID = "RESXPEER";
    private static final int SYMBOL = 40000;
    private static final long TIMEOUT_S = 120;

    private final ExchangeCore core;
    private final ExchangeApi api;
    private final List<ApiCommand> setup = new ArrayList<>();
    private final List<ApiCommand> fill;
    private final List<ApiCommand> benchmark;
    private final CoreSymbolSpecification symbol;

    private final AtomicLong results = new AtomicLong();
    private long resultCount;
    private long failures;
    private volatile boolean recording;
    private volatile long recordBase;
    private volatile long recordCount;
    private volatile long plannedStartNs;
    private volatile long intervalNs;
    // an hour: an engine far behind its offered rate queues for minutes, and a value past the range would throw
    private final Histogram histogram = new Histogram(TimeUnit.HOURS.toNanos(1), 3);

    private PeerMain(final Path workload, final Path journal) throws IOException
    {
        symbol = readSetup(workload.resolve("margin-setup.csv"));
        fill = readOrders(workload.resolve("margin-fill.csv.gz"));
        benchmark = readOrders(workload.resolve("margin-benchmark.csv.gz"));
        final PerformanceConfiguration performance = PerformanceConfiguration.baseBuilder()
            .matchingEnginesNum(1)
            .riskEnginesNum(1)
            .waitStrategy(CoreWaitStrategy.YIELDING)
            .orderBookFactory(OrderBookDirectImpl::new)
            .threadFactory(Thread::new)
            .build();
        final ExchangeConfiguration.ExchangeConfigurationBuilder configuration = ExchangeConfiguration.defaultBuilder()
            .performanceCfg(performance);
        if (journal != null)
        {
            configuration.serializationCfg(diskJournal(journal))
                .initStateCfg(InitialStateConfiguration.cleanStartJournaling(EXCHANGE_ID));
        }
        core = ExchangeCore.builder().resultsConsumer(this::onResult).exchangeConfiguration(configuration.build())
            .build();
        core.startup();
        api = core.getApi();
    }

    /**
     * @param args {@code --workload DIR}.
     * @throws Exception when the workload cannot be read or the exchange fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if ((args.length != 2 && args.length != 4) || !"--workload".equals(args[0]) ||
            (args.length == 4 && !"--journal".equals(args[2])))
        {
            System.err.println("usage: PeerMain --workload DIR [--journal DIR]");
            System.exit(2);
        }
        final PeerMain peer = new PeerMain(Path.of(args[1]), args.length == 4 ? Path.of(args[3]) : null);
        System.out.printf(Locale.ROOT, "@ready %d %d%n", peer.fill.size(), peer.benchmark.size());
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null && !"quit".equals(line.trim()); line = in.readLine())
        {
            final String[] words = line.trim().split("\\s+");
            switch (words[0])
            {
                case "throughput":
                    peer.throughput(words.length > 1 ? Integer.parseInt(words[1]) : peer.benchmark.size());
                    break;
                case "latency":
                    peer.latency(Long.parseLong(words[1]), Integer.parseInt(words[2]));
                    break;
                case "book":
                    peer.book();
                    break;
                default:
                    System.out.println("@error unknown request " + words[0]);
                    break;
            }
            System.out.flush();
        }
        peer.core.shutdown(10, TimeUnit.SECONDS);
    }

    /**
     * exchange-core's own disk journaling ({@link DiskSerializationProcessor}): every command written to a journal
     * file in {@code folder}, LZ4-compressed batches above 2,048 bytes, a 256 KiB write buffer flushed at the end
     * of each batch; its defaults ({@link DiskSerializationProcessorConfiguration#createDefaultConfig}) but for the
     * folder.
     */
    private static SerializationConfiguration diskJournal(final Path folder)
    {
        final DiskSerializationProcessorConfiguration defaults =
            DiskSerializationProcessorConfiguration.createDefaultConfig();
        final DiskSerializationProcessorConfiguration disk = DiskSerializationProcessorConfiguration.builder()
            .storageFolder(folder.toString())
            .snapshotLz4CompressorFactory(defaults.getSnapshotLz4CompressorFactory())
            .journalFileMaxSize(defaults.getJournalFileMaxSize())
            .journalBufferSize(defaults.getJournalBufferSize())
            .journalBatchCompressThreshold(defaults.getJournalBatchCompressThreshold())
            .journalLz4CompressorFactory(defaults.getJournalLz4CompressorFactory())
            .build();
        return SerializationConfiguration.builder().enableJournaling(true)
            .serializationProcessorFactory(exchange -> new DiskSerializationProcessor(exchange, disk)).build();
    }

    private void onResult(final OrderCommand command, final long sequence)
    {
        final long seq = ++resultCount;
        if (command.resultCode != CommandResultCode.SUCCESS)
        {
            failures++;
        }
        if (recording)
        {
            final long index = seq - 1 - recordBase;
            if (index >= 0 && index < recordCount)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - (plannedStartNs + index * intervalNs)));
            }
        }
        results.lazySet(seq);
    }

    private void prepare() throws Exception
    {
        api.submitCommandAsync(ApiReset.builder().build()).get(TIMEOUT_S, TimeUnit.SECONDS);
        check(api.submitBinaryDataAsync(new BatchAddSymbolsCommand(symbol)).get(TIMEOUT_S, TimeUnit.SECONDS));
        submitAndWait(setup);
        submitAndWait(fill);
    }

    private void submitAndWait(final List<ApiCommand> commands) throws Exception
    {
        final List<CompletableFuture<CommandResultCode>> futures = new ArrayList<>(commands.size());
        for (final ApiCommand command : commands)
        {
            futures.add(api.submitCommandAsync(command));
        }
        for (final CompletableFuture<CommandResultCode> future : futures)
        {
            check(future.get(TIMEOUT_S, TimeUnit.SECONDS));
        }
    }

    private static void check(final CommandResultCode code)
    {
        if (code != CommandResultCode.SUCCESS)
        {
            throw new IllegalStateException("exchange-core refused a set-up command: " + code);
        }
    }

    private void throughput(final int count) throws Exception
    {
        prepare();
        final long failuresBefore = failures();
        final long target = results.get() + count;
        final long startNs = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            api.submitCommand(benchmark.get(i));
        }
        awaitResults(target);
        final long elapsedNs = System.nanoTime() - startNs;
        System.out.printf(Locale.ROOT, "@throughput %d %d %d%n", count, elapsedNs, failures() - failuresBefore);
    }

    private void latency(final long ratePerSecond, final int count) throws Exception
    {
        prepare();
        histogram.reset();
        final long failuresBefore = failures();
        final long base = results.get();
        final long interval = 1_000_000_000L / ratePerSecond;
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        recordBase = base;
        recordCount = count;
        intervalNs = interval;
        plannedStartNs = startNs;
        recording = true;
        for (int i = 0; i < count; i++)
        {
            final long plannedNs = startNs + i * interval;
            while (System.nanoTime() < plannedNs)
            {
                Thread.onSpinWait();
            }
            api.submitCommand(benchmark.get(i));
        }
        awaitResults(base + count);
        final long elapsedNs = System.nanoTime() - startNs;
        recording = false;
        System.out.printf(Locale.ROOT, "@latency %d %d %d %d %d %d %d %d %d %d%n", ratePerSecond, count, elapsedNs,
            failures() - failuresBefore, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
            histogram.getValueAtPercentile(99.99), histogram.getMaxValue());
    }

    private long failures()
    {
        results.get(); // orders the read of the results thread's counter after its last published result
        return failures;
    }

    private void awaitResults(final long target)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (results.get() < target)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("exchange-core did not answer within " + TIMEOUT_S + " s");
            }
            Thread.onSpinWait();
        }
    }

    private void book() throws Exception
    {
        final L2MarketData book = api.requestOrderBookAsync(SYMBOL, Integer.MAX_VALUE).get(TIMEOUT_S, TimeUnit.SECONDS);
        for (int i = 0; i < book.askSize; i++)
        {
            System.out.printf(Locale.ROOT, "@book ASK %d %d %d%n", book.askPrices[i], book.askVolumes[i],
                book.askOrders[i]);
        }
        for (int i = 0; i < book.bidSize; i++)
        {
            System.out.printf(Locale.ROOT, "@book BID %d %d %d%n", book.bidPrices[i], book.bidVolumes[i],
                book.bidOrders[i]);
        }
        System.out.println("@end");
    }

    private CoreSymbolSpecification readSetup(final Path file) throws IOException
    {
        CoreSymbolSpecification spec = null;
        long transactionId = 0;
        long lastUser = -1;
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            final String[] f = line.split(",");
            if (line.startsWith("SYMBOL,"))
            {
                spec = CoreSymbolSpecification.builder().symbolId(Integer.parseInt(f[1]))
                    .type(SymbolType.valueOf(f[2])).baseCurrency(Integer.parseInt(f[3]))
                    .quoteCurrency(Integer.parseInt(f[4])).baseScaleK(Long.parseLong(f[5]))
                    .quoteScaleK(Long.parseLong(f[6])).takerFee(Long.parseLong(f[7])).makerFee(Long.parseLong(f[8]))
                    .marginBuy(Long.parseLong(f[9])).marginSell(Long.parseLong(f[10])).build();
            }
            else if (line.startsWith("USER,"))
            {
                final long uid = Long.parseLong(f[1]);
                if (uid != lastUser)
                {
                    setup.add(new ApiAddUser(uid));
                    lastUser = uid;
                }
                setup.add(ApiAdjustUserBalance.builder().uid(uid).currency(Integer.parseInt(f[2]))
                    .amount(Long.parseLong(f[3])).transactionId(++transactionId).build());
            }
        }
        if (spec == null)
        {
            throw new IOException(file + " has no SYMBOL line");
        }
        return spec;
    }

    private static List<ApiCommand> readOrders(final Path file) throws IOException
    {
        final List<ApiCommand> commands = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.US_ASCII)))
        {
            in.readLine(); // header: cmd,symbol,uid,orderId,action,orderType,price,reservePrice,size
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                commands.add(parse(line.split(",", -1)));
            }
        }
        return commands;
    }

    private static ApiCommand parse(final String[] f)
    {
        final int symbolId = Integer.parseInt(f[1]);
        final long uid = Long.parseLong(f[2]);
        final long orderId = Long.parseLong(f[3]);
        switch (f[0])
        {
            case "PLACE":
                return ApiPlaceOrder.builder().symbol(symbolId).uid(uid).orderId(orderId)
                    .action(OrderAction.valueOf(f[4])).orderType(OrderType.valueOf(f[5]))
                    .price(Long.parseLong(f[6])).reservePrice(Long.parseLong(f[7])).size(Long.parseLong(f[8]))
                    .build();
            case "MOVE":
                return ApiMoveOrder.builder().symbol(symbolId).uid(uid).orderId(orderId).newPrice(Long.parseLong(f[6]))
                    .build();
            case "REDUCE":
                return ApiReduceOrder.builder().symbol(symbolId).uid(uid).orderId(orderId)
                    .reduceSize(Long.parseLong(f[8])).build();
            case "CANCEL":
                return ApiCancelOrder.builder().symbol(symbolId).uid(uid).orderId(orderId).build();
            default:
                throw new IllegalArgumentException("unknown command " + f[0]);
        }
    }
}
