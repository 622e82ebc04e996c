package id.loket.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.order.OrderStatus;
import id.loket.order.PaymentOrder;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * The Mitra API's two idempotency routers, each branch: an initiate (a new order is stored, the same
 * request again is answered from the stored one) and a refund (a new one asks the provider, the same
 * Idempotency-Key and request again gets its first answer without asking again).
 */
class MitraReplayRoutersTest extends AdvisedRoutes {

    static final ObjectMapper JSON = new ObjectMapper();

    JsonNode initiate(String body) throws Exception {
        Exchange done = producer.request("direct:mitra-request-payment", e -> {
            e.setVariable(FlowVariables.KIND, "PLAIN");
            e.getMessage().setHeader("Authorization", BASIC);
            e.getMessage().setBody(body);
        });
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        return JSON.readTree(done.getMessage().getBody(String.class));
    }

    @Test
    void aNewInitiateIsStoredAndTheSameRequestAgainIsAnsweredFromIt() throws Exception {
        String orderId = newOrderId("IN");
        String body = "{\"order\":{\"id\":\"" + orderId + "\",\"amount\":\"7000\"},\"customer\":{\"email\":\"a@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"http://localhost/cb\"}}";
        MockEndpoint stored = mock("initiate-new");
        MockEndpoint replayed = mock("initiate-replay");
        stored.expectedMessageCount(1);
        replayed.expectedMessageCount(0);

        JsonNode first = initiate(body);

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(first.get("responseCode").asText()).isEqualTo("2000000");
        assertThat(ordersWithId(orderId)).isEqualTo(1);

        MockEndpoint.resetMocks(camel);
        stored.expectedMessageCount(0);
        replayed.expectedMessageCount(1);

        JsonNode again = initiate(body);

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(again.get("redirecturl").asText()).isEqualTo(first.get("redirecturl").asText());
        assertThat(again.get("expiryLink").asText()).isEqualTo(first.get("expiryLink").asText());
        assertThat(ordersWithId(orderId)).isEqualTo(1);
    }

    JsonNode refund(PaymentOrder o, String key) throws Exception {
        Exchange done = producer.request("direct:mitra-take-refund", e -> {
            e.setVariable(FlowVariables.REFUND_KIND, "REFUND");
            e.getMessage().setHeader("Authorization", BASIC);
            e.getMessage().setHeader("Idempotency-Key", key);
            e.getMessage().setBody("{\"order\":{\"id\":\"" + o.orderId + "\",\"amount\":\"2000\"}}");
        });
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        return JSON.readTree(done.getMessage().getBody(String.class));
    }

    @Test
    void aNewRefundAsksTheProviderAndTheSameKeyAgainGetsTheFirstAnswer() throws Exception {
        PaymentOrder o = order("PLAIN", OrderStatus.PAID);
        provider.whenAnyExchangeReceived(e -> e.getMessage().setBody(
                new SofAnswer(200, "PARTIALLY_REFUNDED", o.sofPaymentCode, null, null, null, null, "RF-" + o.pk, 2000L)));
        provider.expectedMessageCount(1);
        notified.expectedMessageCount(1);

        JsonNode first = refund(o, "K-" + o.pk);

        MockEndpoint.assertIsSatisfied(camel);
        SofRequest asked = provider.getReceivedExchanges().get(0).getMessage().getBody(SofRequest.class);
        assertThat(asked.operation()).isEqualTo(SofRequest.Operation.REFUND);
        assertThat(asked.amount()).isEqualTo(2000L);
        assertThat(asked.paymentCode()).isEqualTo(o.sofPaymentCode);
        assertThat(asked.refundReason()).isEqualTo("refund by the Mitra");
        assertThat(orders.byPk(o.pk).status).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);

        MockEndpoint.resetMocks(camel);
        provider.expectedMessageCount(0);
        notified.expectedMessageCount(0);

        JsonNode again = refund(o, "K-" + o.pk);

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(again.get("data")).isEqualTo(first.get("data"));
        assertThat(orders.byPk(o.pk).refundConfirmed).isEqualTo(2000L);
    }
}
