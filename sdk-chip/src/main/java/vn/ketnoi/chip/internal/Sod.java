package vn.ketnoi.chip.internal;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.icao.DataGroupHash;
import org.bouncycastle.asn1.icao.LDSSecurityObject;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import vn.ketnoi.chip.ChipFormatException;

/**
 * EF.SOD read: the CMS SignedData, its one signer, the certificates it carries and the LDS security
 * object (hash algorithm and one hash per data group). Nothing here is verified.
 *
 * @param signedData the CMS structure
 * @param signer its one SignerInfo
 * @param certificates the certificates it carries (the document signer's, normally)
 * @param digestAlgorithm the JCA name of the data-group hash, such as SHA-256
 * @param hashes data-group number to hash
 */
public record Sod(CMSSignedData signedData, SignerInformation signer, List<X509Certificate> certificates,
                  String digestAlgorithm, Map<Integer, byte[]> hashes) {
    /** id-icao-mrtd-security-ldsSecurityObject. */
    private static final ASN1ObjectIdentifier LDS_SECURITY_OBJECT = new ASN1ObjectIdentifier("2.23.136.1.1.1");
    /** The hashes ICAO 9303 part 12 allows for data groups. */
    private static final Map<String, String> DIGESTS = Map.of("1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.4", "SHA-224", "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384", "2.16.840.1.101.3.4.2.3", "SHA-512");
    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();

    /**
     * Reads EF.SOD ({@code 77 { ContentInfo }}).
     *
     * @throws ChipFormatException (fields {@code sod.*}) when any part is malformed
     */
    public static Sod parse(byte[] sod) {
        if (sod == null) {
            throw new ChipFormatException("sod", "is missing");
        }
        Der.Tlv outer = Der.file(sod, 0x77, "sod");
        try {
            CMSSignedData cms = new CMSSignedData(java.util.Arrays.copyOfRange(sod, outer.valueOffset(), outer.end()));
            if (!LDS_SECURITY_OBJECT.equals(cms.getSignedContentTypeOID() == null ? null
                    : new ASN1ObjectIdentifier(cms.getSignedContentTypeOID()))) {
                throw new ChipFormatException("sod.contentType", "is not the LDS security object");
            }
            if (cms.getSignedContent() == null || !(cms.getSignedContent().getContent() instanceof byte[] content)) {
                throw new ChipFormatException("sod.content", "is missing (a detached signature)");
            }
            Der.checkTree(content, 0, content.length, 0, "sod.content");
            LDSSecurityObject lso = LDSSecurityObject.getInstance(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(content));
            String digest = DIGESTS.get(lso.getDigestAlgorithmIdentifier().getAlgorithm().getId());
            if (digest == null) {
                throw new ChipFormatException("sod.hashAlgorithm", "is not SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512");
            }
            Map<Integer, byte[]> hashes = new TreeMap<>();
            for (DataGroupHash h : lso.getDatagroupHash()) {
                int n = h.getDataGroupNumber();
                ASN1OctetString v = h.getDataGroupHashValue();
                if (n < 1 || n > 16 || hashes.put(n, v.getOctets()) != null) {
                    throw new ChipFormatException("sod.dataGroupHashes", "has a number outside 1-16 or twice");
                }
            }
            List<SignerInformation> signers = new ArrayList<>(cms.getSignerInfos().getSigners());
            if (signers.size() != 1) {
                throw new ChipFormatException("sod.signerInfos", "does not hold exactly one signer");
            }
            List<X509Certificate> certs = new ArrayList<>();
            for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
                certs.add(CERTS.getCertificate(h));
            }
            return new Sod(cms, signers.get(0), Collections.unmodifiableList(certs), digest,
                    Collections.unmodifiableMap(hashes));
        } catch (ChipFormatException e) {
            throw e;
        } catch (CMSException | CertificateException | IOException | RuntimeException e) {
            throw new ChipFormatException("sod", "is not a CMS SignedData over an LDS security object ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
