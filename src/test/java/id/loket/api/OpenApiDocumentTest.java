package id.loket.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.api.doc.RefundRequest;
import id.loket.api.doc.VoidRequest;
import id.loket.flow.ApiDocCheck;
import id.loket.flow.HubClient;
import id.loket.flow.SharedHubTest;
import id.loket.sof.SofFamily;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a Mitra's engineer checks in {@code GET /api-doc}: every operation of the contract's table
 * with its method and path, the Basic scheme, the field rules; and that the checker the acceptance
 * tests run on every call does report a request or an answer that breaks the description.
 */
class OpenApiDocumentTest extends SharedHubTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    CamelContext camel;

    JsonNode document() throws Exception {
        HubClient.Answer doc = hub.get("/api-doc", null, null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.header("Content-Type")).startsWith("application/json");
        assertThat(doc.header("Access-Control-Allow-Origin")).isEqualTo("*");
        return JSON.readTree(doc.body());
    }

    static JsonNode schema(JsonNode doc, String name) {
        JsonNode s = doc.at("/components/schemas/" + name);
        assertThat(s.isMissingNode()).as("schema " + name).isFalse();
        return s;
    }

    @Test
    void theDescriptionIsServedWithoutCredentialsAsOpenApi3() throws Exception {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.0");
        assertThat(doc.at("/info/title").asText()).isEqualTo("Loket Mitra API");
        // Only the Mitra API: not the page, the providers' callbacks, the ping or the sandbox.
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).allMatch(p -> p.startsWith("/sof/bp/") || p.startsWith("/pg/payment/card/"))
                .noneMatch(p -> p.startsWith("/pg/payment/card/access"));
    }

    @Test
    void everyOperationOfTheContractIsThereWithItsMethodAndPathAndTheBasicScheme() throws Exception {
        JsonNode doc = document();
        String[][] table = {
                {"post", "/sof/bp/paymentCard"},
                {"post", "/pg/payment/card/initiate"},
                {"get", "/sof/bp/checkCard/{orderId}"},
                {"get", "/pg/payment/card/check/{orderId}"},
                {"get", "/pg/payment/card/cancel/{orderId}"},
                {"post", "/pg/payment/card/resend/{orderId}"},
                {"post", "/pg/payment/card/refund"},
                {"post", "/pg/payment/card/void"}};
        List<String> expected = new ArrayList<>();
        for (String[] op : table) {
            expected.add(op[0] + " " + op[1]);
        }
        // Whatever else the Mitra API's REST DSL serves is documented too.
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            if ("mitra-api".equals(rest.getId())) {
                for (VerbDefinition verb : rest.getVerbs()) {
                    String op = verb.asVerb().toLowerCase(Locale.ROOT) + " " + verb.getPath();
                    if (!expected.contains(op)) {
                        expected.add(op);
                    }
                }
            }
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(8);

        assertThat(doc.at("/components/securitySchemes/mitraBasic/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/mitraBasic/scheme").asText()).isEqualTo("basic");
        for (String op : expected) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1);
            JsonNode operation = doc.get("paths").path(path).path(method);
            assertThat(operation.isMissingNode()).as(op).isFalse();
            assertThat(operation.at("/security/0").has("mitraBasic")).as(op + " security").isTrue();
            assertThat(operation.at("/responses/200/content/application~1json/schema/$ref").asText()).as(op)
                    .isIn("#/components/schemas/InitiateResponse", "#/components/schemas/StatusResponse");
            assertThat(operation.at("/responses/401/content/application~1json/schema/$ref").asText()).as(op)
                    .isEqualTo("#/components/schemas/ErrorResponse");
            if (path.contains("{orderId}")) {
                assertThat(operation.at("/parameters/0/name").asText()).isEqualTo("orderId");
                assertThat(operation.at("/parameters/0/in").asText()).isEqualTo("path");
            }
        }
        assertThat(doc.at("/paths/~1sof~1bp~1paymentCard/post/requestBody/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/BillPaymentRequest");
        assertThat(doc.at("/paths/~1pg~1payment~1card~1initiate/post/requestBody/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/PaymentRequest");
    }

    @Test
    void theFieldRulesOfTheContractAreSchemaConstraints() throws Exception {
        JsonNode doc = document();
        JsonNode bill = schema(doc, "BillPaymentRequest");
        assertThat(texts(bill.get("required"))).containsExactlyInAnyOrder("order", "customer", "url", "billing");
        assertThat(texts(schema(doc, "PaymentRequest").get("required")))
                .containsExactlyInAnyOrder("order", "customer", "url");

        JsonNode billOrder = schema(doc, "BillOrder").get("properties");
        assertThat(billOrder.at("/id/oneOf/0/pattern").asText()).isEqualTo("^[A-Za-z0-9_-]{1,30}$");
        assertThat(billOrder.at("/id/oneOf/0/maxLength").asInt()).isEqualTo(30);
        assertThat(billOrder.at("/amount/oneOf/0/pattern").asText()).isEqualTo("^[0-9]{1,14}$");
        assertThat(billOrder.at("/amount/oneOf/1/type").asText()).isEqualTo("integer");
        assertThat(billOrder.at("/amount/oneOf/1/minimum").asLong()).isEqualTo(1);
        assertThat(texts(billOrder.at("/currency/enum"))).containsExactly("IDR");
        assertThat(billOrder.at("/description/maxLength").asInt()).isEqualTo(127);
        assertThat(texts(schema(doc, "BillOrder").get("required"))).containsExactly("id");
        assertThat(texts(schema(doc, "PlainOrder").get("required"))).containsExactlyInAnyOrder("id", "amount");

        JsonNode bsp = schema(doc, "BillerServiceProvider").get("properties");
        assertThat(bsp.at("/id/pattern").asText()).isEqualTo("^[0-9]{6}$");
        assertThat(bsp.at("/customerId/pattern").asText()).isEqualTo("^[0-9]{1,20}$");
        assertThat(texts(bsp.at("/type/enum"))).containsExactlyInAnyOrder("post", "pre");

        JsonNode customer = schema(doc, "Customer").get("properties");
        assertThat(customer.at("/email/maxLength").asInt()).isEqualTo(320);
        assertThat(customer.at("/firstName/maxLength").asInt()).isEqualTo(50);
        assertThat(customer.at("/mobilePhone/pattern").asText()).startsWith("^\\+62");
        assertThat(schema(doc, "Meta").at("/properties/data/maxLength").asInt()).isEqualTo(999);
        assertThat(texts(schema(doc, "Urls").get("required"))).containsExactly("callbackUrl");

        // The catalogue as the hub knows it at run time, in the request and in the status data.
        List<String> catalogue = SofFamily.allTypes();
        assertThat(texts(bill.at("/properties/sourceOfFunds/oneOf/0/properties/type/enum")))
                .containsExactlyElementsOf(catalogue);
        assertThat(texts(bill.at("/properties/sourceOfFunds/oneOf/1/enum"))).containsExactlyElementsOf(catalogue);
        assertThat(texts(schema(doc, "SourceOfFundsData").at("/properties/type/enum")))
                .containsExactlyElementsOf(catalogue);

        assertThat(schema(doc, "ErrorResponse").at("/properties/responseCode/pattern").asText()).isEqualTo("^[0-9]{7}$");
        assertThat(texts(schema(doc, "StatusResponse").at("/properties/responseCode/enum"))).containsExactly("2000000");
        assertThat(schema(doc, "PaymentData").at("/properties/signature/pattern").asText()).isEqualTo("^[0-9a-f]{128}$");
        assertThat(schema(doc, "OrderData").at("/properties/amount/type").asText()).isEqualTo("integer");
        assertThat(texts(schema(doc, "Payment").at("/properties/status/enum")))
                .contains("REQUEST_INITIATED", "PENDING", "PROCESSING", "PAID", "FAILED", "REFUNDED", "EXPIRED",
                        "CANCELLED");
    }

    @Test
    void refundAndVoidTakeTheirBodiesAndTheIdempotencyKeyHeader() throws Exception {
        JsonNode doc = document();
        for (String path : List.of("/pg/payment/card/refund", "/pg/payment/card/void")) {
            JsonNode op = doc.at("/paths/" + path.replace("/", "~1") + "/post");
            assertThat(op.isMissingNode()).as(path).isFalse();
            assertThat(op.get("parameters").findValuesAsText("name")).as(path).contains("Idempotency-Key");
            assertThat(op.at("/requestBody/content/application~1json/schema/$ref").asText())
                    .endsWith(path.endsWith("refund") ? "/RefundRequest" : "/VoidRequest");
            assertThat(op.at("/responses/504").isMissingNode()).as(path + " documents 5040000").isFalse();
        }
        // Read the way camel-openapi-java reads a verb's type, through swagger-core's shared converters.
        JsonNode refund = JSON.readTree(Json.mapper().writeValueAsString(
                ModelConverters.getInstance().readAll(RefundRequest.class)));
        assertThat(texts(refund.at("/RefundRequest/required"))).containsExactly("order");
        assertThat(texts(refund.at("/RefundOrder/required"))).containsExactly("id");
        assertThat(refund.at("/RefundOrder/properties/amount/oneOf/0/pattern").asText()).isEqualTo("^[0-9]{1,14}$");
        assertThat(refund.at("/RefundOrder/properties/id/oneOf/0/pattern").asText()).isEqualTo("^[A-Za-z0-9_-]{1,30}$");
        assertThat(refund.at("/RefundReason/properties/reason/maxLength").asInt()).isEqualTo(255);
        JsonNode voids = JSON.readTree(Json.mapper().writeValueAsString(
                ModelConverters.getInstance().readAll(VoidRequest.class)));
        assertThat(texts(voids.at("/VoidRequest/required"))).containsExactly("order");
        assertThat(texts(voids.at("/VoidOrder/required"))).containsExactly("id");
    }

    static final String GOOD_PLAIN = """
            {"order":{"id":"DOC-1","amount":"15000"},"customer":{"email":"albert@example.com"},
             "url":{"callbackUrl":"http://localhost/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}""";

    static HttpRequest post(String path, String body, boolean withCredentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withCredentials) {
            b.header("Authorization", "Basic RklOUEFZNzcwOlNvU2VjcmV0MTIz");
        }
        return b.build();
    }

    @Test
    void theCheckerReportsARequestOrAnAnswerThatBreaksTheDescription() throws Exception {
        ApiDocCheck check = ApiDocCheck.forDocument(hub.get("/api-doc", null, null).body());
        String initiated = """
                {"responseCode":"2000000","responseMessage":"Success",
                 "redirecturl":"http://localhost:8080/pg/payment/card/access/abc","expiryLink":"2026-11-25 17:02:18",
                 "paymentCode":"8802700000076850","processingTime":0.012,"traceId":"t-1"}""";
        HttpRequest good = post("/pg/payment/card/initiate", GOOD_PLAIN, true);
        assertThat(check.mismatch(good, GOOD_PLAIN, 200, "application/json", initiated)).isNull();

        // An answer without expiryLink, or with a 6-digit code, breaks the description.
        String noExpiry = initiated.replace("\"expiryLink\":\"2026-11-25 17:02:18\",", "");
        assertThat(check.mismatch(good, GOOD_PLAIN, 200, "application/json", noExpiry))
                .contains("expiryLink").contains("does not match GET /api-doc");
        String shortCode = """
                {"responseCode":"400001","responseMessage":"Bad","processingTime":0.001,"traceId":"t-2"}""";
        assertThat(check.mismatch(good, GOOD_PLAIN, 400, "application/json", shortCode)).contains("responseCode");
        // A status whose order.amount is a string, or whose signature is not 128 hex characters.
        String status = """
                {"responseCode":"2000000","responseMessage":"Success","data":{"merchant":{"id":"FINPAY770"},
                 "order":{"id":"DOC-1","reference":"R1","amount":15000,"currency":"IDR"},
                 "result":{"payment":{"status":"PENDING","statusDesc":"Waiting","datetime":"2026-11-24 20:22:23"}},
                 "signature":"%s"},"processingTime":0.004,"traceId":"t-3"}""";
        HttpRequest check1 = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/pg/payment/card/check/DOC-1"))
                .header("Authorization", "Basic RklOUEFZNzcwOlNvU2VjcmV0MTIz").GET().build();
        String sig = "ab".repeat(64);
        assertThat(check.mismatch(check1, null, 200, "application/json", status.formatted(sig))).isNull();
        assertThat(check.mismatch(check1, null, 200, "application/json",
                status.formatted(sig).replace("\"amount\":15000", "\"amount\":\"15000\""))).contains("amount");
        assertThat(check.mismatch(check1, null, 200, "application/json", status.formatted("ABC"))).contains("signature");
        // An answer carries exactly the members the description names; a request may carry others (ignored).
        assertThat(check.mismatch(check1, null, 200, "application/json",
                status.formatted(sig).replace("\"traceId\"", "\"token\":\"x\",\"traceId\""))).contains("token");
        String extra = GOOD_PLAIN.replace("\"amount\":\"15000\"", "\"amount\":\"15000\",\"status\":\"PAID\"");
        assertThat(check.mismatch(post("/pg/payment/card/initiate", extra, true), extra, 200, "application/json",
                initiated)).isNull();
        String extraInSof = GOOD_PLAIN.replace("{\"type\":\"vabca\"}", "{\"type\":\"vabca\",\"channel\":\"x\"}");
        assertThat(check.mismatch(post("/pg/payment/card/initiate", extraInSof, true), extraInSof, 200,
                "application/json", initiated)).isNull();
        String bareSof = GOOD_PLAIN.replace("{\"type\":\"vabca\"}", "\"vabca\"");
        assertThat(check.mismatch(post("/pg/payment/card/initiate", bareSof, true), bareSof, 200,
                "application/json", initiated)).isNull();
        // The description's own request examples are requests it accepts.
        JsonNode doc = JSON.readTree(check.document());
        for (String[] example : new String[][] {{"PaymentRequest", "/pg/payment/card/initiate"},
                {"BillPaymentRequest", "/sof/bp/paymentCard"}}) {
            String body = schema(doc, example[0]).get("example").toString();
            assertThat(check.mismatch(post(example[1], body, true), body, 200, "application/json", initiated))
                    .as(example[0] + " example").isNull();
        }
        String errorExample = schema(doc, "ErrorResponse").get("example").toString();
        assertThat(check.mismatch(good, GOOD_PLAIN, 400, "application/json", errorExample)).isNull();
        // An optional member sent as JSON null is read as absent, by the hub and by the description.
        String nulls = """
                {"order":{"id":"DOC-3","amount":null,"currency":null,"description":null,"timeout":null,"item":null},
                 "customer":{"email":"albert@example.com","firstName":null},"url":{"callbackUrl":"http://localhost/cb",
                 "successUrl":null},"billing":{"billerServiceProvider":{"id":"050017","customerId":"123","subId":null,
                 "type":null}},"meta":null,"sourceOfFunds":null}""";
        assertThat(check.mismatch(post("/sof/bp/paymentCard", nulls, true), nulls, 200, "application/json", initiated))
                .isNull();
        // A status code the operation does not document.
        assertThat(check.mismatch(check1, null, 302, null, null)).contains("302");

        // A request the description refuses must not be accepted by the hub: an order id of 31
        // characters, an unknown SOF type, a bill number with letters, a missing Authorization.
        String longId = GOOD_PLAIN.replace("DOC-1", "A".repeat(31));
        assertThat(check.mismatch(post("/pg/payment/card/initiate", longId, true), longId, 200, "application/json",
                initiated)).contains("refuses the request").contains("/order/id");
        String badSof = GOOD_PLAIN.replace("vabca", "vaxyz");
        assertThat(check.mismatch(post("/pg/payment/card/initiate", badSof, true), badSof, 200, "application/json",
                initiated)).contains("refuses the request");
        assertThat(check.mismatch(post("/pg/payment/card/initiate", GOOD_PLAIN, false), GOOD_PLAIN, 200,
                "application/json", initiated)).contains("refuses the request").contains("security");
        String billWithLetters = """
                {"order":{"id":"DOC-2"},"customer":{"email":"albert@example.com"},
                 "url":{"callbackUrl":"http://localhost/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"12AB"}}}""";
        assertThat(check.mismatch(post("/sof/bp/paymentCard", billWithLetters, true), billWithLetters, 200,
                "application/json", initiated)).contains("refuses the request").contains("customerId");
        // ... and the same refused request is fine when the hub refuses it too.
        assertThat(check.mismatch(post("/pg/payment/card/initiate", longId, true), longId, 400, "application/json",
                """
                {"responseCode":"4000001","responseMessage":"Invalid field format order.id",
                 "processingTime":0.001,"traceId":"t-4"}""")).isNull();
    }

    @Test
    void theHubsOwnAnswersPassTheCheckAndTheTestClientFailsOnAMismatch() throws Exception {
        // The client checks every call: a real initiate, status, cancel and a refusal pass it.
        String id = "DOC-" + System.nanoTime() % 1_000_000_000L;
        String request = GOOD_PLAIN.replace("DOC-1", id).replace("http://localhost/", hub.base() + "/");
        assertThat(hub.initiatePlain(request).status()).isEqualTo(200);
        assertThat(hub.status(id).status()).isEqualTo(200);
        assertThat(hub.cancel(id).json().at("/data/result/payment/status").asText()).isEqualTo("CANCELLED");
        assertThat(hub.initiatePlain("{\"order\":{\"id\":\"" + "A".repeat(31) + "\"}}").status()).isEqualTo(400);

        // The same client against a description that wants a member the hub does not send fails the call.
        ObjectNode doc = (ObjectNode) document();
        ((ArrayNode) doc.at("/components/schemas/InitiateResponse/required")).add("merchantReference");
        HubClient strict = new HubClient(PORT, ApiDocCheck.forDocument(JSON.writeValueAsString(doc)));
        assertThatThrownBy(() -> strict.initiatePlain(request.replace(id, id + "X")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not match GET /api-doc").hasMessageContaining("merchantReference");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
