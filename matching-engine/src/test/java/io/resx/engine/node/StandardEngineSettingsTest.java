package io.resx.engine.node;

import io.resx.engine.matching.ClOrdIdWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two settings of the ClOrdID window that are part of the engine's definition: how long, and how many. */
final class StandardEngineSettingsTest
{
    @Test
    void shouldReadTheWindowAsAnIsoDurationWithADayByDefault()
    {
        assertThat(StandardEngine.clOrdIdWindowNs(null)).isEqualTo(ClOrdIdWindow.DEFAULT_WINDOW_NS);
        assertThat(StandardEngine.clOrdIdWindowNs(" PT90S ")).isEqualTo(90_000_000_000L);
        assertThat(StandardEngine.clOrdIdWindowNs("PT0S")).isZero();
        assertThatThrownBy(() -> StandardEngine.clOrdIdWindowNs("-PT1S"))
            .hasMessageContaining(StandardEngine.CL_ORD_ID_WINDOW_PROPERTY).hasMessageContaining("negative");
    }

    @Test
    void shouldReadTheBoundAsAWholeNumberOfOneOrMoreWithAMillionByDefault()
    {
        assertThat(StandardEngine.clOrdIdWindowEntries(null)).isEqualTo(ClOrdIdWindow.DEFAULT_MAX_ENTRIES);
        assertThat(StandardEngine.clOrdIdWindowEntries("")).isEqualTo(ClOrdIdWindow.DEFAULT_MAX_ENTRIES);
        assertThat(StandardEngine.clOrdIdWindowEntries(" 5000000 ")).isEqualTo(5_000_000);
        assertThatThrownBy(() -> StandardEngine.clOrdIdWindowEntries("0"))
            .hasMessage(StandardEngine.CL_ORD_ID_WINDOW_ENTRIES_PROPERTY + " 0 must be 1 or more");
        assertThatThrownBy(() -> StandardEngine.clOrdIdWindowEntries("2M"))
            .hasMessage(StandardEngine.CL_ORD_ID_WINDOW_ENTRIES_PROPERTY + " 2M is not a whole number");
    }
}
