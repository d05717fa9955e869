package io.resx.server.web;

import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's one table of reject code to plain words ({@code web/js/reasons.js}) names every reason the engine
 * can give: a reason added to {@link RejectReason} without words for it fails here.
 */
class RejectReasonTextTest
{
    @Test
    void shouldHavePlainWordsForEveryRejectReason() throws IOException
    {
        final String table;
        try (InputStream in = RejectReasonTextTest.class.getResourceAsStream("/io/resx/server/web/js/reasons.js"))
        {
            assertThat(in).as("reasons.js on the classpath").isNotNull();
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Arrays.stream(RejectReason.values()).map(Enum::name)).allSatisfy(name ->
            assertThat(Pattern.compile("(?m)^\\s+" + name + ": ['\"].{10,}").matcher(table).find())
                .as("plain words for " + name + " in reasons.js").isTrue());
    }
}
