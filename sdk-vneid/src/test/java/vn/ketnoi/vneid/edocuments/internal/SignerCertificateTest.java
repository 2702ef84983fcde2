package vn.ketnoi.vneid.edocuments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The document-signing profile at its edges, for what the sandbox CA does not issue: a certificate
 * whose only key usage is nonRepudiation, and RSA keys at the 2048-bit floor. Whether the chain
 * leads to a trusted CA is the verifier's concern (tested over HTTP), not this one's.
 */
class SignerCertificateTest {
    private static final String AGENCY = "VN:GOV:000.00.15.H29";

    private static X509Certificate certificate(KeyPair key, int keyUsage) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name("C=VN,CN=" + AGENCY);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier(SignerCertificate.DOCUMENT_SIGNING))));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    @Test
    @DisplayName("Finding 4: nonRepudiation alone is a signing key usage, as digitalSignature is")
    void nonRepudiationAloneIsFit() throws Exception {
        KeyPair key = rsa(2048);
        assertNull(SignerCertificate.unfit(certificate(key, KeyUsage.nonRepudiation)));
        assertNull(SignerCertificate.unfit(certificate(key, KeyUsage.digitalSignature)));
        assertNotNull(SignerCertificate.unfit(certificate(key, KeyUsage.keyEncipherment)));
        assertEquals(AGENCY, SignerCertificate.agencyId(certificate(key, KeyUsage.nonRepudiation)));
    }

    @Test
    @DisplayName("Finding 4: an RSA key of exactly 2048 bits is fit; one bit less is not")
    void rsaAtTheFloor() throws Exception {
        assertNull(SignerCertificate.unfit(certificate(rsa(2048), KeyUsage.digitalSignature)));
        String unfit = SignerCertificate.unfit(certificate(rsa(2040), KeyUsage.digitalSignature));
        assertNotNull(unfit);
        assertEquals("the signing certificate's RSA key is shorter than 2048 bits", unfit);
    }
}
