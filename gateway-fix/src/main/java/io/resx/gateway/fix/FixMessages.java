package io.resx.gateway.fix;

import io.resx.protocol.FixedPoint;
import io.resx.gateway.common.orders.OrderView;
import io.resx.gateway.common.orders.TrackedOrder;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.RejectReason;
import quickfix.Message;
import quickfix.field.MsgType;


/**
 * Builds the FIX 4.4 messages the gateway sends. Decimals are written as exact text from fixed-point values.
 * <pre>
 *   ExecType 150: 0 New, F Trade (partial or full fill), 4 Canceled, 5 Replaced, 8 Rejected, C Expired (gate closure)
 *   OrdStatus 39: 0 New, 1 PartiallyFilled, 2 Filled, 4 Canceled, 8 Rejected
 * </pre>
 */
public final class FixMessages
{
    static final int AVG_PX = 6;
    static final int CUM_QTY = 14;
    static final int EXEC_ID = 17;
    static final int LAST_PX = 31;
    static final int LAST_QTY = 32;
    static final int ORDER_ID = 37;
    static final int ORD_STATUS = 39;
    static final int TEXT = 58;
    static final int TRANSACT_TIME = 60;
    static final int ORD_REJ_REASON = 103;
    static final int CXL_REJ_REASON = 102;
    static final int CXL_REJ_RESPONSE_TO = 434;
    static final int EXEC_TYPE = 150;
    static final int LEAVES_QTY = 151;
    static final int MULTI_LEG_REPORTING_TYPE = 442;
    static final int REF_SEQ_NUM = 45;
    static final int REF_MSG_TYPE = 372;
    static final int BUSINESS_REJECT_REASON = 380;
    static final int BUSINESS_REJECT_REF_ID = 379;
    static final int MASS_CANCEL_RESPONSE = 531;
    static final int MASS_CANCEL_REJECT_REASON = 532;
    static final int TOTAL_AFFECTED_ORDERS = 533;
    static final int ORD_STATUS_REQ_ID = 790;
    static final int COPY_MSG_INDICATOR = 797;

    /** BusinessRejectReason (380) 0: other. */
    static final int OTHER = 0;
    /** BusinessRejectReason 1: unknown id. */
    static final int UNKNOWN_ID = 1;
    /** BusinessRejectReason 2: unknown security. */
    static final int UNKNOWN_SECURITY = 2;
    /** BusinessRejectReason 3: unsupported message type. */
    static final int UNSUPPORTED_MESSAGE_TYPE = 3;
    /** BusinessRejectReason 5: conditionally required field missing. */
    static final int CONDITIONALLY_REQUIRED_FIELD_MISSING = 5;
    /** BusinessRejectReason 6: not authorized. */
    static final int NOT_AUTHORIZED = 6;

    /** Text prefix of the reject of an order entry message on a drop copy session. */
    public static final String DROP_COPY_READ_ONLY = "DROP_COPY_READ_ONLY";

    /** Text prefix of a gateway reject for an account the session's participant does not own. */
    public static final String ACCOUNT_NOT_PERMITTED = "ACCOUNT_NOT_PERMITTED";
    /** Text prefix of a gateway reject for a session over its message rate. */
    public static final String RATE_LIMIT = "RATE_LIMIT";

    private FixMessages()
    {
    }

    /**
     * @param value fixed-point.
     * @return its exact decimal text with no trailing zeros.
     */
    public static String decimal(final long value)
    {
        return FixedPoint.toString(value, FixedPoint.decimalsOf(Math.abs(value)));
    }

    /**
     * @param side the engine's side.
     * @return Side (54).
     */
    static char side(final Side side)
    {
        return side == Side.BUY ? '1' : '2';
    }

    /**
     * The common part of every ExecutionReport.
     *
     * @param orderId   OrderID (37), "NONE" when the engine gave none.
     * @param execId    ExecID (17).
     * @param execType  ExecType (150).
     * @param ordStatus OrdStatus (39).
     * @param clOrdId   ClOrdID (11).
     * @param account   Account (1).
     * @param symbol    Symbol (55).
     * @param side      Side (54).
     * @param transactNs TransactTime (60), nanoseconds since the epoch: the exchange's stamp of the command the
     *                   report answers (the journaled time, so a report rebuilt from the journal carries the same);
     *                   for an answer of the gateway's own, the gateway's clock.
     * @return the report, to complete.
     */
    static Message executionReport(
        final String orderId, final String execId, final char execType, final char ordStatus, final String clOrdId,
        final String account, final String symbol, final char side, final long transactNs)
    {
        final Message report = new quickfix.fix44.ExecutionReport();
        report.setString(ORDER_ID, orderId);
        report.setString(EXEC_ID, execId);
        report.setChar(EXEC_TYPE, execType);
        report.setChar(ORD_STATUS, ordStatus);
        if (!clOrdId.isEmpty())
        {
            report.setString(FixToCommand.CL_ORD_ID, clOrdId);
        }
        if (!account.isEmpty())
        {
            report.setString(FixToCommand.ACCOUNT, account);
        }
        report.setString(FixToCommand.SYMBOL, symbol.isEmpty() ? "[N/A]" : symbol);
        report.setChar(FixToCommand.SIDE, side);
        report.setString(TRANSACT_TIME, FixTimestamp.format(transactNs));
        return report;
    }

    /**
     * @param report   a report from {@link #executionReport}.
     * @param state    the order it is about.
     * @return the report with the order's quantities.
     */
    static Message quantities(final Message report, final TrackedOrder state)
    {
        report.setString(FixToCommand.ORDER_QTY, decimal(state.orderQty()));
        if (state.price() != Command.ABSENT && !state.isBundle())
        {
            report.setString(FixToCommand.PRICE, decimal(state.price()));
        }
        report.setString(CUM_QTY, decimal(state.cumQty()));
        report.setString(LEAVES_QTY, decimal(state.leavesQty()));
        report.setString(AVG_PX, decimal(state.avgPx()));
        if (state.isBundle())
        {
            report.setInt(MULTI_LEG_REPORTING_TYPE, 3);
        }
        return report;
    }

    /**
     * An order status ExecutionReport (150=I) of an order, open or ended.
     *
     * @param order  the order's state.
     * @param execId ExecID.
     * @return the report.
     */
    static Message statusReport(final OrderView order, final String execId)
    {
        final Message report = executionReport(Long.toString(order.orderId()), execId, 'I', order.status().fixCode(),
            order.clOrdId(), order.account(), order.firstSymbol(), side(order.side()), order.updatedNs());
        report.setString(FixToCommand.ORDER_QTY, decimal(order.orderQty()));
        if (order.price() != Command.ABSENT && !order.bundle())
        {
            report.setString(FixToCommand.PRICE, decimal(order.price()));
        }
        report.setString(CUM_QTY, decimal(order.cumQty()));
        report.setString(LEAVES_QTY, decimal(order.leavesQty()));
        report.setString(AVG_PX, decimal(order.avgPx()));
        if (order.cancelReason() != null)
        {
            report.setString(TEXT, order.cancelReason().name());
        }
        return report;
    }

    /**
     * @param reason the engine's reject reason of a command answered by a BusinessMessageReject.
     * @return BusinessRejectReason (380).
     */
    static int businessRejectReason(final RejectReason reason)
    {
        switch (reason)
        {
            case MISSING_FIELD:
            case PRICE_REQUIRED:
            case QTY_REQUIRED:
                return CONDITIONALLY_REQUIRED_FIELD_MISSING;
            case UNKNOWN_SYMBOL:
            case MALFORMED_SYMBOL:
            case INSTRUMENT_EXPIRED:
                return UNKNOWN_SECURITY;
            case UNKNOWN_ORDER:
            case UNKNOWN_ACCOUNT:
                return UNKNOWN_ID;
            case UNKNOWN_COMMAND:
                return UNSUPPORTED_MESSAGE_TYPE;
            default:
                return OTHER;
        }
    }

    /**
     * An ExecutionReport rejecting a new order or bundle.
     *
     * @param execId  ExecID.
     * @param clOrdId the order's ClOrdID.
     * @param account its account.
     * @param symbol  its symbol, empty for a bundle.
     * @param side    its side.
     * @param reason  OrdRejReason (103).
     * @param text    Text (58): the ResX reject reason and any detail.
     * @param transactNs TransactTime: the refused command's stamp, or the gateway's clock for its own reject.
     * @return the report.
     */
    static Message orderRejected(
        final String execId, final String clOrdId, final String account, final String symbol, final char side,
        final int reason, final String text, final long transactNs)
    {
        final Message report = executionReport("NONE", execId, '8', '8', clOrdId, account, symbol, side, transactNs);
        report.setString(CUM_QTY, "0");
        report.setString(LEAVES_QTY, "0");
        report.setString(AVG_PX, "0");
        report.setInt(ORD_REJ_REASON, reason);
        report.setString(TEXT, text);
        return report;
    }

    /**
     * @param reason the engine's reject reason.
     * @return OrdRejReason (103).
     */
    static int ordRejReason(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_SYMBOL:
            case MALFORMED_SYMBOL:
                return 1;
            case DUPLICATE_CLORDID:
                return 6;
            case UNKNOWN_ACCOUNT:
                return 15;
            case QTY_NOT_POSITIVE:
            case QTY_OFF_LOT:
            case QTY_OVERFLOW:
            case QTY_REQUIRED:
                return 13;
            case UNKNOWN_ORDER:
                return 5;
            case POST_ONLY_NOT_RESTING:
                return 11;
            case BOOK_HALTED:
            case INSTRUMENT_CLOSED:
                return 2; // "Exchange closed": the standard code for a market that takes no orders now
            case INSTRUMENT_EXPIRED:
                return 1; // "Unknown symbol": the instrument no longer exists
            default:
                return 99;
        }
    }

    /**
     * An OrderCancelReject (9).
     *
     * @param orderId     OrderID, "NONE" when unknown.
     * @param clOrdId     the request's ClOrdID.
     * @param origClOrdId the order's ClOrdID.
     * @param account     the account.
     * @param ordStatus   the order's status, 8 when unknown.
     * @param replace     whether it answers a replace (434=2) rather than a cancel (434=1).
     * @param reason      CxlRejReason (102): 1 unknown order, 6 duplicate ClOrdID, 99 other.
     * @param text        Text (58).
     * @return the message.
     */
    static Message cancelRejected(
        final String orderId, final String clOrdId, final String origClOrdId, final String account,
        final char ordStatus, final boolean replace, final int reason, final String text)
    {
        final Message reject = new quickfix.fix44.OrderCancelReject();
        reject.setString(ORDER_ID, orderId);
        reject.setString(FixToCommand.CL_ORD_ID, clOrdId.isEmpty() ? "NONE" : clOrdId);
        reject.setString(FixToCommand.ORIG_CL_ORD_ID, origClOrdId.isEmpty() ? "NONE" : origClOrdId);
        if (!account.isEmpty())
        {
            reject.setString(FixToCommand.ACCOUNT, account);
        }
        reject.setChar(ORD_STATUS, ordStatus);
        reject.setChar(CXL_REJ_RESPONSE_TO, replace ? '2' : '1');
        reject.setInt(CXL_REJ_REASON, reason);
        reject.setString(TEXT, text);
        return reject;
    }

    /**
     * @param reason the engine's reject reason of a cancel or replace.
     * @return CxlRejReason (102).
     */
    static int cxlRejReason(final RejectReason reason)
    {
        switch (reason)
        {
            case UNKNOWN_ORDER:
                return 1;
            case DUPLICATE_CLORDID:
                return 6;
            default:
                return 99;
        }
    }

    /**
     * A BusinessMessageReject (j).
     *
     * @param refSeqNum  the refused message's MsgSeqNum.
     * @param refMsgType its MsgType.
     * @param refId      its business id (ClOrdID, MDReqID), or null.
     * @param reason     BusinessRejectReason (380): 0 other, 3 unsupported type, 5 missing field, 6 not authorized.
     * @param text       Text (58).
     * @return the message.
     */
    static Message businessReject(
        final int refSeqNum, final String refMsgType, final String refId, final int reason, final String text)
    {
        final Message reject = new Message();
        reject.getHeader().setString(MsgType.FIELD, MsgType.BUSINESS_MESSAGE_REJECT);
        reject.setInt(REF_SEQ_NUM, refSeqNum);
        reject.setString(REF_MSG_TYPE, refMsgType);
        if (refId != null && !refId.isEmpty())
        {
            reject.setString(BUSINESS_REJECT_REF_ID, refId);
        }
        reject.setInt(BUSINESS_REJECT_REASON, reason);
        reject.setString(TEXT, text);
        return reject;
    }

    /**
     * An OrderMassCancelReport (r) answering an OrderMassCancelRequest.
     *
     * @param orderId     OrderID (37): an id of the request (the command's sequence number).
     * @param clOrdId     the request's ClOrdID.
     * @param requestType MassCancelRequestType (530) as asked: '1' by symbol, '7' all.
     * @param symbol      the symbol asked for, or empty.
     * @param accepted    whether the engine took it (MassCancelResponse 531 = the request type; else 0 rejected).
     * @param unknownSymbol for a refusal, whether for the symbol: MassCancelRejectReason (532) 1, invalid or unknown
     *                    security (FIX 4.4 types 532 as one character, so its 99 "other" cannot be sent: other
     *                    refusals carry no 532, only Text).
     * @param affected    TotalAffectedOrders (533): orders cancelled.
     * @param text        Text (58) for a refusal, or null.
     * @return the message.
     */
    static Message massCancelReport(final String orderId, final String clOrdId, final char requestType,
        final String symbol, final boolean accepted, final boolean unknownSymbol, final int affected, final String text)
    {
        final Message report = new Message();
        report.getHeader().setString(MsgType.FIELD, MsgType.ORDER_MASS_CANCEL_REPORT);
        report.setString(FixToCommand.CL_ORD_ID, clOrdId);
        report.setString(ORDER_ID, orderId);
        report.setChar(FixToCommand.MASS_CANCEL_REQUEST_TYPE, requestType);
        report.setChar(MASS_CANCEL_RESPONSE, accepted ? requestType : '0');
        if (!accepted && unknownSymbol)
        {
            report.setChar(MASS_CANCEL_REJECT_REASON, '1');
        }
        report.setInt(TOTAL_AFFECTED_ORDERS, affected);
        if (!symbol.isEmpty())
        {
            report.setString(FixToCommand.SYMBOL, symbol);
        }
        if (text != null)
        {
            report.setString(TEXT, text);
        }
        return report;
    }
}
