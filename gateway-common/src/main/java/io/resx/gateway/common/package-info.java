/**
 * What every gateway shares (the FIX gateway and the HTTP/WebSocket API alike): participants, authentication,
 * rate limits, field rules, the order tracker and L2 books fed from the {@code events} queue, the engine proxy and
 * the outcome adapter. It depends on {@code protocol} and on {@code replay}'s events reader only.
 */
package io.resx.gateway.common;
