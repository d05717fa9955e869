/**
 * The chain side of settlement, without generated wrappers: a local anvil node ({@link io.resx.settlement.chain.AnvilNode}),
 * the contracts compiled by the build ({@link io.resx.settlement.chain.ContractArtifacts}), a signing account that
 * sends transactions and decodes custom-error reverts ({@link io.resx.settlement.chain.ChainAccount}), deployment
 * ({@link io.resx.settlement.chain.Deployer}) and thin typed clients of the three contracts
 * ({@link io.resx.settlement.chain.CashTokenClient}, {@link io.resx.settlement.chain.ResourceTokenClient},
 * {@link io.resx.settlement.chain.VaultClient}). Amounts are base units (6 decimals), the engine's fixed-point longs.
 */
package io.resx.settlement.chain;
