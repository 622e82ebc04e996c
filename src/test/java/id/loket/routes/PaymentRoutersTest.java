package id.loket.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.biller.BillerAnswer;
import id.loket.order.OrderStatus;
import id.loket.order.PaymentOrder;
import id.loket.order.PaymentResult;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each branch of the two Content-Based Routers: the payment result (payment-process) and the
 * biller's answer (biller-payment). Partner calls are advised into mock endpoints; the order
 * store and the state machine are the real ones.
 */
class PaymentRoutersTest extends AdvisedRoutes {

    MockEndpoint billerPayment;
    MockEndpoint lateRefund;
    MockEndpoint notify;
    MockEndpoint billerRequest;
    MockEndpoint refund;

    @BeforeEach
    void mocks() {
        billerPayment = mock("biller-payment");
        lateRefund = mock("late-payment-refund");
        notify = mock("notify");
        billerRequest = mock("biller-payment-request");
        refund = mock("sof-refund");
    }

    Exchange process(PaymentOrder o, PaymentResult.Result result) {
        return producer.send("direct:payment-process", e -> {
            e.setVariable(FlowVariables.ORDER, o);
            e.getMessage().setBody(PaymentResult.of(result, o));
        });
    }

    @Test
    void successOfABillPaymentGoesToTheBillerPayment() throws Exception {
        billerPayment.expectedMessageCount(1);
        lateRefund.expectedMessageCount(0);
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);

        process(o, PaymentResult.Result.SUCCESS);

        billerPayment.assertIsSatisfied();
        lateRefund.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
    }

    @Test
    void successOfAPlainPaymentIsPaidWithoutABillerAndNotifies() throws Exception {
        billerPayment.expectedMessageCount(0);
        notify.expectedMessageCount(1);
        PaymentOrder o = order("PLAIN", OrderStatus.PROCESSING);

        Exchange done = process(o, PaymentResult.Result.SUCCESS);

        billerPayment.assertIsSatisfied();
        notify.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PAID);
        assertThat(done.getVariable(FlowVariables.NOTIFICATION, Long.class)).isPositive();
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentFailsWithoutAnyBillerCall() throws Exception {
        billerPayment.expectedMessageCount(0);
        PaymentOrder o = order("BILL", OrderStatus.PENDING);

        process(o, PaymentResult.Result.DECLINED);

        billerPayment.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.FAILED);
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void aLatePaymentIsRefundedAndTheOrderKeepsItsStatus() throws Exception {
        lateRefund.expectedMessageCount(1);
        billerPayment.expectedMessageCount(0);
        PaymentOrder o = order("BILL", OrderStatus.CANCELLED);

        process(o, PaymentResult.Result.LATE);

        lateRefund.assertIsSatisfied();
        billerPayment.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aRepeatedCallbackChangesNothing() throws Exception {
        billerPayment.expectedMessageCount(0);
        lateRefund.expectedMessageCount(0);
        PaymentOrder o = order("PLAIN", OrderStatus.PROCESSING);

        process(o, PaymentResult.Result.REPEAT);

        billerPayment.assertIsSatisfied();
        lateRefund.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
        assertThat(notifications(o)).isZero();
    }

    /** The biller adapter's one fact: the answer it returns. */
    void billerAnswers(BillerAnswer answer) {
        billerRequest.whenAnyExchangeReceived(e -> e.getMessage().setBody(answer));
    }

    void providerRefunds(SofAnswer answer) {
        refund.whenAnyExchangeReceived(e -> e.getMessage().setBody(answer));
    }

    Exchange payBill(PaymentOrder o) {
        return producer.send("direct:biller-payment", e -> e.setVariable(FlowVariables.ORDER, o));
    }

    @Test
    void anApprovedBillerPaymentIsPaidWithItsFlagging() throws Exception {
        billerAnswers(new BillerAnswer(BillerAnswer.Outcome.APPROVED, "00", "APPROVED", 10000L, 2500L, "BUDI", null,
                "459719", "NOV 2026", null, null, Map.of("resultCode", "00")));
        refund.expectedMessageCount(0);
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);

        payBill(o);

        refund.assertIsSatisfied();
        PaymentOrder paid = orders.byPk(o.pk);
        assertThat(paid.status).isEqualTo(OrderStatus.PAID);
        assertThat(paid.traxId).isEqualTo("LKT" + String.format("%015d", o.pk));
        assertThat(paid.flaggingJson).contains("\"reffNo\":\"459719\"").contains("\"amount\":\"12500\"")
                .contains("\"customerName\":\"BUDI\"");
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void aRefusedBillerPaymentIsRefundedAtTheSof() throws Exception {
        billerAnswers(BillerAnswer.of(BillerAnswer.Outcome.REFUSED, "05", "REFUSED", Map.of("resultCode", "05")));
        providerRefunds(new SofAnswer(200, "REFUNDED", null, null, null, null, null, "RF1", 12500L));
        refund.expectedMessageCount(1);
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);

        payBill(o);

        refund.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.REFUNDED);
        assertThat(notifications(o)).isEqualTo(1);
    }

    @Test
    void aRefundTheProviderDoesNotConfirmLeavesTheOrderProcessing() throws Exception {
        billerAnswers(BillerAnswer.of(BillerAnswer.Outcome.REFUSED, "05", "REFUSED", Map.of("resultCode", "05")));
        providerRefunds(new SofAnswer(0, null, null, null, null, null, null, null, null));
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);

        payBill(o);

        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
        assertThat(notifications(o)).isZero();
    }

    @Test
    void anUnknownBillerOutcomeIsNeverRefunded() throws Exception {
        billerAnswers(BillerAnswer.unknown("SocketTimeoutException"));
        refund.expectedMessageCount(0);
        PaymentOrder o = order("BILL", OrderStatus.PROCESSING);

        payBill(o);

        refund.assertIsSatisfied();
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PROCESSING);
        assertThat(notifications(o)).isZero();
        assertThat(orders.events(o.pk)).anyMatch(e -> e.arrow().equals("biller-payment") && e.outcome().equals("UNKNOWN"));
    }
}
