/**
 * What every gateway shares (the FIX gateway and the HTTP/WebSocket API alike). It depends on {@code protocol} and
 * on {@code replay}'s events reader only.
 * <ul>
 *   <li>Participants: {@link io.resx.gateway.common.ParticipantDirectory} (the participants file),
 *       {@link io.resx.gateway.common.Participant}, {@link io.resx.gateway.common.SessionPolicy}.</li>
 *   <li>Authentication: {@link io.resx.gateway.common.PasswordHash} (FIX logon passwords, PBKDF2) and
 *       {@link io.resx.gateway.common.ApiKeys} (HTTP bearer keys, SHA-256), both stored as hashes only.</li>
 *   <li>Rate limits: {@link io.resx.gateway.common.RateLimiter}, one token bucket per session or key.</li>
 *   <li>Field rules: {@link io.resx.gateway.common.FieldRules}, the required fields of each order command and the
 *       reject reason of a bad id or decimal.</li>
 *   <li>To the engine: {@link io.resx.gateway.common.EngineProxy} (encode, offer; one lane per thread) over
 *       {@link io.resx.gateway.common.EngineOffer}.</li>
 *   <li>From the engine: {@link io.resx.gateway.common.OutcomeAdapter} polls the Aeron outcome stream and hands a
 *       gateway's {@link io.resx.gateway.common.OutcomeHandler} typed outcomes in sequence order, each once; at start
 *       it rebuilds from the {@code events} queue, and a gap in the live stream (the publisher skips a
 *       back-pressured gateway) is filled from it first ({@link io.resx.gateway.common.OutcomeSource}).</li>
 *   <li>Order state: {@link io.resx.gateway.common.orders.OrderTracker}, the one tracker of OrdStatus, CumQty,
 *       AvgPx and LeavesQty per order and open orders and fills per account.</li>
 *   <li>Who sees what: {@link io.resx.gateway.common.EventVisibility}, decided on the typed event before anything is
 *       rendered.</li>
 * </ul>
 */
package io.resx.gateway.common;
