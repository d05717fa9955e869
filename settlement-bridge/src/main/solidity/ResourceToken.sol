// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IERC4907} from "./IERC4907.sol";

/// @title ResourceToken — one resource class (e.g. channel SPEC.3550-3560 at CELL042) as fungible units with
///        ERC-404 semantics, plus ERC-4907 leases extended to a schedule of slots per unit.
/// @notice
///  - 6 decimals; 1 whole unit = UNIT = 10**6 base units. A non-exempt holder of b base units holds exactly
///    floor(b / UNIT) NFTs; each NFT id (1..N) names one uploaded resource entry (channel, location).
///  - A primary holder (PU) uploads N entries and exactly N whole units are minted to it (metadata upload).
///  - Exempt holders (PUs, the vault) hold no NFTs; the ids behind their units wait in the "bank" and are handed
///    out again when units reach a non-exempt holder (as ERC-404's stored-id queue does).
///  - Leases: each id has a schedule of [start, end) slots, each with a user. userOf answers for the slot that
///    covers block.timestamp; future slots can be sold before they start. A scheduled slot is never overwritten
///    or removed, so an owner cannot pre-empt a paid lease.
///  - A transfer that would burn or move an NFT whose lease has not ended uses the holder's unleased NFTs first
///    and reverts (UnitLeased) when only leased ones are left: leased units stay with their owner until the last
///    slot ends. transferableBalanceOf tells how much can move.
///  - ERC-20 and ERC-721 share transferFrom/approve selectors; to stay unambiguous (ids here are small numbers)
///    transferFrom/approve are ERC-20 only and the ERC-721 side is erc721TransferFrom/erc721Approve/
///    setApprovalForAll. An operator approved for all may also move the holder's fungible units.
contract ResourceToken is Ownable, IERC165, IERC4907 {
    using SafeCast for uint256;

    uint8 public constant decimals = 6;
    uint256 public constant UNIT = 10 ** 6;

    string public name;
    string public symbol;
    /// @notice The engine's ownership symbol of this class, e.g. SPEC.3550-3560.CELL042.
    string public resourceClass;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => mapping(address => bool)) public isApprovedForAll;
    mapping(uint256 => address) public getApproved;
    /// @notice Accounts that hold units without NFTs (ERC-404 "transfer exempt"): PUs and the vault.
    mapping(address => bool) public exempt;
    mapping(address => bool) public primaryHolder;

    struct Entry {
        string channel;
        string location;
    }

    Entry[] private _entries; // NFT id = index + 1

    /// @dev Packed in one storage slot. owner == address(this) marks an id waiting in the bank. leaseEnd is the
    ///      latest end of any slot ever scheduled on the id, so "is it leased?" costs one read; hasApproval saves
    ///      reading getApproved (a cold slot) on every NFT move when, as usual, nobody was approved for the id.
    struct IdData {
        address owner;
        uint32 index; // position in _free[owner] or _leased[owner]
        bool inLeasedList;
        bool hasApproval;
        uint48 leaseEnd;
    }

    mapping(uint256 => IdData) private _idData;
    /// @dev Ids a holder can give away: no lease that has not ended. Transfers take from the end.
    mapping(address => uint32[]) private _free;
    /// @dev Ids with a lease that had not ended when last looked at; moved back to _free lazily once it ends.
    mapping(address => uint32[]) private _leased;
    uint32[] private _bank;

    struct Slot {
        uint48 start;
        uint48 end;
        address user;
    }

    mapping(uint256 => Slot[]) private _schedule;

    /// @dev ERC-20 Transfer of base units. NFT moves have their own event (ERC721Transfer, id indexed) rather than
    ///      ERC-404 v1's second Transfer with the same topic0, so a log decodes one way only.
    event Transfer(address indexed from, address indexed to, uint256 amount);
    event ERC721Transfer(address indexed from, address indexed to, uint256 indexed id);
    event Approval(address indexed owner, address indexed spender, uint256 amount);
    event ERC721Approval(address indexed owner, address indexed spender, uint256 indexed id);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);
    event EntriesUploaded(address indexed primaryHolder, uint256 firstId, uint256 count);
    event LeaseScheduled(uint256 indexed id, address indexed user, uint64 start, uint64 end);
    event ExemptionSet(address indexed account, bool exempt);

    error NotPrimaryHolder(address account);
    error BadUpload(uint256 channels, uint256 locations);
    error InvalidRecipient(address to);
    error InsufficientBalance(address from, uint256 balance, uint256 wanted);
    error InsufficientAllowance(address owner, address spender, uint256 allowance, uint256 wanted);
    error UnitLeased(address holder);
    error NotMinted(uint256 id);
    error NotAuthorized(address caller, uint256 id);
    error BadSlot(uint256 start, uint256 end);
    error SlotTaken(uint256 id, uint256 start, uint256 end);
    error ExemptHasNoUnits(address account);

    constructor(string memory name_, string memory symbol_, string memory resourceClass_, address owner_)
        Ownable(owner_)
    {
        name = name_;
        symbol = symbol_;
        resourceClass = resourceClass_;
    }

    // ---------------------------------------------------------------- administration and metadata upload

    /// @notice Lets `account` upload resource entries; a primary holder is exempt (its units carry no NFTs).
    function setPrimaryHolder(address account, bool on) external onlyOwner {
        primaryHolder[account] = on;
        if (on) _setExempt(account, true);
    }

    function setExempt(address account, bool on) external onlyOwner {
        _setExempt(account, on);
    }

    /// @notice Uploads resource entries; exactly one whole unit per entry is minted to the caller.
    /// @return firstId the NFT id naming the first uploaded entry (the others follow consecutively)
    function uploadEntries(string[] calldata channels, string[] calldata locations)
        external
        returns (uint256 firstId)
    {
        if (!primaryHolder[msg.sender]) revert NotPrimaryHolder(msg.sender);
        uint256 n = channels.length;
        if (n == 0 || n != locations.length) revert BadUpload(n, locations.length);
        firstId = _entries.length + 1;
        for (uint256 i = 0; i < n; i++) {
            _entries.push(Entry(channels[i], locations[i]));
            uint256 id = firstId + i;
            _idData[id] = IdData(address(this), 0, false, false, 0);
            _bank.push(id.toUint32());
        }
        uint256 amount = n * UNIT;
        uint256 before = balanceOf[msg.sender];
        balanceOf[msg.sender] = before + amount;
        totalSupply += amount;
        emit Transfer(address(0), msg.sender, amount);
        if (!exempt[msg.sender]) {
            for (uint256 k = (before + amount) / UNIT - before / UNIT; k > 0; k--) _retrieveOne(msg.sender);
        }
        emit EntriesUploaded(msg.sender, firstId, n);
    }

    /// @notice The resource entry an NFT id names.
    function entryOf(uint256 id) external view returns (string memory channel, string memory location) {
        if (id == 0 || id > _entries.length) revert NotMinted(id);
        Entry storage e = _entries[id - 1];
        return (e.channel, e.location);
    }

    function entryCount() external view returns (uint256) {
        return _entries.length;
    }

    function tokenURI(uint256 id) external view returns (string memory) {
        if (id == 0 || id > _entries.length) revert NotMinted(id);
        Entry storage e = _entries[id - 1];
        return string.concat(
            'data:application/json,{"name":"', resourceClass, " #", Strings.toString(id), '","channel":"',
            e.channel, '","location":"', e.location, '"}'
        );
    }

    // ---------------------------------------------------------------- ERC-20 side

    function transfer(address to, uint256 amount) external returns (bool) {
        _transferUnits(msg.sender, to, amount);
        return true;
    }

    /// @notice ERC-20 transferFrom (amounts only). An operator approved for all needs no allowance.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (msg.sender != from && !isApprovedForAll[from][msg.sender]) {
            uint256 allowed = allowance[from][msg.sender];
            if (allowed != type(uint256).max) {
                if (allowed < amount) revert InsufficientAllowance(from, msg.sender, allowed, amount);
                allowance[from][msg.sender] = allowed - amount;
            }
        }
        _transferUnits(from, to, amount);
        return true;
    }

    /// @notice ERC-20 approve (an amount, never an NFT id; see erc721Approve).
    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// @notice Base units `owner` can transfer now: its balance less the whole units whose NFTs carry a lease
    ///         that has not ended.
    function transferableBalanceOf(address owner) public view returns (uint256) {
        uint256 balance = balanceOf[owner];
        if (exempt[owner]) return balance;
        uint32[] storage leased = _leased[owner];
        uint256 locked;
        for (uint256 i = 0; i < leased.length; i++) {
            if (_idData[leased[i]].leaseEnd > block.timestamp) locked += UNIT;
        }
        return balance - locked;
    }

    /// @notice What `spender` can move out of `owner`'s wallet now (transferable and approved).
    function availableTo(address owner, address spender) external view returns (uint256) {
        uint256 transferable = transferableBalanceOf(owner);
        if (spender == owner || isApprovedForAll[owner][spender]) return transferable;
        uint256 allowed = allowance[owner][spender];
        return allowed < transferable ? allowed : transferable;
    }

    // ---------------------------------------------------------------- ERC-721 side

    function ownerOf(uint256 id) public view returns (address owner) {
        owner = _idData[id].owner;
        if (owner == address(0) || owner == address(this)) revert NotMinted(id);
    }

    function erc721BalanceOf(address owner) external view returns (uint256) {
        return _free[owner].length + _leased[owner].length;
    }

    /// @notice The NFT ids `owner` holds: unleased ones first, in the order transfers would give them away last.
    function ownedIds(address owner) external view returns (uint256[] memory ids) {
        uint32[] storage f = _free[owner];
        uint32[] storage l = _leased[owner];
        ids = new uint256[](f.length + l.length);
        for (uint256 i = 0; i < f.length; i++) ids[i] = f[i];
        for (uint256 i = 0; i < l.length; i++) ids[f.length + i] = l[i];
    }

    /// @notice Ids waiting in the bank (units held by exempt accounts or as fractions).
    function bankSize() external view returns (uint256) {
        return _bank.length;
    }

    function erc721Approve(address spender, uint256 id) external {
        address owner = ownerOf(id);
        if (msg.sender != owner && !isApprovedForAll[owner][msg.sender]) revert NotAuthorized(msg.sender, id);
        getApproved[id] = spender;
        _idData[id].hasApproval = spender != address(0);
        emit ERC721Approval(owner, spender, id);
    }

    function setApprovalForAll(address operator, bool approved) external {
        isApprovedForAll[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @notice Moves one specific NFT together with its whole unit. Leased ids do not move (UnitLeased).
    function erc721TransferFrom(address from, address to, uint256 id) external {
        IdData memory d = _idData[id];
        if (d.owner != from || from == address(0) || from == address(this)) revert NotMinted(id);
        if (msg.sender != from && !isApprovedForAll[from][msg.sender] && getApproved[id] != msg.sender) {
            revert NotAuthorized(msg.sender, id);
        }
        if (to == address(0) || to == address(this) || exempt[to]) revert InvalidRecipient(to);
        if (d.leaseEnd > block.timestamp) revert UnitLeased(from);
        _removeAt(from, d.inLeasedList, d.index);
        _clearApproval(id);
        balanceOf[from] -= UNIT;
        balanceOf[to] += UNIT;
        emit Transfer(from, to, UNIT);
        _giveFree(to, id);
        emit ERC721Transfer(from, to, id);
    }

    // ---------------------------------------------------------------- ERC-4907 with a slot schedule

    /// @notice ERC-4907: `user` may use `id` from now until `expires`. Refused if that overlaps any slot already
    ///         scheduled (no pre-emption); a user cannot be removed before its slot ends.
    function setUser(uint256 id, address user, uint64 expires) external {
        _authorizeLease(id);
        _scheduleChecked(id, user, block.timestamp, expires);
    }

    /// @notice Schedules a future (or current) slot [start, end) of `id` for `user`.
    function scheduleUser(uint256 id, address user, uint64 start, uint64 end) external {
        _authorizeLease(id);
        _scheduleChecked(id, user, start, end);
    }

    /// @notice Schedules up to `count` of `lessor`'s whole units free during [start, end) for `user`; called by the
    ///         lessor or its operator (the vault). Units already leased at other times are used first, so the
    ///         lessor keeps as many unencumbered units as it can.
    /// @return assigned how many units were scheduled (less than count if the lessor has too few free ones)
    function assignLease(address lessor, address user, uint64 start, uint64 end, uint256 count)
        external
        returns (uint256 assigned)
    {
        if (msg.sender != lessor && !isApprovedForAll[lessor][msg.sender]) revert NotAuthorized(msg.sender, 0);
        _checkSlot(user, start, end);
        uint32[] storage leased = _leased[lessor];
        for (uint256 i = 0; i < leased.length && assigned < count; i++) {
            uint256 id = leased[i];
            if (_isFree(id, start, end)) {
                _addSlot(id, user, start, end);
                assigned++;
            }
        }
        uint32[] storage free = _free[lessor];
        while (assigned < count && free.length > 0) {
            uint256 id = free[free.length - 1];
            free.pop();
            _pushLeased(lessor, id);
            _addSlot(id, user, start, end);
            assigned++;
        }
    }

    function userOf(uint256 id) external view returns (address) {
        Slot[] storage s = _schedule[id];
        for (uint256 i = 0; i < s.length; i++) {
            if (s[i].start <= block.timestamp && block.timestamp < s[i].end) return s[i].user;
        }
        return address(0);
    }

    /// @notice End of the slot covering now (0 if none): the user's right ends at that second.
    function userExpires(uint256 id) external view returns (uint256) {
        Slot[] storage s = _schedule[id];
        for (uint256 i = 0; i < s.length; i++) {
            if (s[i].start <= block.timestamp && block.timestamp < s[i].end) return s[i].end;
        }
        return 0;
    }

    /// @notice The slots of `id` that have not ended, unordered.
    function scheduleOf(uint256 id) external view returns (Slot[] memory live) {
        Slot[] storage s = _schedule[id];
        uint256 n;
        for (uint256 i = 0; i < s.length; i++) if (s[i].end > block.timestamp) n++;
        live = new Slot[](n);
        n = 0;
        for (uint256 i = 0; i < s.length; i++) if (s[i].end > block.timestamp) live[n++] = s[i];
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC4907).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    // ---------------------------------------------------------------- internals

    /// @dev ERC-404 transfer: whole units crossing between non-exempt holders move NFTs; a holder whose floor
    ///      drops gives an id to the bank; one whose floor rises takes an id from the bank.
    function _transferUnits(address from, address to, uint256 amount) private {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        uint256 fromBefore = balanceOf[from];
        if (fromBefore < amount) revert InsufficientBalance(from, fromBefore, amount);
        emit Transfer(from, to, amount);
        if (from == to) return;
        uint256 toBefore = balanceOf[to];
        uint256 fromAfter = fromBefore - amount;
        uint256 toAfter = toBefore + amount;
        balanceOf[from] = fromAfter;
        balanceOf[to] = toAfter;

        bool fromExempt = exempt[from];
        bool toExempt = exempt[to];
        if (fromExempt && toExempt) return;
        if (fromExempt) {
            for (uint256 k = toAfter / UNIT - toBefore / UNIT; k > 0; k--) _retrieveOne(to);
            return;
        }
        if (toExempt) {
            for (uint256 k = fromBefore / UNIT - fromAfter / UNIT; k > 0; k--) _storeOne(from);
            return;
        }
        uint256 moves = amount / UNIT;
        for (uint256 k = 0; k < moves; k++) {
            uint256 id = _takeFree(from);
            _giveFree(to, id);
            emit ERC721Transfer(from, to, id);
        }
        // The fractional parts: 99.1 sending 3.2 loses 4 whole units but moves only 3 NFTs, so one more goes
        // to the bank; 0.9 receiving 3.2 gains 4 whole units, so one more comes from the bank. Store first so
        // the bank is never asked for an id it does not have yet.
        if (fromBefore / UNIT - fromAfter / UNIT > moves) _storeOne(from);
        if (toAfter / UNIT - toBefore / UNIT > moves) _retrieveOne(to);
    }

    function _storeOne(address from) private {
        uint256 id = _takeFree(from);
        _idData[id].owner = address(this);
        _bank.push(uint32(id));
        emit ERC721Transfer(from, address(0), id);
    }

    function _retrieveOne(address to) private {
        uint256 id = _bank[_bank.length - 1];
        _bank.pop();
        _giveFree(to, id);
        emit ERC721Transfer(address(0), to, id);
    }

    /// @dev Pops the newest unleased id of `holder`; if none, first returns ids whose leases have ended.
    function _takeFree(address holder) private returns (uint256 id) {
        uint32[] storage free = _free[holder];
        if (free.length == 0) {
            _releaseEnded(holder);
            if (free.length == 0) revert UnitLeased(holder);
        }
        id = free[free.length - 1];
        free.pop();
        _clearApproval(id);
    }

    function _clearApproval(uint256 id) private {
        IdData storage d = _idData[id];
        if (d.hasApproval) {
            delete getApproved[id];
            d.hasApproval = false;
        }
    }

    function _giveFree(address to, uint256 id) private {
        uint32[] storage free = _free[to];
        IdData storage d = _idData[id];
        d.owner = to;
        d.index = uint32(free.length);
        d.inLeasedList = false;
        free.push(uint32(id));
    }

    function _pushLeased(address holder, uint256 id) private {
        uint32[] storage leased = _leased[holder];
        IdData storage d = _idData[id];
        d.index = uint32(leased.length);
        d.inLeasedList = true;
        leased.push(uint32(id));
    }

    /// @dev Swap-and-pop removal from either list of `holder`.
    function _removeAt(address holder, bool inLeased, uint256 index) private {
        uint32[] storage list = inLeased ? _leased[holder] : _free[holder];
        uint256 last = list.length - 1;
        if (index != last) {
            uint32 moved = list[last];
            list[index] = moved;
            _idData[moved].index = uint32(index);
        }
        list.pop();
    }

    function _releaseEnded(address holder) private {
        uint32[] storage leased = _leased[holder];
        for (uint256 i = leased.length; i > 0; i--) {
            uint256 id = leased[i - 1];
            if (_idData[id].leaseEnd <= block.timestamp) {
                _removeAt(holder, true, i - 1);
                _giveFree(holder, id);
            }
        }
    }

    function _setExempt(address account, bool on) private {
        if (exempt[account] == on) return;
        if (on) {
            _releaseEnded(account);
            if (_leased[account].length > 0) revert UnitLeased(account);
            for (uint256 k = _free[account].length; k > 0; k--) _storeOne(account);
        } else {
            for (uint256 k = balanceOf[account] / UNIT; k > 0; k--) _retrieveOne(account);
        }
        exempt[account] = on;
        emit ExemptionSet(account, on);
    }

    function _authorizeLease(uint256 id) private view {
        address owner = ownerOf(id);
        if (msg.sender != owner && !isApprovedForAll[owner][msg.sender] && getApproved[id] != msg.sender) {
            revert NotAuthorized(msg.sender, id);
        }
    }

    function _checkSlot(address user, uint256 start, uint256 end) private view {
        if (user == address(0) || start >= end || end <= block.timestamp) revert BadSlot(start, end);
    }

    function _scheduleChecked(uint256 id, address user, uint256 start, uint256 end) private {
        _checkSlot(user, start, end);
        if (!_isFree(id, start, end)) revert SlotTaken(id, start, end);
        IdData storage d = _idData[id];
        if (!d.inLeasedList) {
            address owner = d.owner;
            _removeAt(owner, false, d.index);
            _pushLeased(owner, id);
        }
        _addSlot(id, user, start, end);
    }

    function _isFree(uint256 id, uint256 start, uint256 end) private view returns (bool) {
        Slot[] storage s = _schedule[id];
        for (uint256 i = 0; i < s.length; i++) {
            if (start < s[i].end && s[i].start < end) return false;
        }
        return true;
    }

    /// @dev Drops slots that have ended (keeps the schedule short), then appends the new one.
    function _addSlot(uint256 id, address user, uint256 start, uint256 end) private {
        Slot[] storage s = _schedule[id];
        for (uint256 i = s.length; i > 0; i--) {
            if (s[i - 1].end <= block.timestamp) {
                s[i - 1] = s[s.length - 1];
                s.pop();
            }
        }
        s.push(Slot(start.toUint48(), end.toUint48(), user));
        IdData storage d = _idData[id];
        if (end > d.leaseEnd) d.leaseEnd = uint48(end);
        emit LeaseScheduled(id, user, uint64(start), uint64(end));
        if (start <= block.timestamp) emit UpdateUser(id, user, uint64(end));
    }
}
