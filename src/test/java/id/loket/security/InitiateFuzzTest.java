package id.loket.security;

import static id.loket.security.SecurityChecks.CONTRACT_CODES;
import static id.loket.security.SecurityChecks.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import id.loket.LoketApplication;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Property: whatever body a client sends to either initiate path, the answer is one of the
 * contract's, in its envelope, never a 5xx, and an order exists exactly when the answer was 2000000.
 * Bodies start valid (bill and plain, hosted and core) and are mutated: members dropped, values of
 * other types, random and hostile strings (unicode, control characters, very long), numbers as
 * strings and back, nested garbage, unknown members, bodies over the size limit, and broken JSON.
 *
 * <p>The hub runs once for the class, started here (a Spring test context does not fit jqwik's
 * lifecycle), on its own port and H2 database. Every answer is recorded; the figures are printed
 * and the property fails at its end if any answer broke the contract, listing the first ones.
 */
class InitiateFuzzTest {

    static final String BILL = "/sof/bp/paymentCard";
    static final String PLAIN = "/pg/payment/card/initiate";

    static ConfigurableApplicationContext app;
    static HubClient hub;
    static JdbcTemplate jdbc;

    static final AtomicInteger SEQ = new AtomicInteger();
    static final Set<String> accepted = Collections.synchronizedSet(new HashSet<>());
    static final Map<String, Integer> byCode = new TreeMap<>();
    static final List<String> violations = new ArrayList<>();
    static final List<String> strictRefusals = new ArrayList<>();
    static int tried;
    static int serverErrors;
    static int violationCount;
    static int acceptedWrongly;
    static int refusedThoughValid;

    @BeforeContainer
    static void start() {
        int port = HubTestSupport.freePort();
        List<String> args = new ArrayList<>();
        HubTestSupport.register((name, value) -> args.add("--" + name + "=" + value.get()), "jqwik", port);
        app = new SpringApplicationBuilder(LoketApplication.class).run(args.toArray(String[]::new));
        hub = new HubClient(port);
        jdbc = app.getBean(JdbcTemplate.class);
        // Tomcat accepts connections before the routes are up: wait for a real answer.
        HubClient.await(() -> {
            try {
                Answer a = hub.post(PLAIN, "{}", null, null);
                return a.status() == 401 ? true : null;
            } catch (AssertionError e) {
                return null;
            }
        }, "the initiate route");
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // ------------------------------------------------------------------ what is generated

    /** A change to the parsed body. {@code at} picks one of the body's members or elements (modulo their number). */
    sealed interface Mutation permits Drop, Replace, Flip, AddUnknown, SetField, AtLimit, Pad {
    }

    record Drop(int at) implements Mutation {
    }

    record Replace(int at, JsonNode value) implements Mutation {
    }

    /** A digit string becomes a number, a number a string, anything else a string of itself. */
    record Flip(int at) implements Mutation {
    }

    record AddUnknown(int at, String name, JsonNode value) implements Mutation {
    }

    /** Sets a member of the contract (or a hub-owned one) by path, creating what is missing. */
    record SetField(String path, JsonNode value) implements Mutation {
    }

    /** A free-text field filled to exactly its maximum length (in code points, as the contract counts) with one kind of character. */
    record AtLimit(String path, int max, String unit) implements Mutation {
    }

    static final Map<String, Integer> TEXT_LIMITS = Map.of("order.description", 127, "customer.firstName", 50,
            "customer.lastName", 50, "customer.id", 320, "meta.data", 999, "billing.billerServiceProvider.subId", 64,
            "order.item[0].name", 255, "order.item[0].category", 64, "order.item[0].subMerchantId", 64);

    /** An unknown member so large the body lands around the 1 MiB limit. */
    record Pad(int bytes) implements Mutation {
    }

    /** A change to the JSON text itself. */
    record TextEdit(int kind, int at, char c) {
    }

    record Recipe(String base, boolean otherPath, List<Mutation> mutations, TextEdit edit) {
    }

    static final List<String> FIELDS = List.of("order", "order.id", "order.amount", "order.currency", "order.description",
            "order.timeout", "order.item", "order.item[0].name", "order.item[0].quantity", "order.item[0].unitPrice",
            "order.item[0].category", "order.item[0].subMerchantId", "customer", "customer.email", "customer.mobilePhone",
            "customer.firstName", "customer.lastName", "customer.id", "url", "url.callbackUrl", "url.successUrl", "url.failUrl",
            "url.backUrl", "billing", "billing.billerServiceProvider", "billing.billerServiceProvider.id",
            "billing.billerServiceProvider.customerId", "billing.billerServiceProvider.subId", "billing.billerServiceProvider.type",
            "meta", "meta.data", "sourceOfFunds", "sourceOfFunds.type", "status", "reference", "order.status",
            "order.reference", "merchant");

    static final List<String> HOSTILE = List.of("", " ", "0", "00", "-1", "+1", "1.0", "1e5", "0x10", "15000", "99999999999999",
            "999999999999999", "9223372036854775808", "IDR", "idr", "050017", "999999", "7700012345", "7700010014", "7700010088",
            "123456789012345678901", "vabca", "qris", "cc", "ovo", "alfamart", "bitcoin", "post", "pre", "+6281234567890",
            "081234567890", "budi@example.com", "a@b", "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data",
            "http://localhost:1/cb", "https://example.com/", "javascript:alert(1)", "ftp://x/", "<script>alert(1)</script>",
            "{{spring.datasource.password}}", "${body}", "$simple{header.foo}", "#bean:x", "%{x}", "' OR '1'='1", "\u0000",
            "\u0007\u001b[31m", "\r\n", "\ud800", "\udfff", "\ufeff", "\u202e", "😀", "😀".repeat(50), "😀".repeat(64),
            "😀".repeat(127), "😀".repeat(320), "😀".repeat(999), "é".repeat(127), "é".repeat(255), "x".repeat(30),
            "x".repeat(31), "x".repeat(127), "x".repeat(128), "x".repeat(999), "x".repeat(1000), "x".repeat(2049), "PAID",
            "REQUEST_INITIATED", "FINPAY770", "null", "true", "[]", "{}");

    @Provide
    Arbitrary<Recipe> recipes() {
        Arbitrary<String> base = Arbitraries.of("bill-hosted", "bill-core", "plain-hosted", "plain-core", "bill-hosted",
                "plain-hosted");
        Arbitrary<Boolean> otherPath = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true));
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<TextEdit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.chars().all()).as(TextEdit::new).injectNull(0.85);
        return Combinators.combine(base, otherPath, mutations, edit).as(Recipe::new);
    }

    Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 10_000);
        return Arbitraries.frequencyOf(
                Tuple.of(15, at.map(i -> (Mutation) new Drop(i))),
                Tuple.of(20, Combinators.combine(at, value()).as((i, v) -> (Mutation) new Replace(i, v))),
                Tuple.of(10, at.map(i -> (Mutation) new Flip(i))),
                Tuple.of(10, Combinators.combine(at, Arbitraries.strings().all().ofMaxLength(12), value())
                        .as((i, n, v) -> (Mutation) new AddUnknown(i, n, v))),
                Tuple.of(40, Combinators.combine(Arbitraries.of(FIELDS), value()).as((f, v) -> (Mutation) new SetField(f, v))),
                Tuple.of(5, Combinators.combine(Arbitraries.of(new ArrayList<>(new TreeMap<>(TEXT_LIMITS).keySet())),
                        Arbitraries.of("x", "\u00e9", "\u4e2d", "\uD83D\uDE00", "\\", "\"", "<"))
                        .as((f, u) -> (Mutation) new AtLimit(f, TEXT_LIMITS.get(f), u))),
                Tuple.of(1, Arbitraries.integers().between((1 << 20) - 2048, (1 << 20) + 2048).map(n -> (Mutation) new Pad(n))));
    }

    static Arbitrary<JsonNode> json(Arbitrary<? extends JsonNode> a) {
        return a.map(x -> (JsonNode) x);
    }

    Arbitrary<JsonNode> value() {
        return Arbitraries.recursive(this::leaf, inner -> Arbitraries.frequencyOf(
                Tuple.of(1, inner.list().ofMaxSize(4).map(l -> {
                    ArrayNode a = JsonNodeFactory.instance.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                })),
                Tuple.of(1, Combinators.combine(Arbitraries.strings().all().ofMaxLength(8), inner).as(Tuple::of).list().ofMaxSize(4)
                        .map(l -> {
                            ObjectNode o = JsonNodeFactory.instance.objectNode();
                            l.forEach(t -> o.set(t.get1(), t.get2()));
                            return (JsonNode) o;
                        }))), 0, 3);
    }

    Arbitrary<JsonNode> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, json(Arbitraries.of(HOSTILE).map(TextNode::valueOf))),
                Tuple.of(8, json(Arbitraries.strings().all().ofMaxLength(40).map(TextNode::valueOf))),
                Tuple.of(3, json(Arbitraries.strings().all().ofMinLength(100).ofMaxLength(1500).map(TextNode::valueOf))),
                Tuple.of(2, json(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(100).ofMaxLength(3000)
                        .map(TextNode::valueOf))),
                Tuple.of(2, json(Arbitraries.integers().between(1, 1000).map(n -> TextNode.valueOf("😀".repeat(n))))),
                Tuple.of(6, json(Arbitraries.strings().numeric().ofMaxLength(20).map(TextNode::valueOf))),
                Tuple.of(6, json(Arbitraries.longs().map(LongNode::valueOf))),
                Tuple.of(2, json(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(BigIntegerNode::valueOf))),
                Tuple.of(2, json(Arbitraries.bigDecimals().between(new BigDecimal("-1e20"), new BigDecimal("1e20")).ofScale(3)
                        .map(DecimalNode::valueOf))),
                Tuple.of(2, json(Arbitraries.doubles().map(DoubleNode::valueOf))),
                Tuple.of(2, json(Arbitraries.of(true, false).map(BooleanNode::valueOf))),
                Tuple.of(2, json(Arbitraries.just(NullNode.getInstance()))));
    }

    // ------------------------------------------------------------------ building the body

    static ObjectNode base(String kind, String orderId) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode order = root.putObject("order").put("id", orderId);
        root.putObject("customer").put("email", "budi@example.com");
        root.putObject("url").put("callbackUrl", hub.base() + "/sandbox/mitra/callback");
        if (kind.startsWith("bill")) {
            root.putObject("billing").putObject("billerServiceProvider").put("id", "050017").put("customerId", "7700012345");
        } else {
            order.put("amount", "15000");
        }
        if (kind.endsWith("core")) {
            root.putObject("sourceOfFunds").put("type", "vabca");
        }
        return root;
    }

    /** Every member and element of the tree, as (container, member name or index). */
    static void slots(JsonNode node, List<Object[]> out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                out.add(new Object[] {node, n});
                slots(node.get(n), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Object[] {node, i});
                slots(node.get(i), out);
            }
        }
    }

    static JsonNode get(Object[] slot) {
        return slot[1] instanceof String n ? ((JsonNode) slot[0]).get(n) : ((JsonNode) slot[0]).get((Integer) slot[1]);
    }

    static void set(Object[] slot, JsonNode value) {
        if (slot[1] instanceof String n) {
            ((ObjectNode) slot[0]).set(n, value);
        } else {
            ((ArrayNode) slot[0]).set((Integer) slot[1], value);
        }
    }

    static void apply(ObjectNode root, Mutation m) {
        List<Object[]> slots = new ArrayList<>();
        slots(root, slots);
        if (m instanceof Drop d) {
            if (!slots.isEmpty()) {
                Object[] s = slots.get(d.at() % slots.size());
                if (s[1] instanceof String n) {
                    ((ObjectNode) s[0]).remove(n);
                } else {
                    ((ArrayNode) s[0]).remove((Integer) s[1]);
                }
            }
        } else if (m instanceof Replace r) {
            if (!slots.isEmpty()) {
                set(slots.get(r.at() % slots.size()), r.value().deepCopy());
            }
        } else if (m instanceof Flip f) {
            if (!slots.isEmpty()) {
                Object[] s = slots.get(f.at() % slots.size());
                JsonNode v = get(s);
                if (v.isTextual() && v.textValue().matches("-?[0-9]{1,40}")) {
                    set(s, BigIntegerNode.valueOf(new BigInteger(v.textValue())));
                } else if (v.isTextual() && v.textValue().matches("-?[0-9]{1,20}\\.[0-9]{1,20}")) {
                    set(s, DecimalNode.valueOf(new BigDecimal(v.textValue())));
                } else if (!v.isTextual()) {
                    set(s, TextNode.valueOf(v.isNumber() ? v.asText() : v.toString()));
                }
            }
        } else if (m instanceof AddUnknown a) {
            List<ObjectNode> objects = new ArrayList<>();
            objects.add(root);
            for (Object[] s : slots) {
                if (get(s).isObject()) {
                    objects.add((ObjectNode) get(s));
                }
            }
            ObjectNode target = objects.get(a.at() % objects.size());
            if (!FIELD_NAMES.contains(a.name())) {
                target.set(a.name(), a.value().deepCopy());
            }
        } else if (m instanceof SetField sf) {
            setPath(root, sf.path(), sf.value().deepCopy());
        } else if (m instanceof AtLimit l) {
            setPath(root, l.path(), TextNode.valueOf(l.unit().repeat(l.max())));
        } else if (m instanceof Pad p) {
            root.put("padding", "p".repeat(Math.max(0, p.bytes() - root.toString().length() - 14)));
        }
    }

    static final Set<String> FIELD_NAMES = Set.of("order", "id", "amount", "currency", "description", "timeout", "item", "name",
            "quantity", "unitPrice", "category", "subMerchantId", "customer", "email", "mobilePhone", "firstName", "lastName", "url",
            "callbackUrl", "successUrl", "failUrl", "backUrl", "billing", "billerServiceProvider", "customerId", "subId", "type",
            "meta", "data", "sourceOfFunds");

    static void setPath(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            boolean indexed = part.endsWith("[0]");
            String name = indexed ? part.substring(0, part.length() - 3) : part;
            ObjectNode parent = (ObjectNode) node;
            if (indexed) {
                JsonNode arr = parent.get(name);
                if (arr == null || !arr.isArray()) {
                    arr = parent.putArray(name);
                }
                if (arr.isEmpty() || !arr.get(0).isObject()) {
                    ((ArrayNode) arr).removeAll();
                    ((ArrayNode) arr).addObject();
                }
                node = arr.get(0);
            } else if (last) {
                parent.set(name, value);
            } else {
                JsonNode child = parent.get(name);
                if (child == null || !child.isObject()) {
                    child = parent.putObject(name);
                }
                node = child;
            }
        }
    }

    static String edit(String text, TextEdit e) {
        if (e == null || text.isEmpty()) {
            return text;
        }
        int at = e.at() % text.length();
        return switch (e.kind()) {
            case 0 -> text.substring(0, at);                                   // truncated
            case 1 -> text.substring(0, at) + e.c() + text.substring(at);       // a character inserted
            case 2 -> text.substring(0, at) + text.substring(at + 1);           // a character removed
            case 3 -> text + text.substring(0, at);                             // trailing garbage
            case 4 -> text.replaceFirst("\"", "'");                             // a quote changed
            default -> "[" + text + "]";                                        // not an object
        };
    }

    // ------------------------------------------------------------------ the property

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void everyInitiateAnswerIsAContractAnswerAndOnlyAcceptedOrdersExist(@ForAll("recipes") Recipe recipe) {
        String baseId = "FZ-" + SEQ.incrementAndGet();
        ObjectNode body = base(recipe.base(), baseId);
        for (Mutation m : recipe.mutations()) {
            apply(body, m);
        }
        String text = edit(body.toString(), recipe.edit());
        boolean billBase = recipe.base().startsWith("bill");
        String path = billBase != recipe.otherPath() ? BILL : PLAIN;
        // The order id the hub will see is the one in the text actually sent (a text edit may have changed it).
        String orderId = baseId;
        try {
            JsonNode idNode = JSON.readTree(text).path("order").path("id");
            if (idNode.isTextual() && idNode.textValue().matches("[A-Za-z0-9_-]{1,30}")) {
                orderId = idNode.textValue();
            }
        } catch (Exception e) {
            // not JSON: nothing can be stored for it, and baseId is checked to be absent
        }

        Answer a = hub.post(path, text, HubClient.MERCHANT, HubClient.KEY);
        String problem = check(a);
        synchronized (InitiateFuzzTest.class) {
            tried++;
            if (a.status() >= 500) {
                serverErrors++;
            }
            String code = codeOf(a);
            byCode.merge(code, 1, Integer::sum);
            // An independent reading of the field table judges what was accepted (and counts what it would have allowed).
            String rule = ContractOracle.violation(text, path.equals(BILL), List.of("localhost", "127.0.0.1"), Set.of("050017"));
            if (code.equals("2000000")) {
                accepted.add(orderId);
                if (rule != null && problem == null) {
                    acceptedWrongly++;
                    problem = "accepted although it breaks the contract's rule on " + rule;
                }
            } else if (rule == null && Set.of("4000001", "4000002", "4030001", "4130000").contains(code)
                    && !a.body().contains("the bill's total")) {
                refusedThoughValid++;
                if (strictRefusals.size() < 5) {
                    strictRefusals.add(shorten(text) + " -> " + shorten(a.body()));
                }
            }
            if (problem == null) {
                int rows = jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE merchant_id = 'FINPAY770' AND order_id = ?",
                        Integer.class, orderId);
                int all = jdbc.queryForObject("SELECT COUNT(*) FROM payment_order", Integer.class);
                if (rows != (accepted.contains(orderId) ? 1 : 0) || all != accepted.size()) {
                    problem = "orders in the database: " + rows + " for " + orderId + ", " + all + " in all, " + accepted.size()
                            + " accepted";
                }
            }
            if (problem != null) {
                violationCount++;
                if (violations.size() < 8) {
                    violations.add(problem + "\n    POST " + path + " " + shorten(text) + "\n    -> HTTP " + a.status() + " "
                            + shorten(a.body()));
                }
            }
        }
    }

    /** What is wrong with an answer, or null. */
    static String check(Answer a) {
        JsonNode j;
        try {
            j = JSON.readTree(a.body());
        } catch (Exception e) {
            return "not JSON";
        }
        if (j == null || !j.isObject()) {
            return "not a JSON object";
        }
        JsonNode code = j.get("responseCode");
        if (code == null || !code.isTextual() || !code.textValue().matches("[0-9]{7}")) {
            return "no 7-digit responseCode";
        }
        if (!CONTRACT_CODES.contains(code.textValue())) {
            return "a code the contract does not know";
        }
        if (Integer.parseInt(code.textValue().substring(0, 3)) != a.status()) {
            return "HTTP status differs from the code";
        }
        if (!j.path("responseMessage").isTextual() || !j.path("processingTime").isNumber() || !j.path("traceId").isTextual()) {
            return "incomplete envelope";
        }
        if (a.status() >= 500) {
            return "a server error";
        }
        return null;
    }

    static String codeOf(Answer a) {
        try {
            JsonNode code = JSON.readTree(a.body()).get("responseCode");
            return code != null && code.isTextual() ? code.textValue() : "HTTP " + a.status();
        } catch (Exception e) {
            return "HTTP " + a.status();
        }
    }

    static String shorten(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 400 ? oneLine : oneLine.substring(0, 400) + "... (" + s.length() + " chars)";
    }

    @AfterProperty
    void figuresAndVerdict() {
        // The database holds exactly the orders that were answered 2000000.
        Set<String> stored = new HashSet<>(jdbc.queryForList("SELECT order_id FROM payment_order WHERE merchant_id = 'FINPAY770'",
                String.class));
        int refused = tried - byCode.getOrDefault("2000000", 0);
        System.out.println("[security fuzz] initiate bodies tried: " + tried + ", accepted (2000000): "
                + byCode.getOrDefault("2000000", 0) + " (" + accepted.size() + " distinct orders), refused: " + refused
                + ", by code: " + byCode + ", 5xx answers: " + serverErrors + ", accepted against the field table: "
                + acceptedWrongly + ", refused though the field table allows them: " + refusedThoughValid
                + ", contract violations: " + violationCount + ", orders stored: " + stored.size());
        // Stricter than the contract's letter is not a violation (the parser's conventions decide), but worth seeing.
        strictRefusals.forEach(r -> System.out.println("[security fuzz] refused though the field table allows it: " + r));
        List<String> problems = new ArrayList<>(violations);
        if (!stored.equals(accepted)) {
            Set<String> extra = new HashSet<>(stored);
            extra.removeAll(accepted);
            Set<String> missing = new HashSet<>(accepted);
            missing.removeAll(stored);
            problems.add("stored but never accepted: " + extra + "; accepted but not stored: " + missing);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(violationCount + " of " + tried + " answers broke the contract; the first ones:\n  "
                    + String.join("\n  ", problems));
        }
    }
}
