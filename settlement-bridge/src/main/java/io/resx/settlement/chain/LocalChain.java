package io.resx.settlement.chain;

import io.resx.protocol.FixedPoint;
import io.resx.settlement.bridge.SettlementDirectory;
import org.web3j.crypto.Credentials;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The embedded local chain of {@code resx serve} and {@code resx chain}: anvil from the build's npm install on a free
 * loopback port, the contracts deployed, one wallet per participant, and the opening balances put on chain. The
 * keys are anvil's public dev keys — for this local chain only: dev account 0 deploys and is the vault's operator
 * (the bridge's key), accounts 1.. are the wallets of the participants' accounts, one per account, in account
 * order. The node is restarted from its state file when it dies ({@link #restart()}), and a resource token can be
 * deployed for an asset at its first trade ({@link #provision}).
 * <p>
 * Funding happens on chain only; the engine learns of it from the chain (the bridge turns the mints into
 * {@code deposit} commands), so the engine's funding and the chain's always match.
 */
public final class LocalChain implements AutoCloseable
{
    private static final int UPLOAD_CHUNK = 100;
    /** A funded holder of at most this many units gets their NFTs (so it can lease them out). */
    private static final long NFT_HOLDING_LIMIT = 100;

    private final int accountsWanted;
    private final int blockTimeSeconds;
    private final List<String> nodeArgs;
    private volatile AnvilNode node;
    private ChainAccount admin;
    private final Map<String, ChainAccount> walletOfAccount = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ResourceTokenClient> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    private CashTokenClient cash;
    private VaultClient vault;
    private SettlementDirectory directory;

    private LocalChain(final int accounts, final int blockTimeSeconds, final List<String> nodeArgs)
    {
        this.accountsWanted = accounts;
        this.blockTimeSeconds = blockTimeSeconds;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.node = AnvilNode.start(accounts, blockTimeSeconds, nodeArgs);
        this.admin = node.account(0);
    }

    /**
     * @param wallets          participants' wallets needed (dev accounts 1..wallets).
     * @param blockTimeSeconds 0 for a block per transaction, else seconds between blocks.
     * @return a running chain, nothing deployed yet.
     */
    public static LocalChain start(final int wallets, final int blockTimeSeconds)
    {
        return new LocalChain(wallets + 1, blockTimeSeconds, List.of());
    }

    /**
     * A chain kept in a state file across restarts, on the system clock.
     *
     * @param wallets          participants' wallets needed.
     * @param blockTimeSeconds 0 for a block per transaction.
     * @param stateFile        anvil's state file (loaded when it exists).
     * @return a running chain.
     */
    public static LocalChain start(final int wallets, final int blockTimeSeconds, final java.nio.file.Path stateFile)
    {
        return start(wallets, blockTimeSeconds, stateFile, 0);
    }

    /**
     * A chain kept in a state file across restarts (anvil {@code --state}, dumped every second and at exit).
     *
     * @param wallets          participants' wallets needed.
     * @param blockTimeSeconds 0 for a block per transaction.
     * @param stateFile        anvil's state file (loaded when it exists).
     * @param genesisEpochSec  the genesis block's time when the exchange clock is set to another moment (anvil
     *                         {@code --timestamp}: its blocks then run on from there), or 0 for the system clock.
     * @return a running chain.
     */
    public static LocalChain start(final int wallets, final int blockTimeSeconds, final java.nio.file.Path stateFile,
        final long genesisEpochSec)
    {
        final List<String> args = new java.util.ArrayList<>(
            List.of("--state", stateFile.toString(), "--state-interval", "1"));
        if (genesisEpochSec > 0)
        {
            args.add("--timestamp");
            args.add(Long.toString(genesisEpochSec));
        }
        return new LocalChain(wallets + 1, blockTimeSeconds, args);
    }

    /**
     * Starts the node again after it died, from its state file (when it was started with one), on a new port; the
     * directory's RPC URL follows. Clients of the old node must be pointed at {@link #rpcUrl()}.
     *
     * @return the new RPC URL.
     */
    public synchronized String restart()
    {
        node.close();
        node = AnvilNode.start(accountsWanted, blockTimeSeconds, nodeArgs);
        admin = node.account(0);
        tokens.clear();
        walletOfAccount.replaceAll((account, wallet) -> devAccountOf(wallet.address()));
        if (directory != null)
        {
            directory.rpc(node.rpcUrl());
            cash = new CashTokenClient(admin, directory.cash());
            vault = new VaultClient(admin, directory.vault());
            directory.tokens().forEach((symbol, address) -> tokens.put(symbol, new ResourceTokenClient(admin,
                address)));
        }
        return node.rpcUrl();
    }

    /** @return whether the node's process runs. */
    public boolean alive()
    {
        return node.alive();
    }

    /**
     * Deploys the resource token of an asset listed or traded after the chain was set up, approves the vault for
     * it from every participant wallet, and adds it to the directory (saved to {@code directoryFile} when given).
     *
     * @param symbol        an ownership or energy symbol.
     * @param directoryFile the directory file to rewrite, or null.
     * @return the token's address.
     */
    public synchronized String provision(final String symbol, final java.nio.file.Path directoryFile)
    {
        final String known = directory.tokens().get(symbol);
        if (known != null)
        {
            return known;
        }
        final VaultClient vaultClient = new VaultClient(admin, directory.vault());
        final ResourceTokenClient token = new Deployer(admin).resourceToken(symbol, shortName(symbol), symbol,
            vaultClient);
        for (final String wallet : new TreeSet<>(directory.wallets().values()))
        {
            final ChainAccount signer = devAccountOf(wallet);
            if (signer != null)
            {
                token.as(signer).setApprovalForAll(vaultClient.address(), true);
            }
        }
        tokens.put(symbol, token);
        directory.token(symbol, token.address());
        if (directoryFile != null)
        {
            try
            {
                directory.save(directoryFile);
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException("saving the settlement directory " + directoryFile, ex);
            }
        }
        return token.address();
    }

    private ChainAccount devAccountOf(final String wallet)
    {
        for (int i = 1; i < node.accounts(); i++)
        {
            final ChainAccount account = node.account(i);
            if (account.address().equalsIgnoreCase(wallet))
            {
                return account;
            }
        }
        return null;
    }

    /**
     * Uses contracts deployed before (a restart on a kept state).
     *
     * @param known the directory written when they were deployed.
     * @return this chain.
     */
    public LocalChain attach(final SettlementDirectory known)
    {
        directory = known.rpc(node.rpcUrl());
        return this;
    }

    /**
     * Deploys the cash token, the vault (operator: dev account 0) and a resource token per symbol, and gives each
     * owner a wallet that has approved the vault for cash and units.
     *
     * @param symbols  ownership (or energy) symbols that need a token.
     * @param accounts account → owner (participant); each account gets its own wallet (dev accounts 1.., in
     *                 account order).
     * @return the directory.
     */
    public SettlementDirectory deploy(final Collection<String> symbols, final Map<String, String> accounts)
    {
        final Deployer deployer = new Deployer(admin);
        cash = deployer.cashToken("ResX cash", "RXC");
        vault = deployer.vault(cash, admin.address());
        directory = SettlementDirectory.of(vault.address(), cash.address()).rpc(node.rpcUrl());
        for (final String symbol : new TreeSet<>(symbols))
        {
            final ResourceTokenClient token = deployer.resourceToken(symbol, shortName(symbol), symbol, vault);
            tokens.put(symbol, token);
            directory.token(symbol, token.address());
        }
        // one wallet per account, so each account's opening balances and settlements land in its own wallet
        for (final String account : new TreeSet<>(accounts.keySet()))
        {
            final int index = walletOfAccount.size() + 1;
            if (index >= node.accounts())
            {
                throw new IllegalArgumentException("the local chain has " + (node.accounts() - 1) +
                    " participant wallets; more accounts than that: " + new TreeSet<>(accounts.keySet()));
            }
            final ChainAccount wallet = node.account(index);
            walletOfAccount.put(account, wallet);
            directory.wallet(account, wallet.address());
            cash.as(wallet).approveAll(vault.address());
            for (final ResourceTokenClient token : tokens.values())
            {
                token.as(wallet).setApprovalForAll(vault.address(), true);
            }
        }
        return directory;
    }

    /**
     * Puts an opening balance on chain: CASH is minted into the wallet; COLLATERAL is minted and deposited into the
     * vault from the wallet; units are uploaded as resource entries by the wallet (made a primary holder, then — for
     * holdings of at most 100 units — not exempt, so its whole units carry NFTs and can be leased out on chain;
     * a larger primary holding stays exempt, as minting and tracking thousands of NFTs at start-up costs minutes).
     *
     * @param account an account with a wallet.
     * @param asset   CASH, COLLATERAL or a symbol with a token.
     * @param amount  fixed-point; units must be whole.
     * @return the commands the bridge will send for it (deposits, and a withdraw for collateral).
     */
    public int fund(final String account, final String asset, final long amount)
    {
        final ChainAccount wallet = walletOfAccount.get(account);
        if (wallet == null)
        {
            throw new IllegalArgumentException("funding: account " + account + " has no wallet on the local chain");
        }
        switch (asset)
        {
            case "CASH" ->
            {
                cash.mint(wallet.address(), amount);
                return 1;
            }
            case "COLLATERAL" ->
            {
                cash.mint(wallet.address(), amount);
                vault.as(wallet).depositCollateral(amount);
                return 3;
            }
            default ->
            {
                final ResourceTokenClient token = tokens.get(asset);
                if (token == null)
                {
                    throw new IllegalArgumentException("funding: no resource token for " + asset);
                }
                if (amount % FixedPoint.ONE != 0)
                {
                    throw new IllegalArgumentException("funding: " + FixedPoint.toString(amount, 6) + " " + asset +
                        " is not a whole number of units (each unit is one uploaded resource entry)");
                }
                token.setPrimaryHolder(wallet.address());
                final List<ResourceTokenClient.Entry> entries = new ArrayList<>();
                final String[] parts = entryOf(asset);
                int uploads = 0;
                for (long i = 0; i < amount / FixedPoint.ONE; i++)
                {
                    entries.add(new ResourceTokenClient.Entry(parts[0], parts[1]));
                    if (entries.size() == UPLOAD_CHUNK)
                    {
                        token.as(wallet).uploadEntries(entries);
                        entries.clear();
                        uploads++;
                    }
                }
                if (!entries.isEmpty())
                {
                    token.as(wallet).uploadEntries(entries);
                    uploads++;
                }
                if (amount / FixedPoint.ONE <= NFT_HOLDING_LIMIT)
                {
                    token.setExempt(wallet.address(), false);
                }
                return uploads;
            }
        }
    }

    /**
     * @param amount cash to mint to the admin and put in the vault's default fund.
     */
    public void fundDefaultFund(final long amount)
    {
        cash.mint(admin.address(), amount);
        cash.approveAll(vault.address());
        vault.fundDefaultFund(amount);
    }

    /** @return the node. */
    public AnvilNode node()
    {
        return node;
    }

    /** @return the node's JSON-RPC URL. */
    public String rpcUrl()
    {
        return node.rpcUrl();
    }

    /** @return the vault operator's key (anvil's public dev account 0: local chain only). */
    public Credentials operator()
    {
        return AnvilNode.devCredentials(0);
    }

    /** @return the directory (after {@link #deploy}). */
    public SettlementDirectory directory()
    {
        return directory;
    }

    /**
     * @param account an account.
     * @return its wallet's signing account (dev key), or null.
     */
    public ChainAccount wallet(final String account)
    {
        return walletOfAccount.get(account);
    }

    /** @return the cash token. */
    public CashTokenClient cash()
    {
        return cash;
    }

    /** @return the vault. */
    public VaultClient vault()
    {
        return vault;
    }

    /**
     * @param symbol an ownership symbol.
     * @return its token, or null.
     */
    public ResourceTokenClient token(final String symbol)
    {
        return tokens.get(symbol);
    }

    /** @return the symbols with a token. */
    public Set<String> symbols()
    {
        return new TreeSet<>(tokens.keySet());
    }

    @Override
    public void close()
    {
        node.close();
    }

    /** {channel, location} of a unit from its symbol: SPEC.3550-3560.CELL042 → {3550-3560, CELL042}. */
    private static String[] entryOf(final String symbol)
    {
        final String bare = symbol.contains("@") ? symbol.substring(0, symbol.indexOf('@')) : symbol;
        final int first = bare.indexOf('.');
        final int last = bare.lastIndexOf('.');
        if (first < 0 || last <= first)
        {
            return new String[] {bare, symbol.contains("@") ? symbol.substring(symbol.indexOf('@') + 1) : ""};
        }
        return new String[] {bare.substring(first + 1, last), bare.substring(last + 1) +
            (symbol.contains("@") ? symbol.substring(symbol.indexOf('@')) : "")};
    }

    private static String shortName(final String symbol)
    {
        final String bare = symbol.replaceAll("[^A-Za-z0-9]", "");
        return bare.length() <= 11 ? bare : bare.substring(0, 11);
    }
}
