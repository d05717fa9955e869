// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title CashToken — the settlement cash of a local ResX chain.
/// @notice An ERC-20 with 6 decimals, so one engine fixed-point unit (FixedPoint, 6 decimals) is one base unit.
///         Only its deployer mints: it stands in for a real stablecoin on a local/dev chain, it is not money.
contract CashToken is ERC20, Ownable {
    constructor(string memory name_, string memory symbol_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Creates `amount` base units for `to` (funding demo participants on a local chain).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
