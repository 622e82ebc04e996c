package id.loket.page;

import id.loket.config.Wib;
import id.loket.sof.SofFamily;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code templates/page/payment.html} shows of a {@link PageView}, decided once: which parts
 * appear, which merchant URL is safe to link, the amounts in rupiah, the SOF buttons by family.
 * Values stay raw text here; the template engine escapes every one of them. A blank value is null,
 * so the template asks {@code != null} only.
 */
public final class PageModel {

    private static final DateTimeFormatter EXPIRY_ID =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.forLanguageTag("id-ID")).withZone(Wib.ZONE);
    private static final DateTimeFormatter EXPIRY_EN =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH).withZone(Wib.ZONE);

    /** One line of the bill's details: its message key, the element id, the text. */
    public record Row(String label, String id, String value, boolean money, boolean total) {
    }

    /** One SOF button. */
    public record Choice(String type, String name) {
    }

    /** The buttons of one family, under the family's legend ({@code family.<key>}). */
    public record Group(String family, List<Choice> choices) {
    }

    private final PageView v;
    private final PageState state;
    private final String lang;
    private final long nowMillis;
    private final PaymentPageRenderer texts;
    private final String family;

    PageModel(PageView view, long nowMillis, PaymentPageRenderer texts) {
        this.v = view;
        this.state = view.state() == null ? PageState.NOT_FOUND : view.state();
        this.lang = PaymentPageRenderer.normalizeLang(view.lang());
        this.nowMillis = nowMillis;
        this.texts = texts;
        this.family = view.sofType() == null ? null : SofFamily.ofType(view.sofType()).map(SofFamily::key).orElse(null);
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    Locale locale() {
        return PaymentPageRenderer.locale(lang);
    }

    // ---------------------------------------------------------------- the document

    public String getLang() {
        return lang;
    }

    public String getOtherLang() {
        return "en".equals(lang) ? "id" : "en";
    }

    public String getStyleUrl() {
        return texts.assetUrl(PaymentPageRenderer.STYLE_PATH);
    }

    public String getScriptUrl() {
        return texts.assetUrl(PaymentPageRenderer.SCRIPT_PATH);
    }

    /** The {@link PageState}'s name, for {@code data-state} and the state's messages. */
    public String getState() {
        return state.name();
    }

    /** The order status the state stands for (what the poll answers), or "". */
    public String getStatus() {
        return state.orderStatus() == null ? "" : state.orderStatus();
    }

    public boolean isKnown() {
        return state != PageState.NOT_FOUND;
    }

    public boolean isPayable() {
        return state.payable();
    }

    /** The page waits for the outcome and asks the order's state (the script does). */
    public boolean isPoll() {
        return state.waiting() && isKnown();
    }

    /** The page itself in its language: where the script reloads it. Null on a page without an order. */
    public String getPageUrl() {
        return isKnown() && text(v.token()) != null ? path() + "?lang=" + lang : null;
    }

    public String getStateUrl() {
        return isKnown() && text(v.token()) != null ? path() + "/state" : null;
    }

    private String path() {
        return PaymentPageRenderer.PAGE_PATH + PaymentPageRenderer.pathSegment(v.token());
    }

    public String getTone() {
        return switch (state) {
            case PAID -> "ok";
            case CHOOSE, PAY_INSTRUCTIONS, CONTINUE_AT_PROVIDER, PROCESSING -> "info";
            case REFUNDED, UNAVAILABLE -> "warn";
            default -> "bad";
        };
    }

    // ---------------------------------------------------------------- the order

    public String getMerchantName() {
        return text(v.merchantName());
    }

    public String getOrderId() {
        return text(v.orderId());
    }

    public String getDescription() {
        return text(v.description());
    }

    public String getReference() {
        return text(v.reference());
    }

    public String getMessage() {
        return text(v.message());
    }

    public boolean isShowOrder() {
        return getMerchantName() != null || getOrderId() != null || getDescription() != null;
    }

    /** The bill's lines and the total, in the order shown; empty when there is nothing to show. */
    public List<Row> getRows() {
        List<Row> rows = new ArrayList<>();
        if (!isKnown()) {
            return rows;
        }
        add(rows, "bill.customerName", "customer-name", text(v.customerName()), false);
        add(rows, "bill.number", "bill-number", text(v.billNumber()), false);
        add(rows, "bill.amount", "bill-amount", rupiah(v.billAmount()), true);
        add(rows, "bill.adminFee", "admin-fee", rupiah(v.adminFee()), true);
        add(rows, "bill.dueDate", "due-date", text(v.dueDate()), false);
        String total = rupiah(v.amount());
        if (total != null) {
            rows.add(new Row("total", "total-amount", total, true, true));
        }
        return rows;
    }

    private static void add(List<Row> rows, String label, String id, String value, boolean money) {
        if (value != null) {
            rows.add(new Row(label, id, value, money, false));
        }
    }

    /** The rows are a bill's (not only a plain payment's total): they get the "Bill details" title. */
    public boolean isBill() {
        return v.billAmount() != null || v.adminFee() != null || text(v.customerName()) != null
                || text(v.billNumber()) != null || text(v.dueDate()) != null;
    }

    /** The total to pay, {@code Rp 22.500}, or null. */
    public String getAmount() {
        return rupiah(v.amount());
    }

    private static String rupiah(Long amount) {
        return amount == null ? null : PaymentPageRenderer.formatRupiah(amount);
    }

    // ---------------------------------------------------------------- time left

    /** Epoch millis the order expires, for the script; null when the page shows no countdown. */
    public Long getExpiresMillis() {
        return state.payable() && v.expiresAt() != null ? v.expiresAt().toEpochMilli() : null;
    }

    /** The server's time, so a phone's wrong clock does not matter. */
    public long getNowMillis() {
        return nowMillis;
    }

    /** The time left as the page first shows it, {@code 01:30:05}, or null once it has run out. */
    public String getTimeLeft() {
        long left = Math.max(0, (v.expiresAt().toEpochMilli() - nowMillis) / 1000);
        return left == 0 ? null : String.format(Locale.ROOT, "%02d:%02d:%02d", left / 3600, left % 3600 / 60, left % 60);
    }

    /** When the order expires, in WIB: {@code 24 Nov 2026 18:30}. */
    public String getExpiresAt() {
        Instant at = v.expiresAt();
        return ("en".equals(lang) ? EXPIRY_EN : EXPIRY_ID).format(at);
    }

    // ---------------------------------------------------------------- choosing

    public String getCsrf() {
        return v.csrf() == null ? "" : v.csrf();
    }

    public String getSofAction() {
        return path() + "/sof";
    }

    public String getMethodAction() {
        return path() + "/method";
    }

    /** The SOF types to choose, one group per family in the catalogue's order, unknown types last. */
    public List<Group> getGroups() {
        Map<String, List<Choice>> groups = new LinkedHashMap<>();
        for (SofFamily f : SofFamily.values()) {
            groups.put(f.key(), new ArrayList<>());
        }
        groups.put("other", new ArrayList<>());
        for (String type : new LinkedHashSet<>(v.sofTypes() == null ? List.<String>of() : v.sofTypes())) {
            if (text(type) != null) {
                groups.get(SofFamily.ofType(type).map(SofFamily::key).orElse("other"))
                        .add(new Choice(type, texts.sofName(type, lang)));
            }
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((key, choices) -> {
            if (!choices.isEmpty()) {
                out.add(new Group(key, choices));
            }
        });
        return out;
    }

    /** The merchant's back URL for the choose page's link, when it is a safe http(s) URL. */
    public String getBackLink() {
        return PaymentPageRenderer.safeHttpUrl(v.backUrl());
    }

    // ---------------------------------------------------------------- paying

    public String getSofType() {
        return text(v.sofType());
    }

    /** The chosen SOF's name ("penyedia pembayaran" when none is chosen). */
    public String getSofName() {
        return texts.sofName(v.sofType(), lang);
    }

    /** The chosen SOF's family key ({@code va}, {@code qris}, ...), or null. */
    public String getFamily() {
        return family;
    }

    public String getPaymentCode() {
        return text(v.paymentCode());
    }

    /** The message key naming the payment code. */
    public String getCodeLabel() {
        return "va".equals(family) ? "pay.code.va" : "paycode".equals(family) ? "pay.code.paycode" : "pay.code.reference";
    }

    /** The family whose "how to pay" steps the page lists, or null. */
    public String getSteps() {
        return "va".equals(family) || "paycode".equals(family) || "qris".equals(family) ? family : null;
    }

    /** The QRIS code as a PNG data URI (ours: the base64 alphabet only), or null when it cannot be drawn. */
    public String getQrImage() {
        if (text(v.stringQr()) == null) {
            return null;
        }
        try {
            return QrImage.pngDataUri(v.stringQr(), PaymentPageRenderer.QR_SIZE);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public int getQrSize() {
        return PaymentPageRenderer.QR_SIZE;
    }

    public String getQrFileName() {
        return "qris-" + (getOrderId() != null ? v.orderId() : "payment") + ".png";
    }

    /** The card or e-wallet provider's page, when it is a safe http(s) URL. */
    public String getProviderUrl() {
        return PaymentPageRenderer.safeHttpUrl(v.providerUrl());
    }

    /** "Choose another method" is offered: a form post that closes the payment this page shows. */
    public boolean isMethodChangeable() {
        return v.methodChangeable() && text(v.token()) != null && getPaymentCode() != null;
    }

    public boolean isRetry() {
        return text(v.token()) != null;
    }

    // ---------------------------------------------------------------- leaving

    /** Where "back to the merchant" goes (success or fail URL, else the back URL), or null; not while payable or waiting. */
    public String getLeaveUrl() {
        if (state.payable() || state.waiting()) {
            return null;
        }
        String url = PaymentPageRenderer.safeHttpUrl(state == PageState.PAID ? v.successUrl() : v.failUrl());
        return url != null ? url : PaymentPageRenderer.safeHttpUrl(v.backUrl());
    }

    /** A final status: the script sends the customer back after {@link #getRedirectSeconds()}. */
    public boolean isAutoRedirect() {
        return state.autoRedirect();
    }

    public int getRedirectSeconds() {
        return PaymentPageRenderer.REDIRECT_SECONDS;
    }
}
