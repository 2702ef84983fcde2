package vn.ketnoi.chip;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A one-time active-authentication challenge: 8 random bytes the app sends to the chip with
 * INTERNAL AUTHENTICATE, valid until {@link #expiresAt()} and for one verification only. Immutable.
 */
public final class Challenge {
    private final byte[] bytes;
    private final Instant expiresAt;

    Challenge(byte[] bytes, Instant expiresAt) {
        this.bytes = bytes.clone();
        this.expiresAt = expiresAt;
    }

    /** {@return the 8 bytes to send to the chip (a copy)} */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return the bytes in base64, as an app receives them} */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@return when the challenge stops being accepted} */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The challenge is public (it goes to the app in clear): shown in hexadecimal. */
    @Override
    public String toString() {
        return "Challenge[" + HexFormat.of().formatHex(bytes) + ", expires " + expiresAt + "]";
    }
}
