package io.resx.server.settlement;

import io.resx.gateway.common.Participant;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.protocol.command.Command;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.server.batch.BatchInput;
import io.resx.server.serve.ServeConfig;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.chain.LocalChain;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code resx chain}: a local chain for development — anvil on loopback, the contracts deployed, the participants'
 * wallets funded with serve's opening balances — its addresses printed and written to a settlement directory, until
 * Ctrl-C. {@code resx serve --chain-rpc URL --chain-directory FILE --chain-key-file KEY} then settles on it.
 */
@CommandLine.Command(name = "chain", mixinStandardHelpOptions = true,
    description = {"Starts a local chain (anvil), deploys the contracts, funds the demo participants, prints the RPC " +
        "URL and the addresses, and runs until Ctrl-C."})
public final class ChainCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "serve's settings (participants, funding).")
    private Path configFile;

    @Option(names = "--directory", paramLabel = "FILE", defaultValue = "data/chain/settlement.properties",
        description = "Where to write the addresses. Default: ${DEFAULT-VALUE}.")
    private Path directoryFile;

    @Option(names = "--block-time", paramLabel = "SEC", defaultValue = "0",
        description = "Seconds between blocks; 0 = a block per transaction. Default: ${DEFAULT-VALUE}.")
    private int blockTime;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ServeConfig config;
        final ParticipantDirectory participants;
        try
        {
            config = ServeConfig.load(configFile);
            participants = config.participants();
        }
        catch (final IllegalArgumentException | java.io.IOException ex)
        {
            spec.commandLine().getErr().println("resx chain: " + ex.getMessage());
            return 2;
        }
        final Map<String, String> accounts = new LinkedHashMap<>();
        for (final Participant participant : participants.participants())
        {
            participant.accounts().forEach(account -> accounts.put(account, participant.id()));
        }
        final List<Command> deposits = new ArrayList<>();
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        for (final String funding : config.getList("funding"))
        {
            BatchInput.forEachLine(funding, line ->
            {
                final Command command = reader.read(line, new Command());
                if (ServeChain.isChainDeposit(command))
                {
                    deposits.add(command);
                }
            });
        }
        final Set<String> symbols = new LinkedHashSet<>();
        deposits.forEach(d ->
        {
            final String asset = d.symbol().toString();
            if (!asset.equals("CASH") && !asset.equals("COLLATERAL"))
            {
                symbols.add(asset);
            }
        });
        final CountDownLatch stopped = new CountDownLatch(1);
        try (LocalChain chain = LocalChain.start(Math.max(1, accounts.size()), blockTime)) // a wallet per account
        {
            final SettlementDirectory directory = chain.deploy(symbols, accounts);
            for (final Command deposit : deposits)
            {
                chain.fund(deposit.account().toString(), deposit.symbol().toString(), deposit.amount());
            }
            directory.save(directoryFile);
            out.println("local chain (anvil): " + chain.rpcUrl() + "  chain id 31337");
            out.println("vault " + directory.vault() + ", cash token " + directory.cash());
            directory.tokens().forEach((symbol, address) -> out.println("token " + symbol + " " + address));
            directory.wallets().forEach((account, address) -> out.println("wallet " + account + " " + address));
            out.println("operator (settles batches): anvil's dev account 0 " + chain.operator().getAddress() +
                " — its key is anvil's public dev key 0: local use only");
            out.println("directory written to " + directoryFile + "; Ctrl-C to stop");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "resx-chain-stop"));
            stopped.await();
        }
        return 0;
    }
}
