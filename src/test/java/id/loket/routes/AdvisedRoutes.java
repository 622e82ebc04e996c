package id.loket.routes;

import id.loket.api.InitiateRequestParser;
import id.loket.biller.BillerAnswer;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentOrder;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WireTapDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One advised hub for the route tests (every class here shares its Spring context): the partners
 * (every SOF adapter, the biller payment) and the Wire Tap to the notification sender are mock
 * endpoints; the pollers only run when a test sends to them. The order store, the state machine and
 * the routes themselves are the real ones.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:routers;DB_CLOSE_DELAY=-1",
        "hub.sandbox.enabled=false",
        "server.port=0"})
abstract class AdvisedRoutes {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final String MERCHANT = "FINPAY770";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("FINPAY770:SoSecret123".getBytes());

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

    /** Every provider operation (create, close, refund, status), whatever the family. */
    MockEndpoint provider;
    /** The outbox rows handed to the notification sender. */
    MockEndpoint notified;

    @BeforeEach
    void adviseOnce() throws Exception {
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
            AdviceWith.adviceWith(camel, "order-work-step", r -> {
                r.weaveByToUri("direct:biller-payment").replace().to("mock:work-biller-payment");
                r.weaveByToUri("direct:payment-refund").replace().to("mock:work-refund");
                r.weaveByToUri("direct:late-payment-refund").replace().to("mock:work-late-refund");
                r.weaveByToUri("direct:mitra-refund-owed").replace().to("mock:work-mitra-refund");
                r.weaveByToUri("direct:payment-process").replace().to("mock:work-payment-process");
            });
            AdviceWith.adviceWith(camel, "sof-provider", r ->
                    r.weaveByType(ToDynamicDefinition.class).replace().to("mock:sof-provider"));
            AdviceWith.adviceWith(camel, "notify-mitra", r ->
                    r.weaveByType(WireTapDefinition.class).replace().to("mock:notified"));
            AdviceWith.adviceWith(camel, "mitra-request-payment", r -> {
                r.weaveById("initiate-store").after().to("mock:initiate-new");
                r.weaveById("initiate-replayed").after().to("mock:initiate-replay");
            });
            // The pollers wait for a test to hand them a row.
            for (String poller : new String[] {"order-work", "late-payment-work", "order-expiry", "payment-notification-retry"}) {
                AdviceWith.adviceWith(camel, poller, r -> r.replaceFromWith("direct:poll-" + poller));
            }
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        provider = camel.getEndpoint("mock:sof-provider", MockEndpoint.class);
        notified = camel.getEndpoint("mock:notified", MockEndpoint.class);
    }

    MockEndpoint mock(String name) {
        return camel.getEndpoint("mock:" + name, MockEndpoint.class);
    }

    static String newOrderId(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /** A stored order, moved to the given status as the real flow would. */
    PaymentOrder order(String kind, OrderStatus status) {
        String id = newOrderId("RT");
        String json = "BILL".equals(kind)
                ? "{\"order\":{\"id\":\"" + id + "\"},\"customer\":{\"email\":\"a@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"http://localhost/cb\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"123456\"}}}"
                : "{\"order\":{\"id\":\"" + id + "\",\"amount\":\"5000\"},\"customer\":{\"email\":\"a@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"http://localhost/cb\"}}";
        PaymentOrder o = orders.insert(orders.draft(parser.parse(json, kind, MERCHANT), MERCHANT));
        if ("BILL".equals(kind)) {
            o.billAmount = 10000L;
            o.adminFee = 2500L;
            o.amount = 12500L;
            o.bit61 = "123456|bill";
            orders.recordInquiry(o, BillerAnswer.of(BillerAnswer.Outcome.APPROVED, "00",
                    "ok", Map.of()));
        }
        if (status == OrderStatus.REQUEST_INITIATED) {
            return orders.byPk(o.pk);
        }
        orders.attachPayment(o, OrderStatus.REQUEST_INITIATED, "vabca", "014", "3901" + (100000000000L + o.pk), null, null, "P" + o.pk);
        if (status == OrderStatus.PROCESSING || status == OrderStatus.PAID) {
            orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", "test");
        }
        if (status == OrderStatus.PAID) {
            orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, "payment-success", "test");
        } else if (status == OrderStatus.CANCELLED) {
            orders.move(o, OrderStatus.PENDING, OrderStatus.CANCELLED, "mitra-cancel-payment", "test");
        }
        return orders.byPk(o.pk);
    }

    long notifications(PaymentOrder o) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE order_pk = ?", Long.class, o.pk);
    }

    long ordersWithId(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Long.class, orderId);
    }
}
