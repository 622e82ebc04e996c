package id.loket.order;

/**
 * Every text the hub itself writes into {@code result.payment.statusDesc} (contract section 3,
 * "the hub's own text"): printable ASCII with no {@code /} and no {@code \}, so a merchant that
 * re-encodes a notification with {@code JSON_UNESCAPED_SLASHES} or {@code JSON_UNESCAPED_UNICODE}
 * gets the same bytes as PHP's default encoding. Indonesian first, then English, as Finpay's texts.
 */
public final class StatusText {

    /** What a hub text may hold. */
    public static final String ALLOWED = "[\\x20-\\x7E&&[^/\\\\]]*";

    private StatusText() {
    }

    /** The text of a status when nothing more particular is known. */
    public static String of(OrderStatus status) {
        return switch (status) {
            case REQUEST_INITIATED -> "Menunggu pilihan pembayaran - waiting for the customer";
            case PENDING -> "Menunggu pembayaran - waiting for payment";
            case PROCESSING -> "Pembayaran diterima, tagihan sedang dibayar - payment received, paying the bill";
            case PAID -> "Pembayaran berhasil - payment successful";
            case FAILED -> "Pembayaran gagal - payment failed";
            case REFUNDED -> "Dana dikembalikan - payment refunded";
            case PARTIALLY_REFUNDED -> "Dana dikembalikan sebagian - payment partially refunded";
            case EXPIRED -> "Pembayaran kedaluwarsa - payment expired";
            case CANCELLED -> "Pembayaran dibatalkan - payment cancelled";
        };
    }

    /**
     * The {@code statusDesc} an order shows: the text stored with its last move, or its status's
     * own text when none was stored or a stored one (an order from before this rule) breaks it.
     */
    public static String shown(PaymentOrder o) {
        return o.statusDesc != null && o.statusDesc.matches(ALLOWED) ? o.statusDesc : of(o.status);
    }

    public static String declined(String sofType) {
        return "Pembayaran ditolak - payment declined by " + clean(sofType);
    }

    public static String billerRefused(String resultCode) {
        return "Dana dikembalikan, biller menolak (" + clean(resultCode) + ") - refunded, the biller refused";
    }

    public static String billNotFound() {
        return "Tagihan tidak ditemukan - bill not found";
    }

    public static String billAlreadyPaid() {
        return "Tagihan sudah dibayar - bill already paid";
    }

    public static String amountMismatch(long requested, long total) {
        return "Jumlah tidak sesuai tagihan - order.amount " + requested + " differs from the bill's total " + total;
    }

    /**
     * A partner's value inside a hub text (a SOF type, a biller's result code): letters, digits,
     * {@code -}, {@code _} and {@code .} kept, anything else dropped, at most 32 characters.
     */
    static String clean(String value) {
        if (value == null) {
            return "";
        }
        String kept = value.replaceAll("[^A-Za-z0-9._-]", "");
        return kept.length() > 32 ? kept.substring(0, 32) : kept;
    }
}
