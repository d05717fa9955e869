package io.resx.server.serve;

import io.resx.gateway.fix.PasswordHash;
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
    description = "Prints a PBKDF2 hash of a password read from the terminal or standard input, for passwordHash.")
public final class PasswdCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations. Default: ${DEFAULT-VALUE}.",
        defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS)
    private int iterations;

    @Override
    public Integer call() throws IOException
    {
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
