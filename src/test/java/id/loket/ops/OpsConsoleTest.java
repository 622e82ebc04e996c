package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operators' console over real HTTP, as a browser uses it: the login form, the session cookie,
 * each page's CSRF token, the post/redirect/get of every action. Orders are made through the Mitra
 * API and driven by the sandbox (a bill ending {@code 0100} never gets the biller's answer, so its
 * order ends PROCESSING and flagged for review).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpsConsoleTest {

    static final int PORT = HubTestSupport.freePort();
    static final AtomicInteger SEQ = new AtomicInteger();
    static final String MARKUP = "<script>alert('x')</script>";

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "opsconsole", PORT);
        registry.add("hub.security.auth-failures-per-minute", () -> "1000000");
        // One person with both roles (may not approve their own proposal), and one who only reads.
        registry.add("hub.operators.boss.password", () -> "{noop}boss-secret");
        registry.add("hub.operators.boss.roles", () -> "viewer,operator,approver");
        registry.add("hub.operators.watcher.password", () -> "{noop}watcher-secret");
        registry.add("hub.operators.watcher.roles", () -> "viewer");
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    static String billNumber(String suffix) {
        return "77" + (System.nanoTime() % 1_000_000) + SEQ.incrementAndGet() + suffix;
    }

    ConsoleClient as(String name, String password) {
        return new ConsoleClient(PORT).loggedIn(name, password);
    }

    /** A bill paid by VA in core mode; with a {@code 0100} bill it ends PROCESSING, flagged for review. */
    String paidBill(String orderId, String billNumber, String description) {
        return paidBill(orderId, billNumber, description, () -> { });
    }

    /** ... with {@code beforePaying} run once the order exists (and the biller's inquiry is in). */
    String paidBill(String orderId, String billNumber, String description, Runnable beforePaying) {
        Answer a = hub.initiateBill("""
                {"order":{"id":"%s","description":%s},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, HubClient.JSON.valueToTree(description).toString(), hub.base(), billNumber));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        beforePaying.run();
        assertThat(hub.pay(a.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        return orderId;
    }

    String inReview(ConsoleClient console, String prefix, String description) {
        String orderId = orderId(prefix);
        paidBill(orderId, billNumber("0100"), description, () -> jdbc.update(
                "UPDATE payment_order SET customer_name = ? WHERE order_id = ?", "SITI " + MARKUP, orderId));
        HubClient.await(() -> console.page("/ops/review").body().contains(">" + orderId + "<") ? true : null,
                orderId + " in the review queue");
        return orderId;
    }

    static String orderPage(String orderId) {
        return "/ops/orders/" + HubClient.MERCHANT + "/" + ConsoleClient.seg(orderId);
    }

    /** No inline script or style anywhere (the console's CSP allows neither), and every text found in the bundle. */
    static void noInlineCode(String html) {
        assertThat(html).doesNotContain("??ops.").doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\son[a-z]+=")
                .doesNotContainPattern("(?i)javascript:");
    }

    static long actionId(String html, String orderId) {
        Matcher m = Pattern.compile("data-action-id=\"(\\d+)\" data-order-id=\"" + Pattern.quote(orderId) + "\"")
                .matcher(html);
        assertThat(m.find()).as("a pending action of " + orderId + " in:\n" + html).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theConsoleAsksForALoginThenShowsTheOperatorAndTheirRoles() {
        ConsoleClient anonymous = new ConsoleClient(PORT);
        Answer away = anonymous.get("/ops/");
        assertThat(away.status()).isEqualTo(302);
        assertThat(away.header("Location")).endsWith("/ops/login");

        ConsoleClient ops = as("ops", "ops-secret");
        Answer search = ops.page("/ops/");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).contains("id=\"operator-name\" class=\"name\">ops<")
                .contains(">viewer, operator<")
                .contains("action=\"/ops/logout\"")
                .contains("href=\"/ops/assets/ops.css\"");
        ConsoleClient.formToken(search.body());
        noInlineCode(search.body());
        for (String page : new String[] {"/ops/review", "/ops/approvals", "/ops/audit", "/ops/health", "/ops/flow"}) {
            Answer a = ops.page(page);
            assertThat(a.status()).as(page + ": " + a.body()).isEqualTo(200);
            noInlineCode(a.body());
            assertThat(a.header("Content-Security-Policy")).isEqualTo(OpsSecurity.CSP);
            assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(ops.get("/ops/assets/ops.css").body()).contains("@media (max-width:600px)");

        // Logging out ends the session: the console asks for a login again.
        Answer out = ops.submit("/ops/", "/ops/logout", Map.of());
        assertThat(out.status()).isEqualTo(302);
        assertThat(ops.get("/ops/").header("Location")).endsWith("/ops/login");
    }

    @Test
    void anOrderTheBillerNeverAnsweredIsFoundResolvedPaidAndApprovedByAnother() {
        ConsoleClient ops = as("ops", "ops-secret");
        String orderId = inReview(ops, "CRV", "Tagihan " + MARKUP);
        String page = orderPage(orderId);

        // Found by its id, its bill number, and among those flagged for review; the row leads to its page.
        Answer byId = ops.page("/ops/?orderId=" + HubClient.q(orderId));
        assertThat(byId.body()).contains("href=\"" + page + "\"").contains("tag review");
        assertThat(ops.page("/ops/?review=true&status=PROCESSING").body()).contains(">" + orderId + "<");

        Answer order = ops.page(page);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.body()).contains("data-status=\"PROCESSING\"").contains("id=\"timeline\"")
                .contains("id=\"retry-form\"").contains("id=\"resolve-form\"")
                .doesNotContain("id=\"resend-form\"").doesNotContain("id=\"refund-form\"");
        // The description and the biller's customer name hold markup: shown as text.
        assertThat(order.body()).contains("Tagihan &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("id=\"order-bill-customer\">SITI &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<");
        noInlineCode(order.body());

        // A form without the page's CSRF token is refused.
        Answer forged = ops.postForm(page + "/resolve", Map.of("outcome", "PAID", "billerReference", "X", "reason", "r"));
        assertThat(forged.status()).isEqualTo(403);

        Answer proposed = ops.submit(page, page + "/resolve",
                Map.of("outcome", "PAID", "billerReference", "FN-REF-7781", "reason", "the biller confirmed by phone"));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(302);
        assertThat(proposed.header("Location")).endsWith(page);
        Answer after = ops.page(page);
        assertThat(after.body()).contains("id=\"notice\"").contains("waits for another person")
                .contains("data-state=\"PENDING_APPROVAL\"").contains("data-status=\"PROCESSING\"");

        // The proposer is no approver: the approvals page shows the proposal without buttons.
        Answer opsApprovals = ops.page("/ops/approvals");
        long id = actionId(opsApprovals.body(), orderId);
        assertThat(opsApprovals.body()).doesNotContain("id=\"approve-" + id + "\"");
        assertThat(as("watcher", "watcher-secret").page("/ops/approvals").body())
                .contains("data-action-id=\"" + id + "\"").doesNotContain("id=\"approve-" + id + "\"");

        ConsoleClient lead = as("lead", "lead-secret");
        Answer leadApprovals = lead.page("/ops/approvals");
        assertThat(leadApprovals.body()).contains("id=\"approve-" + id + "\"").contains("id=\"reject-" + id + "\"");
        Answer approved = lead.submit("/ops/approvals", "/ops/actions/" + id + "/approve", Map.of("comment", "checked the biller's report"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(302);
        assertThat(lead.page("/ops/approvals").body()).contains("id=\"notice\"").contains(": done.")
                .doesNotContain("data-action-id=\"" + id + "\"");

        HubClient.await(() -> ops.page(page).body().contains("data-status=\"PAID\"") ? true : null, orderId + " PAID");
        Answer paid = ops.page(page);
        assertThat(paid.body()).contains("data-needs-review=\"false\"").contains("data-state=\"DONE\"")
                .contains(">lead<").contains("checked the biller&#39;s report");
        assertThat(hub.awaitNotification(orderId, n -> "PAID".equals(n.path("status").asText())).toString())
                .contains("FN-REF-7781");
        assertThat(ops.page("/ops/review").body()).doesNotContain(">" + orderId + "<");

        // The audit trail holds the proposal and the approval.
        String audit = lead.page("/ops/audit").body();
        assertThat(audit).containsPattern("data-action=\"PROPOSE\" data-outcome=\"OK\">\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>ops</td>")
                .containsPattern("data-action=\"APPROVE\" data-outcome=\"OK\">\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>lead</td>")
                .contains(">" + HubClient.MERCHANT + " / " + orderId + "<");
    }

    @Test
    void nobodyApprovesTheirOwnProposalAndAnotherApproverMayRejectIt() {
        ConsoleClient boss = as("boss", "boss-secret");
        String orderId = inReview(boss, "COWN", "Tagihan");
        String page = orderPage(orderId);
        assertThat(boss.submit(page, page + "/resolve", Map.of("outcome", "NOT_PAID", "reason", "the biller has no record"))
                .status()).isEqualTo(302);

        Answer own = boss.page("/ops/approvals");
        long id = actionId(own.body(), orderId);
        assertThat(own.body()).contains("Your own proposal").doesNotContain("id=\"approve-" + id + "\"")
                .doesNotContain("id=\"reject-" + id + "\"");
        // A forged approval of one's own proposal is refused with its status and message on the page.
        Answer forged = boss.submit("/ops/approvals", "/ops/actions/" + id + "/approve", Map.of("comment", "mine"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("id=\"problem-status\">403<");

        ConsoleClient lead = as("lead", "lead-secret");
        Answer rejected = lead.submit(page, "/ops/actions/" + id + "/reject",
                Map.of("comment", "ask the biller first", "back", "order"));
        assertThat(rejected.status()).isEqualTo(302);
        assertThat(rejected.header("Location")).endsWith(page);
        Answer after = lead.page(page);
        assertThat(after.body()).contains("data-state=\"REJECTED\"").contains("ask the biller first")
                .contains("data-status=\"PROCESSING\"");
    }

    @Test
    void aPaidBillOffersOnlyTheResendAndARefusalShowsItsStatus() {
        String orderId = paidBill(orderId("CPD"), billNumber("1234"), "Tagihan");
        hub.awaitStatus(orderId, "PAID");
        String page = orderPage(orderId);

        ConsoleClient ops = as("ops", "ops-secret");
        Answer order = ops.page(page);
        assertThat(order.body()).contains("id=\"resend-form\"").doesNotContain("id=\"resolve-form\"")
                .doesNotContain("id=\"retry-form\"").doesNotContain("id=\"refund-form\"");
        hub.awaitNotification(orderId, n -> "PAID".equals(n.path("status").asText()));

        Answer resent = ops.submit(page, page + "/resend", Map.of());
        assertThat(resent.status()).as(resent.toString()).isEqualTo(302);
        assertThat(ops.page(page).body()).contains("id=\"notice\"").contains("Resend of the notification");
        HubClient.await(() -> hub.notifications(orderId).size() >= 2 ? true : null, "the notification sent again");

        // A resolution of a PAID order is refused: 409, the message on the order's page.
        Answer refused = ops.submit(page, page + "/resolve", Map.of("outcome", "PAID", "billerReference", "R", "reason", "r"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"problem-status\">409<").contains("id=\"order-id\">" + orderId + "<");

        // A viewer sees no buttons, and a forged form is refused with 403.
        ConsoleClient watcher = as("watcher", "watcher-secret");
        assertThat(watcher.page(page).body()).doesNotContain("id=\"resend-form\"").contains("id=\"timeline\"");
        Answer notAllowed = watcher.submit(page, page + "/resend", Map.of());
        assertThat(notAllowed.status()).isEqualTo(403);
        assertThat(notAllowed.body()).contains("id=\"problem-status\">403<");

        // An order that does not exist: 404 with its message.
        Answer unknown = ops.page("/ops/orders/" + HubClient.MERCHANT + "/NO-SUCH-ORDER");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("id=\"error-status\">404<");
    }

    @Test
    void aPlainPaymentIsRefundedThroughTheConsoleOnceApproved() {
        String orderId = orderId("CRF");
        Answer a = hub.initiatePlain("""
                {"order":{"id":"%s","amount":"30000"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, hub.base()));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(hub.pay(a.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        hub.awaitStatus(orderId, "PAID");
        String page = orderPage(orderId);

        ConsoleClient ops = as("ops", "ops-secret");
        assertThat(ops.page(page).body()).contains("id=\"refund-form\"").contains("id=\"resend-form\"");
        Answer proposed = ops.submit(page, page + "/refund", Map.of("amount", "10000", "reason", "customer complaint 4411"));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(302);

        ConsoleClient lead = as("lead", "lead-secret");
        long id = actionId(lead.page("/ops/approvals").body(), orderId);
        assertThat(lead.submit("/ops/approvals", "/ops/actions/" + id + "/approve", Map.of("comment", "ok")).status())
                .isEqualTo(302);
        HubClient.await(() -> ops.page(page).body().contains("data-status=\"PARTIALLY_REFUNDED\"") ? true : null,
                orderId + " partially refunded");
        assertThat(ops.page(page).body()).contains("id=\"refunds\"").contains("Rp 10.000");
    }

    @Test
    void listsGoOnWithTheirNextPageLinks() {
        String first = paidBill(orderId("CPG"), billNumber("1235"), "Tagihan");
        String second = paidBill(orderId("CPG"), billNumber("1236"), "Tagihan");
        hub.awaitStatus(first, "PAID");
        hub.awaitStatus(second, "PAID");
        ConsoleClient ops = as("ops", "ops-secret");

        Answer one = ops.page("/ops/?merchant=" + HubClient.MERCHANT + "&limit=1");
        String next = HubClient.find(one.body(), "id=\"next-page\" href=\"([^\"]+)\"").replace("&amp;", "&");
        assertThat(next).contains("limit=1").contains("merchant=" + HubClient.MERCHANT).contains("after=");
        String firstRow = HubClient.find(one.body(), "data-order-id=\"([^\"]+)\"");
        Answer two = ops.page(next);
        assertThat(two.status()).isEqualTo(200);
        assertThat(HubClient.find(two.body(), "data-order-id=\"([^\"]+)\"")).isNotEqualTo(firstRow);

        Answer audit = ops.page("/ops/audit?limit=1");
        String auditNext = HubClient.find(audit.body(), "id=\"next-page\" href=\"([^\"]+)\"").replace("&amp;", "&");
        assertThat(ops.page(auditNext).status()).isEqualTo(200);

        // A cursor that is not one is a 400 on the page.
        Answer bad = ops.page("/ops/?after=%21%21");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-status\">400<");
    }
}
