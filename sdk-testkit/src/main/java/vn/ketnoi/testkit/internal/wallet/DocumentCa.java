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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import vn.ketnoi.testkit.internal.Keys;

/**
 * The sandbox's document-signing certification authority: the trust anchor the wallet and
 * verifiers accept for agencies' document-signing certificates. Made lazily, in memory only.
 */
public final class DocumentCa {
    private final KeyPair key;
    private final X509Certificate root;
    private final X500Name name;

    DocumentCa(Instant now) {
        this.key = Keys.newEcP256();
        this.name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN").addRDN(BCStyle.O, "Ketnoi sandbox")
                .addRDN(BCStyle.CN, "Ketnoi sandbox document-signing CA").build();
        this.root = build(name, key.getPublic(), now.minusSeconds(86_400), now.plusSeconds(10L * 365 * 86_400), true);
    }

    public X509Certificate root() {
        return root;
    }

    /** An end-entity certificate {@code CN=<agencyId>} for the key, issued by this CA. */
    public X509Certificate issue(String agencyId, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN")
                .addRDN(BCStyle.O, "Ketnoi sandbox").addRDN(BCStyle.CN, agencyId).build();
        return build(subject, subjectKey, notBefore, notAfter, false);
    }

    private X509Certificate build(X500Name subject, PublicKey subjectKey, Instant from, Instant to, boolean ca) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).setBit(63), Date.from(from), Date.from(to), subject, subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a document-signing certificate", e);
        }
    }
}
