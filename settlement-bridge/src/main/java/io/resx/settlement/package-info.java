/**
 * Settlement on chain: Solidity contracts compiled by the build, netting of the engine's trades per settlement
 * window, batch submission through web3j, confirmations, reconciliation, and chain events turned into commands.
 */
package io.resx.settlement;
