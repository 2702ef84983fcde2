package vn.ketnoi.vneid.edocuments.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * What makes a certificate fit to sign documents (protocol section 10.1), checked alike where
 * the SDK signs and where it verifies: an end-entity certificate, not a CA, whose key usage
 * allows signatures and whose extended key usage is document signing, naming exactly one agency,
 * with an RSA key (if RSA) of at least 2048 bits.
 * A TLS client or request-signing certificate of the same agency is not one.
 */
public final class SignerCertificate {
    /** id-kp-documentSigning (RFC 9336), the extended key usage every document-signing leaf carries. */
    public static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";

    private SignerCertificate() {
    }

    /** Why the certificate cannot sign documents, in a sentence without personal data; null when it can. */
    public static String unfit(X509Certificate leaf) {
        if (leaf.getBasicConstraints() != -1) {
            return "the signing certificate is a CA certificate (basicConstraints cA), not an end-entity one";
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku == null || !(ku[0] || (ku.length > 1 && ku[1]))) {
            return "the signing certificate's key usage allows neither digitalSignature nor nonRepudiation";
        }
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return "the signing certificate's extended key usage cannot be read";
        }
        if (eku == null || !eku.contains(DOCUMENT_SIGNING)) {
            return "the signing certificate lacks the document-signing extended key usage (" + DOCUMENT_SIGNING + ")";
        }
        if (leaf.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            return "the signing certificate's RSA key is shorter than 2048 bits";
        }
        if (agencyId(leaf) == null) {
            return "the signing certificate's subject must hold exactly one common name (CN), the agency id";
        }
        return null;
    }

    /**
     * The agency the certificate was issued to: the value of its subject's only {@code CN}; null
     * when the subject has none, more than one (in separate or multi-valued RDNs), or one that is
     * not a string. A subject with two names could otherwise bind to either.
     */
    public static String agencyId(X509Certificate leaf) {
        String found = null;
        int count = 0;
        try {
            for (RDN rdn : X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs()) {
                for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                    if (BCStyle.CN.equals(tv.getType())) {
                        count++;
                        ASN1Encodable v = tv.getValue();
                        found = v instanceof ASN1String s ? s.getString() : null;
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return count == 1 ? found : null;
    }
}
