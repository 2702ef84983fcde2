package vn.ketnoi.vneid.auth;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.spi.PemKeys;

/**
 * The private key a relying party registered with the provider for encryption, with its
 * {@code kid}, read from the forms keys are kept in: a private JWK (JSON text, as an OpenID
 * registration publishes its public half) or a PKCS#8 PEM file. For
 * {@link VneidAuthConfig.Builder#decryptionKey(DecryptionKey)}. The key material never appears in
 * an exception message or in {@link #toString()}. Immutable.
 */
public final class DecryptionKey {
    private static final long MAX_FILE = 64 * 1024;

    private final String keyId;
    private final PrivateKey privateKey;

    private DecryptionKey(String keyId, PrivateKey privateKey) {
        this.keyId = keyId;
        this.privateKey = privateKey;
    }

    /**
     * A key from a private JWK: {@code kty} {@code RSA} or {@code EC} (P-256), with its private
     * part ({@code d}) and a {@code kid}.
     *
     * @param jwk the JWK as JSON text
     * @return the key and its kid
     * @throws InvalidInputException when the text is not a private RSA or EC JWK with a kid
     */
    public static DecryptionKey fromJwk(String jwk) {
        if (jwk == null || jwk.isBlank()) {
            throw new InvalidInputException("decryptionKey", "the JWK is empty");
        }
        JWK parsed;
        try {
            parsed = JWK.parse(jwk);
        } catch (ParseException e) {
            // The parser's message may quote the input: the cause is left out on purpose.
            throw new InvalidInputException("decryptionKey", "is not a JWK (JSON object with kty)");
        }
        if (!parsed.isPrivate()) {
            throw new InvalidInputException("decryptionKey", "the JWK has no private part (d)");
        }
        String kid = parsed.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new InvalidInputException("decryptionKey", "the JWK has no kid: the provider names the key by it");
        }
        try {
            if (parsed instanceof RSAKey rsa) {
                return of(kid, rsa.toPrivateKey());
            }
            if (parsed instanceof ECKey ec) {
                return of(kid, ec.toPrivateKey());
            }
        } catch (JOSEException e) {
            throw new InvalidInputException("decryptionKey", "the JWK's private key cannot be built");
        }
        throw new InvalidInputException("decryptionKey", "the JWK must be an RSA or EC key, not kty "
                + parsed.getKeyType());
    }

    /**
     * A key from PEM text: an unencrypted PKCS#8 {@code PRIVATE KEY} (or a SEC1
     * {@code EC PRIVATE KEY}), RSA or EC.
     *
     * @param keyId the {@code kid} the key is registered under with the provider
     * @param pem   the PEM text
     * @return the key and its kid
     * @throws InvalidInputException when there is no kid or no private key in the text
     */
    public static DecryptionKey fromPem(String keyId, String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidInputException("decryptionKey", "the PEM text is empty");
        }
        PrivateKey key;
        try {
            key = PemKeys.readPrivateKey(new StringReader(pem), null);
        } catch (IOException | InvalidInputException | IllegalArgumentException e) {
            throw new InvalidInputException("decryptionKey", "no unencrypted PKCS#8 private key in the PEM text");
        }
        return of(keyId, key);
    }

    /**
     * A key from a file holding a private JWK (its first non-blank character is <code>{</code>) or
     * PEM text.
     *
     * @param keyId the {@code kid}; for a JWK, {@code null} takes the JWK's own, and a different
     *              one is refused
     * @param file  the file, at most 64 KiB
     * @return the key and its kid
     * @throws InvalidInputException when the file cannot be read or holds no such key
     */
    public static DecryptionKey load(String keyId, Path file) {
        if (file == null) {
            throw new InvalidInputException("decryptionKey", "the file is required");
        }
        String text;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new InvalidInputException("decryptionKey", "the file is larger than 64 KiB: " + file.getFileName());
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("decryptionKey", "cannot read " + file.getFileName() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (text.strip().startsWith("{")) {
            DecryptionKey k = fromJwk(text);
            if (keyId != null && !keyId.equals(k.keyId)) {
                throw new InvalidInputException("decryptionKey", "the JWK's kid is not the key id given");
            }
            return k;
        }
        return fromPem(keyId, text);
    }

    /**
     * A key already in hand.
     *
     * @param keyId the {@code kid} the key is registered under
     * @param key   an RSA or EC private key
     * @return the key and its kid
     */
    public static DecryptionKey of(String keyId, PrivateKey key) {
        if (keyId == null || keyId.isBlank()) {
            throw new InvalidInputException("decryptionKey", "needs the kid it is registered under");
        }
        if (key == null || !("RSA".equals(key.getAlgorithm()) || "EC".equals(key.getAlgorithm()))) {
            throw new InvalidInputException("decryptionKey", "must be an RSA or EC private key");
        }
        return new DecryptionKey(keyId, key);
    }

    /** {@return the {@code kid} the provider encrypts to} */
    public String keyId() {
        return keyId;
    }

    /** {@return the private key} */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "DecryptionKey[kid=" + keyId + ", " + privateKey.getAlgorithm() + ", key=***]";
    }
}
