package io.resx.settlement.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settlement directory file: written and read back the same; a bad or unknown entry named. */
class SettlementDirectoryTest
{
    private static final String A = "0x" + "a".repeat(40);
    private static final String B = "0x" + "B".repeat(40);
    private static final String C = "0x" + "c".repeat(40);

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatItWrote() throws IOException
    {
        final Path file = dir.resolve("d.properties");
        SettlementDirectory.of(A, B).rpc("http://127.0.0.1:8545").fromBlock(42)
            .token("SPEC.3550-3560.CELL042", C).wallet("OP-A-1", C).wallet("OP-A-2", C).save(file);
        final SettlementDirectory read = SettlementDirectory.load(file);
        assertThat(read.vault()).isEqualTo(A);
        assertThat(read.cash()).isEqualTo(B.toLowerCase());
        assertThat(read.fromBlock()).isEqualTo(42);
        assertThat(read.rpc()).isEqualTo("http://127.0.0.1:8545");
        assertThat(read.tokenOf("SPEC.3550-3560.CELL042")).isEqualTo(C);
        assertThat(read.walletOf("OP-A-2")).isEqualTo(C);
        assertThat(read.accountOf(C.toUpperCase().replace("0X", "0x"))).isEqualTo("OP-A-1");
        assertThat(read.assetOf(B)).isEqualTo("CASH");
        assertThat(read.assetOf(C)).isEqualTo("SPEC.3550-3560.CELL042");
        assertThat(read.assetOf(A)).isNull();
    }

    @Test
    void shouldReadBackTheTokenOfAnEnergyIntervalWhoseSymbolHoldsColons() throws IOException
    {
        final Path file = dir.resolve("e.properties");
        final String energy = "ENRG.KWH.NODE17@2030-01-01T10:15Z/PT15M";
        SettlementDirectory.of(A, B).token(energy, C).save(file);
        assertThat(SettlementDirectory.load(file).tokenOf(energy)).isEqualTo(C);
    }

    @Test
    void shouldNameABadOrUnknownEntry() throws IOException
    {
        final Path file = dir.resolve("bad.properties");
        Files.writeString(file, "vault=" + A + "\ncash=" + B + "\naccount.X=0x12\n");
        assertThatThrownBy(() -> SettlementDirectory.load(file)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("account.X: '0x12' is not an address");
        Files.writeString(file, "vault=" + A + "\ncash=" + B + "\nwallet.X=" + C + "\n");
        assertThatThrownBy(() -> SettlementDirectory.load(file)).hasMessageContaining("unknown entry 'wallet.X'");
        Files.writeString(file, "cash=" + B + "\n");
        assertThatThrownBy(() -> SettlementDirectory.load(file)).hasMessageContaining("needs vault=0x… and cash=0x…");
        assertThatThrownBy(() -> SettlementDirectory.of(A, B).tokenOf("NOPE"))
            .hasMessageContaining("no resource token for NOPE");
    }
}
