package id.loket.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * A dynamic, merchant-presented QRIS payload (EMVCo MPM: tag, two-digit length, value), as the
 * sandbox QRIS acquirer hands out. Bank apps check the CRC in tag 63 before anything else.
 */
final class Qris {

    static final String MERCHANT_NAME = "LOKET SANDBOX";
    static final String MERCHANT_CITY = "JAKARTA";

    private Qris() {
    }

    /** The payload for one payment: the amount in tag 54 and the payment code as tag 62's reference label. */
    static String payload(String paymentCode, long amount) {
        StringBuilder p = new StringBuilder(256);
        p.append(tlv("00", "01"));                       // payload format indicator
        p.append(tlv("01", "12"));                       // point of initiation: dynamic (one payment)
        p.append(tlv("26", tlv("00", "ID.CO.QRIS.WWW")   // merchant account information
                + tlv("01", "936000000000000001")        // merchant PAN
                + tlv("02", "LOKETSBX00000001")          // merchant id at the acquirer
                + tlv("03", "UMI")));                    // merchant criteria
        p.append(tlv("51", tlv("00", "ID.CO.QRIS.WWW") + tlv("02", "ID1026000000001") + tlv("03", "UMI")));
        p.append(tlv("52", "4900"));                     // merchant category: utilities
        p.append(tlv("53", "360"));                      // currency: IDR
        p.append(tlv("54", Long.toString(amount)));      // transaction amount
        p.append(tlv("58", "ID"));
        p.append(tlv("59", MERCHANT_NAME));
        p.append(tlv("60", MERCHANT_CITY));
        p.append(tlv("61", "10110"));
        p.append(tlv("62", tlv("05", paymentCode)));     // additional data: reference label
        p.append("6304");
        return p.append(crc16(p.toString())).toString();
    }

    /** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection), four upper-case hex digits. */
    static String crc16(String data) {
        int crc = 0xFFFF;
        for (byte b : data.getBytes(StandardCharsets.US_ASCII)) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }
        return String.format("%04X", crc);
    }

    static String tlv(String tag, String value) {
        if (value.length() > 99) {
            throw new IllegalArgumentException("QRIS tag " + tag + " too long");
        }
        return tag + String.format("%02d", value.length()) + value;
    }
}
