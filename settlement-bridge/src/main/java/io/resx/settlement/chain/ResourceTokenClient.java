package io.resx.settlement.chain;

import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One resource class: fungible units (ERC-404 semantics, 6 decimals, 1 unit = {@link #UNIT} base units, a whole
 * unit in a non-exempt wallet carries an NFT naming its entry) and ERC-4907 leases with a slot schedule per NFT.
 */
public final class ResourceTokenClient extends ContractClient
{
    /** Base units in one whole unit. */
    public static final long UNIT = 1_000_000L;
    /** ERC-4907's interface id. */
    public static final byte[] ERC4907_INTERFACE_ID = {(byte) 0xad, (byte) 0x09, (byte) 0x2b, (byte) 0x5c};

    /**
     * A resource entry uploaded by a primary holder.
     *
     * @param channel  e.g. {@code 3550-3560}.
     * @param location e.g. {@code CELL042}.
     */
    public record Entry(String channel, String location)
    {
    }

    /**
     * @param account signer.
     * @param address deployed ResourceToken.
     */
    public ResourceTokenClient(ChainAccount account, String address)
    {
        super(account, address);
    }

    /**
     * @param other another signer.
     * @return this token as seen by {@code other}.
     */
    public ResourceTokenClient as(ChainAccount other)
    {
        return new ResourceTokenClient(other, address);
    }

    /** @return the engine symbol of the class (e.g. SPEC.3550-3560.CELL042). */
    public String resourceClass()
    {
        return (String) view("resourceClass", List.of(new TypeReference<Utf8String>() { })).get(0).getValue();
    }

    /**
     * Owner only: lets {@code account} upload entries, and makes it exempt.
     *
     * @param holder the PU's wallet.
     * @return receipt.
     */
    public TransactionReceipt setPrimaryHolder(String holder)
    {
        return tx("setPrimaryHolder", addr(holder), new Bool(true));
    }

    /**
     * Owner only.
     *
     * @param holder wallet.
     * @param exempt true: its units carry no NFTs.
     * @return receipt.
     */
    public TransactionReceipt setExempt(String holder, boolean exempt)
    {
        return tx("setExempt", addr(holder), new Bool(exempt));
    }

    /**
     * Primary holder only: uploads entries; one whole unit per entry is minted to the signer.
     *
     * @param entries what to upload, at least one.
     * @return receipt.
     */
    public TransactionReceipt uploadEntries(List<Entry> entries)
    {
        List<Utf8String> channels = new ArrayList<>();
        List<Utf8String> locations = new ArrayList<>();
        for (Entry e : entries)
        {
            channels.add(new Utf8String(e.channel()));
            locations.add(new Utf8String(e.location()));
        }
        return tx("uploadEntries", new DynamicArray<>(Utf8String.class, channels),
            new DynamicArray<>(Utf8String.class, locations));
    }

    /**
     * @param id NFT id.
     * @return the entry it names.
     */
    public Entry entryOf(long id)
    {
        @SuppressWarnings("rawtypes")
        List<Type> out = view("entryOf",
            List.of(new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { }), uint(id));
        return new Entry((String) out.get(0).getValue(), (String) out.get(1).getValue());
    }

    /** @return base units of {@code owner}. @param owner wallet. */
    public long balanceOf(String owner)
    {
        return viewLong("balanceOf", addr(owner));
    }

    /** @return base units {@code owner} can move now (less whole units leased out). @param owner wallet. */
    public long transferableBalanceOf(String owner)
    {
        return viewLong("transferableBalanceOf", addr(owner));
    }

    /** @return NFTs held by {@code owner}. @param owner wallet. */
    public long nftBalanceOf(String owner)
    {
        return viewLong("erc721BalanceOf", addr(owner));
    }

    /** @return total base units. */
    public long totalSupply()
    {
        return viewLong("totalSupply");
    }

    /** @return ids waiting in the bank (behind exempt holders' and fractional units). */
    public long bankSize()
    {
        return viewLong("bankSize");
    }

    /**
     * @param owner wallet.
     * @return the NFT ids it holds.
     */
    public List<Long> ownedIds(String owner)
    {
        @SuppressWarnings({"rawtypes", "unchecked"})
        List<Uint256> ids = (List<Uint256>) view("ownedIds", List.of(new TypeReference<DynamicArray<Uint256>>() { }),
            addr(owner)).get(0).getValue();
        List<Long> out = new ArrayList<>();
        for (Uint256 id : ids)
        {
            out.add(id.getValue().longValueExact());
        }
        return out;
    }

    /**
     * @param id NFT id.
     * @return its owner.
     * @throws ChainException NotMinted when no wallet holds it.
     */
    public String ownerOf(long id)
    {
        return viewAddress("ownerOf", uint(id));
    }

    /**
     * ERC-20 transfer.
     *
     * @param to     wallet.
     * @param amount base units.
     * @return receipt.
     */
    public TransactionReceipt transfer(String to, long amount)
    {
        return tx("transfer", addr(to), uint(amount));
    }

    /**
     * ERC-721 transfer of one NFT with its whole unit.
     *
     * @param from holder.
     * @param to   non-exempt wallet.
     * @param id   NFT id.
     * @return receipt.
     */
    public TransactionReceipt transferNft(String from, String to, long id)
    {
        return tx("erc721TransferFrom", addr(from), addr(to), uint(id));
    }

    /**
     * ERC-721 approval of one NFT (cleared when it moves).
     *
     * @param spender who may move it.
     * @param id      NFT id.
     * @return receipt.
     */
    public TransactionReceipt approveNft(String spender, long id)
    {
        return tx("erc721Approve", addr(spender), uint(id));
    }

    /**
     * @param id NFT id.
     * @return who may move it besides its owner and operators (zero address when nobody).
     */
    public String getApproved(long id)
    {
        return viewAddress("getApproved", uint(id));
    }

    /**
     * Lets {@code operator} (the vault) move units and assign leases for the signer.
     *
     * @param operator e.g. the vault.
     * @param approved on or off.
     * @return receipt.
     */
    public TransactionReceipt setApprovalForAll(String operator, boolean approved)
    {
        return tx("setApprovalForAll", addr(operator), new Bool(approved));
    }

    /**
     * ERC-4907: {@code user} uses {@code id} from now until {@code expires}.
     *
     * @param id      NFT id.
     * @param user    user.
     * @param expires epoch seconds.
     * @return receipt.
     */
    public TransactionReceipt setUser(long id, String user, long expires)
    {
        return tx("setUser", uint(id), addr(user), new Uint64(expires));
    }

    /**
     * Schedules slot [start, end) of {@code id} for {@code user}.
     *
     * @param id    NFT id.
     * @param user  user.
     * @param start epoch seconds.
     * @param end   epoch seconds (exclusive).
     * @return receipt.
     */
    public TransactionReceipt scheduleUser(long id, String user, long start, long end)
    {
        return tx("scheduleUser", uint(id), addr(user), new Uint64(start), new Uint64(end));
    }

    /**
     * @param id NFT id.
     * @return the user for the slot covering the latest block's time, or the zero address.
     */
    public String userOf(long id)
    {
        return viewAddress("userOf", uint(id));
    }

    /**
     * @param id NFT id.
     * @return end of the current slot, epoch seconds; 0 when none.
     */
    public long userExpires(long id)
    {
        return viewLong("userExpires", uint(id));
    }

    /**
     * @param interfaceId 4 bytes.
     * @return whether the token declares it (ERC-165).
     */
    public boolean supportsInterface(byte[] interfaceId)
    {
        return viewBool("supportsInterface", new Bytes4(interfaceId));
    }

    /** @return whether {@code holder} is exempt. @param holder wallet. */
    public boolean isExempt(String holder)
    {
        return viewBool("exempt", addr(holder));
    }
}
