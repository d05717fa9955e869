/**
 * The NDJSON codec of {@code ./resx batch}: one JSON object per line in, one per line out.
 * <p>
 * Input, read by {@link io.resx.protocol.ndjson.NdjsonCommandReader} (field order free, unknown fields ignored,
 * prices and quantities as decimal strings):
 * <pre>
 *   {"cmd":"list","symbol":S,"tick":"0.01","lot":"1"}
 *   {"cmd":"account","account":A,"owner":O}
 *   {"cmd":"owner","owner":O,"stp":"CANCEL_AGGRESSOR"|"CANCEL_RESTING"|"OFF"}
 *   {"cmd":"new","clOrdId":C,"account":A,"symbol":S,"side":"BUY"|"SELL","type":"LIMIT"|"MARKET",
 *    "tif":"GTC"|"IOC"|"FOK","postOnly":false,"price":"10.25","qty":"2"}
 *   {"cmd":"cancel","clOrdId":C2,"origClOrdId":C,"account":A}
 *   {"cmd":"replace","clOrdId":C2,"origClOrdId":C,"account":A,"price":"10.30","qty":"1"}
 *   {"cmd":"bundle","clOrdId":C,"account":A,"legs":[{"symbol":S,"side":"BUY","price":"1.5","qty":"1"}, ...]}
 *   {"cmd":"book","symbol":S,"depth":10}
 * </pre>
 * Output, written by {@link io.resx.protocol.ndjson.NdjsonEventWriter}: one line per engine event, fields in a
 * fixed order so replays compare byte for byte.
 */
package io.resx.protocol.ndjson;
