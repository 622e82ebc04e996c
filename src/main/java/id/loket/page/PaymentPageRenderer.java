package id.loket.page;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import org.springframework.web.util.UriUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The hosted payment page (the customer's view of an order): the Thymeleaf template
 * {@code templates/page/payment.html} filled from a {@link PageModel}, its texts from
 * {@code messages_id.properties} / {@code messages_en.properties}, its style and script the static
 * files {@value #STYLE_PATH} and {@value #SCRIPT_PATH} (see {@link PageAssets}).
 *
 * <p>The template engine escapes every value of the {@link PageView}; links go out only to http(s)
 * URLs. The page has no inline style or script, so {@link #contentSecurityPolicy()} allows only the
 * hub's own files; everything the script needs travels in {@code data-} attributes.
 */
@Component("paymentPageRenderer")
public class PaymentPageRenderer {

    /** Where the page lives; the routes serve the same paths. */
    public static final String PAGE_PATH = "/pg/payment/card/access/";

    /** The page's style and script, from {@code static/page/assets/}. */
    public static final String STYLE_PATH = "/page/assets/page.css";
    public static final String SCRIPT_PATH = "/page/assets/page.js";

    /** Seconds before a final page sends the customer back to the merchant. */
    public static final int REDIRECT_SECONDS = 5;

    static final int QR_SIZE = 300;

    static final String TEMPLATE = "page/payment";

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final Clock clock;
    private final UnaryOperator<String> assetUrls;

    /** As the hub runs it: an asset's URL carries its content's hash (see {@link PageAssets}). */
    @Autowired
    public PaymentPageRenderer(ITemplateEngine templates, MessageSource messages, ResourceUrlProvider assets,
                               Clock clock) {
        this(templates, messages, clock, path -> {
            String versioned = assets.getForLookupPath(path);
            return versioned == null ? path : versioned;
        });
    }

    /**
     * With a given clock (the page tells the script the server's time, so a phone's wrong clock does
     * not matter) and the URL of each static asset.
     */
    public PaymentPageRenderer(ITemplateEngine templates, MessageSource messages, Clock clock,
                               UnaryOperator<String> assetUrls) {
        this.templates = templates;
        this.messages = messages;
        this.clock = clock;
        this.assetUrls = assetUrls;
    }

    /** The whole page, an HTML5 document to send as {@code text/html; charset=UTF-8}. */
    public String render(PageView view) {
        PageModel page = new PageModel(view, clock.millis(), this);
        return templates.process(TEMPLATE, new Context(page.locale(), Map.of("page", page)));
    }

    /**
     * A Content-Security-Policy for the page: nothing but the hub's own style and script,
     * {@code data:} images (the QR), polls and form posts to the hub itself.
     */
    public static String contentSecurityPolicy() {
        return "default-src 'none'; img-src data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    String assetUrl(String path) {
        return assetUrls.apply(path);
    }

    // ---------------------------------------------------------------- texts

    /** A text of the page in its language ({@code lang} "en", or anything else for Bahasa Indonesia). */
    public String message(String key, String lang) {
        return messages.getMessage(key, null, locale(normalizeLang(lang)));
    }

    /** The customer-facing name of a SOF type; an unknown type shows as itself. */
    public String sofName(String type, String lang) {
        if (type == null || type.isBlank()) {
            return message("sof.provider", lang);
        }
        return messages.getMessage("sof." + type, null, type, locale(normalizeLang(lang)));
    }

    static String normalizeLang(String lang) {
        return lang != null && lang.trim().equalsIgnoreCase("en") ? "en" : "id";
    }

    static Locale locale(String lang) {
        return Locale.forLanguageTag(lang);
    }

    // ---------------------------------------------------------------- formatting

    /** {@code Rp 22.500}: dot thousands separator, no decimals, long arithmetic only. */
    public static String formatRupiah(long amount) {
        String digits = Long.toString(amount);
        boolean negative = digits.startsWith("-");
        if (negative) {
            digits = digits.substring(1);
        }
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 4);
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append('.').append(digits, i, i + 3);
        }
        return (negative ? "-Rp " : "Rp ") + out;
    }

    /**
     * The URL when it is an absolute http or https URL fit for an {@code href}, else null
     * ({@code javascript:}, {@code data:}, relative and malformed URLs are never linked).
     */
    public static String safeHttpUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i)) || Character.isWhitespace(url.charAt(i))) {
                return null;
            }
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            if (uri.isOpaque() || uri.getHost() == null) {
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A path segment, percent-encoded. */
    static String pathSegment(String segment) {
        return UriUtils.encodePathSegment(segment == null ? "" : segment, StandardCharsets.UTF_8);
    }
}
