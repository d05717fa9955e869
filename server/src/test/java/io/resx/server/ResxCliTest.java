package io.resx.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line: help printed without building (and loading) the subcommands it does not run. */
class ResxCliTest
{
    /** Classes whose loading means the engine's classpath was started: logging, journal, engine, media driver. */
    private static final List<String> HEAVY = List.of("ch.qos.logback.classic.Logger", "org.slf4j.LoggerFactory",
        "net.openhft.chronicle.queue.RollCycles", "io.resx.server.serve.ServeNode", "io.aeron.driver.MediaDriver",
        "io.resx.engine.matching.OrderBook", "io.resx.server.http.HttpServer");

    @Test
    void shouldPrintTheSameTopLevelHelpWhetherSubcommandsAreBuiltOrNot()
    {
        assertThat(usage(ResxCli.commandLine(new String[] {"--help"})))
            .isEqualTo(usage(ResxCli.commandLine()))
            .contains("batch", "replay", "audit", "serve", "simulate", "chain");
    }

    @Test
    void shouldBuildInFullTheSubcommandTheArgumentsName()
    {
        final CommandLine cli = ResxCli.commandLine(new String[] {"help", "audit"});
        assertThat(cli.getSubcommands().get("audit").getSubcommands()).containsKeys("orders", "book", "trades");
        assertThat(cli.getSubcommands().get("serve").getCommandSpec().userObject()).isNull();
        final StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("help", "audit")).isZero();
        assertThat(out.toString()).startsWith("Usage: resx audit").contains("orders");
    }

    @Test
    void shouldAnswerHelpWithoutLoadingTheEngineLoggingOrJournal() throws Exception
    {
        try (Isolated loader = new Isolated())
        {
            final Class<?> cli = loader.loadClass(ResxCli.class.getName());
            final Object commandLine = cli.getMethod("commandLine", String[].class).invoke(null,
                (Object)new String[] {"--help"});
            final Class<?> picocli = loader.loadClass(CommandLine.class.getName());
            final StringWriter out = new StringWriter();
            picocli.getMethod("setOut", PrintWriter.class).invoke(commandLine, new PrintWriter(out, true));
            final Object exit = picocli.getMethod("execute", String[].class).invoke(commandLine,
                (Object)new String[] {"--help"});

            assertThat(exit).isEqualTo(0);
            assertThat(out.toString()).startsWith("Usage: resx");
            assertThat(HEAVY).allSatisfy(name -> assertThat(loader.loaded(name)).as(name + " loaded").isFalse());
            assertThat(loader.loaded("io.resx.server.serve.ServeCommand")).as("the stubs read the annotation").isTrue();
        }
    }

    private static String usage(final CommandLine cli)
    {
        return cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The test's classpath in a loader of its own, so what one command line loads can be seen. */
    private static final class Isolated extends URLClassLoader
    {
        Isolated()
        {
            super(classpath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(final String name)
        {
            return findLoadedClass(name) != null;
        }

        private static URL[] classpath()
        {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(entry ->
            {
                try
                {
                    return new File(entry).toURI().toURL();
                }
                catch (final MalformedURLException e)
                {
                    throw new IllegalStateException(entry, e);
                }
            }).toArray(URL[]::new);
        }
    }
}
