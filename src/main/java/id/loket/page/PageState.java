package id.loket.page;

/** What the hosted payment page shows the customer. */
public enum PageState {
    /** Pick a source of funds. */
    CHOOSE("REQUEST_INITIATED"),
    /** VA / paycode / QRIS chosen: show what to pay, wait for it. */
    PAY_INSTRUCTIONS("PENDING"),
    /** Card / e-wallet chosen: the customer continues on the provider's page. */
    CONTINUE_AT_PROVIDER("PENDING"),
    /** Paid at the SOF, the bill is being paid. */
    PROCESSING("PROCESSING"),
    PAID("PAID"),
    FAILED("FAILED"),
    REFUNDED("REFUNDED"),
    EXPIRED("EXPIRED"),
    CANCELLED("CANCELLED"),
    BILL_NOT_FOUND(null),
    BILL_ALREADY_PAID(null),
    /** The Mitra's amount differs from the biller's total: nothing can be charged. */
    AMOUNT_MISMATCH(null),
    /** The biller did not answer; try again later. */
    UNAVAILABLE(null),
    /** Unknown token. */
    NOT_FOUND(null);

    private final String orderStatus;

    PageState(String orderStatus) {
        this.orderStatus = orderStatus;
    }

    /**
     * The order status ({@code result.payment.status}) this page stands for, as the state poll
     * answers it; null for the states that do not follow from one status (inquiry outcomes, unknown token).
     */
    public String orderStatus() {
        return orderStatus;
    }

    /** The order can still be paid: the page shows the time left. */
    public boolean payable() {
        return this == CHOOSE || this == PAY_INSTRUCTIONS || this == CONTINUE_AT_PROVIDER;
    }

    /** The page waits for the outcome and polls the order's state. */
    public boolean waiting() {
        return this == PAY_INSTRUCTIONS || this == CONTINUE_AT_PROVIDER || this == PROCESSING;
    }

    /** A final status of the order: the page sends the customer back to the merchant by itself. */
    public boolean autoRedirect() {
        return this == PAID || this == FAILED || this == REFUNDED || this == EXPIRED || this == CANCELLED;
    }
}
