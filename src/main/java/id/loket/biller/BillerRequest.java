package id.loket.biller;

/**
 * What the core asks a biller, in the hub's terms: the body every biller adapter
 * ({@code direct:<biller>-inquiry}, {@code direct:<biller>-payment}) takes.
 *
 * @param biller      the biller id serving the product, from configuration ({@code hub.biller-routes.products})
 * @param productCode the biller product
 * @param billNumber  the bill (customer) number
 * @param traxId      the payment's one transaction id, the same on every repeat (null for an inquiry)
 * @param billAmount  the inquired bill, in rupiah (null for an inquiry)
 * @param adminFee    the inquired admin fee, in rupiah (null for an inquiry)
 * @param carried     the opaque value the inquiry's answer gave, carried back unchanged (null for an inquiry)
 * @param attempt     1 for the first payment message, more for its repeats (0 for an inquiry)
 */
public record BillerRequest(String biller, String productCode, String billNumber, String traxId, Long billAmount,
                            Long adminFee, String carried, int attempt) {

    public static BillerRequest inquiry(String biller, String productCode, String billNumber) {
        return new BillerRequest(biller, productCode, billNumber, null, null, null, null, 0);
    }

    public boolean repeat() {
        return attempt > 1;
    }
}
