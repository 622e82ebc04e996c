package id.loket.codec;

/**
 * The Finnet H2H message signature of contract section 4:
 * {@code sha256(userName + productCode + channel + terminal + transactionType + billNumber + traxId
 * + sha256hex(timeStamp + password))}, lower-case hex, plain concatenation.
 */
public final class BillerSignature {

    private BillerSignature() {
    }

    public static String sign(String userName, String password, String productCode, String channel, String terminal,
                              String transactionType, String billNumber, String traxId, String timeStamp) {
        String inner = Hex.sha256(nz(timeStamp) + nz(password));
        return Hex.sha256(nz(userName) + nz(productCode) + nz(channel) + nz(terminal) + nz(transactionType)
                + nz(billNumber) + nz(traxId) + inner);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
