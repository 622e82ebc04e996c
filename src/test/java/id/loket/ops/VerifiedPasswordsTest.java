package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedPasswordsTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };
    private final VerifiedPasswords passwords = new VerifiedPasswords(counting, Duration.ofMinutes(5));

    @Test
    void aVerifiedPasswordIsNotCheckedAgainButAWrongOneAlwaysIs() {
        String hash = bcrypt.encode("ops-secret");
        assertThat(passwords.matches("ops-secret", hash)).isTrue();
        assertThat(passwords.matches("ops-secret", hash)).isTrue();
        assertThat(checks).hasValue(1);

        assertThat(passwords.matches("ops-secreT", hash)).isFalse();
        assertThat(passwords.matches("ops-secreT", hash)).isFalse();
        assertThat(checks).hasValue(3);
    }

    @Test
    void aNewHashForTheSamePasswordIsCheckedAndAnotherPasswordOfTheOldHashIsNot() {
        String old = bcrypt.encode("first");
        assertThat(passwords.matches("first", old)).isTrue();
        String changed = bcrypt.encode("second");
        assertThat(passwords.matches("first", changed)).isFalse();
        assertThat(passwords.matches("second", changed)).isTrue();
        assertThat(passwords.matches("second", old)).isFalse();
        assertThat(checks).hasValue(4);
    }
}
