package vn.ketnoi.testkit.internal.wallet;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import vn.ketnoi.testkit.internal.RevocationResponder;

/**
 * Which document signers the wallet trusts (section 10.1): certificates chaining to a trust
 * anchor (the sandbox's document CA, made on first use, and any a test adds), naming exactly the
 * agency, fit to sign documents, and not revoked by a test. Thread-safe.
 */
final class IssuerTrust {
    private final Clock clock;
    private final RevocationResponder revocation;
    private final List<X509Certificate> anchors = new CopyOnWriteArrayList<>();
    private final Set<X509Certificate> revokedSigners = new CopyOnWriteArraySet<>();
    private volatile DocumentCa ca;

    IssuerTrust(Clock clock, RevocationResponder revocation) {
        this.clock = clock;
        this.revocation = revocation;
    }

    /** The sandbox's document CA, made on first use and trusted from then on. */
    DocumentCa ca() {
        DocumentCa c = ca;
        if (c == null) {
            synchronized (this) {
                c = ca;
                if (c == null) {
                    c = new DocumentCa(clock.instant(), revocation);
                    anchors.add(0, c.root());
                    ca = c;
                }
            }
        }
        return c;
    }

    List<X509Certificate> anchors() {
        ca();
        return List.copyOf(anchors);
    }

    void addAnchor(X509Certificate anchor) {
        ca();
        anchors.add(anchor);
    }

    /** From now on, documents signed under this certificate are refused as from an untrusted issuer. */
    void revokeSigner(X509Certificate certificate) {
        revokedSigners.add(certificate);
    }

    /**
     * The chain runs leaf first to a configured anchor, each certificate signed by the next; the
     * leaf names exactly the agency, can sign documents (section 10.1) and is not revoked.
     */
    boolean trusts(List<X509Certificate> chain, String agencyId) {
        X509Certificate leaf = chain.get(0);
        if (!agencyId.equals(onlyCommonName(leaf)) || !signsDocuments(leaf) || revokedSigners.contains(leaf)) {
            return false;
        }
        try {
            for (int i = 0; i + 1 < chain.size(); i++) {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            }
            X509Certificate last = chain.get(chain.size() - 1);
            for (X509Certificate anchor : anchors()) {
                if (last.equals(anchor)) {
                    return true;
                }
                if (last.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
                    try {
                        last.verify(anchor.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException e) {
                        // another anchor may have the same name
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The subject's only CN, or null when it has none or several (one could name another agency). */
    private static String onlyCommonName(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(tv.getType())) {
                    names.add(tv.getValue() instanceof ASN1String s ? s.getString() : null);
                }
            }
        }
        return names.size() == 1 ? names.get(0) : null;
    }

    /**
     * Not a CA, digitalSignature or nonRepudiation, id-kp-documentSigning, RSA of 2048 bits or
     * more: not a TLS or request-signing certificate (section 10.1).
     */
    private static boolean signsDocuments(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        if (c.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            return false;
        }
        try {
            return c.getBasicConstraints() == -1 && ku != null && (ku[0] || ku[1]) && c.getExtendedKeyUsage() != null
                    && c.getExtendedKeyUsage().contains(DocumentCa.DOCUMENT_SIGNING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
