package id.loket.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;

class PaymentPageRendererTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofHours(1).plusMinutes(30).plusSeconds(5));
    static final String QRIS_PAYLOAD = "00020101021226670016COM.NOBUBANK.WWW01189360050300000898240214"
            + "3456789012345670303UMI51440014ID.CO.QRIS.WWW0215ID20232921234560303UMI5204481253033605405"
            + "225005802ID5911LOKET TOKO6007JAKARTA61051234062070703A0163044B2D";

    /** The template engine and the messages as Spring Boot configures them for the hub. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({MessageSourceAutoConfiguration.class, ThymeleafAutoConfiguration.class})
    static class Templates {
    }

    static final AnnotationConfigApplicationContext SPRING = new AnnotationConfigApplicationContext(Templates.class);

    final PaymentPageRenderer renderer = new PaymentPageRenderer(SPRING.getBean(ITemplateEngine.class),
            SPRING.getBean(MessageSource.class), Clock.fixed(NOW, ZoneOffset.UTC), path -> path);

    @AfterAll
    static void close() {
        SPRING.close();
    }

    /** The page with the template's layout whitespace between two tags made one line break. */
    String markup(PageView view) {
        return renderer.render(view).replaceAll(">\\s+<", ">\n<");
    }

    static Properties messages(String lang) throws IOException {
        Properties p = new Properties();
        try (var in = new InputStreamReader(new ClassPathResource("messages_" + lang + ".properties").getInputStream(),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    static PageView.Builder bill(PageState state) {
        return PageView.builder()
                .state(state)
                .token("tok_AbC123")
                .csrf("csrf-value-1")
                .merchantName("Toko Listrik Jaya")
                .orderId("INV2230516000003")
                .reference("LKT-20261124-0001")
                .description("Tagihan listrik November")
                .amount(22500L)
                .billAmount(20000L)
                .adminFee(2500L)
                .customerName("Budi Santoso")
                .billNumber("512345670000")
                .productCode("050017")
                .dueDate("2026-11-30")
                .sofTypes(List.of("vabca", "qris", "ovo", "finpaycode", "cc"))
                .expiresAt(EXPIRES)
                .successUrl("https://merchant.example/success")
                .failUrl("https://merchant.example/fail")
                .backUrl("https://merchant.example/back");
    }

    static PageView.Builder stateWithDefaults(PageState state) {
        PageView.Builder b = bill(state);
        return switch (state) {
            case PAY_INSTRUCTIONS -> b.sofType("vabca").paymentCode("8802700000076850");
            case CONTINUE_AT_PROVIDER -> b.sofType("cc").paymentCode("CC000000000001")
                    .providerUrl("https://card.example/pay?id=1&x=2");
            case PROCESSING, PAID, FAILED, REFUNDED -> b.sofType("vabca").paymentCode("8802700000076850");
            case AMOUNT_MISMATCH, UNAVAILABLE -> b.message("Biller total Rp 22.500, order Rp 20.000");
            default -> b;
        };
    }

    static String between(String html, Pattern pattern) {
        Matcher m = pattern.matcher(html);
        assertThat(m.find()).as("pattern %s in page", pattern).isTrue();
        return m.group(1);
    }

    // ------------------------------------------------------------------ formatRupiah

    @Test
    void formatsRupiahWithDotsAndNoDecimals() {
        assertThat(PaymentPageRenderer.formatRupiah(0)).isEqualTo("Rp 0");
        assertThat(PaymentPageRenderer.formatRupiah(999)).isEqualTo("Rp 999");
        assertThat(PaymentPageRenderer.formatRupiah(1000)).isEqualTo("Rp 1.000");
        assertThat(PaymentPageRenderer.formatRupiah(22500)).isEqualTo("Rp 22.500");
        assertThat(PaymentPageRenderer.formatRupiah(1234567890123L)).isEqualTo("Rp 1.234.567.890.123");
        assertThat(PaymentPageRenderer.formatRupiah(100000)).isEqualTo("Rp 100.000");
        assertThat(PaymentPageRenderer.formatRupiah(Long.MAX_VALUE)).isEqualTo("Rp 9.223.372.036.854.775.807");
        assertThat(PaymentPageRenderer.formatRupiah(-1500)).isEqualTo("-Rp 1.500");
    }

    // ------------------------------------------------------------------ every state, both languages

    static Stream<Arguments> statesAndLanguages() {
        List<Arguments> all = new ArrayList<>();
        for (PageState s : PageState.values()) {
            all.add(Arguments.of(s, "id"));
            all.add(Arguments.of(s, "en"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statesAndLanguages")
    void everyStateRendersItsHeadline(PageState state, String lang) {
        String html = markup(stateWithDefaults(state).lang(lang).build());

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"" + lang + "\">").endsWith("</html>\n");
        assertThat(html).contains("<meta charset=\"utf-8\">",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        String headline = HtmlUtils.htmlEscape(renderer.message("state." + state + ".title", lang));
        assertThat(between(html, Pattern.compile("<h1 id=\"headline\"[^>]*>([^<]*)</h1>"))).isEqualTo(headline);
        // A state that stands for no order status has no data-status (the script reads it as null).
        assertThat(html).contains("<main id=\"page\" data-state=\"" + state.name() + "\" "
                + (state.orderStatus() == null ? "data-poll" : "data-status=\"" + state.orderStatus() + "\""));
        // Every text the template asks for exists in the language (Thymeleaf shows a missing one as ??key_lang??).
        assertThat(html).doesNotContain("??");
        assertSelfContained(html);
    }

    @Test
    void headlinesAreTheAgreedTexts() {
        Map<PageState, String[]> expected = Map.of(
                PageState.PAID, new String[] {"Pembayaran berhasil", "Payment successful"},
                PageState.REFUNDED, new String[] {"Dana dikembalikan", "Refunded"},
                PageState.BILL_NOT_FOUND, new String[] {"Tagihan tidak ditemukan", "Bill not found"},
                PageState.BILL_ALREADY_PAID, new String[] {"Tagihan sudah dibayar", "Bill already paid"});
        expected.forEach((state, texts) -> {
            assertThat(markup(stateWithDefaults(state).build())).contains(">" + texts[0] + "</h1>");
            assertThat(markup(stateWithDefaults(state).lang("en").build())).contains(">" + texts[1] + "</h1>");
        });
    }

    /**
     * The hub's own style and script only (one script, at the end), nothing inline, no inline
     * handlers, nothing from another site, unique ids.
     */
    static void assertSelfContained(String html) {
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(count(html, "<link")).isEqualTo(1);
        assertThat(html).contains("<link rel=\"stylesheet\" href=\"" + PaymentPageRenderer.STYLE_PATH + "\">",
                "<script src=\"" + PaymentPageRenderer.SCRIPT_PATH + "\"></script>");
        assertThat(html.indexOf("<script")).isGreaterThan(html.indexOf("</main>"));
        assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//(?!merchant\\.example|card\\.example)");
        assertThat(html).doesNotContain("<style", " style=", "@import", "url(");
        Matcher ids = Pattern.compile("\\sid=\"([^\"]*)\"").matcher(html);
        Set<String> seen = new HashSet<>();
        while (ids.find()) {
            assertThat(seen.add(ids.group(1))).as("id %s unique", ids.group(1)).isTrue();
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void bareNotFoundAndMissingStateRender() {
        String html = markup(PageView.builder().state(PageState.NOT_FOUND).build());
        assertThat(html).contains("data-state=\"NOT_FOUND\"", "Halaman pembayaran tidak ditemukan", "data-poll=\"false\"")
                .doesNotContain("back-to-merchant", "countdown", "total-amount");
        assertThat(markup(PageView.builder().build())).contains("data-state=\"NOT_FOUND\"");
    }

    @Test
    void everyMessageExistsInBothLanguages() throws IOException {
        Properties id = messages("id");
        Properties en = messages("en");
        assertThat(id.stringPropertyNames()).isEqualTo(en.stringPropertyNames()).hasSizeGreaterThan(100);
        for (String key : id.stringPropertyNames()) {
            assertThat(renderer.message(key, "id")).as(key).isNotBlank().isEqualTo(id.getProperty(key));
            assertThat(renderer.message(key, "en")).as(key).isNotBlank().isEqualTo(en.getProperty(key));
        }
        for (PageState s : PageState.values()) {
            assertThat(id.stringPropertyNames()).contains("state." + s + ".title", "state." + s + ".detail");
        }
        assertThatThrownBy(() -> renderer.message("no.such.key", "id")).isInstanceOf(NoSuchMessageException.class);
    }

    @Test
    void theTemplatesLeaveEscapingToTheEngine() throws IOException {
        for (Resource template : new PathMatchingResourcePatternResolver().getResources("classpath:templates/page/*.html")) {
            String text = template.getContentAsString(StandardCharsets.UTF_8);
            assertThat(text).as(template.getFilename()).doesNotContain("th:utext", "__${", "<script>", "<style");
        }
    }

    @Test
    void languageSwitchAndDefault() {
        String id = markup(bill(PageState.CHOOSE).build());
        assertThat(id).contains("<html lang=\"id\">", "<a id=\"lang-switch\" href=\"?lang=en\"", ">English</a>",
                "Pilih metode pembayaran", "Total bayar");
        String en = markup(bill(PageState.CHOOSE).lang("EN").build());
        assertThat(en).contains("<html lang=\"en\">", "<a id=\"lang-switch\" href=\"?lang=id\"",
                ">Bahasa Indonesia</a>", "Choose a payment method", "Total to pay");
        assertThat(markup(bill(PageState.CHOOSE).lang("fr").build())).contains("<html lang=\"id\">");
    }

    // ------------------------------------------------------------------ choose another method

    @Test
    void aWaitingPageOffersAnotherMethodAsAFormPostWithTheCsrfValue() {
        for (PageState state : List.of(PageState.PAY_INSTRUCTIONS, PageState.CONTINUE_AT_PROVIDER)) {
            String html = markup(stateWithDefaults(state).methodChangeable(true).build());
            assertThat(html).as(state.name()).contains(
                    "<form id=\"method-form\" method=\"post\" action=\"/pg/payment/card/access/tok_AbC123/method\">\n"
                            + "<input type=\"hidden\" name=\"csrf\" value=\"csrf-value-1\">\n"
                            + "<input type=\"hidden\" name=\"lang\" value=\"id\">\n"
                            + "<input type=\"hidden\" name=\"payment\" value=\"" + (state == PageState.PAY_INSTRUCTIONS
                                    ? "8802700000076850" : "CC000000000001") + "\">\n"
                            + "<button type=\"submit\" id=\"change-method\" class=\"button\">Pilih metode pembayaran lain</button>");
            assertThat(markup(stateWithDefaults(state).methodChangeable(true).lang("en").build()))
                    .contains(">Choose another payment method</button>", "<input type=\"hidden\" name=\"lang\" value=\"en\">");
            assertThat(markup(stateWithDefaults(state).build())).doesNotContain("method-form");
        }
        for (PageState state : PageState.values()) {
            if (!state.waiting() || state == PageState.PROCESSING) {
                assertThat(markup(stateWithDefaults(state).methodChangeable(true).build())).as(state.name())
                        .doesNotContain("method-form");
            }
        }
    }

    // ------------------------------------------------------------------ CHOOSE

    @Test
    void chooseFormHasAButtonPerSofTypeGroupedByFamily() {
        String html = markup(bill(PageState.CHOOSE).build());

        assertThat(html).contains("<form id=\"sof-form\" method=\"post\" action=\"/pg/payment/card/access/tok_AbC123/sof\">",
                "<input type=\"hidden\" name=\"csrf\" value=\"csrf-value-1\">",
                "<input type=\"hidden\" name=\"lang\" value=\"id\">");
        Map<String, String> names = Map.of("vabca", "BCA Virtual Account", "qris", "QRIS", "ovo", "OVO",
                "finpaycode", "Finpay Code", "cc", "Kartu Kredit/Debit");
        names.forEach((type, name) -> assertThat(html).contains("<button type=\"submit\" class=\"sof\" name=\"sofType\" value=\""
                + type + "\" id=\"sof-" + type + "\">" + name + "</button>"));
        assertThat(count(html, "name=\"sofType\"")).isEqualTo(5);
        // Family order: Virtual Account, QRIS, E-Wallet, Gerai Retail, Kartu.
        List<Integer> at = Stream.of(">Virtual Account</legend>", ">QRIS</legend>", ">E-Wallet</legend>",
                ">Gerai Retail</legend>", ">Kartu</legend>").map(html::indexOf).toList();
        assertThat(at).doesNotContain(-1).isSorted();
        assertThat(html).contains("<dd id=\"total-amount\" class=\"money\">Rp 22.500</dd>",
                "<dd id=\"bill-amount\" class=\"money\">Rp 20.000</dd>", "<dd id=\"admin-fee\" class=\"money\">Rp 2.500</dd>",
                "<dd id=\"customer-name\">Budi Santoso</dd>", "<dd id=\"bill-number\">512345670000</dd>",
                "<dd id=\"due-date\">2026-11-30</dd>", "<span id=\"order-id\">INV2230516000003</span>",
                "<div id=\"merchant-name\" class=\"merchant\">Toko Listrik Jaya</div>",
                "<span id=\"order-reference\">LKT-20261124-0001</span>",
                "<a id=\"back-link\" class=\"link\" href=\"https://merchant.example/back\">");
        assertThat(html).contains("data-poll=\"false\"").doesNotContain("back-to-merchant");

        String en = markup(bill(PageState.CHOOSE).lang("en").build());
        assertThat(en).contains(">Credit/Debit Card</button>", ">Retail Outlet</legend>", ">Card</legend>",
                "<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }

    @Test
    void theWholeCatalogueHasNamesInBothLanguagesAndFamiliesInOrder() {
        List<String> all = id.loket.sof.SofFamily.allTypes();
        assertThat(all).hasSize(35).doesNotHaveDuplicates();
        for (String type : all) {
            for (String lang : List.of("id", "en")) {
                assertThat(renderer.sofName(type, lang)).as(type + " in " + lang).isNotEqualTo(type);
            }
        }
        String html = markup(bill(PageState.CHOOSE).sofTypes(all).build());
        assertThat(count(html, "name=\"sofType\"")).isEqualTo(35);
        assertThat(html).doesNotContain("id=\"family-other\"").contains("id=\"sof-pospay\">Pospay (Kantor Pos)</button>",
                "id=\"sof-linkajawco\">LinkAja WCO</button>", "id=\"sof-octoclicks\">OCTO Clicks</button>");
        List<Integer> at = Stream.of(">Virtual Account</legend>", ">QRIS</legend>", ">E-Wallet</legend>",
                ">Bayar Nanti</legend>", ">Internet Banking</legend>", ">Gerai Retail</legend>", ">Kartu</legend>")
                .map(html::indexOf).toList();
        assertThat(at).doesNotContain(-1).isSorted();
        // the lender's and the online bank's types sit in their own groups
        assertThat(html.indexOf("id=\"sof-kredivo\"")).isGreaterThan(html.indexOf(">Bayar Nanti</legend>"))
                .isLessThan(html.indexOf(">Internet Banking</legend>"));
        assertThat(markup(bill(PageState.CHOOSE).sofTypes(all).lang("en").build()))
                .contains(">Pay Later</legend>", ">Online Banking</legend>", ">Pospay (Post Office)</button>");
    }

    @Test
    void chooseWithoutMethodsOrWithUnknownOnes() {
        assertThat(markup(bill(PageState.CHOOSE).sofTypes(List.of()).build())).contains("id=\"no-sof\"");
        String html = markup(bill(PageState.CHOOSE).sofTypes(List.of("idm", "alfamart", "future\"x")).build());
        assertThat(html).contains("id=\"sof-idm\">Indomaret</button>", "id=\"sof-alfamart\">Alfamart</button>",
                ">Lainnya</legend>", "value=\"future&quot;x\" id=\"sof-future&quot;x\">future&quot;x</button>");
    }

    @Test
    void plainPaymentShowsTotalWithoutBillRows() {
        String html = markup(PageView.builder().state(PageState.CHOOSE).token("t").merchantName("M")
                .orderId("o1").amount(150000L).sofTypes(List.of("vabca")).expiresAt(EXPIRES).build());
        assertThat(html).contains("<dd id=\"total-amount\" class=\"money\">Rp 150.000</dd>")
                .doesNotContain("bill-amount", "Rincian tagihan", "customer-name");
    }

    // ------------------------------------------------------------------ escaping and URLs

    @Test
    void untrustedTextIsEscapedEverywhere() {
        String html = markup(bill(PageState.PAID)
                .customerName("<script>alert(1)</script>")
                .description("\"><img src=x onerror=alert(2)> & 'quoted'")
                .merchantName("Toko <b>\"Jaya\"</b> & 'Sons'")
                .orderId("<i>o</i>")
                .reference("r&<>")
                .message("<svg/onload=alert(3)>")
                .build());

        assertThat(html).contains("<dd id=\"customer-name\">&lt;script&gt;alert(1)&lt;/script&gt;</dd>",
                "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#39;quoted&#39;",
                "Toko &lt;b&gt;&quot;Jaya&quot;&lt;/b&gt; &amp; &#39;Sons&#39;",
                "&lt;i&gt;o&lt;/i&gt;", "r&amp;&lt;&gt;", "&lt;svg/onload=alert(3)&gt;");
        assertThat(html).doesNotContain("<script>", "<img src=x", "<b>", "<svg");
        // The one script element is the hub's own file.
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).contains("<script src=\"" + PaymentPageRenderer.SCRIPT_PATH + "\"></script>");
        // The merchant name also goes into the title and the back link / redirect notice.
        assertThat(html).contains("<title>Pembayaran - Toko &lt;b&gt;&quot;Jaya&quot;&lt;/b&gt; &amp; &#39;Sons&#39; | Loket</title>",
                "Kembali ke Toko &lt;b&gt;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x", "/relative", "https://", "http:opaque"})
    void onlyHttpUrlsBecomeLinks(String url) {
        assertThat(PaymentPageRenderer.safeHttpUrl(url)).isNull();
        String html = markup(bill(PageState.PAID).successUrl(url).backUrl(null).build());
        assertThat(html).doesNotContain("back-to-merchant", "redirect-notice", "data-auto-redirect");
        assertThat(html.toLowerCase()).doesNotContain("script:");

        String provider = markup(stateWithDefaults(PageState.CONTINUE_AT_PROVIDER).providerUrl(url).build());
        assertThat(provider).doesNotContain("continue-to-provider").contains("Tautan pembayaran tidak tersedia");
    }

    @Test
    void urlsAreEscapedInHref() {
        assertThat(PaymentPageRenderer.safeHttpUrl("HTTPS://m.example/a?b=1&c='2'")).isNotNull();
        String html = markup(bill(PageState.PAID).successUrl("https://m.example/ok?a=1&b=\"x\"").build());
        // A '"' is not legal in a URI: refused, the back URL takes its place.
        assertThat(html).contains("<a id=\"back-to-merchant\" class=\"button primary\" href=\"https://merchant.example/back\"");
        html = markup(bill(PageState.PAID).successUrl("https://m.example/ok?a=1&b='x'").build());
        assertThat(html).contains("href=\"https://m.example/ok?a=1&amp;b=&#39;x&#39;\"");
    }

    @Test
    void tokenIsPercentEncodedInPaths() {
        String html = markup(bill(PageState.CHOOSE).token("a/b\"c d").build());
        assertThat(html).contains("action=\"/pg/payment/card/access/a%2Fb%22c%20d/sof\"");
    }

    // ------------------------------------------------------------------ final states, redirect

    @Test
    void paidLinksToSuccessUrlAndRedirects() {
        String html = markup(bill(PageState.PAID).build());
        assertThat(html).contains("<a id=\"back-to-merchant\" class=\"button primary\" href=\"https://merchant.example/success\" data-auto-redirect=\"5\">",
                "id=\"redirect-notice\"", "Anda akan diarahkan kembali ke Toko Listrik Jaya dalam <span id=\"redirect-seconds\">5</span> detik");
        assertThat(html).doesNotContain("countdown", "sof-form");
    }

    @Test
    void otherFinalStatesUseFailUrlThenBackUrl() {
        for (PageState s : List.of(PageState.FAILED, PageState.REFUNDED, PageState.EXPIRED, PageState.CANCELLED)) {
            String html = markup(bill(s).build());
            assertThat(html).as(s.name()).contains("href=\"https://merchant.example/fail\" data-auto-redirect=\"5\"");
            html = markup(bill(s).failUrl(null).build());
            assertThat(html).as(s.name()).contains("href=\"https://merchant.example/back\" data-auto-redirect=\"5\"");
        }
        assertThat(markup(bill(PageState.PAID).successUrl(null).build()))
                .contains("href=\"https://merchant.example/back\" data-auto-redirect=\"5\"");
        assertThat(markup(bill(PageState.FAILED).failUrl(null).backUrl(null).build()))
                .doesNotContain("back-to-merchant", "redirect-notice");
    }

    @Test
    void inquiryOutcomesLinkBackWithoutRedirect() {
        for (PageState s : List.of(PageState.BILL_NOT_FOUND, PageState.BILL_ALREADY_PAID, PageState.AMOUNT_MISMATCH,
                PageState.UNAVAILABLE)) {
            String html = markup(stateWithDefaults(s).build());
            assertThat(html).as(s.name()).contains("<a id=\"back-to-merchant\" class=\"button\" href=\"https://merchant.example/fail\">")
                    .doesNotContain("data-auto-redirect", "redirect-notice", "countdown", "sof-form")
                    .contains("data-poll=\"false\"");
        }
        assertThat(markup(stateWithDefaults(PageState.AMOUNT_MISMATCH).build()))
                .contains("<p id=\"message\" class=\"notice\">Biller total Rp 22.500, order Rp 20.000</p>");
        assertThat(markup(stateWithDefaults(PageState.UNAVAILABLE).lang("en").build()))
                .contains("<a id=\"retry-link\" class=\"button\" href=\"?lang=en\">Try again</a>");
    }

    // ------------------------------------------------------------------ waiting states

    @Test
    void vaInstructionsShowTheCodeWithCopyButtonAndSteps() {
        String html = markup(stateWithDefaults(PageState.PAY_INSTRUCTIONS).build());
        assertThat(html).contains("<span id=\"payment-code\" class=\"code\">8802700000076850</span>",
                "<button type=\"button\" id=\"copy-code\" class=\"copy\" data-copy=\"8802700000076850\" data-copied=\"Tersalin\">Salin</button>",
                "Nomor Virtual Account", "<div id=\"sof-name\" class=\"sof-name\">BCA Virtual Account</div>",
                "<ol id=\"pay-steps\"", "Masukkan nomor Virtual Account di atas.");
        assertThat(count(html, "<li>")).isEqualTo(4);
        // What to pay comes before the bill's details; the total stays in the bill block.
        assertThat(html).contains("<div id=\"pay-amount\" class=\"pay-amount money\">Rp 22.500</div>");
        assertThat(html.indexOf("id=\"payment-code\"")).isLessThan(html.indexOf("id=\"bill-details\""));
        assertThat(html.indexOf("id=\"bill-details\"")).isLessThan(html.indexOf("id=\"total-amount\""));
        assertThat(html).contains("data-status=\"PENDING\"", "data-poll=\"true\"",
                "data-page-url=\"/pg/payment/card/access/tok_AbC123?lang=id\"",
                "data-state-url=\"/pg/payment/card/access/tok_AbC123/state\"");
        String en = markup(stateWithDefaults(PageState.PAY_INSTRUCTIONS).lang("en").build());
        assertThat(en).contains("data-copied=\"Copied\">Copy</button>", "data-page-url=\"/pg/payment/card/access/tok_AbC123?lang=en\"");
    }

    @Test
    void paycodeInstructionsNameTheOutlet() {
        String html = markup(stateWithDefaults(PageState.PAY_INSTRUCTIONS).sofType("alfamart")
                .paymentCode("ALF123456").build());
        assertThat(html).contains("Kode pembayaran", "id=\"payment-code\" class=\"code\">ALF123456<",
                "yang menerima pembayaran Alfamart.");
    }

    @Test
    void continueAtProviderLinksToTheProvider() {
        String html = markup(stateWithDefaults(PageState.CONTINUE_AT_PROVIDER).build());
        assertThat(html).contains("<a id=\"continue-to-provider\" class=\"button primary\" href=\"https://card.example/pay?id=1&amp;x=2\">Lanjutkan pembayaran</a>",
                "data-poll=\"true\"", "data-status=\"PENDING\"", "id=\"countdown\"", "halaman Kartu Kredit/Debit");
        assertThat(markup(stateWithDefaults(PageState.CONTINUE_AT_PROVIDER).lang("en").build()))
                .contains(">Continue to payment</a>");
    }

    @Test
    void processingPollsWithoutCountdown() {
        String html = markup(stateWithDefaults(PageState.PROCESSING).build());
        assertThat(html).contains("data-status=\"PROCESSING\"", "data-poll=\"true\"")
                .doesNotContain("id=\"countdown\"", "back-to-merchant");
    }

    @Test
    void countdownCarriesExpiryInEpochMillis() {
        String html = markup(bill(PageState.CHOOSE).build());
        long expires = Long.parseLong(between(html, Pattern.compile("<span id=\"countdown\"[^>]* data-expires=\"(\\d+)\"")));
        assertThat(expires).isEqualTo(EXPIRES.toEpochMilli());
        assertThat(html).contains("data-now=\"" + NOW.toEpochMilli() + "\"", "data-expired-text=\"Kedaluwarsa\"",
                ">01:30:05</span>", "Bayar sebelum 24 Nov 2026 18:30 WIB");
        assertThat(markup(bill(PageState.CHOOSE).lang("en").build())).contains("data-expired-text=\"Expired\"");
        assertThat(markup(bill(PageState.CHOOSE).expiresAt(NOW.minusSeconds(1)).build()))
                .contains("role=\"timer\">Kedaluwarsa</span>");
        for (PageState s : List.of(PageState.PAY_INSTRUCTIONS, PageState.CONTINUE_AT_PROVIDER)) {
            assertThat(markup(stateWithDefaults(s).build())).contains("data-expires=\"" + EXPIRES.toEpochMilli() + "\"");
        }
    }

    // ------------------------------------------------------------------ QRIS

    @Test
    void qrisImageIsAPngThatDecodesToThePayload() throws Exception {
        String html = markup(bill(PageState.PAY_INSTRUCTIONS).sofType("qris").paymentCode("LKT-QR-0001")
                .stringQr(QRIS_PAYLOAD).build());
        String src = between(html, Pattern.compile("<img id=\"qris-image\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        byte[] png = Base64.getDecoder().decode(src);
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(PaymentPageRenderer.QR_SIZE);
        assertThat(decode(image)).isEqualTo(QRIS_PAYLOAD);
        assertQuietZone(image);

        assertThat(html).contains("<span id=\"payment-code\" class=\"code ref\">LKT-QR-0001</span>", "Referensi pembayaran",
                "id=\"qris-download\"", "Pindai kode QR di atas.").doesNotContain("qris-unavailable");
    }

    @Test
    void qrImageRoundTripsOtherPayloads() throws Exception {
        for (String payload : List.of("x", "https://loket.example/a?b=c", "Rp 22.500 — pembayaran ✓", "A".repeat(1500))) {
            byte[] png = QrImage.png(payload, 200);
            assertThat(decode(ImageIO.read(new ByteArrayInputStream(png)))).isEqualTo(payload);
        }
        assertThat(QrImage.pngDataUri("abc", 120)).startsWith("data:image/png;base64,iVBORw0KGgo");
        assertThatThrownBy(() -> QrImage.png("", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrImage.png("9".repeat(8000), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qrisWithoutUsablePayloadSaysSo() {
        String html = markup(bill(PageState.PAY_INSTRUCTIONS).sofType("qris").paymentCode("REF1").build());
        assertThat(html).contains("id=\"qris-unavailable\"").doesNotContain("qris-image");
        html = markup(bill(PageState.PAY_INSTRUCTIONS).sofType("qris").stringQr("9".repeat(8000)).build());
        assertThat(html).contains("id=\"qris-unavailable\"").doesNotContain("qris-image");
    }

    static String decode(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        LuminanceSource source = new RGBLuminanceSource(w, h, pixels);
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        return result.getText();
    }

    /** At least four modules of white around the code: the first black run is the finder's 7-module edge. */
    static void assertQuietZone(BufferedImage image) {
        int w = image.getWidth();
        int firstX = -1;
        int firstY = -1;
        for (int y = 0; y < image.getHeight() && firstY < 0; y++) {
            for (int x = 0; x < w; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0) {
                    firstX = x;
                    firstY = y;
                    break;
                }
            }
        }
        int run = 0;
        while (firstX + run < w && (image.getRGB(firstX + run, firstY) & 0xffffff) == 0) {
            run++;
        }
        int module = run / 7;
        assertThat(module).isPositive();
        assertThat(firstX).isGreaterThanOrEqualTo(4 * module);
        assertThat(firstY).isGreaterThanOrEqualTo(4 * module);
    }

    // ------------------------------------------------------------------ CSP

    @Test
    void styleAndScriptAreTheHubsOwnFilesAndTheCspAllowsNothingElse() throws IOException {
        String a = markup(stateWithDefaults(PageState.PAY_INSTRUCTIONS).build());
        String b = markup(bill(PageState.PAID).lang("en").customerName("x").build());
        for (String html : List.of(a, b)) {
            assertSelfContained(html);
        }
        String csp = PaymentPageRenderer.contentSecurityPolicy();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src data:",
                "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        String script = new ClassPathResource("static" + PaymentPageRenderer.SCRIPT_PATH).getContentAsString(StandardCharsets.UTF_8);
        assertThat(script).contains("navigator.clipboard.writeText", "execCommand('copy')",
                "setTimeout(poll, 2000)", "data-auto-redirect");
        String style = new ClassPathResource("static" + PaymentPageRenderer.STYLE_PATH).getContentAsString(StandardCharsets.UTF_8);
        assertThat(style).contains(".sof{", ".countdown{", "@media (prefers-reduced-motion:reduce)");
    }

    @Test
    void pageStateFlags() {
        assertThat(Arrays.stream(PageState.values()).filter(PageState::waiting))
                .containsExactly(PageState.PAY_INSTRUCTIONS, PageState.CONTINUE_AT_PROVIDER, PageState.PROCESSING);
        assertThat(Arrays.stream(PageState.values()).filter(PageState::payable))
                .containsExactly(PageState.CHOOSE, PageState.PAY_INSTRUCTIONS, PageState.CONTINUE_AT_PROVIDER);
        assertThat(Arrays.stream(PageState.values()).filter(PageState::autoRedirect)).containsExactly(
                PageState.PAID, PageState.FAILED, PageState.REFUNDED, PageState.EXPIRED, PageState.CANCELLED);
    }
}
