// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @title ERC-4907 rental NFT: a user (not the owner) with an expiry. Interface id 0xad092b5c.
interface IERC4907 {
    /// @notice Emitted when the user of an NFT or its expiry changes (here: when a slot starting now is scheduled).
    event UpdateUser(uint256 indexed tokenId, address indexed user, uint64 expires);

    function setUser(uint256 tokenId, address user, uint64 expires) external;

    function userOf(uint256 tokenId) external view returns (address);

    function userExpires(uint256 tokenId) external view returns (uint256);
}
