package io.resx.perf;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fork, warm-up and measurement settings every ResX benchmark inherits (JMH reads them from superclasses);
 * the command line may override the counts ({@code -f -wi -i}), not the fork's JVM flags.
 * <p>
 * The flags are the root pom's {@code resx.jvm.flags} (Agrona needs {@code jdk.internal.misc}, Chronicle the
 * rest) plus a fixed, pre-touched heap so that heap sizing does not differ between forks. Annotation values
 * must be constants, so the list is repeated here: keep it in step with the pom.
 */
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {
    "-Dchronicle.analytics.disable=true",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Xms2g",
    "-Xmx2g",
    "-XX:+AlwaysPreTouch"})
public abstract class ForkedBenchmark
{
}
