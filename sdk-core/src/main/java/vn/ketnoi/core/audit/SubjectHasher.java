package vn.ketnoi.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Stands for a citizen's ID number in audit events: HMAC-SHA-256 under a key only the agency
 * holds, in lowercase hex. Without the key nobody can tell whose record an event is about, or
 * test guesses (there are only about 10<sup>12</sup> ID numbers, so a plain hash would be
 * reversible); with it, the agency answers "who looked at this citizen?" by hashing the ID number
 * and searching. Immutable and thread-safe; never shows the key.
 */
public final class SubjectHasher {
    private final byte[] key;

    private SubjectHasher(byte[] key) {
        this.key = key;
    }

    /**
     * A hasher under this key.
     *
     * @param key at least 32 bytes of secret, random key material (keep it like a private key)
     * @return the hasher
     */
    public static SubjectHasher hmacSha256(byte[] key) {
        if (key == null || key.length < 32) {
            throw new InvalidInputException("auditSubjectHasher.key", "must be at least 32 bytes");
        }
        return new SubjectHasher(Arrays.copyOf(key, key.length));
    }

    /**
     * The keyed hash of an identifier (an ID number, or another subject identifier such as a VNeID {@code sub}).
     *
     * @param subject the identifier, as sent on the wire
     * @return 64 lowercase hex characters
     */
    public String hash(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new InvalidInputException("subject", "must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SubjectHasher[HMAC-SHA-256, key=***]";
    }
}
