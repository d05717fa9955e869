package io.resx.settlement.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A local anvil chain as a child process on a free loopback port, stopped on {@link #close()}. The binary comes
 * from the npm package {@code @foundry-rs/anvil} that the build installs into {@code settlement-bridge/node_modules}
 * (see {@link #locateBinary()}).
 * <p>
 * Its dev accounts are derived from anvil's default mnemonic, which is public: the keys of {@link #devCredentials}
 * are for local chains only and hold nothing of value anywhere else.
 */
public final class AnvilNode implements AutoCloseable
{
    /** System property naming the anvil binary (else environment variable {@link #ANVIL_ENV}). */
    public static final String ANVIL_PROPERTY = "resx.anvil";
    /** Environment variable naming the anvil binary. */
    public static final String ANVIL_ENV = "RESX_ANVIL";
    /** anvil's chain id unless told otherwise. */
    public static final long CHAIN_ID = 31337L;
    /** anvil's public default mnemonic: every anvil and Hardhat node derives the same dev accounts from it. */
    public static final String DEV_MNEMONIC = "test test test test test test test test test test test junk";

    private static final int HARDENED = 0x80000000;
    private static final long READY_TIMEOUT_MS = 15_000;

    private final Process process;
    private final int port;
    private final HttpService service;
    private final Web3j web3j;
    private final int accounts;
    private final Path log;
    private final Thread stopOnExit;

    private AnvilNode(Process process, int port, int accounts, Path log)
    {
        this.process = process;
        this.port = port;
        this.accounts = accounts;
        this.log = log;
        this.service = new HttpService(rpcUrl());
        this.web3j = Web3j.build(service);
        // A JVM that exits without close() must not leave a chain running behind it.
        this.stopOnExit = new Thread(process::destroyForcibly, "anvil-stop-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts anvil with 10 funded dev accounts, a new block per transaction (automine).
     *
     * @return the running node.
     */
    public static AnvilNode start()
    {
        return start(10, 0);
    }

    /**
     * Starts anvil on a free loopback port and waits until it answers JSON-RPC.
     *
     * @param accounts         funded dev accounts (10 000 ETH each).
     * @param blockTimeSeconds seconds between blocks; 0 = automine (a block per transaction).
     * @return the running node.
     * @throws IllegalStateException when the binary is missing or the node does not come up.
     */
    public static AnvilNode start(int accounts, int blockTimeSeconds)
    {
        return start(accounts, blockTimeSeconds, List.of());
    }

    /**
     * Starts anvil as {@link #start(int, int)} does, with more command-line arguments (e.g. {@code --state FILE
     * --state-interval 1} to keep the chain across restarts).
     *
     * @param accounts         funded dev accounts (10 000 ETH each).
     * @param blockTimeSeconds seconds between blocks; 0 = automine (a block per transaction).
     * @param extraArgs        appended to anvil's command line.
     * @return the running node.
     * @throws IllegalStateException when the binary is missing or the node does not come up.
     */
    public static AnvilNode start(int accounts, int blockTimeSeconds, List<String> extraArgs)
    {
        if (accounts < 1 || blockTimeSeconds < 0)
        {
            throw new IllegalArgumentException("accounts must be >= 1 and block time >= 0, got " + accounts + ", "
                + blockTimeSeconds);
        }
        Path binary = locateBinary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--silent", "--accounts", Integer.toString(accounts), "--chain-id",
                Long.toString(CHAIN_ID)));
            if (blockTimeSeconds > 0)
            {
                command.add("--block-time");
                command.add(Integer.toString(blockTimeSeconds));
            }
            command.addAll(extraArgs);
            Path log;
            Process process;
            try
            {
                log = Files.createTempFile("resx-anvil-", ".log");
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            }
            catch (IOException e)
            {
                throw new UncheckedIOException("starting " + binary, e);
            }
            AnvilNode node = new AnvilNode(process, port, accounts, log);
            try
            {
                node.awaitReady();
                return node;
            }
            catch (IllegalStateException e)
            {
                node.close();
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw last;
    }

    private void awaitReady()
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("anvil exited with " + process.exitValue() + " on port " + port + ": "
                    + readLog());
            }
            try
            {
                web3j.ethChainId().send();
                return;
            }
            catch (IOException notYet)
            {
                sleepMs(20);
            }
        }
        throw new IllegalStateException("anvil did not answer on " + rpcUrl() + " within " + READY_TIMEOUT_MS + " ms: "
            + readLog());
    }

    private String readLog()
    {
        try
        {
            String text = Files.readString(log);
            return text.isBlank() ? "(no output)" : text.strip();
        }
        catch (IOException e)
        {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Finds the anvil binary: {@code -Dresx.anvil=PATH}, else {@code $RESX_ANVIL}, else
     * {@code settlement-bridge/node_modules/@foundry-rs/anvil-OS-ARCH/bin/anvil} looked up from the working
     * directory and from where this class was loaded (a module's target/classes or a jar in server/target), each
     * and their parents — so tests (working directory = the module), the launcher (the repository) and a jar all
     * find the copy the build installed.
     *
     * @return the binary's path.
     * @throws IllegalStateException naming every place looked at when none has it.
     */
    public static Path locateBinary()
    {
        String configured = System.getProperty(ANVIL_PROPERTY, System.getenv(ANVIL_ENV));
        if (configured != null && !configured.isBlank())
        {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p))
            {
                throw new IllegalStateException("anvil binary " + p + " (from -D" + ANVIL_PROPERTY + " or $" + ANVIL_ENV
                    + ") is missing or not executable");
            }
            return p;
        }
        String relative = "node_modules/@foundry-rs/anvil-" + platform() + "/bin/anvil";
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try
        {
            var source = AnvilNode.class.getProtectionDomain().getCodeSource();
            if (source != null)
            {
                starts.add(Path.of(source.getLocation().toURI()).toAbsolutePath());
            }
        }
        catch (URISyntaxException | IllegalArgumentException | SecurityException ignored)
        {
            // an unusual class loader: the working directory is still searched
        }
        List<Path> looked = new ArrayList<>();
        for (Path start : starts)
        {
            for (Path dir = start; dir != null; dir = dir.getParent())
            {
                for (Path candidate : List.of(dir.resolve(relative),
                    dir.resolve("settlement-bridge").resolve(relative)))
                {
                    if (Files.isExecutable(candidate))
                    {
                        return candidate;
                    }
                    looked.add(candidate);
                }
            }
        }
        throw new IllegalStateException("anvil binary not found; the build installs it (mvn -pl settlement-bridge -am "
            + "compile runs npm ci), or set -D" + ANVIL_PROPERTY + "=PATH / $" + ANVIL_ENV + ". Looked in "
            + looked.subList(0, Math.min(looked.size(), 6)) + "...");
    }

    private static String platform()
    {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
        String a = arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64";
        return o + "-" + a;
    }

    private static int freeLoopbackPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("finding a free loopback port", e);
        }
    }

    /** @return {@code http://127.0.0.1:PORT}. */
    public String rpcUrl()
    {
        return "http://127.0.0.1:" + port;
    }

    /** @return the loopback port anvil listens on. */
    public int port()
    {
        return port;
    }

    /** @return a client connected to this node (closed with it). */
    public Web3j web3j()
    {
        return web3j;
    }

    /** @return the number of funded dev accounts. */
    public int accounts()
    {
        return accounts;
    }

    /**
     * The i-th dev account (m/44'/60'/0'/0/i of {@link #DEV_MNEMONIC}): public keys, local chains only.
     *
     * @param index 0-based.
     * @return its credentials.
     */
    public static Credentials devCredentials(int index)
    {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(DEV_MNEMONIC, ""));
        int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
    }

    /**
     * @param index 0-based dev account.
     * @return a signing account on this node.
     */
    public ChainAccount account(int index)
    {
        if (index < 0 || index >= accounts)
        {
            throw new IllegalArgumentException("dev account " + index + " out of 0.." + (accounts - 1));
        }
        return new ChainAccount(web3j, devCredentials(index), CHAIN_ID);
    }

    /**
     * Makes the next block's timestamp exactly {@code epochSeconds} (anvil's {@code evm_setNextBlockTimestamp}).
     *
     * @param epochSeconds the timestamp, later than the latest block's.
     */
    public void setNextBlockTimestamp(long epochSeconds)
    {
        rpc("evm_setNextBlockTimestamp", List.of(BigInteger.valueOf(epochSeconds)));
    }

    /** Mines one block now (anvil's {@code evm_mine}). */
    public void mine()
    {
        rpc("evm_mine", List.of());
    }

    /**
     * Saves the chain's state (anvil's {@code evm_snapshot}).
     *
     * @return the snapshot id for {@link #revert}.
     */
    public String snapshot()
    {
        return String.valueOf(rpc("evm_snapshot", List.of()));
    }

    /**
     * Returns the chain to a snapshot (which is used up: take a new one to return again).
     *
     * @param snapshotId from {@link #snapshot()}.
     */
    public void revert(String snapshotId)
    {
        if (!Boolean.TRUE.equals(rpc("evm_revert", List.of(snapshotId))))
        {
            throw new IllegalStateException("evm_revert " + snapshotId + " refused");
        }
    }

    /** @return the latest block's timestamp, epoch seconds. */
    public long latestTimestamp()
    {
        try
        {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                .getBlock().getTimestamp().longValueExact();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private Object rpc(String method, List<?> params)
    {
        try
        {
            Response<?> r = new Request<>(method, params, service, RawResponse.class).send();
            if (r.hasError())
            {
                throw new IllegalStateException(method + " failed: " + r.getError().getMessage());
            }
            return r.getResult();
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(method, e);
        }
    }

    /** A JSON-RPC answer whose result is not needed. */
    public static final class RawResponse extends Response<Object>
    {
    }

    private static void sleepMs(long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for anvil", e);
        }
    }

    /** @return whether the node's process is still running. */
    public boolean alive()
    {
        return process.isAlive();
    }

    /** @return the node's process id (a test kills it to see the supervisor restart it). */
    public long pid()
    {
        return process.pid();
    }

    /** Stops the node (and its client) and deletes its log. */
    @Override
    public void close()
    {
        web3j.shutdown();
        process.destroy();
        try
        {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        catch (IllegalStateException exiting)
        {
            // already shutting down: the hook runs anyway
        }
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            Files.deleteIfExists(log);
        }
        catch (IOException ignored)
        {
            // a leftover temp file is harmless
        }
    }
}
