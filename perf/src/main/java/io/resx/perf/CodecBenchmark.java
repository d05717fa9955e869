package io.resx.perf;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The codecs a new order passes through: the SBE {@link CommandCodec} (journal records, gateway ⇄ engine over
 * Aeron), encode and decode, and the NDJSON reader of {@code resx batch}. One limit order of the usual shape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark extends ForkedBenchmark
{
    private static final String LINE = "{\"cmd\":\"new\",\"clOrdId\":\"OP-A-1-000123\",\"account\":\"OP-A-1\"," +
        "\"symbol\":\"SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H\",\"side\":\"BUY\",\"type\":\"LIMIT\"," +
        "\"tif\":\"GTC\",\"postOnly\":false,\"price\":\"10.25\",\"qty\":\"2\"}";

    private final CommandCodec codec = new CommandCodec();
    private final UnsafeBuffer buffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(CommandCodec.MAX_ENCODED_LENGTH));
    private final Command order = new Command();
    private final Command decoded = new Command();
    private final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
    private int encodedLength;

    /** Builds the order and one encoding of it to decode. */
    @Setup
    public void setUp()
    {
        order.type(CommandType.NEW_ORDER).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
            .price(FixedPoint.parse("10.25")).qty(FixedPoint.parse("2"));
        order.clOrdId().set("OP-A-1-000123");
        order.account().set("OP-A-1");
        order.symbol().set("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H");
        order.stamp(42, 1_764_583_200_000_000_000L);
        encodedLength = codec.encode(order, buffer, 0);
    }

    /** @return bytes written. */
    @Benchmark
    public int sbeEncode()
    {
        return codec.encode(order, buffer, 0);
    }

    /** @return the decoded command. */
    @Benchmark
    public Command sbeDecode()
    {
        return codec.decode(buffer, 0, encodedLength, decoded);
    }

    /** @return the command read from one NDJSON line (the batch edge; allocates, as an edge may). */
    @Benchmark
    public Command ndjsonRead()
    {
        return reader.read(LINE, decoded);
    }
}
