package io.resx.gateway.fix;

import org.junit.jupiter.api.Test;
import quickfix.Message;

import static org.assertj.core.api.Assertions.assertThat;

class FixSecretsTest
{
    private static final String SECRET = "a-Secret-of-27-characters!!";

    @Test
    void shouldMaskPasswordRawDataAndTheirLengthsAndReframeTheMessage() throws Exception
    {
        final Message logon = new quickfix.fix44.Logon();
        logon.getHeader().setString(49, "OPA");
        logon.getHeader().setString(56, "RESX");
        logon.getHeader().setInt(34, 1);
        logon.setInt(98, 0);
        logon.setInt(108, 30);
        logon.setInt(95, SECRET.length());
        logon.setString(96, SECRET);
        logon.setString(554, SECRET);
        logon.setString(925, SECRET);

        final String masked = FixSecrets.mask(logon.toString());

        assertThat(masked).doesNotContain(SECRET).contains("\u0001554=***\u0001").contains("\u000196=***\u0001")
            .contains("\u000195=***\u0001").contains("\u0001925=***\u0001");
        final Message reparsed = new Message(masked, false);
        assertThat(reparsed.getHeader().getInt(9)).isEqualTo(reparsed.bodyLength());
        final int checkSumAt = masked.lastIndexOf("\u000110=") + 1;
        int sum = 0;
        for (int i = 0; i < checkSumAt; i++)
        {
            sum += masked.charAt(i);
        }
        assertThat(reparsed.getTrailer().getString(10)).isEqualTo(String.format("%03d", sum & 0xff));
    }

    @Test
    void shouldGiveTheSameBodyLengthForPasswordsOfAnyLength()
    {
        assertThat(bodyLengthOf(FixSecrets.mask(logonWith("x")))).isEqualTo(
            bodyLengthOf(FixSecrets.mask(logonWith("a-much-longer-password-than-the-other"))));
    }

    @Test
    void shouldMaskPipeDelimitedTextAndLeaveOtherTextAlone()
    {
        assertThat(FixSecrets.mask("received: 8=FIX.4.4|9=5|35=A|554=" + SECRET + "|10=000|"))
            .isEqualTo("received: 8=FIX.4.4|9=5|35=A|554=***|10=000|");
        assertThat(FixSecrets.mask("no secret here: 5540=1")).isEqualTo("no secret here: 5540=1");
        assertThat(FixSecrets.mask(null)).isNull();
    }

    private static String logonWith(final String password)
    {
        final Message logon = new quickfix.fix44.Logon();
        logon.getHeader().setString(49, "OPA");
        logon.getHeader().setString(56, "RESX");
        logon.setInt(108, 30);
        logon.setString(554, password);
        return logon.toString();
    }

    private static String bodyLengthOf(final String message)
    {
        final int start = message.indexOf("\u00019=") + 3;
        return message.substring(start, message.indexOf('\u0001', start));
    }
}
