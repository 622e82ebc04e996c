package id.loket.page;

import java.time.Instant;
import java.util.List;

/**
 * Everything the hosted payment page shows, gathered by the page routes and rendered by
 * {@link PaymentPageRenderer}. Any value may come from a partner: the template engine escapes all of them.
 */
public record PageView(
        String lang,            // "id" (default) or "en"
        PageState state,
        String token,           // the payment URL token; page URL is /pg/payment/card/access/{token}
        String csrf,            // value for the hidden form field "csrf"
        String merchantName,
        String orderId,
        String reference,       // hub's order reference
        String description,     // order description, may be null
        Long amount,            // total to pay in rupiah (bill amount + admin fee), may be null before inquiry
        Long billAmount,        // may be null (plain payments)
        Long adminFee,          // may be null
        String customerName,    // from the biller, UNTRUSTED text (may contain HTML): escape
        String billNumber,      // may be null
        String productCode,     // may be null
        String dueDate,         // may be null
        List<String> sofTypes,  // the SOF types the customer may choose, e.g. vabca, qris, ovo, finpaycode, cc
        String sofType,         // chosen type or null
        String paymentCode,     // VA number / paycode / reference, or null
        String stringQr,        // QRIS payload, or null
        String providerUrl,     // card / e-wallet provider page to continue on, or null
        Instant expiresAt,
        String successUrl, String failUrl, String backUrl,   // merchant URLs, may be null
        String message,         // extra detail for error states, or a notice on a waiting page, may be null
        boolean methodChangeable // the customer may close this payment and choose another method
) {

    public static Builder builder() {
        return new Builder();
    }

    /** Named setters for the many components; unset ones stay null. */
    public static final class Builder {
        private String lang;
        private PageState state;
        private String token;
        private String csrf;
        private String merchantName;
        private String orderId;
        private String reference;
        private String description;
        private Long amount;
        private Long billAmount;
        private Long adminFee;
        private String customerName;
        private String billNumber;
        private String productCode;
        private String dueDate;
        private List<String> sofTypes;
        private String sofType;
        private String paymentCode;
        private String stringQr;
        private String providerUrl;
        private Instant expiresAt;
        private String successUrl;
        private String failUrl;
        private String backUrl;
        private String message;
        private boolean methodChangeable;

        private Builder() {
        }

        public Builder lang(String v) { lang = v; return this; }
        public Builder state(PageState v) { state = v; return this; }
        public Builder token(String v) { token = v; return this; }
        public Builder csrf(String v) { csrf = v; return this; }
        public Builder merchantName(String v) { merchantName = v; return this; }
        public Builder orderId(String v) { orderId = v; return this; }
        public Builder reference(String v) { reference = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder amount(Long v) { amount = v; return this; }
        public Builder billAmount(Long v) { billAmount = v; return this; }
        public Builder adminFee(Long v) { adminFee = v; return this; }
        public Builder customerName(String v) { customerName = v; return this; }
        public Builder billNumber(String v) { billNumber = v; return this; }
        public Builder productCode(String v) { productCode = v; return this; }
        public Builder dueDate(String v) { dueDate = v; return this; }
        public Builder sofTypes(List<String> v) { sofTypes = v; return this; }
        public Builder sofType(String v) { sofType = v; return this; }
        public Builder paymentCode(String v) { paymentCode = v; return this; }
        public Builder stringQr(String v) { stringQr = v; return this; }
        public Builder providerUrl(String v) { providerUrl = v; return this; }
        public Builder expiresAt(Instant v) { expiresAt = v; return this; }
        public Builder successUrl(String v) { successUrl = v; return this; }
        public Builder failUrl(String v) { failUrl = v; return this; }
        public Builder backUrl(String v) { backUrl = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder methodChangeable(boolean v) { methodChangeable = v; return this; }

        public PageView build() {
            return new PageView(lang, state, token, csrf, merchantName, orderId, reference, description,
                    amount, billAmount, adminFee, customerName, billNumber, productCode, dueDate,
                    sofTypes, sofType, paymentCode, stringQr, providerUrl, expiresAt,
                    successUrl, failUrl, backUrl, message, methodChangeable);
        }
    }
}
