package id.loket.order;

import java.util.List;
import java.util.Map;

/**
 * A validated initiate request (contract section 2). Only fields the Mitra may set are here;
 * status, reference and everything else the hub owns are never read from the request.
 *
 * @param kind            BILL for {@code /sof/bp/paymentCard}, PLAIN for {@code /pg/payment/card/initiate}
 * @param amount          {@code order.amount}, null when a bill payment leaves it out
 * @param timeoutMinutes  {@code order.timeout}, the contract's default 1440 when absent
 * @param items           {@code order.item[]} as parsed JSON objects (member order kept), or null
 * @param metaPresent     whether a {@code meta} object was sent
 * @param metaData        {@code meta.data}: a string, or null
 * @param sofType         {@code sourceOfFunds.type} (core mode), or null (hosted page)
 * @param requestHash     sha256 hex of the canonical request, for idempotency
 */
public record InitiateCommand(
        String kind,
        String orderId,
        Long amount,
        String currency,
        String description,
        long timeoutMinutes,
        List<Map<String, Object>> items,
        String customerId,
        String customerEmail,
        String customerPhone,
        String customerFirstName,
        String customerLastName,
        String callbackUrl,
        String successUrl,
        String failUrl,
        String backUrl,
        String productCode,
        String billNumber,
        String billSubId,
        String billType,
        boolean metaPresent,
        String metaData,
        String sofType,
        String requestHash) {

    public boolean isBill() {
        return "BILL".equals(kind);
    }

    public boolean isCore() {
        return sofType != null;
    }
}
