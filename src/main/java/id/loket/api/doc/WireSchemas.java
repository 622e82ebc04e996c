package id.loket.api.doc;

import com.fasterxml.jackson.databind.type.TypeFactory;
import id.loket.order.OrderStatus;
import id.loket.sof.SofFamily;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Schemas of the {@link WireTypes}, for the OpenAPI description that camel-openapi-java generates
 * from the REST DSL at {@code GET /api-doc}. The enums come from the hub's own lists at run time
 * ({@link SofFamily#allTypes()}, {@link OrderStatus}), so the description never lags the code.
 * <p>
 * camel-openapi-java reads the documentation records with swagger-core's shared
 * {@link ModelConverters} instance, to which it adds its own converter when its class loads; this
 * converter is added after that, so it comes first in the chain and passes every other type on.
 */
@Component
public class WireSchemas implements ModelConverter {

    static final String DIGITS_14 = "^[0-9]{1,14}$";
    static final String DIGITS_8 = "^[0-9]{1,8}$";
    static final String ORDER_ID = "^[A-Za-z0-9_-]{1,30}$";

    public WireSchemas() throws ClassNotFoundException {
        Class.forName("org.apache.camel.openapi.RestModelConverters", true, WireSchemas.class.getClassLoader());
        ModelConverters shared = ModelConverters.getInstance();
        if (shared.getConverters().stream().noneMatch(c -> c instanceof WireSchemas)) {
            shared.addConverter(this);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType annotated, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = schemaOf(TypeFactory.defaultInstance().constructType(annotated.getType()).getRawClass());
        if (schema != null) {
            return schema;
        }
        return chain.hasNext() ? chain.next().resolve(annotated, context, chain) : null;
    }

    static Schema<?> schemaOf(Class<?> type) {
        if (type == WireTypes.Amount.class) {
            return digitsOrInteger(DIGITS_14, 1, 99_999_999_999_999L,
                    "Whole rupiah: 1-14 digits as a string (\"200000\") or a JSON integer, at least 1");
        }
        if (type == WireTypes.UnitPrice.class) {
            return digitsOrInteger(DIGITS_14, 0, 99_999_999_999_999L,
                    "Whole rupiah: 1-14 digits as a string or a JSON integer");
        }
        if (type == WireTypes.Minutes.class) {
            return digitsOrInteger(DIGITS_8, 1, 99_999_999L, "Minutes, 1-99999999, as digits or a JSON integer")
                    .example("1440");
        }
        if (type == WireTypes.OrderId.class) {
            return new Schema<>().description("The Mitra's order id, unique per merchant: 1-30 letters, digits,"
                            + " '-' and '_'. A JSON integer is read as its decimal digits.")
                    .oneOf(List.of(new StringSchema().pattern(ORDER_ID).minLength(1).maxLength(30),
                            // up to 30 digits, as the string rule: wider than int64
                            new IntegerSchema().format(null).minimum(BigDecimal.ZERO)
                                    .maximum(new BigDecimal("999999999999999999999999999999"))))
                    .example("INV2230516000003");
        }
        if (type == WireTypes.SofType.class) {
            return sofType();
        }
        if (type == WireTypes.SofChoice.class) {
            return new Schema<>().description("Absent: the customer picks on the hosted page. Present (\"core\" mode):"
                            + " the source of funds is fixed now. The bare type string is read as {\"type\": ...}.")
                    .oneOf(List.of(nullable(new ObjectSchema()).addProperty("type", sofType()).addRequiredItem("type")
                                    // unknown members are ignored; said here, as oneOf would refuse them otherwise
                                    .additionalProperties(Boolean.TRUE),
                            sofType()));
        }
        if (type == WireTypes.MetaIn.class) {
            return nullable(new ObjectSchema())
                    .description("Stored and echoed back in notifications and status exactly as given")
                    .addProperty("data", nullable(new StringSchema().maxLength(999)));
        }
        if (type == WireTypes.PaymentStatus.class) {
            StringSchema s = new StringSchema();
            s.setEnum(Arrays.stream(OrderStatus.values()).map(Enum::name).toList());
            return s.description("REQUEST_INITIATED, PENDING and PROCESSING before a final status").example("PAID");
        }
        return null;
    }

    private static <T extends Schema<?>> T nullable(T schema) {
        schema.setNullable(true);
        return schema;
    }

    private static Schema<?> sofType() {
        StringSchema s = new StringSchema();
        s.setEnum(SofFamily.allTypes());
        return s.description("A source-of-funds type of the catalogue").example("vabca");
    }

    private static Schema<?> digitsOrInteger(String pattern, long min, long max, String description) {
        return new Schema<>().description(description)
                // null (read as absent) matches the string branch only, so oneOf still holds
                .oneOf(List.of(nullable(new StringSchema().pattern(pattern)),
                        new IntegerSchema().format("int64")
                                .minimum(BigDecimal.valueOf(min))
                                .maximum(BigDecimal.valueOf(max))))
                .example("200000");
    }
}
