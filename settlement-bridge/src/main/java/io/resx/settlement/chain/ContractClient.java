package io.resx.settlement.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What the three typed clients share: a contract address and the account that talks to it. */
abstract class ContractClient
{
    protected final ChainAccount account;
    protected final String address;

    ContractClient(ChainAccount account, String address)
    {
        this.account = account;
        this.address = address;
    }

    /** @return the contract's address. */
    public String address()
    {
        return address;
    }

    /** @return the account this client signs with. */
    public ChainAccount account()
    {
        return account;
    }

    @SuppressWarnings("rawtypes")
    protected final TransactionReceipt tx(String name, Type... inputs)
    {
        Function f = new Function(name, Arrays.asList(inputs), List.of());
        return account.send(address, FunctionEncoder.encode(f), name);
    }

    @SuppressWarnings("rawtypes")
    protected final List<Type> view(String name, List<TypeReference<?>> outputs, Type... inputs)
    {
        return account.call(address, new Function(name, Arrays.asList(inputs), outputs));
    }

    protected final BigInteger viewUint(String name, Type<?>... inputs)
    {
        return (BigInteger) view(name, List.of(new TypeReference<Uint256>() { }), inputs).get(0).getValue();
    }

    protected final long viewLong(String name, Type<?>... inputs)
    {
        return viewUint(name, inputs).longValueExact();
    }

    protected final String viewAddress(String name, Type<?>... inputs)
    {
        return (String) view(name, List.of(new TypeReference<Address>() { }), inputs).get(0).getValue();
    }

    protected final boolean viewBool(String name, Type<?>... inputs)
    {
        return (Boolean) view(name, List.of(new TypeReference<Bool>() { }), inputs).get(0).getValue();
    }

    protected static Address addr(String a)
    {
        return new Address(a);
    }

    protected static Uint256 uint(long v)
    {
        if (v < 0)
        {
            throw new IllegalArgumentException("a uint256 cannot be negative: " + v);
        }
        return new Uint256(v);
    }
}
