package id.loket.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The operators' password check, remembering for a few minutes the passwords it has verified: the
 * operations API has no session, so without this every HTTP Basic call would pay a bcrypt check
 * (about 0.1 s of a core at cost 10). Only a successful check is remembered, keyed by an HMAC, under
 * a key made at start, of the stored hash and the password given (never the password itself); a
 * wrong password, or a hash changed in the configuration, is checked by the real encoder every time.
 */
final class VerifiedPasswords implements PasswordEncoder {

    private final PasswordEncoder encoder;
    private final Cache<String, Boolean> verified;
    private final SecretKeySpec key;

    VerifiedPasswords(PasswordEncoder encoder, Duration remember) {
        this.encoder = encoder;
        this.verified = Caffeine.newBuilder().expireAfterWrite(remember).maximumSize(10_000).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence raw) {
        return encoder.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return encoder.matches(raw, encoded);
        }
        String id = fingerprint(raw, encoded);
        if (verified.getIfPresent(id) != null) {
            return true;
        }
        boolean ok = encoder.matches(raw, encoded);
        if (ok) {
            verified.put(id, Boolean.TRUE);
        }
        return ok;
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
        return false;
    }

    private String fingerprint(CharSequence raw, String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encoded.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(raw.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
