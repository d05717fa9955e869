package io.resx.settlement.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The contracts as the build compiled them: {@code io/resx/settlement/contracts/NAME.json} on the classpath, written
 * by {@code src/main/js/compile.mjs} from {@code src/main/solidity} on every build (never edited by hand).
 */
public final class ContractArtifacts
{
    /** The artifacts this module builds. */
    public static final List<String> NAMES = List.of("CashToken", "ResourceToken", "SettlementVault");

    private static final String FOLDER = "/io/resx/settlement/contracts/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Artifact> CACHE = new ConcurrentHashMap<>();

    private ContractArtifacts()
    {
    }

    /**
     * One compiled contract.
     *
     * @param name     contract name, e.g. {@code SettlementVault}.
     * @param abi      its ABI (a JSON array).
     * @param bytecode creation bytecode, 0x-prefixed.
     */
    public record Artifact(String name, JsonNode abi, String bytecode)
    {
    }

    /**
     * @param name a contract name of {@link #NAMES}.
     * @return its artifact.
     * @throws IllegalStateException when the build has not produced it (the module was not built).
     */
    public static Artifact load(String name)
    {
        return CACHE.computeIfAbsent(name, ContractArtifacts::read);
    }

    private static Artifact read(String name)
    {
        String resource = FOLDER + name + ".json";
        try (InputStream in = ContractArtifacts.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("contract artifact " + resource + " is not on the classpath: build the "
                    + "settlement-bridge module (mvn -pl settlement-bridge -am compile) so compile.mjs writes it");
            }
            JsonNode root = JSON.readTree(in);
            String bytecode = root.path("bytecode").asText("");
            if (!bytecode.startsWith("0x") || bytecode.length() < 4 || !root.path("abi").isArray())
            {
                throw new IllegalStateException("contract artifact " + resource + " has no bytecode or ABI");
            }
            return new Artifact(name, root.get("abi"), bytecode);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Selector (0x + 8 hex) → custom error of any of our contracts, plus Solidity's Error(string) and Panic. */
    private static final class Errors
    {
        static final Map<String, ErrorDef> BY_SELECTOR = build();

        private static Map<String, ErrorDef> build()
        {
            Map<String, ErrorDef> map = new HashMap<>();
            map.put("0x08c379a0", new ErrorDef("Error", List.of("string")));
            map.put("0x4e487b71", new ErrorDef("Panic", List.of("uint256")));
            for (String name : NAMES)
            {
                for (JsonNode item : load(name).abi())
                {
                    if (!"error".equals(item.path("type").asText()))
                    {
                        continue;
                    }
                    List<String> types = new ArrayList<>();
                    item.path("inputs").forEach(in -> types.add(in.path("type").asText()));
                    String signature = item.path("name").asText() + "(" + String.join(",", types) + ")";
                    String selector = Hash.sha3String(signature).substring(0, 10);
                    map.put(selector, new ErrorDef(item.path("name").asText(), types));
                }
            }
            return map;
        }
    }

    private record ErrorDef(String name, List<String> types)
    {
    }

    /**
     * Turns revert data into a readable error, e.g. {@code BatchAlreadySettled(7)}.
     *
     * @param revertData 0x-prefixed revert data as the node returned it (may be null or empty).
     * @return the error name and its arguments, or the raw data when the selector is not one of ours.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String describeRevert(String revertData)
    {
        if (revertData == null || revertData.length() < 10)
        {
            return "revert without data";
        }
        ErrorDef def = Errors.BY_SELECTOR.get(revertData.substring(0, 10).toLowerCase(Locale.ROOT));
        if (def == null)
        {
            return "revert " + revertData;
        }
        List<TypeReference> refs = new ArrayList<>();
        for (String t : def.types())
        {
            try
            {
                refs.add(TypeReference.makeTypeReference(t));
            }
            catch (ClassNotFoundException e)
            {
                return def.name() + "(" + revertData.substring(10) + ")";
            }
        }
        List<Type> values =
            FunctionReturnDecoder.decode(Numeric.prependHexPrefix(revertData.substring(10)), (List) refs);
        List<String> shown = new ArrayList<>();
        for (Type v : values)
        {
            shown.add(String.valueOf(v.getValue()));
        }
        return def.name() + "(" + String.join(", ", shown) + ")";
    }

    /**
     * @param revertData revert data.
     * @return just the error's name ({@code BatchAlreadySettled}), or empty when unknown.
     */
    public static String errorName(String revertData)
    {
        if (revertData == null || revertData.length() < 10)
        {
            return "";
        }
        ErrorDef def = Errors.BY_SELECTOR.get(revertData.substring(0, 10).toLowerCase(Locale.ROOT));
        return def == null ? "" : def.name();
    }
}
