/**
 * The chain side of settlement, without generated wrappers: a local anvil node ({@link AnvilNode}), the contracts
 * compiled by the build ({@link ContractArtifacts}), a signing account that sends transactions and decodes
 * custom-error reverts ({@link ChainAccount}), deployment ({@link Deployer}), thin typed clients of the three
 * contracts ({@link CashTokenClient}, {@link ResourceTokenClient}, {@link VaultClient}) and event decoding
 * ({@link ChainEvents}). Amounts are base units (6 decimals): the engine's fixed-point longs.
 */
package io.resx.settlement.chain;
