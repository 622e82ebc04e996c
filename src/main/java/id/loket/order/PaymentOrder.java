package id.loket.order;

import java.time.OffsetDateTime;

/** One row of {@code payment_order}: what the Mitra asked for and what happened since. */
public class PaymentOrder {
    public long pk;
    public String reference;
    public String merchantId;
    public String orderId;
    public String kind;
    public String mode;
    public OrderStatus status;
    public String statusDesc;
    public String requestHash;
    public String token;
    public Long amount;
    public Long requestedAmount;
    public String currency;
    public String description;
    public String itemsJson;
    public String customerId;
    public String customerEmail;
    public String customerPhone;
    public String customerFirstName;
    public String customerLastName;
    public String callbackUrl;
    public String successUrl;
    public String failUrl;
    public String backUrl;
    public boolean metaPresent;
    public String metaData;
    public String productCode;
    public String billNumber;
    public String billSubId;
    public String billType;
    public Long billAmount;
    public Long adminFee;
    public String customerName;
    public String dueDate;
    public String bit61;
    public String inquiryJson;
    public String sofType;
    public String sofChannel;
    public String sofPaymentCode;
    public String sofStringQr;
    public String sofRedirectUrl;
    public String sofProviderRef;
    public String traxId;
    public String billerJson;
    public String flaggingJson;
    public OffsetDateTime expiresAt;
    public OffsetDateTime paidAt;
    public OffsetDateTime finalAt;
    public OffsetDateTime createdAt;
    /** When the order's next background step is due (or a node's claim on it runs out); null when none. */
    public OffsetDateTime workDueAt;
    /** Biller payment messages sent for this order's one traxId (the first and its repeats). */
    public int billerAttempts;
    /** The biller refused and the refund at the SOF is not confirmed yet. */
    public boolean refundPending;
    /** Why the money goes back (the biller's refusal): the REFUNDED status's text once the refund is confirmed. */
    public String refusalText;
    /** The biller's outcome stayed unknown after the last repeat: an operator must look. */
    public boolean needsReview;
    public OffsetDateTime sofAttachedAt;
    /** Refunds the Mitra took, confirmed or still owed; never more than {@link #amount}. */
    public long refundTaken;
    /** Refunds the provider confirmed: their total, how many, and when the last one was. */
    public long refundConfirmed;
    public int refundCount;
    public OffsetDateTime refundedAt;

    public boolean isBill() {
        return "BILL".equals(kind);
    }

    public boolean isCore() {
        return "CORE".equals(mode);
    }

    public boolean hasInquiry() {
        return billAmount != null;
    }

    /** The row's id, for expressions in the routes. */
    public long getPk() {
        return pk;
    }

    /** Stored already: a draft is not (its pk is 0). */
    public boolean isStored() {
        return pk > 0;
    }

    /** The order has a provider payment (a VA number, a QR, a code or a page). */
    public boolean hasPayment() {
        return sofPaymentCode != null;
    }

    /** A hosted bill payment whose page opens before the biller was asked for the bill. */
    public boolean needsInquiry() {
        return isBill() && status == OrderStatus.REQUEST_INITIATED && !hasInquiry();
    }

    /** A core-mode order that still waits for its provider payment (a first try, or one that failed). */
    public boolean needsPayment() {
        return isCore() && sofPaymentCode == null && status == OrderStatus.REQUEST_INITIATED;
    }

    /** The customer id notifications carry: {@code customer.id}, or the e-mail when absent (contract section 2). */
    public String notifiedCustomerId() {
        if (customerId != null) {
            return customerId;
        }
        return customerEmail != null ? customerEmail : customerPhone;
    }

    /** What may still be refunded: paid less every refund taken. */
    public long refundRemaining() {
        return amount == null ? 0 : amount - refundTaken;
    }

    @Override
    public String toString() {
        return "order " + merchantId + "/" + orderId + " (" + reference + ", " + status + ")";
    }
}
