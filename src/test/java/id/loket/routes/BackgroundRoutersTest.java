package id.loket.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.order.OrderStatus;
import id.loket.order.OrderWork;
import id.loket.order.PaymentOrder;
import id.loket.order.PaymentResult;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofRequest;
import java.util.Map;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Each branch of the background routes: the order-work router (what a claimed order needs next)
 * and the order expiry (close the payment first, defer when the provider says it was paid).
 */
class BackgroundRoutersTest extends AdvisedRoutes {

    static final SofAnswer NO_ANSWER = new SofAnswer(0, null, null, null, null, null, null, null, null);

    void work(String kind, PaymentOrder o) {
        producer.sendBody("direct:order-work-step", new OrderWork.Work(kind, o, null));
    }

    /** The router's branch for the kind received exactly one message about the order; the others none. */
    void onlyBranch(String branch, PaymentOrder o) throws Exception {
        for (String b : new String[] {"work-biller-payment", "work-refund", "work-late-refund", "work-mitra-refund",
                "work-payment-process"}) {
            mock(b).expectedMessageCount(b.equals(branch) ? 1 : 0);
        }
        if (branch != null) {
            mock(branch).expectedVariableReceived(FlowVariables.ORDER, o);
        }
    }

    void assertBranches() throws Exception {
        MockEndpoint.assertIsSatisfied(camel);
    }

    void due(PaymentOrder o) {
        jdbc.update("UPDATE payment_order SET work_due_at = ? WHERE id = ?",
                java.time.OffsetDateTime.now().minusMinutes(1), o.pk);
    }

    @Test
    void aDueBillPaymentIsClaimedAndPaidAtTheBillerAgain() throws Exception {
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);
        due(o);
        onlyBranch("work-biller-payment", null);

        producer.sendBody("direct:poll-order-work", Map.of("id", o.pk));

        assertBranches();
        assertThat(mock("work-biller-payment").getReceivedExchanges().get(0)
                .getVariable(FlowVariables.ORDER, PaymentOrder.class).pk).isEqualTo(o.pk);
    }

    @Test
    void anOrderAnotherNodeHoldsIsLeftAlone() throws Exception {
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);
        onlyBranch(null, null);
        notified.expectedMessageCount(0);

        // Just moved to PROCESSING: its lease has not run out, so the claim fails.
        producer.sendBody("direct:poll-order-work", Map.of("id", o.pk));

        assertBranches();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
    }

    @Test
    void aPlainPaymentLeftProcessingIsPaidAndNotified() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PROCESSING);
        onlyBranch(null, null);
        notified.expectedMessageCount(1);

        work("PLAIN_COMPLETE", o);

        assertBranches();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PAID);
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void anOwedRefundIsAskedAgainForTheWholePaymentUnderTheSameReference() throws Exception {
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);
        onlyBranch("work-refund", o);

        work("REFUND", o);

        assertBranches();
        SofRequest r = mock("work-refund").getReceivedExchanges().get(0).getMessage().getBody(SofRequest.class);
        assertThat(r.operation()).isEqualTo(SofRequest.Operation.REFUND);
        assertThat(r.family()).isEqualTo("va");
        assertThat(r.paymentCode()).isEqualTo(o.sofPaymentCode);
        assertThat(r.amount()).isEqualTo(12500L);
        assertThat(r.refundReference()).isEqualTo(o.reference + "-A");
    }

    @Test
    void aLatePaymentsRefundGoesToTheLateRefund() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.CANCELLED);
        onlyBranch("work-late-refund", o);

        work("LATE_REFUND", o);

        assertBranches();
    }

    @Test
    void aMitrasOwedRefundGoesToTheOwedRefunds() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PAID);
        onlyBranch("work-mitra-refund", o);

        work("MITRA_REFUND", o);

        assertBranches();
    }

    @Test
    void anOverdueCallbackThatThePaymentProviderSaysIsPaidGoesOnAsTheCallback() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PENDING);
        provider.whenAnyExchangeReceived(e -> e.getMessage().setBody(
                new SofAnswer(200, "PAID", o.sofPaymentCode, null, null, null, null, null, o.amount)));
        onlyBranch("work-payment-process", o);

        work("STATUS_CHECK", o);

        assertBranches();
        assertThat(provider.getReceivedExchanges().get(0).getMessage().getBody(SofRequest.class).operation())
                .isEqualTo(SofRequest.Operation.STATUS);
        PaymentResult result = mock("work-payment-process").getReceivedExchanges().get(0).getMessage()
                .getBody(PaymentResult.class);
        assertThat(result.result()).isEqualTo(PaymentResult.Result.SUCCESS);
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
    }

    @Test
    void anOverdueCallbackStillUnpaidAtTheProviderWaits() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PENDING);
        provider.whenAnyExchangeReceived(e -> e.getMessage().setBody(
                new SofAnswer(200, "CREATED", o.sofPaymentCode, null, null, null, null, null, o.amount)));
        onlyBranch(null, null);

        work("STATUS_CHECK", o);

        assertBranches();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PENDING);
    }

    void expire(PaymentOrder o) {
        producer.sendBody("direct:poll-order-expiry", Map.of("id", o.pk));
    }

    @Test
    void anExpiredOrdersPaymentIsClosedFirstThenTheOrderExpires() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PENDING);
        provider.whenAnyExchangeReceived(e -> e.getMessage().setBody(
                new SofAnswer(200, "CLOSED", o.sofPaymentCode, null, null, null, null, null, null)));
        provider.expectedMessageCount(1);
        notified.expectedMessageCount(1);

        expire(o);

        MockEndpoint.assertIsSatisfied(camel);
        SofRequest close = provider.getReceivedExchanges().get(0).getMessage().getBody(SofRequest.class);
        assertThat(close.operation()).isEqualTo(SofRequest.Operation.CLOSE);
        assertThat(close.paymentCode()).isEqualTo(o.sofPaymentCode);
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.EXPIRED);
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void anOrderWhosePaymentTheProviderWillNotCloseDoesNotExpire() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PENDING);
        provider.whenAnyExchangeReceived(e -> e.getMessage().setBody(NO_ANSWER));
        notified.expectedMessageCount(0);

        expire(o);

        notified.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PENDING);
        assertThat(orders.events(o.pk)).anyMatch(e -> e.arrow().equals("order-expiry") && e.outcome().equals("DEFERRED"));
    }

    @Test
    void anOrderWithoutAPaymentExpiresWithoutAskingAnyProvider() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.REQUEST_INITIATED);
        provider.expectedMessageCount(0);
        notified.expectedMessageCount(1);

        expire(o);

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.EXPIRED);
    }
}
