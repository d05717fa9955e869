package io.resx.gateway.common;

import java.util.List;
import java.util.Set;

/**
 * A member of the exchange as the participants file describes it.
 *
 * @param id       the owner id its accounts are opened under.
 * @param admin    whether its sessions may act on any account (an operations desk), not only its own.
 * @param stp      self-trade prevention policy name, or null for the engine's default.
 * @param accounts the accounts it owns.
 * @param sessions its FIX sessions.
 */
public record Participant(String id, boolean admin, String stp, Set<String> accounts, List<SessionPolicy> sessions)
{
    /**
     * @param account an account id.
     * @return whether this participant's sessions may trade it.
     */
    public boolean mayTrade(final CharSequence account)
    {
        return admin || accounts.contains(account.toString());
    }
}
