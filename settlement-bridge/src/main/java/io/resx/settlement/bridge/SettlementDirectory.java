package io.resx.settlement.bridge;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who is who on chain: the vault, the cash token, one resource token per ownership symbol, and each engine
 * account's wallet. Several accounts may share a wallet (they then net together); chain events into a wallet
 * credit the first account listed for it. Stored as a properties file:
 * <pre>
 *   rpc=http://127.0.0.1:8545            (informational: where the contracts live)
 *   fromBlock=0                          (the block they were deployed in: logs are read from there)
 *   vault=0x…
 *   cash=0x…
 *   token.SPEC.3550-3560.CELL042=0x…
 *   account.ALPHA-1=0x…
 * </pre>
 * Addresses are kept lower-case.
 */
public final class SettlementDirectory
{
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private String rpc = "";
    private long fromBlock;
    private String vault;
    private String cash;
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, String> wallets = new LinkedHashMap<>();

    /**
     * @param vault the SettlementVault.
     * @param cash  the CashToken.
     * @return a directory with no tokens or accounts yet.
     */
    public static SettlementDirectory of(final String vault, final String cash)
    {
        final SettlementDirectory directory = new SettlementDirectory();
        directory.vault = address("vault", vault);
        directory.cash = address("cash", cash);
        return directory;
    }

    /**
     * @param file a properties file as described above.
     * @return the directory.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException naming the first bad or missing entry.
     */
    public static SettlementDirectory load(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        if (properties.getProperty("vault") == null || properties.getProperty("cash") == null)
        {
            throw new IllegalArgumentException(file + ": needs vault=0x… and cash=0x…");
        }
        final SettlementDirectory directory = of(properties.getProperty("vault"), properties.getProperty("cash"));
        directory.rpc = properties.getProperty("rpc", "");
        try
        {
            directory.fromBlock = Long.parseLong(properties.getProperty("fromBlock", "0").trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ": fromBlock must be a block number");
        }
        for (final String key : new TreeMap<>(properties).keySet().stream().map(Object::toString).toList())
        {
            if (key.startsWith("token."))
            {
                directory.token(key.substring("token.".length()), properties.getProperty(key));
            }
            else if (key.startsWith("account."))
            {
                directory.wallet(key.substring("account.".length()), properties.getProperty(key));
            }
            else if (!key.equals("vault") && !key.equals("cash") && !key.equals("rpc") && !key.equals("fromBlock"))
            {
                throw new IllegalArgumentException(file + ": unknown entry '" + key + "' (vault, cash, rpc, " +
                    "token.SYMBOL, account.ID)");
            }
        }
        return directory;
    }

    /** A properties key: ':' and '=' (in lease and energy symbols' times) escaped, as Properties.load reads them. */
    private static String key(final String name)
    {
        return name.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
    }

    /**
     * @param file where to write (replaced).
     * @throws IOException when it cannot be written.
     */
    public void save(final Path file) throws IOException
    {
        final StringBuilder text = new StringBuilder("# ResX settlement directory: contracts and wallets\n");
        text.append("rpc=").append(rpc).append('\n').append("fromBlock=").append(fromBlock).append('\n')
            .append("vault=").append(vault).append('\n')
            .append("cash=").append(cash).append('\n');
        tokens.forEach((symbol, a) -> text.append("token.").append(key(symbol)).append('=').append(a).append('\n'));
        wallets.forEach((account, a) -> text.append("account.").append(key(account)).append('=').append(a)
            .append('\n'));
        if (file.getParent() != null)
        {
            Files.createDirectories(file.getParent());
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            out.write(text.toString());
        }
    }

    /**
     * @param symbol  an ownership or energy symbol.
     * @param address its ResourceToken.
     * @return this directory.
     */
    public SettlementDirectory token(final String symbol, final String address)
    {
        tokens.put(symbol, address("token." + symbol, address));
        return this;
    }

    /**
     * @param account an engine account.
     * @param address its wallet.
     * @return this directory.
     */
    public SettlementDirectory wallet(final String account, final String address)
    {
        wallets.put(account, address("account." + account, address));
        return this;
    }

    /**
     * @param url the chain's JSON-RPC URL, informational.
     * @return this directory.
     */
    public SettlementDirectory rpc(final String url)
    {
        rpc = url;
        return this;
    }

    /**
     * @param block the block the contracts were deployed in.
     * @return this directory.
     */
    public SettlementDirectory fromBlock(final long block)
    {
        fromBlock = block;
        return this;
    }

    /** @return the block the contracts were deployed in: logs before it are not read. */
    public long fromBlock()
    {
        return fromBlock;
    }

    /** @return the chain's RPC URL as recorded, or empty. */
    public String rpc()
    {
        return rpc;
    }

    /** @return the vault's address. */
    public String vault()
    {
        return vault;
    }

    /** @return the cash token's address. */
    public String cash()
    {
        return cash;
    }

    /** @return ownership symbol → token address, sorted by symbol. */
    public Map<String, String> tokens()
    {
        return Collections.unmodifiableMap(tokens);
    }

    /** @return account → wallet, in the order given. */
    public Map<String, String> wallets()
    {
        return Collections.unmodifiableMap(wallets);
    }

    /**
     * @param account an engine account.
     * @return its wallet, or null.
     */
    public String walletOf(final String account)
    {
        return wallets.get(account);
    }

    /**
     * @param symbol an ownership symbol.
     * @return its token.
     * @throws IllegalArgumentException when none is deployed for it.
     */
    public String tokenOf(final String symbol)
    {
        final String token = tokens.get(symbol);
        if (token == null)
        {
            throw new IllegalArgumentException("no resource token for " + symbol + " in the settlement directory");
        }
        return token;
    }

    /**
     * @param address a token address.
     * @return its ownership symbol, "CASH" for the cash token, or null.
     */
    public String assetOf(final String address)
    {
        final String a = address.toLowerCase(Locale.ROOT);
        if (a.equals(cash))
        {
            return "CASH";
        }
        for (final Map.Entry<String, String> e : tokens.entrySet())
        {
            if (e.getValue().equals(a))
            {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * @param address a wallet.
     * @return the first account listed for it, or null when it is no participant's.
     */
    public String accountOf(final String address)
    {
        final String a = address.toLowerCase(Locale.ROOT);
        for (final Map.Entry<String, String> e : wallets.entrySet())
        {
            if (e.getValue().equals(a))
            {
                return e.getKey();
            }
        }
        return null;
    }

    private static String address(final String what, final String value)
    {
        if (value == null || !ADDRESS.matcher(value.trim()).matches())
        {
            throw new IllegalArgumentException(what + ": '" + value + "' is not an address (0x and 40 hex digits)");
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
