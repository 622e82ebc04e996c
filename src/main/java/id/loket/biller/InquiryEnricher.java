package id.loket.biller;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.order.PaymentOrder;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Content Enricher's aggregation: folds the biller's inquiry answer into the order. The
 * total the customer pays is the biller's bill amount plus its admin fee, whatever the Mitra sent.
 */
@Component("inquiryEnricher")
public class InquiryEnricher implements AggregationStrategy {

    public static final String INQUIRY = "loketInquiry";
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        PaymentOrder order = original.getMessage().getBody(PaymentOrder.class);
        BillerAnswer answer = resource == null || resource.getException() != null
                ? BillerAnswer.unknown(resource == null ? "no answer" : resource.getException().toString())
                : resource.getMessage().getBody(BillerAnswer.class);
        if (answer.approved()) {
            Long bill = FinnetCodec.amountOf(answer.field("amount"));
            Long fee = FinnetCodec.amountOf(answer.field("feeAmount"));
            if (bill == null || fee == null || answer.field("bit61") == null) {
                answer = BillerAnswer.unknown("inquiry answer without amount, fee or bit61");
            } else {
                order.billAmount = bill;
                order.adminFee = fee;
                order.amount = Math.addExact(bill, fee);
                order.customerName = answer.customerData("customerName");
                order.dueDate = answer.customerData("dueDate");
                order.bit61 = answer.field("bit61");
                try {
                    order.inquiryJson = json.writeValueAsString(answer.fields());
                } catch (Exception e) {
                    order.inquiryJson = null;
                }
            }
        }
        original.setProperty(INQUIRY, answer);
        return original;
    }
}
