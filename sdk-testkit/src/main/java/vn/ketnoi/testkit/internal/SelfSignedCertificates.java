package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed agency certificates, made with Bouncy Castle (bcpkix) on demand. */
public final class SelfSignedCertificates {

    private SelfSignedCertificates() {
    }

    /**
     * A one-year end-entity certificate for the key, subject and issuer {@code CN=<agency id>}.
     *
     * @param agencyId the agency id, used as the common name
     * @param keyPair the agency key
     * @param ec true for a P-256 key, false for RSA
     * @param clock the provider's clock, for the validity period
     * @return the certificate
     */
    public static X509Certificate create(String agencyId, KeyPair keyPair, boolean ec, Clock clock) {
        try {
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "VN")
                    .addRDN(BCStyle.O, "Ketnoi sandbox")
                    .addRDN(BCStyle.CN, agencyId)
                    .build();
            Instant now = clock.instant();
            BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(63);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                    name, keyPair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            String sigAlg = ec ? "SHA256withECDSA" : "SHA256withRSA";
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(sigAlg).build(keyPair.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the agency certificate", e);
        }
    }
}
