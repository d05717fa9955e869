package io.resx.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resx.server.ResxCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk rules as a participant meets them: each scenario is a command file run through {@code resx batch},
 * checked by its events, and by conservation: per asset, the final balances of all accounts add up to what was
 * deposited less what was withdrawn (CASH and COLLATERAL together are the one cash token; a lease slot's
 * balances add up to zero: what lessees hold, lessors owe).
 */
class RiskScenariosTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    private static final String SPEC2 = "SPEC.3560-3570.CELL042";
    private static final String SLOT10 = SPEC + "@2026-12-01T10:00Z/PT1H";
    private static final String SLOT11 = SPEC + "@2026-12-01T11:00Z/PT1H";
    private static final String SLOT12 = SPEC + "@2026-12-01T12:00Z/PT1H";

    @TempDir
    Path dir;

    private final List<String> input = new ArrayList<>();
    private List<JsonNode> events;

    @Test
    void shouldRefuseABuyBeyondCashUnlessCreditCoversIt() throws IOException
    {
        market();
        line("{'cmd':'account','account':'A','owner':'OA'}");
        deposit("A", "CASH", "100");
        order("a1", "A", SPEC, "BUY", "20.00", "10");      // 200 > 100
        order("a2", "A", SPEC, "BUY", "20.00", "5");       // locks 100
        order("a3", "A", SPEC, "BUY", "1.00", "1");        // nothing left
        line("{'cmd':'limits','account':'A','creditLimit':'50','admin':true}");
        order("a4", "A", SPEC, "BUY", "20.00", "2");       // 40 of the 50 credit
        order("a5", "A", SPEC, "BUY", "20.00", "1");       // 60 > 50
        line("{'cmd':'cancel','clOrdId':'x','origClOrdId':'a2','account':'A'}");
        order("a6", "A", SPEC, "BUY", "1.00", "1");        // the cancel released 100
        run();

        assertThat(reject("a1")).isEqualTo("INSUFFICIENT_CASH");
        assertThat(reject("a3")).isEqualTo("INSUFFICIENT_CASH");
        assertThat(reject("a5")).isEqualTo("CREDIT_LIMIT_EXCEEDED");
        assertThat(accepted("a2")).isTrue();
        assertThat(accepted("a4")).isTrue();
        assertThat(accepted("a6")).isTrue();
        assertThat(balance("A", "CASH")).isEqualTo("100.000000/41.000000");
        assertConserved();
    }

    @Test
    void shouldRefuseALeaseOfferOnAUnitNotOwnedOrAlreadyOfferedOrLeased() throws IOException
    {
        market();
        line("{'cmd':'account','account':'LR','owner':'LESSOR'}");
        line("{'cmd':'account','account':'NO','owner':'NOBODY'}");
        line("{'cmd':'account','account':'LE','owner':'LESSEE'}");
        deposit("LR", SPEC, "1");
        deposit("LE", "CASH", "100");
        order("o1", "LR", SLOT10, "SELL", "2.00", "1");    // owns the unit: offered
        order("o2", "LR", SLOT10, "SELL", "2.00", "1");    // same slot again
        order("n1", "NO", SLOT10, "SELL", "2.00", "1");    // owns nothing
        order("b1", "LE", SLOT10, "BUY", "2.00", "1");     // leases it
        order("o3", "LR", SLOT10, "SELL", "2.00", "1");    // already leased for that slot
        order("o4", "LR", SLOT11, "SELL", "2.00", "1");    // another slot is free
        order("s1", "LR", SPEC, "SELL", "900.00", "1");    // selling the leased unit
        run();

        assertThat(accepted("o1")).isTrue();
        assertThat(reject("o2")).isEqualTo("LEASE_UNIT_COMMITTED");
        assertThat(reject("n1")).isEqualTo("LEASE_UNIT_NOT_OWNED");
        assertThat(trades()).hasSize(1);
        assertThat(reject("o3")).isEqualTo("LEASE_UNIT_COMMITTED");
        assertThat(accepted("o4")).isTrue();
        assertThat(reject("s1")).isEqualTo("UNITS_LEASED_OUT");
        assertThat(balance("LE", SLOT10)).isEqualTo("1/0");
        assertThat(balance("LR", SLOT10)).isEqualTo("-1/0");
        assertThat(balance("LR", "CASH")).isEqualTo("2.000000/0.000000");
        assertThat(balance("LE", "CASH")).isEqualTo("98.000000/0.000000");
        assertConserved();
    }

    @Test
    void shouldStopAnOwnerGroupCorneringABandInACell() throws IOException
    {
        market();
        line("{'cmd':'account','account':'S','owner':'SELLER'}");
        line("{'cmd':'account','account':'B','owner':'OB'}");
        line("{'cmd':'account','account':'B2','owner':'OB2'}");
        deposit("S", SPEC, "5");
        deposit("S", SPEC2, "5");
        deposit("B", "CASH", "100000");
        deposit("B2", "CASH", "100000");
        line("{'cmd':'cap','symbol':'SPEC.3550-3650.CELL042','max':'0.40','admin':true}");
        order("s1", "S", SPEC, "SELL", "100.00", "5");
        order("s2", "S", SPEC2, "SELL", "100.00", "5");
        order("b1", "B", SPEC, "BUY", "100.00", "3");      // 3 of 10: 30 %
        order("b2", "B", SPEC, "BUY", "100.00", "2");      // 5 of 10: 50 %
        line("{'cmd':'group','owner':'OB','group':'HOLDCO','admin':true}");
        line("{'cmd':'group','owner':'OB2','group':'HOLDCO','admin':true}");
        order("c1", "B2", SPEC2, "BUY", "100.00", "2");    // the group would hold 5 of 10
        order("c2", "B2", SPEC2, "BUY", "100.00", "1");    // 4 of 10: at the cap
        run();

        assertThat(accepted("b1")).isTrue();
        assertThat(reject("b2")).isEqualTo("CONCENTRATION_CAP");
        assertThat(reject("c1")).isEqualTo("CONCENTRATION_CAP");
        assertThat(accepted("c2")).isTrue();
        assertThat(trades()).hasSize(2);
        assertThat(balance("B", SPEC)).isEqualTo("3.0/0.0");
        assertThat(balance("B2", SPEC2)).isEqualTo("1.0/0.0");
        assertConserved();
    }

    @Test
    void shouldPreventTwoColludingOwnersFromWashTradingOnceGrouped() throws IOException
    {
        market();
        line("{'cmd':'account','account':'W1','owner':'OW1'}");
        line("{'cmd':'account','account':'W2','owner':'OW2'}");
        deposit("W1", SPEC, "2");
        deposit("W2", "CASH", "10000");
        order("w1", "W1", SPEC, "SELL", "100.00", "1");
        order("w2", "W2", SPEC, "BUY", "100.00", "1");     // separate owners: it trades
        line("{'cmd':'group','owner':'OW1','group':'SHELL','admin':true}");
        line("{'cmd':'group','owner':'OW2','group':'SHELL','admin':true}");
        order("w3", "W1", SPEC, "SELL", "100.00", "1");
        order("w4", "W2", SPEC, "BUY", "100.00", "1");     // one beneficial owner now: STP
        line("{'cmd':'kill','owner':'OW1','admin':true}"); // the desk is shut: its offer goes
        order("w5", "W1", SPEC, "SELL", "100.00", "1");
        run();

        assertThat(trades()).hasSize(1);
        assertThat(cancels("w4")).containsExactly("STP");
        assertThat(cancels("w3")).containsExactly("KILL_SWITCH");
        assertThat(reject("w5")).isEqualTo("KILL_SWITCH_ACTIVE");
        assertThat(balance("W1", SPEC)).isEqualTo("1.0/0.0");
        assertThat(balance("W2", "CASH")).isEqualTo("9900.000000/0.000000");
        assertConserved();
    }

    @Test
    void shouldRunTheDefaultWaterfallWhenALesseeFailsToPayMidLease() throws IOException
    {
        market();
        line("{'cmd':'account','account':'FUND','owner':'CCP'}");
        line("{'cmd':'account','account':'LR','owner':'LESSOR'}");
        line("{'cmd':'account','account':'LE','owner':'LESSEE'}");
        line("{'cmd':'defaultFund','account':'FUND','admin':true}");
        deposit("FUND", "CASH", "1000");
        deposit("LR", SPEC, "1");
        deposit("LE", "CASH", "1");
        deposit("LE", "COLLATERAL", "1");
        line("{'cmd':'limits','account':'LE','collateralRatio':'2','admin':true}");
        order("l10", "LR", SLOT10, "SELL", "1.40", "1");
        order("l11", "LR", SLOT11, "SELL", "1.40", "1");
        order("e10", "LE", SLOT10, "BUY", "1.40", "1");    // rent on credit
        order("e11", "LE", SLOT11, "BUY", "1.40", "1");
        order("e12", "LE", SLOT12, "BUY", "0.10", "1");    // rests
        line("{'cmd':'settlementFailed','account':'LE','asset':'CASH','shortfall':'1.80','admin':true}");
        order("e13", "LE", SLOT12, "BUY", "0.10", "1");
        order("r10", "LR", SLOT10, "SELL", "1.50", "1");   // the slot is the lessor's again
        run();

        assertThat(trades()).hasSize(2);
        final List<String> waterfall = events.stream()
            .filter(e -> e.path("seq").asInt() == input.size() - 2)
            .map(e -> e.path("evt").asText() + (e.has("amount") ? " " + e.path("amount").asText() +
                " left " + e.path("remaining").asText() : ""))
            .filter(e -> !e.startsWith("balance"))
            .collect(Collectors.toList());
        assertThat(waterfall).containsExactly("accepted", "default", "cancelled", "suspended",
            "collateralApplied 1.000000 left 0.800000", "defaultFundApplied 0.800000 left 0.000000",
            "leaseRevoked", "leaseRevoked");
        assertThat(cancels("e12")).containsExactly("DEFAULT");
        assertThat(reject("e13")).isEqualTo("ACCOUNT_SUSPENDED");
        assertThat(accepted("r10")).isTrue();
        assertThat(balance("LE", "CASH")).isEqualTo("0.000000/0.000000");
        assertThat(balance("LE", "COLLATERAL")).isEqualTo("0.000000/0.000000");
        assertThat(balance("FUND", "CASH")).isEqualTo("999.200000/0.000000");
        assertThat(balance("LR", "CASH")).isEqualTo("2.800000/0.000000");
        assertThat(balance("LE", SLOT10)).isEqualTo("0/0");
        assertThat(balance("LR", SLOT11)).isEqualTo("0/0");
        assertConserved();
    }

    @Test
    void shouldKeepTheBundledExampleDayConservedWithItsDeliberateRiskRejects() throws IOException
    {
        final Path out = dir.resolve("day.ndjson");
        assertThat(cli("batch", "--quiet", "--out", out.toString())).isZero();
        events = readEvents(out);
        final Map<String, Long> reasons = events.stream().filter(e -> e.path("evt").asText().equals("rejected"))
            .collect(Collectors.groupingBy(e -> e.path("reason").asText(), LinkedHashMap::new,
                Collectors.counting()));
        assertThat(reasons).containsKeys("INSUFFICIENT_CASH", "INSUFFICIENT_UNITS", "PROTECTION_REQUIRED",
            "LEASE_UNIT_NOT_OWNED", "PRICE_OUTSIDE_BAND", "ORDER_QTY_LIMIT", "KILL_SWITCH_ACTIVE", "NOT_ADMIN",
            "ACCOUNT_SUSPENDED");
        assertThat(events.stream().filter(e -> e.path("evt").asText().equals("leaseRevoked"))).hasSize(1);
        final Map<String, BigDecimal> totals = finalTotals();
        assertThat(totals.get("CASH").add(totals.get("COLLATERAL")))
            .as("the fund's 1,000,000, 2,000,000 for each of 9 accounts, DEV-Z-1's 10 - 9 cash and 1 collateral")
            .isEqualByComparingTo("19000002");
        for (final Map.Entry<String, BigDecimal> total : totals.entrySet())
        {
            if (total.getKey().contains("@") && !total.getKey().startsWith("ENRG"))
            {
                assertThat(total.getValue()).as(total.getKey()).isEqualByComparingTo("0");
            }
        }
    }

    // -------------------------------------------------------------------------------------------- support

    private void market()
    {
        line("{'cmd':'list','symbol':'" + SPEC + "','tick':'0.01','lot':'0.1'}");
        line("{'cmd':'list','symbol':'" + SPEC2 + "','tick':'0.01','lot':'0.1'}");
        for (final String slot : List.of(SLOT10, SLOT11, SLOT12))
        {
            line("{'cmd':'list','symbol':'" + slot + "','tick':'0.01','lot':'1'}");
        }
    }

    private void line(final String singleQuoted)
    {
        input.add(singleQuoted.replace('\'', '"'));
    }

    private void deposit(final String account, final String asset, final String amount)
    {
        line("{'cmd':'deposit','account':'" + account + "','asset':'" + asset + "','amount':'" + amount +
            "','admin':true}");
    }

    private void order(final String clOrdId, final String account, final String symbol, final String side,
        final String price, final String qty)
    {
        line("{'cmd':'new','clOrdId':'" + clOrdId + "','account':'" + account + "','symbol':'" + symbol +
            "','side':'" + side + "','price':'" + price + "','qty':'" + qty + "'}");
    }

    private void run() throws IOException
    {
        final Path in = Files.write(dir.resolve("in.ndjson"), input, StandardCharsets.UTF_8);
        final Path out = dir.resolve("out.ndjson");
        assertThat(cli("batch", "--quiet", "--in", in.toString(), "--out", out.toString())).isZero();
        events = readEvents(out);
    }

    private static List<JsonNode> readEvents(final Path out) throws IOException
    {
        final List<JsonNode> read = new ArrayList<>();
        for (final String line : Files.readAllLines(out))
        {
            read.add(JSON.readTree(line));
        }
        return read;
    }

    private static int cli(final String... args)
    {
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private JsonNode outcome(final String clOrdId)
    {
        return events.stream()
            .filter(e -> e.path("clOrdId").asText().equals(clOrdId) &&
                (e.path("evt").asText().equals("accepted") || e.path("evt").asText().equals("rejected")))
            .findFirst().orElseThrow(() -> new AssertionError("no outcome for " + clOrdId));
    }

    private String reject(final String clOrdId)
    {
        return outcome(clOrdId).path("reason").asText("(accepted)");
    }

    private boolean accepted(final String clOrdId)
    {
        return outcome(clOrdId).path("evt").asText().equals("accepted");
    }

    private List<String> cancels(final String clOrdId)
    {
        return events.stream()
            .filter(e -> e.path("evt").asText().equals("cancelled") && e.path("clOrdId").asText().equals(clOrdId))
            .map(e -> e.path("reason").asText())
            .collect(Collectors.toList());
    }

    private List<JsonNode> trades()
    {
        return events.stream().filter(e -> e.path("evt").asText().equals("trade")).collect(Collectors.toList());
    }

    /** @return "total/locked" of the last balance event of the pair. */
    private String balance(final String account, final String asset)
    {
        String last = null;
        for (final JsonNode e : events)
        {
            if (e.path("evt").asText().equals("balance") && e.path("account").asText().equals(account) &&
                e.path("asset").asText().equals(asset))
            {
                last = e.path("total").asText() + "/" + e.path("locked").asText();
            }
        }
        return last;
    }

    private Map<String, BigDecimal> finalTotals()
    {
        final Map<String, BigDecimal> last = new LinkedHashMap<>();
        for (final JsonNode e : events)
        {
            if (e.path("evt").asText().equals("balance"))
            {
                last.put(e.path("account").asText() + "|" + e.path("asset").asText(),
                    new BigDecimal(e.path("total").asText()));
            }
        }
        final Map<String, BigDecimal> byAsset = new LinkedHashMap<>();
        last.forEach((key, total) -> byAsset.merge(key.substring(key.indexOf('|') + 1), total, BigDecimal::add));
        return byAsset;
    }

    /** Final totals per asset equal accepted deposits less accepted withdrawals; lease slots sum to zero. */
    private void assertConserved() throws IOException
    {
        final Map<String, BigDecimal> external = new LinkedHashMap<>();
        for (final JsonNode e : events)
        {
            final String cmd = e.path("cmd").asText();
            if (e.path("evt").asText().equals("accepted") && (cmd.equals("deposit") || cmd.equals("withdraw")))
            {
                final JsonNode command = JSON.readTree(input.get(e.path("seq").asInt() - 1));
                final String asset = command.path("asset").asText();
                final BigDecimal amount = new BigDecimal(command.path("amount").asText());
                external.merge(asset.equals("COLLATERAL") ? "CASH" : asset,
                    cmd.equals("deposit") ? amount : amount.negate(), BigDecimal::add);
            }
        }
        final Map<String, BigDecimal> totals = finalTotals();
        final BigDecimal collateral = totals.remove("COLLATERAL");
        if (collateral != null)
        {
            totals.merge("CASH", collateral, BigDecimal::add);
        }
        for (final Map.Entry<String, BigDecimal> total : totals.entrySet())
        {
            assertThat(total.getValue()).as("total of " + total.getKey())
                .isEqualByComparingTo(external.getOrDefault(total.getKey(), BigDecimal.ZERO));
        }
    }
}
