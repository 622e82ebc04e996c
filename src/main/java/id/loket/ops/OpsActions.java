package id.loket.ops;

import org.springframework.stereotype.Component;

/**
 * Operators' actions on orders: resends and biller repeats at once, resolutions and refunds under
 * four eyes ({@code hub.ops.four-eyes}), each with its audit entries.
 */
@Component
public class OpsActions {

    public OpsAction resolve(Operator who, String merchantId, String orderId, ResolveRequest body) {
        throw new UnsupportedOperationException("not yet");
    }

    public OpsAction refund(Operator who, String merchantId, String orderId, RefundProposal body) {
        throw new UnsupportedOperationException("not yet");
    }

    public OpsAction resend(Operator who, String merchantId, String orderId) {
        throw new UnsupportedOperationException("not yet");
    }

    public OpsAction retryBiller(Operator who, String merchantId, String orderId) {
        throw new UnsupportedOperationException("not yet");
    }

    public OpsAction approve(Operator who, long id, String comment) {
        throw new UnsupportedOperationException("not yet");
    }

    public OpsAction reject(Operator who, long id, String comment) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Actions newest first; {@code state} null for all. */
    public Page<OpsAction> page(String state, int limit, String after) {
        throw new UnsupportedOperationException("not yet");
    }

}
