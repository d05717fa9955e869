package io.resx.settlement.chain;

import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deploys the contracts from their build artifacts. The deploying account becomes the owner/admin of each.
 */
public final class Deployer
{
    private final ChainAccount admin;

    /** @param admin the deploying (owner/admin) account. */
    public Deployer(ChainAccount admin)
    {
        this.admin = admin;
    }

    /**
     * @param name   token name.
     * @param symbol token symbol.
     * @return a client of the new CashToken (owner = the admin).
     */
    public CashTokenClient cashToken(String name, String symbol)
    {
        return new CashTokenClient(admin, deploy("CashToken", new Utf8String(name), new Utf8String(symbol),
            new Address(admin.address())));
    }

    /**
     * @param cash     the cash token.
     * @param operator the bridge's address: the only one allowed to settle batches.
     * @return a client of the new vault, signing as the admin.
     */
    public VaultClient vault(CashTokenClient cash, String operator)
    {
        return new VaultClient(admin, deploy("SettlementVault", new Address(cash.address()),
            new Address(admin.address()), new Address(operator)));
    }

    /**
     * Deploys a resource class and makes the vault exempt (it only passes units through).
     *
     * @param name          token name.
     * @param symbol        token symbol.
     * @param resourceClass the engine's ownership symbol, e.g. SPEC.3550-3560.CELL042.
     * @param vault         the vault.
     * @return a client of the new ResourceToken (owner = the admin).
     */
    public ResourceTokenClient resourceToken(String name, String symbol, String resourceClass, VaultClient vault)
    {
        ResourceTokenClient token = new ResourceTokenClient(admin, deploy("ResourceToken", new Utf8String(name),
            new Utf8String(symbol), new Utf8String(resourceClass), new Address(admin.address())));
        token.setExempt(vault.address(), true);
        return token;
    }

    @SuppressWarnings("rawtypes")
    private String deploy(String contract, Type... constructorArgs)
    {
        String data = ContractArtifacts.load(contract).bytecode()
            + FunctionEncoder.encodeConstructor(List.of(constructorArgs));
        TransactionReceipt receipt = admin.send(null, data, "deploy " + contract);
        String address = receipt.getContractAddress();
        if (address == null)
        {
            throw new ChainException("deploy " + contract + ": no contract address in receipt "
                + receipt.getTransactionHash(), "", null, null);
        }
        return address;
    }
}
