package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.LoketApplication;
import id.loket.codec.Php;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may operate (operations.md): HTTP Basic on the operations API, the console's form login with
 * its session and CSRF token, the throttle of failed logins, and that none of it leaks into the Mitra
 * API. A context of its own: it blocks client addresses, and it runs the hub as behind a reverse proxy
 * ({@code server.forward-headers-strategy=native}), so that each test calls from an address of its own
 * ({@code X-Forwarded-For}) and an https request can be told apart ({@code X-Forwarded-Proto}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureObservability
class OpsSecurityTest {

    static final int PORT = HubTestSupport.freePort();
    static final int FAILURES_PER_MINUTE = 5;
    static final AtomicInteger ADDRESS = new AtomicInteger(10);
    static final String CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    final HubClient hub = new HubClient(PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "ops_security", PORT);
        registry.add("hub.security.auth-failures-per-minute", () -> FAILURES_PER_MINUTE);
        registry.add("server.forward-headers-strategy", () -> "native");
        // Hashes made by PHP's password_hash ($2y$), with Spring's prefix and bare
        String php = Php.run("<?php echo password_hash('php-secret', PASSWORD_BCRYPT), \"\\n\","
                + " password_hash('bare-secret', PASSWORD_BCRYPT);", "");
        String[] hashes = php.trim().split("\n");
        assertThat(hashes[0]).startsWith("$2y$");
        registry.add("hub.operators.phpviewer.password", () -> "{bcrypt}" + hashes[0]);
        registry.add("hub.operators.phpviewer.roles", () -> "viewer");
        registry.add("hub.operators.bare.password", () -> hashes[1]);
        registry.add("hub.operators.bare.roles", () -> "operator");
        // an operator who may log in but has no role at all
        registry.add("hub.operators.nobody.password", () -> "{bcrypt}" + new BCryptPasswordEncoder().encode("nobody-secret"));
        registry.add("hub.operators.nobody.roles", () -> "");
    }

    /** A client address of its own for each test (the hub trusts 127.0.0.1 as its proxy). */
    static String newAddress() {
        return "198.51.100." + ADDRESS.incrementAndGet();
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer api(String method, String path, String authorization, String client) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (client != null) {
            b.header("X-Forwarded-For", client);
        }
        return hub.send(b);
    }

    static void assertError(Answer a, int status, String error) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/json");
        assertThat(a.header("Cache-Control")).as(a.toString()).isEqualTo("no-store");
        assertThat(a.json().path("error").asText()).as(a.toString()).isEqualTo(error);
        assertThat(a.json().path("message").asText()).as(a.toString()).isNotBlank();
    }

    /** The audit trail's entries, newest first, as the lead reads them over the API. */
    List<JsonNode> audit() {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            Answer a = api("GET", "/ops/api/audit?limit=200" + (after == null ? "" : "&after=" + after),
                    basic("lead", "lead-secret"), "192.0.2.1");
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            a.json().path("entries").forEach(all::add);
            after = a.json().path("next").isMissingNode() ? null : a.json().path("next").asText();
        } while (after != null);
        return all;
    }

    List<JsonNode> audit(String actor, String action, String outcome, String client) {
        return audit().stream().filter(e -> e.path("actor").asText().equals(actor)
                && e.path("action").asText().equals(action) && e.path("outcome").asText().equals(outcome)
                && e.path("clientAddress").asText().equals(client)).toList();
    }

    // ------------------------------------------------------------------ the operations API

    @Test
    void theApiWithoutCredentialsIs401AskingForBasic() {
        for (String path : new String[] {"/ops/api/audit", "/ops/api/health", "/ops/api/orders", "/ops/api/nothing"}) {
            Answer a = api("GET", path, null, newAddress());
            assertError(a, 401, "unauthorized");
            assertThat(a.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Loket operations\"");
            assertThat(a.header("Set-Cookie")).as("no session on the API").isNull();
        }
        // a malformed Authorization header is no better
        assertError(api("GET", "/ops/api/audit", "Basic !!!", newAddress()), 401, "unauthorized");
        assertError(api("GET", "/ops/api/audit", "Bearer abc", newAddress()), 401, "unauthorized");
    }

    @Test
    void merchantCredentialsNeverWorkOnTheOperationsApiNorOnTheConsole() {
        String client = newAddress();
        Answer a = api("GET", "/ops/api/orders", basic(HubClient.MERCHANT, HubClient.KEY), client);
        assertError(a, 401, "unauthorized");
        assertThat(a.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Loket operations\"");
        assertError(api("GET", "/ops/api/audit", basic(HubClient.MERCHANT, HubClient.KEY), client), 401, "unauthorized");

        Browser browser = new Browser(client);
        Answer login = browser.login(HubClient.MERCHANT, HubClient.KEY);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/ops/login?error");
        assertThat(browser.get("/ops/").status()).as("still not logged in").isEqualTo(302);

        // each attempt is in the audit trail under the name it tried, with the address it came from
        assertThat(audit(HubClient.MERCHANT, "LOGIN", "FAILED", client)).extracting(e -> e.path("detail").asText())
                .containsExactly("console: Bad credentials", "HTTP Basic: Bad credentials", "HTTP Basic: Bad credentials");
    }

    @Test
    void operatorCredentialsNeverWorkOnTheMitraApi() {
        for (String[] op : new String[][] {{"ops", "ops-secret"}, {"lead", "lead-secret"}}) {
            Answer a = api("GET", "/sof/bp/checkCard/NO-SUCH", basic(op[0], op[1]), newAddress());
            assertThat(a.status()).as(a.toString()).isEqualTo(401);
            assertThat(a.json().path("responseCode").asText()).as(a.toString()).isEqualTo("4010000");
        }
    }

    @Test
    void anOperatorWithoutTheRoleIs403() {
        String client = newAddress();
        // no role at all: may log in, may read nothing
        assertError(api("GET", "/ops/api/audit", basic("nobody", "nobody-secret"), client), 403, "forbidden");
        assertError(api("GET", "/ops/api/health", basic("nobody", "nobody-secret"), client), 403, "forbidden");
        // a viewer may not act on an order
        assertError(api("POST", "/ops/api/orders/FINPAY770/ORD1/resend", basic("phpviewer", "php-secret"), client),
                403, "forbidden");
        assertError(api("POST", "/ops/api/orders/FINPAY770/ORD1/resolve", basic("lead", "lead-secret"), client),
                403, "forbidden");
        // an operator reads: the role operator includes viewer
        assertThat(api("GET", "/ops/api/audit", basic("bare", "bare-secret"), client).status()).isEqualTo(200);
    }

    @Test
    void aRequestAnotherSitesPageMadeNeverReachesTheApi() {
        // a browser that has the operator's Basic credentials sends them along, whoever made the request
        String client = newAddress();
        for (String site : new String[] {"cross-site", "same-site"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + "/ops/api/orders/FINPAY770/ORD1/resend"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", basic("ops", "ops-secret")).header("X-Forwarded-For", client)
                    .header("Sec-Fetch-Site", site).header("Origin", "https://evil.example");
            assertError(hub.send(b), 403, "forbidden");
            assertError(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ops/api/audit")).GET()
                    .header("Authorization", basic("ops", "ops-secret")).header("X-Forwarded-For", client)
                    .header("Sec-Fetch-Site", site)), 403, "forbidden");
        }
        // the console's own pages, and scripts (which send no such header), are served
        Answer own = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ops/api/audit?limit=1")).GET()
                .header("Authorization", basic("ops", "ops-secret")).header("X-Forwarded-For", client)
                .header("Sec-Fetch-Site", "same-origin"));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(audit("ops", "LOGIN", "OK", client)).as("refused before any login").hasSize(1);
    }

    @Test
    void passwordHashesMadeByPhpWork() {
        String client = newAddress();
        assertThat(api("GET", "/ops/api/audit", basic("phpviewer", "php-secret"), client).status()).isEqualTo(200);
        assertThat(api("GET", "/ops/api/audit", basic("bare", "bare-secret"), client).status()).isEqualTo(200);
        assertError(api("GET", "/ops/api/audit", basic("phpviewer", "bare-secret"), client), 401, "unauthorized");
        assertError(api("GET", "/ops/api/audit", basic("bare", "php-secret"), client), 401, "unauthorized");
        assertThat(new Browser(newAddress()).login("phpviewer", "php-secret").header("Location")).endsWith("/ops/");
    }

    @Test
    void aSuccessfulBasicLoginIsAuditedOncePerOperatorAndAddress() {
        String client = newAddress();
        for (int i = 0; i < 4; i++) {
            Answer a = api("GET", "/ops/api/audit?limit=1", basic("ops", "ops-secret"), client);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
            assertThat(a.header("Set-Cookie")).isNull();
        }
        assertThat(audit("ops", "LOGIN", "OK", client)).hasSize(1);
        // another address is another login
        String other = newAddress();
        api("GET", "/ops/api/audit?limit=1", basic("ops", "ops-secret"), other);
        assertThat(audit("ops", "LOGIN", "OK", other)).hasSize(1);
    }

    // ------------------------------------------------------------------ the console

    /** A browser: its cookies, its address, the console's pages and forms. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HubClient http = HubClient.withCookies(PORT, cookies);
        final String client;

        Browser(String client) {
            this.client = client;
        }

        Answer get(String path) {
            return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).GET()
                    .header("Accept", "text/html").header("X-Forwarded-For", client));
        }

        Answer post(String path, Map<String, String> form) {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(HubClient.q(k)).append('=')
                    .append(HubClient.q(v)));
            return http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        }

        /** The CSRF token of the login page's form. */
        String csrf() {
            Answer page = get("/ops/login");
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(m.find()).as(page.body()).isTrue();
            return m.group(1);
        }

        Answer login(String name, String password) {
            return post("/ops/login", Map.of("username", name, "password", password, "_csrf", csrf()));
        }

        String session() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }
    }

    @Test
    void theLoginPageIsAPlainFormWithItsToken() {
        Browser browser = new Browser(newAddress());
        Answer page = browser.get("/ops/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/ops/login\">", "name=\"username\"",
                "name=\"password\"", "name=\"_csrf\"", "href=\"/ops/assets/ops.css\"");
        assertThat(page.body()).doesNotContain("Wrong name or password", "Too many failed logins", "signed out");
        assertThat(browser.get("/ops/login?error").body()).contains("Wrong name or password");
        assertThat(browser.get("/ops/login?logout").body()).contains("You are signed out");
        // what every /ops page sends
        for (Answer a : List.of(page, browser.get("/ops/"), api("GET", "/ops/api/audit", null, newAddress()))) {
            assertThat(a.header("Content-Security-Policy")).as(a.toString()).isEqualTo(CSP);
            assertThat(a.header("X-Frame-Options")).as(a.toString()).isEqualTo("DENY");
            assertThat(a.header("Cache-Control")).as(a.toString()).isEqualTo("no-store");
        }
        // the console's other pages need a login
        Answer console = browser.get("/ops/");
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).endsWith("/ops/login");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindHttps() {
        Browser browser = new Browser(newAddress());
        String cookie = browser.get("/ops/login").header("Set-Cookie");
        assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
        // behind a proxy that ended TLS (X-Forwarded-Proto from a trusted proxy), the cookie is Secure too
        Answer overHttps = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ops/login")).GET()
                .header("X-Forwarded-For", newAddress()).header("X-Forwarded-Proto", "https"));
        assertThat(overHttps.status()).isEqualTo(200);
        assertThat(overHttps.header("Set-Cookie")).startsWith("JSESSIONID=").contains("HttpOnly", "SameSite=Strict", "Secure");
    }

    @Test
    void theFormLoginNeedsItsTokenChangesTheSessionAndIsAudited() {
        String client = newAddress();
        Browser browser = new Browser(client);
        String csrf = browser.csrf();
        String before = browser.session();
        assertThat(before).as("the login page's session, holding its CSRF token").isNotNull();

        // without the token, or with another one: 403, and nobody is logged in
        assertThat(browser.post("/ops/login", Map.of("username", "ops", "password", "ops-secret")).status())
                .isEqualTo(403);
        assertThat(browser.post("/ops/login", Map.of("username", "ops", "password", "ops-secret", "_csrf", "forged"))
                .status()).isEqualTo(403);
        assertThat(browser.get("/ops/").status()).isEqualTo(302);

        // a wrong password: back to the page, with the message, and an audit entry
        Answer wrong = browser.post("/ops/login", Map.of("username", "ops", "password", "guess", "_csrf", csrf));
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(wrong.header("Location")).endsWith("/ops/login?error");
        assertThat(browser.get("/ops/login?error").body()).contains("Wrong name or password");
        assertThat(audit("ops", "LOGIN", "FAILED", client)).hasSize(1);

        Answer ok = browser.login("ops", "ops-secret");
        assertThat(ok.status()).isEqualTo(302);
        assertThat(ok.header("Location")).endsWith("/ops/");
        String after = browser.session();
        assertThat(after).as("session fixation: the id changes at login").isNotNull().isNotEqualTo(before);
        assertThat(ok.header("Set-Cookie")).contains("HttpOnly", "SameSite=Strict");
        assertThat(browser.get("/ops/").status()).as("logged in: no more sent to the login").isNotEqualTo(302);
        assertThat(audit("ops", "LOGIN", "OK", client)).hasSize(1);

        // the old session id is worth nothing
        Answer withOld = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ops/")).GET()
                .header("Cookie", "JSESSIONID=" + before).header("X-Forwarded-For", client));
        assertThat(withOld.status()).isEqualTo(302);
        assertThat(withOld.header("Location")).endsWith("/ops/login");

        // logout: a POST with the token
        assertThat(browser.post("/ops/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser.get("/ops/").status()).as("a logout without its token does nothing").isNotEqualTo(302);
        Answer logout = browser.post("/ops/logout", Map.of("_csrf", browser.csrf()));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.header("Location")).endsWith("/ops/login?logout");
        assertThat(browser.get("/ops/").status()).isEqualTo(302);
        Answer withLoggedOut = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ops/")).GET()
                .header("Cookie", "JSESSIONID=" + after).header("X-Forwarded-For", client));
        assertThat(withLoggedOut.status()).isEqualTo(302);
        assertThat(audit("ops", "LOGOUT", "OK", client)).hasSize(1);
    }

    // ------------------------------------------------------------------ throttling

    @Test
    void anAddressThatKeepsFailingIsNotEvenChecked() throws Exception {
        // The window is a calendar minute: start with at least 20 s of it left.
        await().atMost(Duration.ofSeconds(41)).until(() -> System.currentTimeMillis() % 60_000 <= 40_000);
        double failuresBefore = failuresCounted();
        String client = newAddress();
        Browser browser = new Browser(client);
        for (int i = 0; i < FAILURES_PER_MINUTE; i++) {
            if (i % 2 == 0) {
                assertError(api("GET", "/ops/api/audit", basic("ops", "guess-" + i), client), 401, "unauthorized");
            } else {
                assertThat(browser.login("lead", "guess-" + i).header("Location")).endsWith("/ops/login?error");
            }
        }
        // now even the right password is refused, unchecked
        assertError(api("GET", "/ops/api/audit", basic("ops", "ops-secret"), client), 429, "too_many_requests");
        assertError(api("GET", "/ops/api/health", null, client), 429, "too_many_requests");
        Answer form = browser.login("ops", "ops-secret");
        assertThat(form.header("Location")).endsWith("/ops/login?error");
        Answer page = browser.get("/ops/login?error");
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.body()).contains("Too many failed logins").doesNotContain("Wrong name or password");
        assertThat(browser.get("/ops/").status()).isEqualTo(302);

        // another address is not affected
        String other = newAddress();
        assertThat(api("GET", "/ops/api/audit", basic("ops", "ops-secret"), other).status()).isEqualTo(200);
        assertThat(new Browser(other).login("ops", "ops-secret").header("Location")).endsWith("/ops/");
        // nor is the Mitra API from the blocked address: its throttle counts apart
        Answer mitra = api("GET", "/sof/bp/checkCard/NO-SUCH", basic(HubClient.MERCHANT, HubClient.KEY), client);
        assertThat(mitra.json().path("responseCode").asText()).as(mitra.toString()).isEqualTo("4040001");

        // the failures that were checked are audited and counted; the unchecked ones are not
        List<JsonNode> audited = audit().stream().filter(e -> e.path("clientAddress").asText().equals(client)
                && e.path("action").asText().equals("LOGIN")).toList();
        assertThat(audited).hasSize(FAILURES_PER_MINUTE).allMatch(e -> e.path("outcome").asText().equals("FAILED"));
        assertThat(failuresCounted() - failuresBefore).isEqualTo(FAILURES_PER_MINUTE);
    }

    double failuresCounted() {
        Answer metrics = hub.get("/actuator/prometheus");
        Matcher m = Pattern.compile("(?m)^loket_ops_login_failures_total(?:\\{[^}]*})? (\\S+)$").matcher(metrics.body());
        assertThat(m.find()).as(metrics.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    // ------------------------------------------------------------------ the rest of the hub keeps its answers

    @Test
    void theMitraApiCarriesNothingOfSpringSecurity() {
        Answer a = hub.get("/sof/bp/checkCard/NO-SUCH", HubClient.MERCHANT, HubClient.KEY);
        assertThat(a.json().path("responseCode").asText()).isEqualTo("4040001");
        Answer refused = hub.get("/sof/bp/checkCard/NO-SUCH", "ops", "ops-secret");
        for (Answer x : List.of(a, refused)) {
            assertThat(x.header("Set-Cookie")).as(x.toString()).isNull();
            assertThat(x.header("X-Frame-Options")).as(x.toString()).isNull();
            assertThat(x.header("Content-Security-Policy")).as(x.toString()).isNull();
            assertThat(x.header("X-Content-Type-Options")).as(x.toString()).isNull();
            assertThat(x.header("WWW-Authenticate")).as(x.toString()).isNull();
            assertThat(x.header("Cache-Control")).as(x.toString()).isEqualTo("no-store");
        }
    }

    /** Sends {@code request} as it is on a socket; returns the status and the body. */
    static String[] raw(String target) throws Exception {
        try (Socket s = new Socket("localhost", PORT)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + basic(HubClient.MERCHANT, HubClient.KEY) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return new String[] {text.substring(9, 12), text};
        }
    }

    @Test
    void urlsSpringSecuritysFirewallWouldRefuseAreTheMitraApisOwnOutsideOps() throws Exception {
        // Spring Security's firewall refuses these (400); outside /ops it never sees them, and the Mitra
        // API answers them itself: as the same path written plainly (an unknown order, 4040001), or,
        // for a doubled slash, as a path it does not have (4040000)
        Map<String, String> answers = Map.of("/sof/bp/checkCard/NO-SUCH", "4040001",
                "/sof/bp/checkCard;x=1/NO-SUCH", "4040001",
                "/sof/bp/checkCard/NO-SUCH;jsessionid=ABC", "4040001",
                "/sof/bp/%63heckCard/NO-SUCH", "4040001",
                "/sof/bp//checkCard/NO-SUCH", "4040000");
        answers.forEach((target, code) -> {
            String[] a;
            try {
                a = raw(target);
            } catch (Exception e) {
                throw new AssertionError(target, e);
            }
            assertThat(a[0]).as(a[1]).isEqualTo("404");
            assertThat(a[1]).as(target).contains("\"responseCode\":\"" + code + "\"")
                    .doesNotContainIgnoringCase("X-Frame-Options").doesNotContainIgnoringCase("Set-Cookie");
        });
        // under /ops they are refused
        String[] ops = raw("/ops/api//audit");
        assertThat(ops[0]).as(ops[1]).isEqualTo("400");
        assertThat(raw("/ops;x=1/api/audit")[0]).isEqualTo("400");
    }

    // ------------------------------------------------------------------ configuration mistakes

    static String startFailure(String property, String value) {
        // command-line arguments, so that they win over config/application.yaml (the hub's ./data stays untouched)
        String[] args = {"--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:ops_bad_config_" + java.util.UUID.randomUUID(),
                "--hub.operators.mistaken.password={bcrypt}" + new BCryptPasswordEncoder().encode("x"),
                "--" + property + "=" + value};
        SpringApplicationBuilder app = new SpringApplicationBuilder(LoketApplication.class);
        List<String> messages = new ArrayList<>();
        assertThatThrownBy(() -> app.run(args).close()).satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(t.getMessage());
            }
        });
        return String.join(" / ", messages);
    }

    @Test
    void anUnknownRoleOrAPasswordThatIsNoHashFailsTheStart() {
        assertThat(startFailure("hub.operators.mistaken.roles", "viewer,admin"))
                .contains("hub.operators.mistaken.roles", "admin");
        assertThat(startFailure("hub.operators.mistaken.password", "ops-secret"))
                .contains("hub.operators.mistaken.password");
        assertThat(startFailure("hub.operators.mistaken.password", "{bcrpyt}$2a$10$OWQCV8t40kRY1q.ynaE5buVIFfGvJJ137n3uFw0Xu5iYRHSJOvFrC"))
                .contains("hub.operators.mistaken.password");
    }
}
