package io.resx.gateway.fix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FIX 4.4 data dictionary the gateway validates with: QuickFIX/J's {@code FIX44.xml} plus what ResX's order
 * entry adds, as venues add to the standard (CME iLink's Account on OrderMassCancelRequest, Coinbase's
 * CancelOrdersOnDisconnect on Logon):
 * <ul>
 *   <li>Account (1) on OrderMassCancelRequest (q): the account whose orders to cancel;</li>
 *   <li>CancelOrdersOnDisconnect ({@value #CANCEL_ORDERS_ON_DISCONNECT}, Y/N) on Logon (A): cancel the orders this
 *       connection places if it drops without a Logout.</li>
 * </ul>
 * Written once into the gateway's store directory at start, and named to QuickFIX/J by that path.
 */
final class FixDictionary
{
    /** Logon flag: cancel this connection's orders (reason DISCONNECT) when it drops without a Logout. */
    static final int CANCEL_ORDERS_ON_DISCONNECT = 8013;
    private static final String FILE = "resx-FIX44.xml";

    private FixDictionary()
    {
    }

    /**
     * @param directory where to write it (created when missing).
     * @return the dictionary's path.
     */
    static Path write(final Path directory)
    {
        try (InputStream in = quickfix.DataDictionary.class.getClassLoader().getResourceAsStream("FIX44.xml"))
        {
            if (in == null)
            {
                throw new IllegalStateException("FIX44.xml is not on the class path (quickfixj-messages-fix44)");
            }
            final String standard = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final String extended = extend(standard);
            Files.createDirectories(directory);
            final Path file = directory.resolve(FILE);
            Files.writeString(file, extended, StandardCharsets.UTF_8);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the FIX dictionary into " + directory, ex);
        }
    }

    /**
     * @param standard QuickFIX/J's FIX44.xml.
     * @return it with ResX's additions.
     */
    static String extend(final String standard)
    {
        String xml = insertAfter(standard, "<message name=\"OrderMassCancelRequest\" msgtype=\"q\" msgcat=\"app\">",
            "\n      <field name=\"Account\" required=\"N\"/>");
        xml = insertAfter(xml, "<message name=\"Logon\" msgtype=\"A\" msgcat=\"admin\">",
            "\n      <field name=\"CancelOrdersOnDisconnect\" required=\"N\"/>");
        return insertAfter(xml, "<fields>", "\n    <field number=\"" + CANCEL_ORDERS_ON_DISCONNECT +
            "\" name=\"CancelOrdersOnDisconnect\" type=\"BOOLEAN\"/>");
    }

    private static String insertAfter(final String xml, final String anchor, final String addition)
    {
        final int at = xml.indexOf(anchor);
        if (at < 0)
        {
            throw new IllegalStateException("FIX44.xml has no " + anchor);
        }
        final int end = at + anchor.length();
        return xml.substring(0, end) + addition + xml.substring(end);
    }
}
