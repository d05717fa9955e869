// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ResourceToken} from "./ResourceToken.sol";

/// @title SettlementVault — the exchange as central counterparty on chain.
/// @notice Settles a net batch atomically: delivery versus payment pulled from and paid to the participants'
///         wallets (which have approved the vault). The vault itself holds only collateral (per participant) and
///         the default fund, both in the cash token. A participant that cannot pay or deliver is covered inside
///         the same transaction: its collateral first, then the default fund, with a Default event; if even the
///         default fund cannot cover, the whole batch reverts (DefaultFundExhausted).
contract SettlementVault is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The bridge's key: the only one that may submit batches.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice + receives, - pays (cash base units).
    struct CashDelta {
        address participant;
        int256 amount;
    }

    /// @notice + receives, - delivers (token base units). cashValue = |trade value| of this net delta in cash,
    ///         used to compensate receivers when a seller fails to deliver.
    struct UnitDelta {
        address token;
        address participant;
        int256 amount;
        uint256 cashValue;
    }

    /// @notice The vault schedules `count` of the lessor's whole units free for [slotStart, slotEnd) to `user`.
    struct LeaseAssignment {
        address token;
        address lessor;
        address user;
        uint64 slotStart;
        uint64 slotEnd;
        uint32 count;
    }

    IERC20 public immutable cash;
    mapping(address => uint256) public collateralOf;
    uint256 public defaultFund;
    mapping(uint256 => bool) public settled;

    /// @notice journalSequence and journalHead anchor the exchange's history: the commands journal's hash-chain head
    ///         at the journal sequence where the batch's window closed (`resx audit verify --rpc` checks them).
    event BatchSettled(
        uint256 indexed batchId,
        uint256 cashLegs,
        uint256 unitLegs,
        uint256 leaseLegs,
        uint256 journalSequence,
        bytes32 journalHead
    );
    /// @notice `shortfall` is in the unit of `token` (cash base units when token is the cash token, resource base
    ///         units for a failed delivery, whole units x 10**6 for a lease the lessor could not provide);
    ///         fromCollateral and fromDefaultFund are always cash.
    event Default(
        uint256 indexed batchId,
        address indexed participant,
        address token,
        uint256 shortfall,
        uint256 fromCollateral,
        uint256 fromDefaultFund
    );
    event CollateralDeposited(address indexed participant, uint256 amount);
    event CollateralWithdrawn(address indexed participant, uint256 amount);
    event DefaultFundFunded(address indexed from, uint256 amount);

    error BatchAlreadySettled(uint256 batchId);
    error DefaultFundExhausted(uint256 batchId, address participant, uint256 uncovered);
    error UnbalancedCash(uint256 batchId, int256 sum);
    error UnbalancedUnits(uint256 batchId, address token, int256 sum);
    error InsufficientCollateral(address participant, uint256 collateral, uint256 wanted);
    error ZeroAmount();

    constructor(IERC20 cash_, address admin, address operator) {
        cash = cash_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    // ---------------------------------------------------------------- collateral and default fund

    function depositCollateral(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        cash.safeTransferFrom(msg.sender, address(this), amount);
        collateralOf[msg.sender] += amount;
        emit CollateralDeposited(msg.sender, amount);
    }

    /// @notice Free on chain: the engine sees CollateralWithdrawn and lowers the participant's credit.
    function withdrawCollateral(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 has = collateralOf[msg.sender];
        if (has < amount) revert InsufficientCollateral(msg.sender, has, amount);
        collateralOf[msg.sender] = has - amount;
        cash.safeTransfer(msg.sender, amount);
        emit CollateralWithdrawn(msg.sender, amount);
    }

    /// @notice Anyone may contribute; contributions are not withdrawable (they are mutualised loss cover).
    function fundDefaultFund(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        cash.safeTransferFrom(msg.sender, address(this), amount);
        defaultFund += amount;
        emit DefaultFundFunded(msg.sender, amount);
    }

    // ---------------------------------------------------------------- settlement

    /// @notice Settles one net batch, all or nothing, at most once per batchId, recording in its event the journal
    ///         position it was cut at. Cash deltas must sum to zero and
    ///         so must the unit deltas of each token. Order: payers' cash in, units seller -> buyer (with cash
    ///         compensation for what a seller could not deliver), receivers' cash out, then leases.
    function settleBatch(
        uint256 batchId,
        uint256 journalSequence,
        bytes32 journalHead,
        CashDelta[] calldata cashDeltas,
        UnitDelta[] calldata units,
        LeaseAssignment[] calldata leases
    ) external onlyRole(OPERATOR_ROLE) nonReentrant {
        if (settled[batchId]) revert BatchAlreadySettled(batchId);
        settled[batchId] = true;

        int256 sum;
        for (uint256 i = 0; i < cashDeltas.length; i++) sum += cashDeltas[i].amount;
        if (sum != 0) revert UnbalancedCash(batchId, sum);

        // Payers first, so the batch funds itself before anyone is paid.
        for (uint256 i = 0; i < cashDeltas.length; i++) {
            if (cashDeltas[i].amount < 0) _collect(batchId, cashDeltas[i].participant, uint256(-cashDeltas[i].amount));
        }

        _settleUnits(batchId, units);

        for (uint256 i = 0; i < cashDeltas.length; i++) {
            if (cashDeltas[i].amount > 0) cash.safeTransfer(cashDeltas[i].participant, uint256(cashDeltas[i].amount));
        }

        for (uint256 i = 0; i < leases.length; i++) {
            LeaseAssignment calldata l = leases[i];
            uint256 assigned =
                ResourceToken(l.token).assignLease(l.lessor, l.user, l.slotStart, l.slotEnd, l.count);
            // The lessee's payment already moved in the cash legs; the engine answers a missing lease (Default
            // -> settlementFailed) since this struct carries no value to refund on chain.
            if (assigned < l.count) {
                emit Default(batchId, l.lessor, l.token, (l.count - assigned) * 10 ** 6, 0, 0);
            }
        }

        emit BatchSettled(batchId, cashDeltas.length, units.length, leases.length, journalSequence, journalHead);
    }

    /// @dev Pulls what the payer's wallet can give (balance and allowance), covers the rest by the waterfall.
    function _collect(uint256 batchId, address payer, uint256 owed) private {
        uint256 balance = cash.balanceOf(payer);
        uint256 allowed = cash.allowance(payer, address(this));
        uint256 paid = owed;
        if (balance < paid) paid = balance;
        if (allowed < paid) paid = allowed;
        if (paid > 0) cash.safeTransferFrom(payer, address(this), paid);
        if (paid < owed) {
            uint256 shortfall = owed - paid;
            (uint256 fromCollateral, uint256 fromFund) = _cover(batchId, payer, shortfall);
            emit Default(batchId, payer, address(cash), shortfall, fromCollateral, fromFund);
        }
    }

    /// @dev The waterfall: the defaulter's collateral, then the default fund; reverts the batch beyond that.
    function _cover(uint256 batchId, address participant, uint256 amount)
        private
        returns (uint256 fromCollateral, uint256 fromFund)
    {
        uint256 collateral = collateralOf[participant];
        fromCollateral = collateral < amount ? collateral : amount;
        collateralOf[participant] = collateral - fromCollateral;
        fromFund = amount - fromCollateral;
        uint256 fund = defaultFund;
        if (fromFund > fund) revert DefaultFundExhausted(batchId, participant, fromFund - fund);
        defaultFund = fund - fromFund;
    }

    /// @dev Unit deltas may come in any order: each token's deltas are gathered (index list reused) and settled.
    function _settleUnits(uint256 batchId, UnitDelta[] calldata units) private {
        uint256 n = units.length;
        bool[] memory done = new bool[](n);
        uint256[] memory idx = new uint256[](n);
        uint256[] memory qty = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            if (done[i]) continue;
            address token = units[i].token;
            uint256 k;
            int256 sum;
            for (uint256 j = i; j < n; j++) {
                if (units[j].token != token) continue;
                done[j] = true;
                idx[k++] = j;
                sum += units[j].amount;
            }
            if (sum != 0) revert UnbalancedUnits(batchId, token, sum);
            _settleToken(batchId, ResourceToken(token), units, idx, qty, k);
        }
    }

    /// @dev Per-token totals, kept in memory to stay clear of the EVM's stack limit.
    struct TokenTotals {
        uint256 wanted; // what sellers owed
        uint256 delivered; // what they can deliver
        uint256 compensation; // cash taken from the waterfall for the rest
        uint256 buyersValue; // sum of the receivers' cashValue
    }

    /// @dev One token: what each seller can deliver, waterfall for the rest, receivers served pro rata of what
    ///      was delivered (cash compensation pro rata of their cashValue), units moved seller -> buyer directly.
    function _settleToken(
        uint256 batchId,
        ResourceToken token,
        UnitDelta[] calldata units,
        uint256[] memory idx,
        uint256[] memory qty,
        uint256 k
    ) private {
        TokenTotals memory t;
        for (uint256 j = 0; j < k; j++) {
            UnitDelta calldata u = units[idx[j]];
            if (u.amount >= 0) {
                t.buyersValue += u.cashValue;
                continue;
            }
            uint256 want = uint256(-u.amount);
            uint256 can = token.availableTo(u.participant, address(this));
            if (can > want) can = want;
            qty[j] = can;
            t.wanted += want;
            t.delivered += can;
            if (can < want) t.compensation += _sellerShort(batchId, address(token), u, want, can);
        }
        if (t.wanted == 0) return;
        _shareOut(units, idx, qty, k, t);
        _deliver(token, units, idx, qty, k);
    }

    /// @dev A seller short of `want - can`: its cash value is covered by the waterfall and paid to the receivers.
    function _sellerShort(uint256 batchId, address token, UnitDelta calldata u, uint256 want, uint256 can)
        private
        returns (uint256 value)
    {
        value = u.cashValue * (want - can) / want;
        (uint256 fromCollateral, uint256 fromFund) = _cover(batchId, u.participant, value);
        emit Default(batchId, u.participant, token, want - can, fromCollateral, fromFund);
    }

    /// @dev Receivers' shares: all of it when every seller delivered; otherwise pro rata, the last receiver taking
    ///      the rounding remainder so the shares add up exactly. Compensation is paid here in cash.
    function _shareOut(
        UnitDelta[] calldata units,
        uint256[] memory idx,
        uint256[] memory qty,
        uint256 k,
        TokenTotals memory t
    ) private {
        uint256 sharedUnits;
        uint256 sharedCash;
        uint256 lastBuyer;
        for (uint256 j = 0; j < k; j++) if (units[idx[j]].amount > 0) lastBuyer = j;
        for (uint256 j = 0; j < k; j++) {
            UnitDelta calldata u = units[idx[j]];
            if (u.amount <= 0) continue;
            uint256 share;
            uint256 comp;
            if (j == lastBuyer) {
                share = t.delivered - sharedUnits;
                comp = t.compensation - sharedCash;
            } else {
                share = t.delivered == t.wanted ? uint256(u.amount) : uint256(u.amount) * t.delivered / t.wanted;
                comp = t.compensation == 0 || t.buyersValue == 0 ? 0 : t.compensation * u.cashValue / t.buyersValue;
                sharedUnits += share;
                sharedCash += comp;
            }
            qty[j] = share;
            if (comp > 0) cash.safeTransfer(u.participant, comp);
        }
    }

    /// @dev Pairs sellers with receivers in order; at most sellers + receivers - 1 transfers.
    function _deliver(
        ResourceToken token,
        UnitDelta[] calldata units,
        uint256[] memory idx,
        uint256[] memory qty,
        uint256 k
    ) private {
        uint256 si;
        uint256 bi;
        uint256 sLeft;
        uint256 bLeft;
        for (;;) {
            while (sLeft == 0 && si < k) {
                if (units[idx[si]].amount < 0) sLeft = qty[si];
                if (sLeft == 0) si++;
            }
            while (bLeft == 0 && bi < k) {
                if (units[idx[bi]].amount > 0) bLeft = qty[bi];
                if (bLeft == 0) bi++;
            }
            if (sLeft == 0 || bLeft == 0) break;
            uint256 x = sLeft < bLeft ? sLeft : bLeft;
            token.transferFrom(units[idx[si]].participant, units[idx[bi]].participant, x);
            sLeft -= x;
            bLeft -= x;
            if (sLeft == 0) si++;
            if (bLeft == 0) bi++;
        }
    }
}
