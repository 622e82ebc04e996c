package id.loket.sandbox;

import java.time.YearMonth;
import java.util.List;
import java.util.Locale;

/**
 * The simulated biller's bills (contract section 6): everything about a bill follows from its
 * number, so an inquiry and the payment after it agree without any stored inquiry.
 */
final class SandboxBills {

    /** What the biller does with a bill number, by its last four digits. */
    enum Behaviour {
        /** {@code 0014}: inquiry answers 14, the number is not registered. */
        NOT_REGISTERED,
        /** {@code 0088}: inquiry answers 88, already paid. */
        ALREADY_PAID,
        /** {@code 0005}: inquiry ok, payment refused with 05. */
        REFUSE_PAYMENT,
        /** {@code 0068}: the first payment message gets no answer, a repeat answers 00. */
        NO_ANSWER_THEN_APPROVE,
        /** {@code 0069}: the first payment message gets no answer, a repeat answers 05. */
        NO_ANSWER_THEN_REFUSE,
        /** {@code 0100}: payment never answers. */
        NEVER_ANSWERS,
        /** Anything else: inquiry ok, payment 00, payable again and again. */
        NORMAL
    }

    static final long ADMIN_FEE = 2500;
    private static final int PERIOD_YEAR = 2026;

    private static final List<String> FIRST_NAMES = List.of("BUDI", "SITI", "AGUS", "DEWI", "RUDI", "RINA",
            "HENDRA", "WATI", "JOKO", "NURUL");
    private static final List<String> LAST_NAMES = List.of("SANTOSO", "RAHAYU", "WIJAYA", "LESTARI", "HIDAYAT",
            "KUSUMA", "SAPUTRA", "PERTIWI", "NASUTION", "SIREGAR");

    private SandboxBills() {
    }

    /** A bill as the biller sees it. {@code bit61} is the opaque, fixed-width data the payment must echo. */
    record Bill(String billNumber, long amount, long adminFee, YearMonth period, String customerName,
                String dueDate, String bit61) {

        String periodText() {
            return period.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)
                    .toUpperCase(Locale.ROOT) + " " + period.getYear();
        }
    }

    static Behaviour behaviour(String billNumber) {
        if (!isRegisterable(billNumber)) {
            return Behaviour.NOT_REGISTERED;
        }
        if (billNumber.endsWith("0014")) {
            return Behaviour.NOT_REGISTERED;
        }
        if (billNumber.endsWith("0088")) {
            return Behaviour.ALREADY_PAID;
        }
        if (billNumber.endsWith("0005")) {
            return Behaviour.REFUSE_PAYMENT;
        }
        if (billNumber.endsWith("0068")) {
            return Behaviour.NO_ANSWER_THEN_APPROVE;
        }
        if (billNumber.endsWith("0069")) {
            return Behaviour.NO_ANSWER_THEN_REFUSE;
        }
        if (billNumber.endsWith("0100")) {
            return Behaviour.NEVER_ANSWERS;
        }
        return Behaviour.NORMAL;
    }

    /** Bill numbers are 1-20 digits (contract section 2); anything else is not registered. */
    static boolean isRegisterable(String billNumber) {
        return billNumber != null && billNumber.matches("[0-9]{1,20}");
    }

    /** The bill behind a registered number (callers check {@link #behaviour} first). */
    static Bill bill(String billNumber) {
        String last3 = billNumber.length() <= 3 ? billNumber : billNumber.substring(billNumber.length() - 3);
        long amount = 10000 + 100L * Integer.parseInt(last3);
        int h = hash(billNumber);
        YearMonth period = YearMonth.of(PERIOD_YEAR, 1 + h % 12);
        String name = FIRST_NAMES.get(h % 10) + " " + LAST_NAMES.get((h / 10) % 10);
        String dueDate = period.plusMonths(1).atDay(20).toString();
        String bit61 = leftZeros(billNumber, 20) + period.getYear() + String.format("%02d", period.getMonthValue())
                + String.format("%-25s", name) + pad12(amount) + pad12(ADMIN_FEE);
        return new Bill(billNumber, amount, ADMIN_FEE, period, name, dueDate, bit61);
    }

    /** Finnet's money format: whole rupiah left-padded with zeros to 12 digits. */
    static String pad12(long amount) {
        return String.format("%012d", amount);
    }

    private static String leftZeros(String s, int width) {
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    private static int hash(String s) {
        int h = 7;
        for (int i = 0; i < s.length(); i++) {
            h = h * 31 + s.charAt(i);
        }
        return Math.floorMod(h, 1_000_000);
    }
}
