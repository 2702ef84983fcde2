package vn.ketnoi.vneid.edocuments;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;

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

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.vneid.edocuments.internal.Claims;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;

/**
 * What an attacker who holds a document-signing key does without the SDK's safeguards: signs any
 * claims, with any date, under any certificate. The verifier must not take the result for an
 * issued document.
 */
final class Forger {
    private Forger() {
    }

    static KeyPair newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A driving licence's claims for the issuer, signed at {@code iat}. */
    static Map<String, Object> licence(String issuer, String subject, String documentId, int version, Instant iat) {
        return Claims.of(issuer, subject, documentId, version, "DRIVING_LICENCE", iat, LocalDate.of(2025, 7, 1),
                LocalDate.of(2025, 7, 1), LocalDate.of(2035, 7, 1),
                Map.of("licenceNumber", "010203040506", "classes", List.of("A1", "B", "C", "D", "E"),
                        "issuedBy", "Sở Giao thông vận tải Hà Nội"), null, 0);
    }

    /** The compact JWS of these claims, signed with the key under the certificate. */
    static String sign(KeyPair key, X509Certificate certificate, Map<String, Object> claims) {
        return sign(AgencyCredentials.of("forger", key.getPrivate(), List.of(certificate)), claims);
    }

    static String sign(AgencyCredentials credentials, Map<String, Object> claims) {
        return DocumentJws.sign(claims, SigningAlgorithm.ES256, credentials.certificateChain(),
                DocumentJws.inMemory(credentials));
    }

    /** A self-signed certificate with the document-signing profile: right in form, but from no trusted CA. */
    static X509Certificate selfSigned(String commonName, KeyPair key) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name("C=VN,CN=" + commonName);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier(DocumentSigningKey.DOCUMENT_SIGNING_EKU))));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
