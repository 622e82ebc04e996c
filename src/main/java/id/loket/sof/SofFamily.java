package id.loket.sof;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Source-of-funds types of contract section 5, grouped by how the customer pays. */
public enum SofFamily {
    VA("va", true, List.of("vabca", "vamandiri", "vabni", "vabri", "vapermata", "vacimb", "vadanamon", "vabsi")),
    QRIS("qris", true, List.of("qris")),
    EWALLET("ewallet", false, List.of("ovo", "dana", "shopeepay", "linkaja")),
    PAYCODE("paycode", true, List.of("finpaycode", "alfamart", "idm")),
    CARD("card", false, List.of("cc"));

    private final String key;
    private final boolean payLater;
    private final List<String> types;

    SofFamily(String key, boolean payLater, List<String> types) {
        this.key = key;
        this.payLater = payLater;
        this.types = types;
    }

    /** The family's name in configuration ({@code hub.sof.providers.<key>}) and in route ids. */
    public String key() {
        return key;
    }

    /** True when the customer pays later to a code (VA, QRIS, paycode); false when a provider page completes it. */
    public boolean payLater() {
        return payLater;
    }

    public List<String> types() {
        return types;
    }

    public static Optional<SofFamily> ofType(String type) {
        return Arrays.stream(values()).filter(f -> f.types.contains(type)).findFirst();
    }

    public static List<String> allTypes() {
        return Arrays.stream(values()).flatMap(f -> f.types.stream()).toList();
    }
}
