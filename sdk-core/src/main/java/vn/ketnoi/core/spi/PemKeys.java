package vn.ketnoi.core.spi;

import java.io.IOException;
import java.io.Reader;
import java.security.PrivateKey;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Reads PEM private keys in the forms the JDK cannot: SEC1 {@code EC PRIVATE KEY}, legacy
 * OpenSSL-encrypted keys and encrypted PKCS#8. Bouncy Castle is used as a library here, never
 * registered as a JVM-wide provider. The one PEM key reader: the agency's credentials and the
 * VNeID relying party's decryption key both read with it.
 */
public final class PemKeys {
    private PemKeys() {
    }

    /**
     * Reads the first private key of a PEM text.
     *
     * @param reader the PEM text
     * @param password the key's password, or null for a key in clear
     * @return the key
     * @throws IOException when the text cannot be read
     * @throws InvalidInputException when there is no key, or it is encrypted and the password is missing or wrong
     */
    public static PrivateKey readPrivateKey(Reader reader, char[] password) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(reader)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    requirePassword(password);
                    try {
                        return converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password)));
                    } catch (PKCSException | OperatorCreationException e) {
                        throw new InvalidInputException("credentials.password", "cannot decrypt the key: wrong password", e);
                    }
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassword(password);
                    try {
                        return converter.getKeyPair(enc.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().build(password))).getPrivate();
                    } catch (IOException e) {
                        throw new InvalidInputException("credentials.password", "cannot decrypt the key: wrong password", e);
                    }
                }
            }
        }
        throw new InvalidInputException("credentials.keyFile", "no private key found in the PEM file");
    }

    private static void requirePassword(char[] password) {
        if (password == null) {
            throw new InvalidInputException("credentials.password", "the key is encrypted: a password is required");
        }
    }
}
