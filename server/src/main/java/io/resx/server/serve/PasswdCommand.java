package io.resx.server.serve;

import io.resx.gateway.common.PasswordHash;
import io.resx.gateway.common.ApiKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code resx passwd}: reads a password (from the terminal without echo, or one line of standard input) and
 * prints its hash for a participants file's {@code passwordHash}. The password itself is never printed.
 */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description = {"Prints a PBKDF2 hash of a password read from the terminal or standard input, for passwordHash.",
        "With --api-key: prints a new random HTTP API key and its SHA-256 hash, for a participant's apiKeys."})
public final class PasswdCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations. Default: ${DEFAULT-VALUE}.",
        defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS)
    private int iterations;

    @Option(names = "--api-key", description = "Make a new API key instead: prints 'key: ...' (give it to the " +
        "participant, it is shown once) and 'apiKeys entry: sha256$...' (store that in the participants file).")
    private boolean apiKey;

    @Override
    public Integer call() throws IOException
    {
        if (apiKey)
        {
            final String key = ApiKeys.newKey();
            spec.commandLine().getOut().println("key: " + key);
            spec.commandLine().getOut().println("apiKeys entry: " + ApiKeys.hash(key));
            return 0;
        }
        final Console console = System.console();
        final char[] password;
        if (console != null)
        {
            password = console.readPassword("password: ");
        }
        else
        {
            final String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0)
        {
            spec.commandLine().getErr().println("resx passwd: empty password");
            return 2;
        }
        spec.commandLine().getOut().println(PasswordHash.hash(password, iterations));
        java.util.Arrays.fill(password, '\0');
        return 0;
    }
}
