package io.resx.gateway.fix;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets a FIX client may send, and how every log masks them: Password (554), NewPassword (925), RawData (96)
 * and its RawDataLength (95). A masked message keeps its shape with its BodyLength (9) and CheckSum (10) computed
 * again, so neither tells the secret's length or sum. Fields may be delimited by SOH or by '|'.
 */
public final class FixSecrets
{
    private static final Pattern SECRET = Pattern.compile("(^|[\\u0001|])(554|925|95|96)=[^\\u0001|]*");
    private static final char SOH = '\u0001';

    private FixSecrets()
    {
    }

    /**
     * @param text a FIX message or a line of text, or null.
     * @return it with every secret's value replaced by {@code ***}, and a FIX message's BodyLength and CheckSum
     * made to match what is left.
     */
    public static String mask(final String text)
    {
        if (text == null)
        {
            return null;
        }
        final Matcher matcher = SECRET.matcher(text);
        if (!matcher.find())
        {
            return text;
        }
        return reframe(matcher.replaceAll("$1$2=***"));
    }

    /** Recomputes BodyLength and CheckSum of a whole SOH-delimited message; anything else is returned as is. */
    private static String reframe(final String message)
    {
        final int lengthTag = message.indexOf(SOH + "9=");
        final int checkSumTag = message.lastIndexOf(SOH + "10=");
        if (!message.startsWith("8=") || lengthTag < 0 || checkSumTag < lengthTag)
        {
            return message;
        }
        final int lengthEnd = message.indexOf(SOH, lengthTag + 1);
        if (lengthEnd < 0 || lengthEnd > checkSumTag)
        {
            return message;
        }
        final String body = message.substring(lengthEnd + 1, checkSumTag + 1);
        final String head = message.substring(0, lengthTag + 3) + body.length() + SOH + body;
        int sum = 0;
        for (int i = 0; i < head.length(); i++)
        {
            sum += head.charAt(i);
        }
        final int end = message.indexOf(SOH, checkSumTag + 1);
        return head + String.format("10=%03d", sum & 0xff) + (end < 0 ? "" : message.substring(end));
    }
}
