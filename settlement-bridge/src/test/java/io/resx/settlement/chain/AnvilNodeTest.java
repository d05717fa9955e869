package io.resx.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** The anvil child process: found where the build put it, answers on loopback, gone after close. */
class AnvilNodeTest
{
    @Test
    void shouldStartOnLoopbackWithTheWellKnownDevAccountsAndStopOnClose() throws IOException
    {
        int port;
        try (AnvilNode node = AnvilNode.start(12, 0))
        {
            port = node.port();
            assertThat(node.rpcUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(node.web3j().ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(AnvilNode.CHAIN_ID));
            // anvil's first two public dev accounts (local chains only)
            assertThat(node.account(0).address()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
            assertThat(AnvilNode.devCredentials(1).getAddress())
                .isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
            assertThat(node.web3j().ethGetBalance(node.account(11).address(), DefaultBlockParameterName.LATEST).send()
                .getBalance()).as("the 12th account is funded too").isPositive();
            assertThatThrownBy(() -> node.account(12)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> {
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).as("nothing listens after close").isInstanceOf(IOException.class);
    }

    @Test
    void shouldNameAMisconfiguredBinary()
    {
        String old = System.getProperty(AnvilNode.ANVIL_PROPERTY);
        System.setProperty(AnvilNode.ANVIL_PROPERTY, "/nonexistent/anvil");
        try
        {
            assertThatThrownBy(AnvilNode::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/anvil").hasMessageContaining("resx.anvil");
        }
        finally
        {
            if (old == null)
            {
                System.clearProperty(AnvilNode.ANVIL_PROPERTY);
            }
            else
            {
                System.setProperty(AnvilNode.ANVIL_PROPERTY, old);
            }
        }
    }
}
