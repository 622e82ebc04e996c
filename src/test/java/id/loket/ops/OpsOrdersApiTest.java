package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.config.Wib;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The orders as operators read them ({@code GET /ops/api/orders}, {@code /ops/api/orders/{merchant}/{order}},
 * {@code /ops/api/review}), black-box over HTTP with HTTP Basic as the demo operator: orders made through
 * the Mitra API are found by every filter, paged through without gaps or duplicates while new orders
 * arrive, told as their story, and queued for review. Runs on H2, and on PostgreSQL with
 * {@code -Dloket.test.db=postgresql}.
 */
class OpsOrdersApiTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final String OTHER = "OTHER02";
    static final String OTHER_KEY = "other-refund-key";
    final HubClient hub = new HubClient(PORT);

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    /** A bill number of this run; its last four digits choose the sandbox biller's behaviour. */
    static String billNumber(String suffix) {
        return "7" + String.format("%09d", System.currentTimeMillis() % 1_000_000_000L)
                + String.format("%02d", SEQ.incrementAndGet() % 100) + suffix;
    }

    String hosted(String orderId, String billNumber) {
        return """
                {"order":{"id":"%s","description":"Tagihan listrik"},
                 "customer":{"email":"sari@example.com","mobilePhone":"+6281234567890"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}
                """.formatted(orderId, hub.base(), billNumber);
    }

    String core(String orderId, String billNumber) {
        return """
                {"order":{"id":"%s","description":"Tagihan listrik"},
                 "customer":{"email":"sari@example.com","mobilePhone":"+6281234567890"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, hub.base(), billNumber);
    }

    /** A hosted bill order of the demo merchant (or {@code merchant}), not yet paid: REQUEST_INITIATED. */
    String initiate(String prefix, String billNumber, String merchant, String key) {
        String id = orderId(prefix);
        Answer a = hub.post("/sof/bp/paymentCard", hosted(id, billNumber), merchant, key);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("responseCode").asText()).isEqualTo("2000000");
        return id;
    }

    String initiate(String prefix, String billNumber) {
        return initiate(prefix, billNumber, HubClient.MERCHANT, HubClient.KEY);
    }

    JsonNode ok(String pathAndQuery) {
        Answer a = hub.ops(pathAndQuery);
        assertThat(a.status()).as(pathAndQuery + ": " + a.body()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        return a.json();
    }

    static List<String> orderIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("orders").forEach(o -> ids.add(o.get("orderId").asText()));
        return ids;
    }

    /** Every page of a query, following {@code next}; checks each page is newest first and only the last lacks next. */
    List<JsonNode> allPages(String query, int limit) {
        List<JsonNode> pages = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = ok("/ops/api/orders?" + query + "&limit=" + limit + (after == null ? "" : "&after=" + HubClient.q(after)));
            assertThat(page.get("orders").size()).isLessThanOrEqualTo(limit);
            assertNewestFirst(page);
            pages.add(page);
            after = page.has("next") ? page.get("next").asText() : null;
            if (after != null) {
                assertThat(page.get("orders").size()).isEqualTo(limit);
            }
        } while (after != null && pages.size() < 100);
        assertThat(pages).hasSizeLessThan(100);
        return pages;
    }

    static void assertNewestFirst(JsonNode page) {
        OffsetDateTime previous = null;
        for (JsonNode o : page.get("orders")) {
            OffsetDateTime at = OffsetDateTime.parse(o.get("createdAt").asText());
            if (previous != null) {
                assertThat(at).isBeforeOrEqualTo(previous);
            }
            previous = at;
        }
    }

    static LocalDate todayWib() {
        return ZonedDateTime.now(Wib.ZONE).toLocalDate();
    }

    @Test
    void everyFilterFindsItsOrdersNewestFirst() {
        String bill = billNumber("1100");
        String first = initiate("OPSF", bill);
        String second = initiate("OPSF", bill);
        String third = initiate("OPSF", bill);
        String others = initiate("OPSF", bill, OTHER, OTHER_KEY);
        assertThat(hub.cancel(second).json().get("responseCode").asText()).isEqualTo("2000000");

        // bill: all four, newest first, in the list's shape
        JsonNode byBill = ok("/ops/api/orders?bill=" + bill);
        assertThat(orderIds(byBill)).containsExactly(others, third, second, first);
        assertThat(byBill.has("next")).isFalse();
        JsonNode row = byBill.get("orders").get(3);
        assertThat(row.get("merchantId").asText()).isEqualTo(HubClient.MERCHANT);
        assertThat(row.get("reference").asText()).startsWith("LKT-");
        assertThat(row.get("status").asText()).isEqualTo("REQUEST_INITIATED");
        assertThat(row.get("productCode").asText()).isEqualTo("050017");
        assertThat(row.get("billNumber").asText()).isEqualTo(bill);
        assertThat(row.get("needsReview").asBoolean()).isFalse();
        assertThat(row.get("createdAt").asText()).endsWith("+07:00");
        assertThat(row.get("updatedAt").asText()).endsWith("+07:00");
        assertThat(row.has("pk")).isFalse();

        // merchant, status, review, order id, dates: each alone and with the bill
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&merchant=" + OTHER))).containsExactly(others);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&merchant=" + HubClient.MERCHANT)))
                .containsExactly(third, second, first);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&status=CANCELLED"))).containsExactly(second);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&status=REQUEST_INITIATED")))
                .containsExactly(others, third, first);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&status=PAID"))).isEmpty();
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&review=false"))).hasSize(4);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&review=true"))).isEmpty();
        assertThat(orderIds(ok("/ops/api/orders?order=" + third))).containsExactly(third);
        assertThat(orderIds(ok("/ops/api/orders?order=" + third + "&merchant=" + OTHER))).isEmpty();
        LocalDate today = todayWib();
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&from=" + today + "&to=" + today))).hasSize(4);
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&from=" + today.plusDays(1)))).isEmpty();
        assertThat(orderIds(ok("/ops/api/orders?bill=" + bill + "&to=" + today.minusDays(1)))).isEmpty();

        // each filter alone: every row matches, newest first, and the newest of ours is on the first page
        JsonNode byMerchant = ok("/ops/api/orders?merchant=" + OTHER + "&limit=200");
        assertNewestFirst(byMerchant);
        byMerchant.get("orders").forEach(o -> assertThat(o.get("merchantId").asText()).isEqualTo(OTHER));
        assertThat(orderIds(byMerchant)).contains(others);
        JsonNode cancelled = ok("/ops/api/orders?status=CANCELLED&limit=200");
        assertNewestFirst(cancelled);
        cancelled.get("orders").forEach(o -> assertThat(o.get("status").asText()).isEqualTo("CANCELLED"));
        assertThat(orderIds(cancelled)).contains(second);
        JsonNode notFlagged = ok("/ops/api/orders?review=false&limit=200");
        notFlagged.get("orders").forEach(o -> assertThat(o.get("needsReview").asBoolean()).isFalse());
        JsonNode fromToday = ok("/ops/api/orders?from=" + today + "&limit=200");
        assertNewestFirst(fromToday);
        fromToday.get("orders").forEach(o -> assertThat(Wib.date(OffsetDateTime.parse(o.get("createdAt").asText())))
                .isEqualTo(today));
        assertThat(orderIds(fromToday)).contains(others, third);
        JsonNode everything = ok("/ops/api/orders");
        assertThat(everything.get("orders").size()).isLessThanOrEqualTo(50);
        assertNewestFirst(everything);
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrDuplicatesWhileOrdersArrive() {
        String bill = billNumber("1100");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(initiate("OPSP", bill));
        }
        List<String> newestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        List<String> arrived = new ArrayList<>();
        JsonNode page = ok("/ops/api/orders?bill=" + bill + "&limit=2");
        seen.addAll(orderIds(page));
        while (page.has("next")) {
            // New orders keep arriving while the operator pages: they are newer than the cursor.
            arrived.add(initiate("OPSP", bill));
            page = ok("/ops/api/orders?bill=" + bill + "&limit=2&after=" + HubClient.q(page.get("next").asText()));
            assertNewestFirst(page);
            seen.addAll(orderIds(page));
        }
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(arrived).hasSize(3);

        // A fresh walk sees all ten, each once; the last page has no next.
        List<JsonNode> pages = allPages("bill=" + bill, 3);
        List<String> all = new ArrayList<>();
        pages.forEach(p -> all.addAll(orderIds(p)));
        assertThat(all).hasSize(10).doesNotHaveDuplicates();
        assertThat(new LinkedHashSet<>(all)).containsAll(made).containsAll(arrived);
        assertThat(pages.get(pages.size() - 1).has("next")).isFalse();

        // The whole list pages the same way: three pages of 5 hold no order twice.
        Set<String> keys = new LinkedHashSet<>();
        JsonNode p = ok("/ops/api/orders?limit=5");
        for (int i = 0; i < 3; i++) {
            p.get("orders").forEach(o -> assertThat(keys.add(o.get("merchantId").asText() + "/" + o.get("orderId").asText()))
                    .as("no duplicate across pages").isTrue());
            if (!p.has("next")) {
                break;
            }
            p = ok("/ops/api/orders?limit=5&after=" + HubClient.q(p.get("next").asText()));
        }
    }

    @Test
    void theStoryOfAPaidBillHoldsItsInquiryPaymentAndNotificationsInTimeOrder() {
        String bill = billNumber("1100");
        String id = orderId("OPSS");
        Answer init = hub.initiateBill(core(id, bill));
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        assertThat(hub.pay(init.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        hub.awaitNotification(id, n -> "PAID".equals(n.get("status").asText()));
        // the attempt's record is committed right after the receiver answered
        JsonNode story = HubClient.await(() -> {
            JsonNode s = ok("/ops/api/orders/" + HubClient.MERCHANT + "/" + id);
            return s.get("notifications").isEmpty() ? null : s;
        }, "the notification attempt in the story");

        JsonNode order = story.get("order");
        assertThat(order.get("orderId").asText()).isEqualTo(id);
        assertThat(order.get("status").asText()).isEqualTo("PAID");
        assertThat(order.get("amount").isIntegralNumber()).isTrue();
        assertThat(order.get("amount").asLong()).isEqualTo(22500L);
        assertThat(order.get("billNumber").asText()).isEqualTo(bill);
        assertThat(order.get("sofType").asText()).isEqualTo("vabca");
        assertThat(order.get("description").asText()).isEqualTo("Tagihan listrik");
        assertThat(order.at("/customer/email").asText()).isEqualTo("sari@example.com");
        assertThat(order.at("/customer/mobilePhone").asText()).isEqualTo("+6281234567890");

        // timeline: in time order, the arrows as they happened
        List<String> kinds = new ArrayList<>();
        OffsetDateTime previous = null;
        for (JsonNode e : story.get("timeline")) {
            assertThat(e.get("at").asText()).endsWith("+07:00");
            OffsetDateTime at = OffsetDateTime.parse(e.get("at").asText());
            if (previous != null) {
                assertThat(at).isAfterOrEqualTo(previous);
            }
            previous = at;
            kinds.add(e.get("kind").asText() + ":" + e.get("outcome").asText());
        }
        assertThat(kinds).containsSubsequence("mitra-request-payment:CREATED", "biller-inquiry:APPROVED",
                "selected-sof:OK", "payment-process:PROCESSING", "biller-payment:SENT", "biller-payment:PAID",
                "notification-attempt:DELIVERED");
        assertThat(kinds).filteredOn(k -> k.startsWith("notification-attempt")).hasSize(story.get("notifications").size());

        // biller: the inquiry, the payment message and its answer, with the traxId the biller got
        JsonNode biller = story.get("biller");
        assertThat(biller).hasSize(3);
        assertThat(biller.get(0).get("kind").asText()).isEqualTo("inquiry");
        assertThat(biller.get(1).get("kind").asText()).isEqualTo("payment");
        assertThat(biller.get(1).get("outcome").asText()).isEqualTo("SENT");
        assertThat(biller.get(2).get("kind").asText()).isEqualTo("payment");
        assertThat(biller.get(2).get("outcome").asText()).isEqualTo("PAID");
        assertThat(biller.get(2).get("resultCode").asText()).isEqualTo("00");
        JsonNode sent = hub.billerTransactions(bill);
        assertThat(sent).hasSize(1);
        assertThat(biller.get(1).get("traxId").asText()).isEqualTo(sent.get(0).get("traxId").asText());
        assertThat(biller.get(2).get("traxId").asText()).isEqualTo(sent.get(0).get("traxId").asText());

        // notifications: the one attempt, delivered
        JsonNode attempt = story.get("notifications").get(0);
        assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
        assertThat(attempt.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(attempt.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(attempt.get("paymentStatus").asText()).isEqualTo("PAID");
        assertThat(attempt.get("at").asText()).endsWith("+07:00");
        assertThat(story.get("refunds")).isEmpty();
        assertThat(story.get("actions")).isEmpty();
        assertThat(story.has("orderPk")).isFalse();
    }

    @Test
    void theStoryTellsTheRefundsTheMitrasAndTheAutomaticOne() {
        // A plain payment, paid, then partly refunded by its Mitra.
        String plain = orderId("OPSM");
        Answer init = hub.initiatePlain("""
                {"order":{"id":"%s","amount":"50000"},"customer":{"email":"sari@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(plain, hub.base()));
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        assertThat(hub.pay(init.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        hub.awaitStatus(plain, "PAID");
        Answer refund = hub.post("/pg/payment/card/refund", "{\"order\":{\"id\":\"" + plain + "\",\"amount\":\"20000\"}}",
                HubClient.MERCHANT, HubClient.KEY);
        assertThat(refund.json().get("responseCode").asText()).as(refund.body()).isEqualTo("2000000");
        JsonNode story = ok("/ops/api/orders/" + HubClient.MERCHANT + "/" + plain);
        assertThat(story.at("/order/status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(story.get("refunds")).hasSize(1);
        JsonNode r = story.get("refunds").get(0);
        assertThat(r.get("kind").asText()).isEqualTo("REFUND");
        assertThat(r.get("amount").isIntegralNumber()).isTrue();
        assertThat(r.get("amount").asLong()).isEqualTo(20000L);
        assertThat(r.get("state").asText()).isEqualTo("CONFIRMED");
        assertThat(r.get("at").asText()).endsWith("+07:00");
        assertThat(story.get("biller")).isEmpty();

        // A bill the biller refuses (05): the customer's whole payment goes back, the order ends REFUNDED.
        String bill = billNumber("0005");
        String refused = orderId("OPSB");
        Answer billInit = hub.initiateBill(core(refused, bill));
        assertThat(billInit.status()).as(billInit.body()).isEqualTo(200);
        assertThat(hub.pay(billInit.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        hub.awaitStatus(refused, "REFUNDED");
        JsonNode s2 = ok("/ops/api/orders/" + HubClient.MERCHANT + "/" + refused);
        long amount = s2.at("/order/amount").asLong();
        assertThat(amount).isEqualTo(13000L);
        assertThat(s2.get("refunds")).hasSize(1);
        JsonNode auto = s2.get("refunds").get(0);
        assertThat(auto.get("kind").asText()).isEqualTo("AUTOMATIC");
        assertThat(auto.get("amount").asLong()).isEqualTo(amount);
        assertThat(auto.get("state").asText()).isEqualTo("CONFIRMED");
        List<String> biller = new ArrayList<>();
        s2.get("biller").forEach(m -> biller.add(m.get("kind").asText() + ":" + m.get("outcome").asText() + ":"
                + m.get("resultCode").asText()));
        assertThat(biller).containsExactly("inquiry:APPROVED:null", "payment:SENT:null", "payment:REFUSED:05");
        List<String> kinds = new ArrayList<>();
        s2.get("timeline").forEach(e -> kinds.add(e.get("kind").asText() + ":" + e.get("outcome").asText()));
        assertThat(kinds).containsSubsequence("biller-payment:SENT", "biller-payment:REFUSED", "sof-refund:OK",
                "payment-refunded:REFUNDED");
    }

    @Test
    void anOrderWhoseBillerNeverAnswersWaitsInTheReviewQueue() {
        String bill = billNumber("0100");
        String id = orderId("OPSR");
        Answer init = hub.initiateBill(core(id, bill));
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        assertThat(hub.pay(init.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);

        // the first message and its repeats get no answer: PROCESSING, flagged for review
        JsonNode flagged = HubClient.await(() -> {
            JsonNode o = ok("/ops/api/orders?order=" + id).get("orders").get(0);
            return o != null && o.get("needsReview").asBoolean() ? o : null;
        }, id + " flagged for review");
        assertThat(flagged.get("status").asText()).isEqualTo("PROCESSING");
        assertThat(orderIds(ok("/ops/api/orders?review=true&bill=" + bill))).containsExactly(id);
        assertThat(orderIds(ok("/ops/api/orders?review=false&bill=" + bill))).isEmpty();

        // the queue: oldest flagged first, with since when and how long; ours is in it once
        List<JsonNode> queue = new ArrayList<>();
        String after = null;
        do {
            Answer a = hub.ops("/ops/api/review?limit=2" + (after == null ? "" : "&after=" + HubClient.q(after)));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            a.json().get("orders").forEach(queue::add);
            after = a.json().has("next") ? a.json().get("next").asText() : null;
        } while (after != null);
        OffsetDateTime previous = null;
        for (JsonNode o : queue) {
            assertThat(o.get("status").asText()).isEqualTo("PROCESSING");
            assertThat(o.get("needsReview").asBoolean()).isTrue();
            OffsetDateTime at = OffsetDateTime.parse(o.get("flaggedAt").asText());
            if (previous != null) {
                assertThat(at).isAfterOrEqualTo(previous);
            }
            previous = at;
        }
        List<JsonNode> mine = queue.stream().filter(o -> id.equals(o.get("orderId").asText())).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("flaggedAt").asText()).endsWith("+07:00");
        assertThat(mine.get(0).get("waitingSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(mine.get(0).get("billNumber").asText()).isEqualTo(bill);

        // its story: a payment message and two repeats of the same traxId, none answered, then the flag
        JsonNode story = ok("/ops/api/orders/" + HubClient.MERCHANT + "/" + id);
        List<String> biller = new ArrayList<>();
        Set<String> traxIds = new LinkedHashSet<>();
        story.get("biller").forEach(m -> {
            biller.add(m.get("kind").asText() + ":" + m.get("outcome").asText());
            if (!m.get("kind").asText().equals("inquiry")) {
                traxIds.add(m.get("traxId").asText());
            }
        });
        assertThat(biller).containsExactly("inquiry:APPROVED", "payment:SENT", "payment:UNKNOWN", "repeat:REPEATED",
                "repeat:UNKNOWN", "repeat:REPEATED", "repeat:UNKNOWN");
        assertThat(traxIds).hasSize(1);
        assertThat(hub.billerTransactions(bill)).hasSize(3);
        assertThat(story.at("/order/flaggedAt").asText()).isEqualTo(mine.get(0).get("flaggedAt").asText());
        List<String> kinds = new ArrayList<>();
        story.get("timeline").forEach(e -> kinds.add(e.get("kind").asText() + ":" + e.get("outcome").asText()));
        assertThat(kinds.get(kinds.size() - 1)).isEqualTo("manual-review:FLAGGED");

        // the gauge counts it (it is read at most every 5 seconds)
        HubClient.await(() -> {
            JsonNode m = hub.get("/actuator/metrics/loket.ops.review.orders").json();
            return m.at("/measurements/0/value").asDouble() >= 1 ? m : null;
        }, "the review gauge to count the flagged order");
    }

    @Test
    void badValuesAreRefusedWithTheirField() {
        String[][] cases = {
                {"status=NOPE", "status"}, {"status=paid", "status"},
                {"from=2026-13-01", "from"}, {"from=03-12-2026", "from"}, {"to=2026-12-3", "to"},
                {"from=2026-12-04&to=2026-12-03", "to"},
                {"review=yes", "review"}, {"review=1", "review"},
                {"limit=0", "limit"}, {"limit=201", "limit"}, {"limit=abc", "limit"},
                {"after=%21%21%21", "after"}, {"after=YWJj", "after"}, {"after=" + Page.cursor("x|1"), "after"},
        };
        for (String[] c : cases) {
            Answer a = hub.ops("/ops/api/orders?" + c[0]);
            assertThat(a.status()).as(c[0] + ": " + a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).isEqualTo("bad_request");
            assertThat(a.json().get("message").asText()).as(c[0]).startsWith(c[1] + ":");
        }
        for (String q : new String[] {"limit=0", "limit=x", "after=YWJj"}) {
            Answer a = hub.ops("/ops/api/review?" + q);
            assertThat(a.status()).as(q + ": " + a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).isEqualTo("bad_request");
        }
        assertThat(ok("/ops/api/orders?limit=1").get("orders").size()).isLessThanOrEqualTo(1);
        assertThat(ok("/ops/api/orders?limit=200").get("orders").size()).isLessThanOrEqualTo(200);
    }

    @Test
    void anUnknownOrderIs404() {
        String id = initiate("OPSN", billNumber("1100"));
        Answer a = hub.ops("/ops/api/orders/" + HubClient.MERCHANT + "/NO-SUCH-ORDER-77");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("error").asText()).isEqualTo("not_found");
        assertThat(a.json().get("message").asText()).isNotBlank();
        // the order exists, but not for that merchant
        Answer other = hub.ops("/ops/api/orders/" + OTHER + "/" + id);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("error").asText()).isEqualTo("not_found");
        assertThat(ok("/ops/api/orders/" + HubClient.MERCHANT + "/" + id).at("/order/status").asText())
                .isEqualTo("REQUEST_INITIATED");
    }

    @Test
    void withoutAnOperatorsCredentialsNothingIsShown() {
        String id = initiate("OPSA", billNumber("1100"));
        for (String path : new String[] {"/ops/api/orders", "/ops/api/orders/" + HubClient.MERCHANT + "/" + id,
                "/ops/api/review"}) {
            assertThat(hub.get(path).status()).as(path).isEqualTo(401);
            assertThat(hub.get(path, HubClient.OPERATOR, "not-the-password").status()).as(path).isEqualTo(401);
            // a merchant's credentials are not an operator's
            Answer merchant = hub.get(path, HubClient.MERCHANT, HubClient.KEY);
            assertThat(merchant.status()).as(path).isEqualTo(401);
            assertThat(merchant.body()).doesNotContain("\"orders\"", "\"timeline\"", "sari@example.com");
        }
    }
}
