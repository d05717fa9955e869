/**
 * Netting of the engine's trades: {@link io.resx.settlement.netting.SettlementWindows} cuts the trade stream into
 * windows by journal time and trade count, {@link io.resx.settlement.netting.Netting} turns a window into a
 * {@link io.resx.settlement.netting.NetBatch} of net cash, unit and lease legs. Pure functions of the journal: a
 * replay gives the same batches with the same ids.
 */
package io.resx.settlement.netting;
