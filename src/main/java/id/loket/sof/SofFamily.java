package id.loket.sof;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Source-of-funds types of contract section 5 (the 35 of Finpay's catalogue), grouped by how the
 * customer pays. Each family has one provider ({@code hub.sof.providers.<key>}) and one adapter
 * route ({@code routes/sof-<key>.camel.yaml}).
 */
public enum SofFamily {
    VA("va", true, List.of("vabca", "vabjb", "vabnc", "vabni", "vabri", "vabsi", "vabtn", "vacimb", "vadanamon",
            "vadki", "vamandiri", "vamaybank", "vamega", "vamuamalat", "vanagari", "vapermata", "finpaybpd")),
    QRIS("qris", true, List.of("qris")),
    EWALLET("ewallet", false, List.of("ovo", "dana", "shopeepay", "linkaja", "linkajawco", "finpaymoney", "jeniuspay",
            "virgo")),
    PAYLATER("paylater", false, List.of("kredivo", "indodana")),
    ONLINE_BANKING("onlinebanking", false, List.of("octoclicks", "permatanet")),
    PAYCODE("paycode", true, List.of("finpaycode", "alfamart", "idm", "pospay")),
    CARD("card", false, List.of("cc"));

    private final String key;
    private final boolean paysToCode;
    private final List<String> types;

    SofFamily(String key, boolean paysToCode, List<String> types) {
        this.key = key;
        this.paysToCode = paysToCode;
        this.types = types;
    }

    /** The family's name in configuration ({@code hub.sof.providers.<key>}) and in route ids. */
    public String key() {
        return key;
    }

    /**
     * True when the customer pays later to a code the page shows (VA, QRIS, paycode); false when
     * the customer completes the payment on the provider's own page (e-wallet, pay later, online
     * banking, card).
     */
    public boolean paysToCode() {
        return paysToCode;
    }

    public List<String> types() {
        return types;
    }

    public static Optional<SofFamily> ofType(String type) {
        return Arrays.stream(values()).filter(f -> f.types.contains(type)).findFirst();
    }

    public static Optional<SofFamily> ofKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<String> allTypes() {
        return Arrays.stream(values()).flatMap(f -> f.types.stream()).toList();
    }
}
