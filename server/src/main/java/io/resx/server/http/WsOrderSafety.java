package io.resx.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.engine.matching.DeadManSwitches;
import io.resx.gateway.common.Participant;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.CancelReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The WebSocket's order-safety requests, per connection: {@code cancelAllAfter} (the account's dead-man switch, as
 * {@code POST /accounts/{a}/cancel-all-after}) and {@code cancelOnDisconnect} (when this connection closes other than
 * normally, every open order of the named accounts is cancelled, reason DISCONNECT, by one MASS_CANCEL each). The
 * WebSocket places no orders, so its cancel-on-disconnect is account-wide, as Deribit's account scope is.
 * Called on the WebSocket's threads; sends through the API gateway like the REST handlers.
 */
final class WsOrderSafety
{
    private static final Logger LOG = LoggerFactory.getLogger(WsOrderSafety.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** WebSocket close status of a normal closure: the client ended the connection on purpose. */
    private static final int NORMAL_CLOSURE = 1000;

    private final ApiGateway gateway;

    WsOrderSafety(final ApiGateway gateway)
    {
        this.gateway = gateway;
    }

    /**
     * {@code {"op":"cancelAllAfter","account":..,"timeoutMs":N}}: answered {@code {"type":"cancelAllAfter",
     * "account","timeoutMs","status","reason"?}} once the engine has the command.
     *
     * @param participant the authenticated caller.
     * @param request     the message.
     * @param reply       sends a control message to this connection.
     * @return an error message for the client, or null when sent.
     */
    String[] cancelAllAfter(final Participant participant, final JsonNode request, final Consumer<String> reply)
    {
        final String account = ownAccount(participant, request);
        if (account == null)
        {
            return new String[] {"FORBIDDEN", "account must be one of " + participant.id() + "'s accounts", "account"};
        }
        final JsonNode timeout = request.get("timeoutMs");
        if (timeout == null || !timeout.isIntegralNumber() || timeout.asLong() < 0 ||
            timeout.asLong() > DeadManSwitches.MAX_TIMEOUT_MS)
        {
            return new String[] {"INVALID_TIMEOUT", "timeoutMs must be a whole number of milliseconds in 0.." +
                DeadManSwitches.MAX_TIMEOUT_MS, "timeoutMs"};
        }
        final Command command = gateway.command().type(CommandType.CANCEL_ALL_AFTER).timeoutMs(timeout.asLong());
        command.account().set(account);
        gateway.send(0, participant).whenComplete((outcome, failure) ->
        {
            final ObjectNode answer = JSON.createObjectNode().put("type", "cancelAllAfter").put("account", account)
                .put("timeoutMs", timeout.asLong());
            if (failure != null)
            {
                answer.put("status", "FAILED").put("reason", "ENGINE_UNAVAILABLE");
            }
            else
            {
                answer.put("status", outcome.accepted() ? "ACCEPTED" : "REJECTED");
                if (outcome.reason() != null)
                {
                    answer.put("reason", outcome.reason());
                }
            }
            reply.accept(answer.toString());
        });
        return null;
    }

    /**
     * {@code {"op":"cancelOnDisconnect","account":..}}: from now on, this connection's abnormal close cancels the
     * account's orders.
     *
     * @param participant the authenticated caller.
     * @param request     the message.
     * @param accounts    the connection's accounts under cancel-on-disconnect, added to.
     * @param reply       sends a control message to this connection.
     * @return an error for the client, or null when done.
     */
    String[] cancelOnDisconnect(final Participant participant, final JsonNode request, final Set<String> accounts,
        final Consumer<String> reply)
    {
        final String account = ownAccount(participant, request);
        if (account == null)
        {
            return new String[] {"FORBIDDEN", "account must be one of " + participant.id() + "'s accounts", "account"};
        }
        accounts.add(account);
        reply.accept(JSON.createObjectNode().put("type", "cancelOnDisconnect").put("account", account)
            .put("status", "ON").toString());
        return null;
    }

    /**
     * The connection closed: unless the client closed it normally (status 1000), one MASS_CANCEL per account it
     * put under cancel-on-disconnect, reason DISCONNECT.
     *
     * @param participant the connection's participant, or null when it never authenticated.
     * @param accounts    its accounts under cancel-on-disconnect.
     * @param status      the WebSocket close status.
     */
    void onClose(final Participant participant, final Set<String> accounts, final int status)
    {
        if (participant == null || accounts.isEmpty() || status == NORMAL_CLOSURE)
        {
            return;
        }
        for (final String account : accounts)
        {
            final Command command = gateway.command().type(CommandType.MASS_CANCEL)
                .cancelReason(CancelReason.DISCONNECT);
            command.account().set(account);
            gateway.send(0, participant);
            LOG.warn("WebSocket of {} closed with status {}: the orders of {} are cancelled (DISCONNECT)",
                participant.id(), status, account);
        }
    }

    private static String ownAccount(final Participant participant, final JsonNode request)
    {
        final String account = request.path("account").asText(null);
        return account != null && account.length() <= Command.MAX_ID_LENGTH && participant.mayTrade(account) ?
            account : null;
    }
}
