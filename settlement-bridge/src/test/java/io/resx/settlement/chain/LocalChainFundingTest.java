package io.resx.settlement.chain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening balances on the embedded chain (anvil, public dev keys: local only): each account has its own wallet, even
 * two accounts of one participant, so each account's cash, collateral and units land where that account settles;
 * the vault holds the collateral and the default fund.
 */
class LocalChainFundingTest
{
    private static final long ONE = 1_000_000L;
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    private LocalChain chain;

    @AfterEach
    void stop()
    {
        if (chain != null)
        {
            chain.close();
        }
    }

    @Test
    void shouldPutEachAccountsOpeningBalancesInItsOwnWalletAndTheFundInTheVault()
    {
        chain = LocalChain.start(3, 0);
        chain.deploy(List.of(SPEC), Map.of("OP-A-1", "OP-A", "OP-A-2", "OP-A", "OP-B-1", "OP-B"));
        final String a1 = chain.directory().walletOf("OP-A-1");
        final String a2 = chain.directory().walletOf("OP-A-2");
        assertThat(a1).isNotEqualToIgnoringCase(a2).isNotEqualToIgnoringCase(chain.directory().walletOf("OP-B-1"));
        chain.fund("OP-A-1", "CASH", 10 * ONE);
        chain.fund("OP-A-2", "CASH", 20 * ONE);
        chain.fund("OP-A-2", "COLLATERAL", 5 * ONE);
        chain.fund("OP-A-1", SPEC, 3 * ONE);
        chain.fundDefaultFund(1_000 * ONE);
        assertThat(chain.cash().balanceOf(a1)).isEqualTo(10 * ONE);
        assertThat(chain.cash().balanceOf(a2)).isEqualTo(20 * ONE);
        assertThat(chain.vault().collateralOf(a2)).isEqualTo(5 * ONE);
        assertThat(chain.vault().collateralOf(a1)).isZero();
        assertThat(chain.token(SPEC).balanceOf(a1)).isEqualTo(3 * ONE);
        assertThat(chain.token(SPEC).balanceOf(a2)).isZero();
        assertThat(chain.vault().defaultFund()).isEqualTo(1_000 * ONE);
    }
}
