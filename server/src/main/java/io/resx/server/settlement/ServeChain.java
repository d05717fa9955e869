package io.resx.server.settlement;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.replay.JournalContext;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.SettlementView;
import io.resx.settlement.chain.ChainSupervisor;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The chain side of {@code resx serve}, wiring only: the embedded local chain (anvil as a child process on loopback,
 * contracts deployed, the participants' opening balances put on chain, kept in {@code <data>/chain/} across restarts)
 * or an existing chain ({@code --chain-rpc}), and the settlement bridge (settlement-bridge's {@link SettlementBridge})
 * that tails the engine's {@code events} queue, its position stored in {@code <data>/chain/}
 * {@value SettlementPosition#FILE_NAME}.
 */
public final class ServeChain implements AutoCloseable
{
    /** Environment variable holding the operator's private key (hex) for {@code --chain-rpc}. */
    public static final String KEY_ENV = "RESX_CHAIN_KEY";

    private final LocalChain local;
    private final SettlementBridge bridge;
    private final int expectedFundingCommands;

    /**
     * @param mode          embedded | rpc.
     * @param rpc           the node's URL (rpc mode).
     * @param directoryFile the settlement directory (rpc mode: required; embedded: where it is written).
     * @param keyFile       the operator's key file (rpc mode), or null to read {@link #KEY_ENV}.
     * @param confirmations blocks a batch or an event needs.
     * @param blockTimeSec  embedded chain's block time, 0 = a block per transaction.
     * @param pollMs        bridge round pause.
     * @param resendAfterMs resend timer.
     * @param window        settlement window.
     * @param chainDir      the chain's folder: the embedded chain's state file and directory, and in both modes the
     *                      bridge's position in {@code events}.
     * @param tuning        fees, back-off and monitoring levels of the bridge.
     * @param defaultFundCash cash (fixed-point) put in the embedded vault's default fund at a fresh start; 0 = none.
     * @param supervise     whether serve restarts the embedded node when it dies.
     * @param genesisEpochSec embedded chain's genesis time when the exchange clock is set ({@code clock.start}), or 0.
     */
    public record Options(String mode, String rpc, Path directoryFile, Path keyFile, int confirmations,
        int blockTimeSec, long pollMs, long resendAfterMs, WindowPolicy window, Path chainDir,
        SettlementBridge.Tuning tuning, long defaultFundCash, boolean supervise, long genesisEpochSec)
    {
        /**
         * @param get reads a serve setting by key (chain.maxFeeGwei, chain.maxTipGwei, chain.lowBalanceEth,
         *            chain.stuckAfterMs, chain.maxBackoffMs).
         * @return the bridge's tuning from the settings.
         */
        public static SettlementBridge.Tuning tuning(final java.util.function.UnaryOperator<String> get)
        {
            return new SettlementBridge.Tuning(Double.parseDouble(get.apply("chain.maxFeeGwei")),
                Double.parseDouble(get.apply("chain.maxTipGwei")),
                SettlementBridge.Tuning.wei(get.apply("chain.lowBalanceEth")),
                Long.parseLong(get.apply("chain.stuckAfterMs")), Long.parseLong(get.apply("chain.maxBackoffMs")));
        }
    }

    private final ChainSupervisor supervisor;

    private ServeChain(final LocalChain local, final SettlementBridge bridge, final int expectedFundingCommands,
        final ChainSupervisor supervisor)
    {
        this.local = local;
        this.bridge = bridge;
        this.expectedFundingCommands = expectedFundingCommands;
        this.supervisor = supervisor;
    }

    /**
     * @param options   the settings.
     * @param events    the events queue the bridge tails.
     * @param accounts  account → owner of every participant account (each owner gets a wallet).
     * @param fresh     whether the exchange starts from an empty journal (then the opening balances go on chain).
     * @param deposits  the funding's DEPOSIT commands, to put on chain (the engine learns of them from the chain).
     * @param route     the internal route into the sequencer.
     * @param log       where to say what happened.
     * @return the running chain link.
     * @throws IOException when a file cannot be read or written.
     */
    public static ServeChain start(final Options options, final JournalContext events,
        final Map<String, String> accounts, final boolean fresh, final List<Command> deposits,
        final InternalRoute route, final Consumer<String> log) throws IOException
    {
        final Path position = options.chainDir().resolve(SettlementPosition.FILE_NAME);
        if (fresh)
        {
            // a fresh exchange has an empty events queue: a position in an earlier one means nothing
            Files.deleteIfExists(position);
        }
        if ("rpc".equals(options.mode()))
        {
            Files.createDirectories(options.chainDir());
            if (options.directoryFile() == null || !Files.exists(options.directoryFile()))
            {
                throw new IllegalArgumentException("--chain-rpc needs the contracts' addresses: --chain-directory " +
                    "FILE (chain.directory; `resx chain` writes one)");
            }
            final SettlementDirectory directory = SettlementDirectory.load(options.directoryFile());
            final Credentials operator = Credentials.create(key(options.keyFile()));
            log.accept("chain " + options.rpc() + ": vault " + directory.vault() + ", operator " +
                operator.getAddress() + "; opening balances come from the chain's own history");
            final SettlementBridge bridge = new SettlementBridge(settings(options, events, directory, options.rpc(),
                operator, io.resx.settlement.bridge.TokenProvisioner.NONE), route).start();
            return new ServeChain(null, bridge, 0, null);
        }
        Files.createDirectories(options.chainDir());
        final Path state = options.chainDir().resolve("anvil-state.json");
        final Path directoryFile = options.directoryFile() != null ? options.directoryFile() :
            options.chainDir().resolve("settlement.properties");
        if (fresh)
        {
            Files.deleteIfExists(state);
        }
        final Set<String> owners = new LinkedHashSet<>(accounts.values());
        final LocalChain local = LocalChain.start(Math.max(accounts.size(), 1), options.blockTimeSec(), state,
            fresh ? options.genesisEpochSec() : 0);
        int expected = 0;
        try
        {
            if (!fresh && Files.exists(directoryFile))
            {
                local.attach(SettlementDirectory.load(directoryFile));
                log.accept("embedded chain " + local.rpcUrl() + " restored from " + state);
            }
            else
            {
                final Set<String> symbols = new LinkedHashSet<>();
                for (final Command deposit : deposits)
                {
                    final String asset = deposit.symbol().toString();
                    if (!asset.equals("CASH") && !asset.equals("COLLATERAL"))
                    {
                        symbols.add(asset);
                    }
                }
                local.deploy(symbols, accounts);
                for (final Command deposit : deposits)
                {
                    expected += local.fund(deposit.account().toString(), deposit.symbol().toString(),
                        deposit.amount());
                }
                if (options.defaultFundCash() > 0)
                {
                    local.fundDefaultFund(options.defaultFundCash());
                }
                local.directory().save(directoryFile);
                log.accept("embedded chain " + local.rpcUrl() + " (anvil, public dev keys: local use only): " +
                    symbols.size() + " resource tokens, " + accounts.size() + " wallets (one per account) of " +
                    owners.size() + " participants, " + deposits.size() + " opening balances on chain, vault " +
                    "default fund " + io.resx.protocol.FixedPoint.toString(options.defaultFundCash(), 6) +
                    "; directory " + directoryFile);
            }
            final SettlementBridge bridge = new SettlementBridge(settings(options, events, local.directory(),
                local.rpcUrl(), local.operator(), symbol -> local.provision(symbol, directoryFile)), route).start();
            final ChainSupervisor supervisor = options.supervise() ?
                new ChainSupervisor(local, bridge, directoryFile).start() : null;
            return new ServeChain(local, bridge, expected, supervisor);
        }
        catch (final RuntimeException | IOException ex)
        {
            local.close();
            throw ex;
        }
    }

    /**
     * @param command a funding command.
     * @return whether it is a deposit the chain carries (so the engine must not get it directly).
     */
    public static boolean isChainDeposit(final Command command)
    {
        return command.type() == CommandType.DEPOSIT;
    }

    /** @return commands the bridge will send for the opening balances put on chain at this start. */
    public int expectedFundingCommands()
    {
        return expectedFundingCommands;
    }

    /** @return the read-only view of batches and chain health. */
    public SettlementView view()
    {
        return bridge;
    }

    /** @return the node's URL. */
    public String rpcUrl()
    {
        return bridge.health().rpc();
    }

    private static SettlementBridge.Settings settings(final Options options, final JournalContext events,
        final SettlementDirectory directory, final String rpc, final Credentials operator,
        final io.resx.settlement.bridge.TokenProvisioner provisioner)
    {
        return new SettlementBridge.Settings(events, options.chainDir().resolve(SettlementPosition.FILE_NAME),
            directory, rpc, operator, options.window(),
            options.confirmations(), options.pollMs(), options.resendAfterMs(), options.tuning(), provisioner);
    }

    /** @return the embedded chain, or null on an existing chain (tests). */
    public LocalChain local()
    {
        return local;
    }

    /** @return the embedded node's restarts by the supervisor (0 without one). */
    public long nodeRestarts()
    {
        return supervisor == null ? 0 : supervisor.restarts();
    }

    private static String key(final Path keyFile) throws IOException
    {
        final String key = keyFile != null ? Files.readString(keyFile, StandardCharsets.UTF_8).trim() :
            System.getenv(KEY_ENV);
        if (key == null || key.isBlank())
        {
            throw new IllegalArgumentException("--chain-rpc needs the operator's key: --chain-key-file FILE or the " +
                "environment variable " + KEY_ENV + " (never a file in the repository)");
        }
        if (!key.matches("(0x)?[0-9a-fA-F]{64}"))
        {
            throw new IllegalArgumentException("the operator key must be 64 hex digits (optionally 0x-prefixed); " +
                (keyFile != null ? keyFile : KEY_ENV) + " holds something else");
        }
        return key;
    }

    /** Stops the bridge, then the embedded chain (its state is kept in its file). */
    @Override
    public void close()
    {
        if (supervisor != null)
        {
            supervisor.close();
        }
        bridge.close();
        if (local != null)
        {
            local.close();
        }
    }
}
