package id.loket.routes;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.api.InitiateRequestParser;
import id.loket.biller.BillerAnswer;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentOrder;
import id.loket.order.PaymentResult;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each branch of the two Content-Based Routers: the payment result (payment-process) and the
 * biller's answer (biller-payment). Partner calls are advised into mock endpoints; the order
 * store and the state machine are the real ones.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:routers;DB_CLOSE_DELAY=-1",
        "hub.sandbox.enabled=false",
        "server.port=0"})
class PaymentRoutersTest {

    static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    OrderStore orders;
    @Autowired
    InitiateRequestParser parser;
    @Autowired
    JdbcTemplate jdbc;

    MockEndpoint billerPayment;
    MockEndpoint lateRefund;
    MockEndpoint notify;
    MockEndpoint billerRequest;
    MockEndpoint refund;

    @BeforeEach
    void advise() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "payment-process", r -> {
                r.weaveByToUri("direct:biller-payment").replace().to("mock:biller-payment");
                r.weaveByToUri("direct:late-payment-refund").replace().to("mock:late-payment-refund");
                r.weaveByToUri("direct:notify-mitra").replace().to("mock:notify");
            });
            AdviceWith.adviceWith(camel, "biller-payment", r ->
                    r.weaveByToUri("direct:biller-payment-request").replace().to("mock:biller-payment-request"));
            AdviceWith.adviceWith(camel, "payment-refund", r ->
                    r.weaveByToUri("direct:sof-refund").replace().to("mock:sof-refund"));
            camel.start();
        }
        billerPayment = camel.getEndpoint("mock:biller-payment", MockEndpoint.class);
        lateRefund = camel.getEndpoint("mock:late-payment-refund", MockEndpoint.class);
        notify = camel.getEndpoint("mock:notify", MockEndpoint.class);
        billerRequest = camel.getEndpoint("mock:biller-payment-request", MockEndpoint.class);
        refund = camel.getEndpoint("mock:sof-refund", MockEndpoint.class);
        MockEndpoint.resetMocks(camel);
    }

    /** A stored order, moved to the given status as the real flow would. */
    PaymentOrder order(String kind, OrderStatus status) {
        String id = "RT-" + SEQ.incrementAndGet();
        String json = "BILL".equals(kind)
                ? "{\"order\":{\"id\":\"" + id + "\"},\"customer\":{\"email\":\"a@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"http://localhost/cb\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"123456\"}}}"
                : "{\"order\":{\"id\":\"" + id + "\",\"amount\":\"5000\"},\"customer\":{\"email\":\"a@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"http://localhost/cb\"}}";
        PaymentOrder o = orders.insert(orders.draft(parser.parse(json, kind, "FINPAY770"), "FINPAY770"));
        if ("BILL".equals(kind)) {
            o.billAmount = 10000L;
            o.adminFee = 2500L;
            o.amount = 12500L;
            o.bit61 = "123456|bill";
            orders.recordInquiry(o, BillerAnswer.of(BillerAnswer.Outcome.APPROVED, "00", "ok", Map.of()));
        }
        orders.attachPayment(o, OrderStatus.REQUEST_INITIATED, "vabca", "014", "3901" + (100000000000L + o.pk), null, null, "P" + o.pk);
        if (status == OrderStatus.PROCESSING) {
            orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", "test");
        } else if (status == OrderStatus.CANCELLED) {
            orders.move(o, OrderStatus.PENDING, OrderStatus.CANCELLED, "mitra-cancel-payment", "test");
        }
        return orders.byPk(o.pk);
    }

    /** What the provider's callback step hands the router: its result, the order in the order variable. */
    Exchange process(PaymentOrder o, PaymentResult.Result result) {
        return producer.send("direct:payment-process", e -> {
            e.setVariable(FlowVariables.ORDER, o);
            e.getMessage().setBody(PaymentResult.of(result, o));
        });
    }

    long notifications(PaymentOrder o) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE order_pk = ?", Long.class, o.pk);
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
