package id.loket.page;

import id.loket.sof.SofFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import id.loket.config.Wib;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The hosted payment page (the customer's view of an order) as one self-contained HTML5
 * document: inline style, one static script at the end, no external resources.
 *
 * <p>Every value of the {@link PageView} is escaped; links go out only to http(s) URLs. The
 * script and the style are the same bytes on every page, so {@link #contentSecurityPolicy()}
 * can pin them by hash; everything the script needs travels in {@code data-} attributes.
 */
@Component("paymentPageRenderer")
public class PaymentPageRenderer {

    /** Where the page lives; the routes serve the same paths. */
    public static final String PAGE_PATH = "/pg/payment/card/access/";

    /** Seconds before a final page sends the customer back to the merchant. */
    public static final int REDIRECT_SECONDS = 5;

    static final int QR_SIZE = 300;

    private static final DateTimeFormatter EXPIRY_ID =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.forLanguageTag("id-ID")).withZone(Wib.ZONE);
    private static final DateTimeFormatter EXPIRY_EN =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH).withZone(Wib.ZONE);

    private final Clock clock;

    /** With a given clock: the page tells the script the server's time, so a phone's wrong clock does not matter. */
    public PaymentPageRenderer(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- messages

    /** key -> {Bahasa Indonesia, English}. {name} placeholders are filled with escaped values. */
    private static final Map<String, String[]> MESSAGES = new LinkedHashMap<>();

    private static void m(String key, String id, String en) {
        if (MESSAGES.put(key, new String[] {id, en}) != null) {
            throw new IllegalStateException("duplicate message " + key);
        }
    }

    static {
        m("lang.switch", "English", "Bahasa Indonesia");
        m("page.title", "Pembayaran", "Payment");
        m("brand.by", "Diproses oleh Loket", "Processed by Loket");
        m("order.id", "No. Pesanan", "Order ID");
        m("order.reference", "Referensi", "Reference");
        m("bill.title", "Rincian tagihan", "Bill details");
        m("bill.customerName", "Nama pelanggan", "Customer name");
        m("bill.number", "Nomor tagihan", "Bill number");
        m("bill.amount", "Jumlah tagihan", "Bill amount");
        m("bill.adminFee", "Biaya admin", "Admin fee");
        m("bill.dueDate", "Jatuh tempo", "Due date");
        m("total", "Total bayar", "Total to pay");
        m("countdown.label", "Sisa waktu pembayaran", "Time left to pay");
        m("countdown.expired", "Kedaluwarsa", "Expired");
        m("expires.before", "Bayar sebelum {time} WIB", "Pay before {time} WIB (Jakarta time)");

        m("state.CHOOSE.title", "Pilih metode pembayaran", "Choose a payment method");
        m("state.CHOOSE.detail", "Pilih salah satu metode di bawah ini.", "Pick one of the methods below.");
        m("state.PAY_INSTRUCTIONS.title", "Selesaikan pembayaran", "Complete your payment");
        m("state.PAY_INSTRUCTIONS.detail",
                "Bayar tepat sesuai jumlah yang tertera. Halaman ini diperbarui otomatis setelah pembayaran diterima.",
                "Pay exactly the amount shown. This page updates by itself once the payment arrives.");
        m("state.CONTINUE_AT_PROVIDER.title", "Lanjutkan pembayaran", "Continue your payment");
        m("state.CONTINUE_AT_PROVIDER.detail",
                "Selesaikan pembayaran di halaman {sof}. Halaman ini diperbarui otomatis setelah pembayaran diterima.",
                "Complete the payment on the {sof} page. This page updates by itself once the payment arrives.");
        m("state.PROCESSING.title", "Pembayaran sedang diproses", "Payment is being processed");
        m("state.PROCESSING.detail",
                "Pembayaran Anda sudah diterima dan tagihan sedang dibayarkan. Mohon tunggu sebentar.",
                "Your payment was received and the bill is being paid. Please wait a moment.");
        m("state.PAID.title", "Pembayaran berhasil", "Payment successful");
        m("state.PAID.detail", "Terima kasih, pembayaran Anda telah kami terima.",
                "Thank you, we have received your payment.");
        m("state.FAILED.title", "Pembayaran gagal", "Payment failed");
        m("state.FAILED.detail", "Pembayaran Anda tidak dapat diselesaikan. Silakan coba lagi melalui merchant.",
                "Your payment could not be completed. Please try again through the merchant.");
        m("state.REFUNDED.title", "Dana dikembalikan", "Refunded");
        m("state.REFUNDED.detail",
                "Pembayaran Anda diterima, tetapi tagihan tidak dapat dibayarkan. Dana telah dikembalikan ke sumber dana Anda.",
                "Your payment was received, but the bill could not be paid. The money has been returned to your source of funds.");
        m("state.EXPIRED.title", "Pembayaran kedaluwarsa", "Payment expired");
        m("state.EXPIRED.detail", "Batas waktu pembayaran telah lewat. Silakan buat pesanan baru melalui merchant.",
                "The time to pay has passed. Please place a new order with the merchant.");
        m("state.CANCELLED.title", "Pembayaran dibatalkan", "Payment cancelled");
        m("state.CANCELLED.detail", "Pesanan ini telah dibatalkan oleh merchant.",
                "This order was cancelled by the merchant.");
        m("state.BILL_NOT_FOUND.title", "Tagihan tidak ditemukan", "Bill not found");
        m("state.BILL_NOT_FOUND.detail",
                "Nomor tagihan tidak terdaftar pada biller. Periksa kembali nomor tagihan Anda.",
                "The bill number is not registered with the biller. Please check your bill number.");
        m("state.BILL_ALREADY_PAID.title", "Tagihan sudah dibayar", "Bill already paid");
        m("state.BILL_ALREADY_PAID.detail", "Tagihan ini sudah lunas. Tidak ada yang perlu dibayar.",
                "This bill has already been paid. There is nothing to pay.");
        m("state.AMOUNT_MISMATCH.title", "Jumlah pembayaran tidak sesuai", "Payment amount does not match");
        m("state.AMOUNT_MISMATCH.detail",
                "Jumlah pesanan berbeda dengan total tagihan dari biller, sehingga pembayaran tidak dapat dilakukan. Tidak ada dana yang ditarik. Silakan hubungi merchant.",
                "The order amount differs from the biller's total, so the payment cannot be made. Nothing was charged. Please contact the merchant.");
        m("state.UNAVAILABLE.title", "Layanan sedang tidak tersedia", "Service temporarily unavailable");
        m("state.UNAVAILABLE.detail", "Biller sedang tidak dapat dihubungi. Silakan coba lagi beberapa saat lagi.",
                "The biller cannot be reached right now. Please try again in a moment.");
        m("state.NOT_FOUND.title", "Halaman pembayaran tidak ditemukan", "Payment page not found");
        m("state.NOT_FOUND.detail",
                "Tautan pembayaran tidak dikenal atau sudah tidak berlaku. Periksa kembali tautan dari merchant.",
                "This payment link is unknown or no longer valid. Please check the link from the merchant.");

        m("choose.none", "Tidak ada metode pembayaran yang tersedia.", "No payment method is available.");
        m("family.va", "Virtual Account", "Virtual Account");
        m("family.qris", "QRIS", "QRIS");
        m("family.ewallet", "E-Wallet", "E-Wallet");
        m("family.paylater", "Bayar Nanti", "Pay Later");
        m("family.onlinebanking", "Internet Banking", "Online Banking");
        m("family.paycode", "Gerai Retail", "Retail Outlet");
        m("family.card", "Kartu", "Card");
        m("family.other", "Lainnya", "Other");
        m("sof.vabca", "BCA Virtual Account", "BCA Virtual Account");
        m("sof.vabjb", "BJB Virtual Account", "BJB Virtual Account");
        m("sof.vabnc", "Bank Neo Commerce Virtual Account", "Bank Neo Commerce Virtual Account");
        m("sof.vabni", "BNI Virtual Account", "BNI Virtual Account");
        m("sof.vabri", "BRI Virtual Account", "BRI Virtual Account");
        m("sof.vabsi", "BSI Virtual Account", "BSI Virtual Account");
        m("sof.vabtn", "BTN Virtual Account", "BTN Virtual Account");
        m("sof.vacimb", "CIMB Niaga Virtual Account", "CIMB Niaga Virtual Account");
        m("sof.vadanamon", "Danamon Virtual Account", "Danamon Virtual Account");
        m("sof.vadki", "Bank DKI Virtual Account", "Bank DKI Virtual Account");
        m("sof.vamandiri", "Mandiri Virtual Account", "Mandiri Virtual Account");
        m("sof.vamaybank", "Maybank Virtual Account", "Maybank Virtual Account");
        m("sof.vamega", "Bank Mega Virtual Account", "Bank Mega Virtual Account");
        m("sof.vamuamalat", "Muamalat Virtual Account", "Muamalat Virtual Account");
        m("sof.vanagari", "Bank Nagari Virtual Account", "Bank Nagari Virtual Account");
        m("sof.vapermata", "Permata Virtual Account", "Permata Virtual Account");
        m("sof.finpaybpd", "BPD Virtual Account (Finpay)", "BPD Virtual Account (Finpay)");
        m("sof.qris", "QRIS", "QRIS");
        m("sof.ovo", "OVO", "OVO");
        m("sof.dana", "DANA", "DANA");
        m("sof.shopeepay", "ShopeePay", "ShopeePay");
        m("sof.linkaja", "LinkAja", "LinkAja");
        m("sof.linkajawco", "LinkAja WCO", "LinkAja WCO");
        m("sof.finpaymoney", "Finpay Money", "Finpay Money");
        m("sof.jeniuspay", "Jenius Pay", "Jenius Pay");
        m("sof.virgo", "Virgo", "Virgo");
        m("sof.kredivo", "Kredivo", "Kredivo");
        m("sof.indodana", "Indodana PayLater", "Indodana PayLater");
        m("sof.octoclicks", "OCTO Clicks", "OCTO Clicks");
        m("sof.permatanet", "PermataNet", "PermataNet");
        m("sof.finpaycode", "Finpay Code", "Finpay Code");
        m("sof.alfamart", "Alfamart", "Alfamart");
        m("sof.idm", "Indomaret", "Indomaret");
        m("sof.pospay", "Pospay (Kantor Pos)", "Pospay (Post Office)");
        m("sof.cc", "Kartu Kredit/Debit", "Credit/Debit Card");
        m("sof.provider", "penyedia pembayaran", "payment provider");

        m("pay.method", "Metode pembayaran", "Payment method");
        m("pay.amount", "Jumlah yang harus dibayar", "Amount to pay");
        m("pay.code.va", "Nomor Virtual Account", "Virtual Account number");
        m("pay.code.paycode", "Kode pembayaran", "Payment code");
        m("pay.code.reference", "Referensi pembayaran", "Payment reference");
        m("pay.copy", "Salin", "Copy");
        m("pay.copied", "Tersalin", "Copied");
        m("pay.qr.alt", "Kode QR QRIS untuk dipindai", "QRIS QR code to scan");
        m("pay.qr.save", "Simpan gambar QR", "Save QR image");
        m("pay.qr.unavailable", "Kode QR tidak dapat ditampilkan. Silakan pilih metode pembayaran lain melalui merchant.",
                "The QR code cannot be shown. Please choose another payment method through the merchant.");
        m("pay.code.unavailable", "Kode pembayaran belum tersedia. Halaman ini akan diperbarui otomatis.",
                "The payment code is not available yet. This page will update by itself.");
        m("pay.steps", "Cara membayar", "How to pay");
        m("pay.waiting", "Menunggu pembayaran Anda…", "Waiting for your payment…");
        m("steps.va.1", "Buka aplikasi mobile banking, internet banking, atau ATM.",
                "Open your mobile banking app, internet banking or an ATM.");
        m("steps.va.2", "Pilih menu Transfer atau Pembayaran, lalu Virtual Account.",
                "Choose Transfer or Payment, then Virtual Account.");
        m("steps.va.3", "Masukkan nomor Virtual Account di atas.", "Enter the Virtual Account number above.");
        m("steps.va.4", "Periksa nama dan total, lalu konfirmasi pembayaran.",
                "Check the name and the total, then confirm the payment.");
        m("steps.paycode.1", "Datang ke kasir gerai yang menerima pembayaran {sof}.",
                "Go to the cashier of an outlet that accepts {sof} payments.");
        m("steps.paycode.2", "Sampaikan bahwa Anda ingin membayar dengan kode pembayaran, lalu tunjukkan kode di atas.",
                "Tell the cashier you want to pay with a payment code and show the code above.");
        m("steps.paycode.3", "Bayar sesuai total dan simpan struk sebagai bukti pembayaran.",
                "Pay the total and keep the receipt as proof of payment.");
        m("steps.qris.1", "Buka aplikasi mobile banking atau e-wallet yang mendukung QRIS.",
                "Open a mobile banking or e-wallet app that supports QRIS.");
        m("steps.qris.2", "Pindai kode QR di atas. Jika membuka halaman ini di ponsel yang sama, simpan gambar QR lalu unggah dari galeri.",
                "Scan the QR code above. On this same phone, save the QR image and upload it from your gallery.");
        m("steps.qris.3", "Periksa nama merchant dan total, lalu konfirmasi pembayaran.",
                "Check the merchant name and the total, then confirm the payment.");
        m("provider.continue", "Lanjutkan pembayaran", "Continue to payment");
        m("provider.unavailable", "Tautan pembayaran tidak tersedia. Halaman ini akan diperbarui otomatis.",
                "The payment link is not available. This page will update by itself.");
        m("method.change", "Pilih metode pembayaran lain", "Choose another payment method");
        m("method.change.hint", "Kode pembayaran di atas akan ditutup dan tidak dapat dibayar lagi.",
                "The payment code above will be closed and can no longer be paid.");
        m("method.kept",
                "Metode pembayaran tidak dapat diganti saat ini: pembayaran ini mungkin sudah diterima. Halaman ini diperbarui otomatis.",
                "The payment method cannot be changed right now: this payment may already have been received. This page updates by itself.");
        m("back.merchant", "Kembali ke {merchant}", "Back to {merchant}");
        m("back.merchant.generic", "Kembali ke merchant", "Back to the merchant");
        m("redirect.notice", "Anda akan diarahkan kembali ke {merchant} dalam {seconds} detik…",
                "You will be redirected back to {merchant} in {seconds} seconds…");
        m("redirect.notice.generic", "Anda akan diarahkan kembali ke merchant dalam {seconds} detik…",
                "You will be redirected back to the merchant in {seconds} seconds…");
        m("retry", "Coba lagi", "Try again");
    }

    /** The message keys, for tests and for whoever adds a language. */
    public static Set<String> messageKeys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(MESSAGES.keySet()));
    }

    /** The raw (unescaped) text of a message, {@code lang} "en" or anything else for Bahasa Indonesia. */
    public static String message(String key, String lang) {
        String[] texts = MESSAGES.get(key);
        if (texts == null) {
            throw new IllegalArgumentException("no message " + key);
        }
        return texts["en".equals(normalizeLang(lang)) ? 1 : 0];
    }

    /** The customer-facing name of a SOF type; an unknown type shows as itself. */
    public static String sofName(String type, String lang) {
        if (type == null || type.isBlank()) {
            return message("sof.provider", lang);
        }
        return MESSAGES.containsKey("sof." + type) ? message("sof." + type, lang) : type;
    }

    static String normalizeLang(String lang) {
        return lang != null && lang.trim().equalsIgnoreCase("en") ? "en" : "id";
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

    /** HTML escape for text and quoted attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
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

    /** A path segment, percent-encoded (RFC 3986 unreserved characters stay). */
    static String pathSegment(String segment) {
        byte[] bytes = (segment == null ? "" : segment).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- rendering

    /** The whole page, an HTML5 document to send as {@code text/html; charset=UTF-8}. */
    public String render(PageView view) {
        return new Page(view, clock.millis()).render();
    }

    /** One rendering: the view, its language and the output. */
    private static final class Page {
        private final PageView v;
        private final PageState state;
        private final String lang;
        private final long nowMillis;
        private final StringBuilder h = new StringBuilder(8192);

        Page(PageView view, long nowMillis) {
            this.v = view;
            this.state = view.state() == null ? PageState.NOT_FOUND : view.state();
            this.lang = normalizeLang(view.lang());
            this.nowMillis = nowMillis;
        }

        /** Escaped text of a message, with {name} placeholders replaced by escaped values. */
        private String t(String key, String... params) {
            String text = escape(message(key, lang));
            for (int i = 0; i + 1 < params.length; i += 2) {
                text = text.replace("{" + params[i] + "}", escape(params[i + 1]));
            }
            return text;
        }

        private boolean has(String s) {
            return s != null && !s.isBlank();
        }

        private String pageUrl() {
            return PAGE_PATH + pathSegment(v.token());
        }

        String render() {
            String other = "en".equals(lang) ? "id" : "en";
            String title = t("page.title") + (has(v.merchantName()) ? " - " + escape(v.merchantName()) : "") + " | Loket";
            h.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\">\n<head>\n")
                    .append("<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
                    // The token in the URL is the customer's key to the order: never send it on as a Referer.
                    .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                    .append("<meta name=\"format-detection\" content=\"telephone=no\">\n")
                    .append("<title>").append(title).append("</title>\n")
                    .append("<style>").append(STYLE).append("</style>\n")
                    .append("</head>\n<body>\n");
            h.append("<header class=\"bar\"><span class=\"brand\">Loket</span>")
                    .append("<a id=\"lang-switch\" href=\"?lang=").append(other).append("\" hreflang=\"").append(other)
                    .append("\" lang=\"").append(other).append("\">").append(t("lang.switch")).append("</a></header>\n");

            boolean known = state != PageState.NOT_FOUND;
            h.append("<main id=\"page\" data-state=\"").append(state.name())
                    .append("\" data-status=\"").append(escape(state.orderStatus())).append('"')
                    .append(" data-poll=\"").append(state.waiting() && known).append('"');
            if (known && has(v.token())) {
                h.append(" data-page-url=\"").append(escape(pageUrl() + "?lang=" + lang)).append('"')
                        .append(" data-state-url=\"").append(escape(pageUrl() + "/state")).append('"');
            }
            h.append(">\n");

            orderHeader();
            h.append("<h1 id=\"headline\" class=\"headline ").append(tone()).append("\">")
                    .append(t("state." + state.name() + ".title")).append("</h1>\n");
            h.append("<p id=\"state-detail\" class=\"detail\">")
                    .append(t("state." + state.name() + ".detail", "sof", sofName(v.sofType(), lang))).append("</p>\n");
            if (has(v.message())) {
                h.append("<p id=\"message\" class=\"notice\">").append(escape(v.message())).append("</p>\n");
            }
            // Once a method is chosen, what to pay comes first; the bill's details follow.
            if (state == PageState.PAY_INSTRUCTIONS) {
                payInstructions();
                waiting();
                changeMethod();
            } else if (state == PageState.CONTINUE_AT_PROVIDER) {
                continueAtProvider();
                waiting();
                changeMethod();
            }
            if (state.payable()) {
                countdown();
            }
            if (known) {
                amounts();
            }
            switch (state) {
                case CHOOSE -> choose();
                case PROCESSING -> h.append("<div class=\"waiting\"><span class=\"spinner\" aria-hidden=\"true\"></span>")
                        .append("<span>").append(t("state.PROCESSING.title")).append("…</span></div>\n");
                case UNAVAILABLE -> {
                    if (has(v.token())) {
                        h.append("<a id=\"retry-link\" class=\"button\" href=\"?lang=").append(lang).append("\">")
                                .append(t("retry")).append("</a>\n");
                    }
                }
                default -> { }
            }
            if (!state.payable() && !state.waiting()) {
                backToMerchant();
            }
            if (has(v.reference())) {
                h.append("<p class=\"small\">").append(t("order.reference")).append(": <span id=\"order-reference\">")
                        .append(escape(v.reference())).append("</span></p>\n");
            }
            h.append("</main>\n<footer class=\"small\">").append(t("brand.by")).append("</footer>\n");
            h.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
            return h.toString();
        }

        private String tone() {
            return switch (state) {
                case PAID -> "ok";
                case CHOOSE, PAY_INSTRUCTIONS, CONTINUE_AT_PROVIDER, PROCESSING -> "info";
                case REFUNDED, UNAVAILABLE -> "warn";
                default -> "bad";
            };
        }

        private void orderHeader() {
            if (!has(v.merchantName()) && !has(v.orderId()) && !has(v.description())) {
                return;
            }
            h.append("<section class=\"order\">\n");
            if (has(v.merchantName())) {
                h.append("<div id=\"merchant-name\" class=\"merchant\">").append(escape(v.merchantName())).append("</div>\n");
            }
            if (has(v.orderId())) {
                h.append("<div class=\"small\">").append(t("order.id")).append(": <span id=\"order-id\">")
                        .append(escape(v.orderId())).append("</span></div>\n");
            }
            if (has(v.description())) {
                h.append("<div id=\"order-description\" class=\"desc\">").append(escape(v.description())).append("</div>\n");
            }
            h.append("</section>\n");
        }

        private void countdown() {
            if (v.expiresAt() == null) {
                return;
            }
            long expires = v.expiresAt().toEpochMilli();
            long left = Math.max(0, (expires - nowMillis) / 1000);
            String initial = left == 0 ? message("countdown.expired", lang)
                    : String.format(Locale.ROOT, "%02d:%02d:%02d", left / 3600, left % 3600 / 60, left % 60);
            String when = ("en".equals(lang) ? EXPIRY_EN : EXPIRY_ID).format(v.expiresAt());
            h.append("<section class=\"timer\">\n<div class=\"small\">").append(t("countdown.label")).append("</div>\n")
                    .append("<span id=\"countdown\" class=\"countdown\" data-expires=\"").append(expires)
                    .append("\" data-now=\"").append(nowMillis)
                    .append("\" data-expired-text=\"").append(t("countdown.expired")).append("\" role=\"timer\">")
                    .append(escape(initial)).append("</span>\n")
                    .append("<div id=\"expires-at\" class=\"small\">").append(t("expires.before", "time", when))
                    .append("</div>\n</section>\n");
        }

        private void amounts() {
            boolean bill = v.billAmount() != null || v.adminFee() != null || has(v.customerName())
                    || has(v.billNumber()) || has(v.dueDate());
            if (!bill && v.amount() == null) {
                return;
            }
            h.append("<section id=\"bill-details\" class=\"card\">\n");
            if (bill) {
                h.append("<h2>").append(t("bill.title")).append("</h2>\n");
            }
            h.append("<dl>\n");
            if (has(v.customerName())) {
                row("bill.customerName", "customer-name", escape(v.customerName()), false);
            }
            if (has(v.billNumber())) {
                row("bill.number", "bill-number", escape(v.billNumber()), false);
            }
            if (v.billAmount() != null) {
                row("bill.amount", "bill-amount", escape(formatRupiah(v.billAmount())), false);
            }
            if (v.adminFee() != null) {
                row("bill.adminFee", "admin-fee", escape(formatRupiah(v.adminFee())), false);
            }
            if (has(v.dueDate())) {
                row("bill.dueDate", "due-date", escape(v.dueDate()), false);
            }
            if (v.amount() != null) {
                row("total", "total-amount", escape(formatRupiah(v.amount())), true);
            }
            h.append("</dl>\n</section>\n");
        }

        private void row(String labelKey, String id, String escapedValue, boolean total) {
            h.append("<div class=\"row").append(total ? " total" : "").append("\"><dt>").append(t(labelKey))
                    .append("</dt><dd id=\"").append(id).append('"')
                    .append(id.endsWith("amount") || id.equals("admin-fee") ? " class=\"money\"" : "")
                    .append('>').append(escapedValue).append("</dd></div>\n");
        }

        private void choose() {
            List<String> types = v.sofTypes() == null ? List.of() : v.sofTypes();
            h.append("<form id=\"sof-form\" method=\"post\" action=\"").append(escape(pageUrl() + "/sof")).append("\">\n")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(v.csrf())).append("\">\n")
                    .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang).append("\">\n");
            if (types.isEmpty()) {
                h.append("<p id=\"no-sof\" class=\"notice\">").append(t("choose.none")).append("</p>\n");
            }
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (SofFamily family : SofFamily.values()) {
                groups.put(family.key(), new ArrayList<>());
            }
            groups.put("other", new ArrayList<>());
            for (String type : new LinkedHashSet<>(types)) {
                if (type == null || type.isBlank()) {
                    continue;
                }
                groups.get(SofFamily.ofType(type).map(SofFamily::key).orElse("other")).add(type);
            }
            groups.forEach((family, members) -> {
                if (members.isEmpty()) {
                    return;
                }
                h.append("<fieldset class=\"sof-group\" id=\"family-").append(family).append("\">\n<legend>")
                        .append(t("family." + family)).append("</legend>\n");
                for (String type : members) {
                    h.append("<button type=\"submit\" class=\"sof\" name=\"sofType\" value=\"").append(escape(type))
                            .append("\" id=\"sof-").append(escape(type)).append("\">")
                            .append(escape(sofName(type, lang))).append("</button>\n");
                }
                h.append("</fieldset>\n");
            });
            h.append("</form>\n");
            String back = safeHttpUrl(v.backUrl());
            if (back != null) {
                h.append("<a id=\"back-link\" class=\"link\" href=\"").append(escape(back)).append("\">")
                        .append(backText()).append("</a>\n");
            }
        }

        private void payInstructions() {
            String type = v.sofType();
            SofFamily family = type == null ? null : SofFamily.ofType(type).orElse(null);
            h.append("<section id=\"pay\" class=\"card\">\n");
            if (has(type)) {
                h.append("<div class=\"small\">").append(t("pay.method")).append("</div>\n")
                        .append("<div id=\"sof-name\" class=\"sof-name\">").append(escape(sofName(type, lang))).append("</div>\n");
            }
            payAmount();
            if (family == SofFamily.QRIS) {
                qris();
            }
            if (has(v.paymentCode())) {
                String label = family == SofFamily.VA ? "pay.code.va"
                        : family == SofFamily.PAYCODE ? "pay.code.paycode" : "pay.code.reference";
                boolean big = family != SofFamily.QRIS;
                h.append("<div class=\"small\">").append(t(label)).append("</div>\n")
                        .append("<div class=\"code-row\"><span id=\"payment-code\" class=\"").append(big ? "code" : "code ref")
                        .append("\">").append(escape(v.paymentCode())).append("</span>")
                        .append("<button type=\"button\" id=\"copy-code\" class=\"copy\" data-copy=\"")
                        .append(escape(v.paymentCode())).append("\" data-copied=\"").append(t("pay.copied")).append("\">")
                        .append(t("pay.copy")).append("</button></div>\n")
                        .append("<div id=\"copy-feedback\" class=\"small\" role=\"status\" aria-live=\"polite\"></div>\n");
            } else if (family != SofFamily.QRIS) {
                h.append("<p class=\"notice\">").append(t("pay.code.unavailable")).append("</p>\n");
            }
            String prefix = family == SofFamily.VA ? "steps.va." : family == SofFamily.PAYCODE ? "steps.paycode."
                    : family == SofFamily.QRIS ? "steps.qris." : null;
            if (prefix != null) {
                h.append("<h2>").append(t("pay.steps")).append("</h2>\n<ol id=\"pay-steps\" class=\"steps\">\n");
                for (int i = 1; MESSAGES.containsKey(prefix + i); i++) {
                    h.append("<li>").append(t(prefix + i, "sof", sofName(type, lang))).append("</li>\n");
                }
                h.append("</ol>\n");
            }
            h.append("</section>\n");
        }

        private void qris() {
            String uri = null;
            if (has(v.stringQr())) {
                try {
                    uri = QrImage.pngDataUri(v.stringQr(), QR_SIZE);
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
            }
            if (uri == null) {
                h.append("<p id=\"qris-unavailable\" class=\"notice\">").append(t("pay.qr.unavailable")).append("</p>\n");
                return;
            }
            // The data URI is ours (base64 alphabet only); it is escaped anyway.
            h.append("<div class=\"qr\"><img id=\"qris-image\" src=\"").append(escape(uri)).append("\" alt=\"")
                    .append(t("pay.qr.alt")).append("\" width=\"").append(QR_SIZE).append("\" height=\"")
                    .append(QR_SIZE).append("\"></div>\n")
                    .append("<a id=\"qris-download\" class=\"link\" href=\"").append(escape(uri))
                    .append("\" download=\"").append(escape("qris-" + (has(v.orderId()) ? v.orderId() : "payment") + ".png"))
                    .append("\">").append(t("pay.qr.save")).append("</a>\n");
        }

        private void continueAtProvider() {
            String url = safeHttpUrl(v.providerUrl());
            h.append("<section id=\"pay\" class=\"card\">\n");
            if (has(v.sofType())) {
                h.append("<div class=\"small\">").append(t("pay.method")).append("</div>\n")
                        .append("<div id=\"sof-name\" class=\"sof-name\">").append(escape(sofName(v.sofType(), lang)))
                        .append("</div>\n");
            }
            payAmount();
            if (url != null) {
                h.append("<a id=\"continue-to-provider\" class=\"button primary\" href=\"").append(escape(url))
                        .append("\">").append(t("provider.continue")).append("</a>\n");
            } else {
                h.append("<p class=\"notice\">").append(t("provider.unavailable")).append("</p>\n");
            }
            h.append("</section>\n");
        }

        /** "Choose another method": a plain form post (no script needed), with the page's CSRF value. */
        private void changeMethod() {
            if (!v.methodChangeable() || !has(v.token()) || !has(v.paymentCode())) {
                return;
            }
            h.append("<form id=\"method-form\" method=\"post\" action=\"").append(escape(pageUrl() + "/method"))
                    .append("\">\n")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(v.csrf())).append("\">\n")
                    .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang).append("\">\n")
                    // The payment this page shows: a stale tab's form does not close the one chosen since.
                    .append("<input type=\"hidden\" name=\"payment\" value=\"").append(escape(v.paymentCode()))
                    .append("\">\n")
                    .append("<button type=\"submit\" id=\"change-method\" class=\"button\">").append(t("method.change"))
                    .append("</button>\n")
                    .append("<p class=\"small\">").append(t("method.change.hint")).append("</p>\n")
                    .append("</form>\n");
        }

        private void payAmount() {
            if (v.amount() != null) {
                h.append("<div class=\"small\">").append(t("pay.amount")).append("</div>\n")
                        .append("<div id=\"pay-amount\" class=\"pay-amount money\">").append(escape(formatRupiah(v.amount())))
                        .append("</div>\n");
            }
        }

        private void waiting() {
            h.append("<div class=\"waiting\"><span class=\"spinner\" aria-hidden=\"true\"></span><span>")
                    .append(t("pay.waiting")).append("</span></div>\n");
        }

        private String backText() {
            return has(v.merchantName()) ? t("back.merchant", "merchant", v.merchantName()) : t("back.merchant.generic");
        }

        private void backToMerchant() {
            String preferred = state == PageState.PAID ? v.successUrl() : v.failUrl();
            String url = safeHttpUrl(preferred);
            if (url == null) {
                url = safeHttpUrl(v.backUrl());
            }
            if (url == null) {
                return;
            }
            boolean auto = state.autoRedirect();
            h.append("<a id=\"back-to-merchant\" class=\"button").append(state == PageState.PAID ? " primary" : "")
                    .append("\" href=\"").append(escape(url)).append('"');
            if (auto) {
                h.append(" data-auto-redirect=\"").append(REDIRECT_SECONDS).append('"');
            }
            h.append('>').append(backText()).append("</a>\n");
            if (auto) {
                String seconds = "<span id=\"redirect-seconds\">" + REDIRECT_SECONDS + "</span>";
                String notice = has(v.merchantName())
                        ? t("redirect.notice", "merchant", v.merchantName())
                        : t("redirect.notice.generic");
                h.append("<p id=\"redirect-notice\" class=\"small\">")
                        .append(notice.replace("{seconds}", seconds)).append("</p>\n");
            }
        }
    }

    // ---------------------------------------------------------------- static style and script

    static final String STYLE = """
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;background:#f3f5f8;color:#1b1f24;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
            .bar{display:flex;justify-content:space-between;align-items:center;max-width:480px;margin:0 auto;padding:10px 16px}
            .brand{font-size:13px;color:#6b7480;letter-spacing:.04em}
            #lang-switch{font-size:14px;color:#0b5cad;padding:10px 0 10px 12px;min-height:44px}
            main{max-width:480px;margin:0 auto;padding:0 16px 24px}
            .order{background:#fff;border-radius:12px;padding:14px 16px;margin-bottom:12px}
            .merchant{font-size:18px;font-weight:600;overflow-wrap:anywhere}
            .desc{color:#3c434c;overflow-wrap:anywhere}
            .headline{font-size:22px;line-height:1.3;margin:16px 0 4px}
            .headline.ok{color:#137333}.headline.bad{color:#b3261e}.headline.warn{color:#8a5300}.headline.info{color:#1b1f24}
            .detail{margin:0 0 12px;color:#3c434c}
            .notice{background:#fff7e0;border-left:4px solid #e0a800;padding:10px 12px;border-radius:6px;overflow-wrap:anywhere}
            .small{font-size:13px;color:#6b7480;overflow-wrap:anywhere}
            .card{background:#fff;border-radius:12px;padding:14px 16px;margin:12px 0}
            .card h2{font-size:16px;margin:0 0 8px}
            dl{margin:0}
            .row{display:flex;justify-content:space-between;gap:12px;padding:6px 0;border-bottom:1px solid #eef0f3}
            .row:last-child{border-bottom:0}
            dt{color:#6b7480}
            dd{margin:0;text-align:right;font-weight:500;overflow-wrap:anywhere}
            .row.total dt{color:#1b1f24;font-weight:600}
            .row.total dd{font-size:20px;font-weight:700}
            .money{white-space:nowrap}
            .timer{text-align:center;background:#fff;border-radius:12px;padding:12px;margin:12px 0}
            .countdown{display:block;font-size:28px;font-weight:700;font-variant-numeric:tabular-nums;color:#b3261e}
            form{margin:0}
            .sof-group{border:0;margin:12px 0;padding:0}
            .sof-group legend{font-weight:600;padding:0;margin-bottom:6px}
            button,.button{font:inherit;cursor:pointer}
            .sof{display:block;width:100%;min-height:52px;margin:0 0 8px;padding:12px 16px;text-align:left;background:#fff;color:#1b1f24;border:1px solid #d5dae1;border-radius:10px;font-size:17px}
            .sof:active,.sof:focus{border-color:#0b5cad;outline:2px solid #0b5cad33}
            .sof-name{font-size:18px;font-weight:600;margin-bottom:10px}
            .pay-amount{font-size:22px;font-weight:700;margin-bottom:10px}
            .code-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 12px;margin:4px 0 12px}
            .code{font-size:22px;font-weight:700;letter-spacing:.03em;font-variant-numeric:tabular-nums;white-space:nowrap}
            .code.ref{font-size:16px;letter-spacing:0;white-space:normal;overflow-wrap:anywhere}
            .copy{min-height:44px;min-width:72px;padding:8px 14px;border:1px solid #0b5cad;border-radius:8px;background:#fff;color:#0b5cad;font-weight:600}
            .qr{text-align:center;margin:8px 0}
            .qr img{width:100%;max-width:300px;height:auto;image-rendering:pixelated;image-rendering:crisp-edges}
            .steps{padding-left:20px;margin:0}
            .steps li{margin-bottom:6px}
            .button{display:block;text-align:center;text-decoration:none;min-height:52px;padding:14px 16px;margin:14px 0 8px;border-radius:10px;border:1px solid #0b5cad;background:#fff;color:#0b5cad;font-weight:600;font-size:17px}
            .button.primary{background:#0b5cad;color:#fff}
            #change-method{width:100%}
            .link{display:inline-block;padding:12px 0;color:#0b5cad}
            .waiting{display:flex;align-items:center;justify-content:center;gap:10px;color:#3c434c;margin:16px 0}
            .spinner{width:18px;height:18px;border:3px solid #d5dae1;border-top-color:#0b5cad;border-radius:50%;animation:spin 1s linear infinite}
            @keyframes spin{to{transform:rotate(360deg)}}
            @media (prefers-reduced-motion:reduce){.spinner{animation:none}}
            .offscreen{position:fixed;top:-1000px;left:0;opacity:0}
            footer{max-width:480px;margin:0 auto;padding:0 16px 24px;text-align:center}
            """;

    static final String SCRIPT = """
            (function () {
              'use strict';
              var main = document.getElementById('page');
              if (!main) { return; }
              var pageUrl = main.getAttribute('data-page-url');
              function reload() {
                if (pageUrl) { window.location.replace(pageUrl); } else { window.location.reload(); }
              }

              // Copy the payment code: Clipboard API, or a selected hidden textarea where it is missing.
              var copy = document.getElementById('copy-code');
              if (copy) {
                var label = copy.textContent;
                var feedback = document.getElementById('copy-feedback');
                var fallback = function (text) {
                  var area = document.createElement('textarea');
                  area.value = text;
                  area.setAttribute('readonly', '');
                  area.className = 'offscreen';
                  document.body.appendChild(area);
                  area.select();
                  area.setSelectionRange(0, text.length);
                  var ok = false;
                  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
                  document.body.removeChild(area);
                  return ok;
                };
                var done = function (ok) {
                  if (!ok) { return; }
                  var copied = copy.getAttribute('data-copied');
                  copy.textContent = copied;
                  if (feedback) { feedback.textContent = copied; }
                  setTimeout(function () {
                    copy.textContent = label;
                    if (feedback) { feedback.textContent = ''; }
                  }, 2000);
                };
                copy.addEventListener('click', function () {
                  var text = copy.getAttribute('data-copy') || '';
                  if (navigator.clipboard && window.isSecureContext) {
                    navigator.clipboard.writeText(text).then(function () { done(true); },
                      function () { done(fallback(text)); });
                  } else {
                    done(fallback(text));
                  }
                });
              }

              // Time left to pay, against the server's clock (a phone's clock may be off).
              var countdown = document.getElementById('countdown');
              if (countdown) {
                var expires = parseInt(countdown.getAttribute('data-expires'), 10);
                var skew = parseInt(countdown.getAttribute('data-now'), 10) - Date.now();
                var first = true;
                var timer = null;
                var pad = function (n) { return n < 10 ? '0' + n : String(n); };
                var tick = function () {
                  var left = Math.floor((expires - (Date.now() + skew)) / 1000);
                  if (!(left > 0)) {
                    countdown.textContent = countdown.getAttribute('data-expired-text');
                    if (timer !== null) { clearInterval(timer); }
                    // Already expired when shown: the server has not closed the order yet; ask again gently.
                    setTimeout(reload, first ? 10000 : 1500);
                    return false;
                  }
                  first = false;
                  countdown.textContent = pad(Math.floor(left / 3600)) + ':' + pad(Math.floor(left % 3600 / 60)) + ':' + pad(left % 60);
                  return true;
                };
                if (tick()) { timer = setInterval(tick, 1000); }
              }

              // Waiting for the outcome: poll the order's status, reload when it moved.
              var stateUrl = main.getAttribute('data-state-url');
              var status = main.getAttribute('data-status');
              if (main.getAttribute('data-poll') === 'true' && stateUrl) {
                var poll = function () {
                  var xhr = new XMLHttpRequest();
                  xhr.open('GET', stateUrl, true);
                  xhr.setRequestHeader('Accept', 'application/json');
                  xhr.timeout = 10000;
                  xhr.onloadend = function () {
                    if (xhr.status === 200) {
                      try {
                        var body = JSON.parse(xhr.responseText);
                        if (body && body.status && body.status !== status) { reload(); return; }
                      } catch (e) { /* not JSON: ask again */ }
                    }
                    setTimeout(poll, 2000);
                  };
                  xhr.send();
                };
                setTimeout(poll, 2000);
              }

              // Final status: back to the merchant after a few seconds.
              var back = document.getElementById('back-to-merchant');
              if (back && back.hasAttribute('data-auto-redirect')) {
                var seconds = parseInt(back.getAttribute('data-auto-redirect'), 10) || 5;
                var shown = document.getElementById('redirect-seconds');
                var step = function () {
                  if (seconds <= 0) { window.location.assign(back.href); return; }
                  if (shown) { shown.textContent = String(seconds); }
                  seconds -= 1;
                  setTimeout(step, 1000);
                };
                step();
              }
            })();
            """;

    /**
     * A Content-Security-Policy for the page: nothing but this page's own style and script (by
     * hash), {@code data:} images (the QR), polls and form posts to the hub itself.
     */
    public static String contentSecurityPolicy() {
        return "default-src 'none'; img-src data:; style-src '" + sha256(STYLE) + "'; script-src '" + sha256(SCRIPT)
                + "'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
