package vn.ketnoi.testkit.internal.wallet;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import vn.ketnoi.testkit.internal.Keys;
import vn.ketnoi.testkit.internal.RevocationResponder;

/**
 * The sandbox's document-signing certification authority: the trust anchor the wallet and
 * verifiers accept for agencies' document-signing certificates. Made lazily, in memory only.
 * Its leaves have the profile of protocol section 10.1 (one {@code CN}, not a CA,
 * {@code digitalSignature}, id-kp-documentSigning); {@link Defect} makes leaves that break it, for
 * tests that verifiers refuse them.
 */
public final class DocumentCa {
    /** id-kp-documentSigning (RFC 9336). */
    public static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";

    /** One way a leaf breaks the document-signing profile. */
    public enum Defect { NONE, NO_DOCUMENT_SIGNING_EKU, CA_CERTIFICATE, KEY_ENCIPHERMENT_ONLY, TWO_COMMON_NAMES }

    private final KeyPair key;
    private final X509Certificate root;
    private final X500Name name;

    private final RevocationResponder.Authority status;

    DocumentCa(Instant now, RevocationResponder responder) {
        this.key = Keys.newEcP256();
        this.name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN").addRDN(BCStyle.O, "Ketnoi sandbox")
                .addRDN(BCStyle.CN, "Ketnoi sandbox document-signing CA").build();
        this.root = build(name, key.getPublic(), now.minusSeconds(86_400), now.plusSeconds(10L * 365 * 86_400), true);
        // Every leaf names this CA's OCSP responder and CRL, served by the sandbox on loopback.
        this.status = responder.authority("documents", root, key.getPrivate());
    }

    public X509Certificate root() {
        return root;
    }

    /** A document-signing certificate {@code CN=<agencyId>} for the key, issued by this CA. */
    public X509Certificate issue(String agencyId, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        return issue(agencyId, subjectKey, notBefore, notAfter, Defect.NONE);
    }

    /**
     * A leaf for the key with one defect; {@code TWO_COMMON_NAMES} puts {@code CN=<agencyId>} first
     * and a second {@code CN=<agencyId>-OTHER} after it, as a CA that checked only one name might.
     */
    public X509Certificate issue(String agencyId, PublicKey subjectKey, Instant notBefore, Instant notAfter,
                                 Defect defect) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN")
                .addRDN(BCStyle.O, "Ketnoi sandbox").addRDN(BCStyle.CN, agencyId);
        if (defect == Defect.TWO_COMMON_NAMES) {
            subject.addRDN(BCStyle.CN, agencyId + "-OTHER");
        }
        return build(subject.build(), subjectKey, notBefore, notAfter, false, defect);
    }

    private X509Certificate build(X500Name subject, PublicKey subjectKey, Instant from, Instant to, boolean ca) {
        return build(subject, subjectKey, from, to, ca, Defect.NONE);
    }

    private X509Certificate build(X500Name subject, PublicKey subjectKey, Instant from, Instant to, boolean ca,
                                  Defect defect) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).setBit(63), Date.from(from), Date.from(to), subject, subjectKey);
            boolean isCa = ca || defect == Defect.CA_CERTIFICATE;
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (!ca) {
                status.addExtensions(b);
            }
            int usage = ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : defect == Defect.KEY_ENCIPHERMENT_ONLY ? KeyUsage.keyEncipherment
                    : defect == Defect.CA_CERTIFICATE ? KeyUsage.digitalSignature | KeyUsage.keyCertSign
                    : KeyUsage.digitalSignature;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (!ca && defect != Defect.NO_DOCUMENT_SIGNING_EKU) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(DOCUMENT_SIGNING))));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a document-signing certificate", e);
        }
    }
}
