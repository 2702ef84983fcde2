package vn.ketnoi.testkit;

import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.ketnoi.testkit.internal.chip.ChipFactory;

/**
 * One sandbox chip: its files as an app reads them, and the chip's answer to an active-authentication
 * challenge. {@link #toString()} names the variant only: the files hold a synthetic citizen's data.
 */
public final class SandboxChip {
    private final Map<String, byte[]> files;
    private final PrivateKey aaKey;
    private final SandboxChips.Variant variant;

    SandboxChip(Map<String, byte[]> files, PrivateKey aaKey, SandboxChips.Variant variant) {
        this.files = Map.copyOf(files);
        this.aaKey = aaKey;
        this.variant = variant;
    }

    /** {@return what is wrong with this chip} */
    public SandboxChips.Variant variant() {
        return variant;
    }

    /**
     * One file.
     *
     * @param name {@code com}, {@code sod}, {@code dg1}, {@code dg2}, {@code dg13}, {@code dg14} or {@code dg15}
     * @return a copy of its bytes
     * @throws IllegalArgumentException when the chip has no such file
     */
    public byte[] file(String name) {
        byte[] b = files.get(name);
        if (b == null) {
            throw new IllegalArgumentException("the chip has no file " + name);
        }
        return b.clone();
    }

    /** {@return every file by name (copies)} */
    public Map<String, byte[]> files() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** {@return the JSON an app sends: one member per file, its bytes in base64} */
    public String json() {
        StringBuilder s = new StringBuilder("{");
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.append(s.length() > 1 ? "," : "")
                .append('"').append(e.getKey()).append("\":\"")
                .append(Base64.getEncoder().encodeToString(e.getValue())).append('"'));
        return s.append('}').toString();
    }

    /**
     * What the chip answers to INTERNAL AUTHENTICATE with the challenge: ECDSA (plain r||s over
     * SHA-256) or RSA ISO/IEC 9796-2 scheme 1 with SHA-1, as the card's key is. A {@code CLONE}
     * answers with a key other than its DG15's.
     *
     * @param challenge the 8 bytes the verifier issued
     * @return the signature
     */
    public byte[] answer(byte[] challenge) {
        return ChipFactory.answer(aaKey, challenge);
    }

    @Override
    public String toString() {
        return "SandboxChip[" + variant + "]";
    }
}
