package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hub's client as an operator's browser uses the console: it keeps the session cookie, logs in
 * with the login form (its CSRF token), and posts the console's forms with the token of the page
 * they are on.
 */
class ConsoleClient extends HubClient {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    ConsoleClient(int port) {
        super(port);
    }

    @Override
    public Answer send(HttpRequest.Builder builder) {
        if (!cookies.isEmpty()) {
            builder.setHeader("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Answer a = super.send(builder);
        if (a.raw() != null) {
            for (String set : a.raw().headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return a;
    }

    /** Logs in through the form; the answer is the form's redirect. */
    Answer login(String name, String password) {
        Answer form = get("/ops/login");
        assertThat(form.status()).as("the login page").isEqualTo(200);
        return postForm("/ops/login", Map.of("username", name, "password", password, "_csrf", formToken(form.body())));
    }

    /** Logs in and checks it worked: the form sends the operator to the console. */
    ConsoleClient loggedIn(String name, String password) {
        Answer a = login(name, password);
        assertThat(a.status()).as(a.toString()).isEqualTo(302);
        assertThat(a.header("Location")).doesNotContain("error");
        return this;
    }

    /** A console page, following the hub's own redirects (not to another host). */
    Answer page(String path) {
        Answer a = get(path);
        for (int i = 0; i < 3 && (a.status() == 302 || a.status() == 303); i++) {
            a = get(URI.create(base() + "/").resolve(a.header("Location")).toString());
        }
        return a;
    }

    /** Posts a console form with the CSRF token of the page it is on; the hub's answer as it is. */
    Answer submit(String pagePath, String action, Map<String, String> fields) {
        Answer page = get(pagePath);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", formToken(page.body()));
        return postForm(action, form);
    }

    /** The CSRF token of a page's form (Spring Security's hidden {@code _csrf}). */
    static String formToken(String html) {
        String input = find(html, "(<input[^>]*name=\"_csrf\"[^>]*>)");
        return find(input, "value=\"([^\"]+)\"");
    }

    /** A value for a path segment. */
    static String seg(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
