package io.resx.engine.node;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.RejectReason;

/**
 * What a trading session may not send, whichever way its command reaches the engine (the engine agent's Aeron
 * streams or the cluster's ingress): listings and accounts come from the operator's files, admin rights from
 * operator tooling. A command that breaks the rule is marked invalid, so the engine rejects it with the reason.
 */
public final class GatewayScreen
{
    private GatewayScreen()
    {
    }

    /**
     * @param command a command just decoded from a gateway's message.
     */
    public static void screen(final Command command)
    {
        final CommandType type = command.type();
        if (type == CommandType.LIST || type == CommandType.ACCOUNT || type == CommandType.OWNER)
        {
            command.invalid(RejectReason.UNKNOWN_COMMAND, type + " is not accepted from a gateway");
        }
        else if (command.admin())
        {
            command.invalid(RejectReason.NOT_ADMIN, "admin commands are not accepted from a gateway");
        }
    }
}
