package vn.ketnoi.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import vn.ketnoi.chip.internal.Der;

/**
 * DG14: the security protocols the chip offers (chip authentication, PACE, the active-authentication
 * signature algorithm), as object identifiers. Read for {@link ChipVerifier}'s choice of ECDSA hash;
 * chip authentication itself is not performed (docs/chip.md says why). Immutable.
 *
 * @param protocols the protocol OIDs of every SecurityInfo, in the chip's order
 * @param activeAuthenticationAlgorithm the signature algorithm OID of the ActiveAuthenticationInfo, if any
 */
public record ChipSecurityInfos(List<String> protocols, Optional<String> activeAuthenticationAlgorithm) {
    /** id-icao-mrtd-security-aaProtocolObject. */
    static final String AA_PROTOCOL = "2.23.136.1.1.5";

    /**
     * Copies the list.
     *
     * @param protocols the protocol OIDs
     * @param activeAuthenticationAlgorithm the AA signature algorithm OID, if any
     */
    public ChipSecurityInfos {
        protocols = List.copyOf(protocols);
    }

    /**
     * Reads DG14 ({@code 6E { SET OF SecurityInfo }}).
     *
     * @param dg14 the file as read
     * @return the protocols offered
     * @throws ChipFormatException (field {@code dg14}) when it is malformed
     */
    public static ChipSecurityInfos parseDg14(byte[] dg14) {
        if (dg14 == null) {
            throw new ChipFormatException("dg14", "is missing");
        }
        Der.Tlv outer = Der.file(dg14, 0x6E, "dg14");
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(java.util.Arrays.copyOfRange(dg14, outer.valueOffset(), outer.end()));
            if (!(p instanceof ASN1Set set)) {
                throw new ChipFormatException("dg14", "does not hold a SET of SecurityInfos");
            }
            List<String> protocols = new ArrayList<>();
            String aa = null;
            for (ASN1Encodable e : set) {
                ASN1Sequence info = ASN1Sequence.getInstance(e);
                if (info.size() < 2 || info.size() > 3) {
                    throw new ChipFormatException("dg14", "holds a SecurityInfo of the wrong size");
                }
                String oid = ASN1ObjectIdentifier.getInstance(info.getObjectAt(0)).getId();
                protocols.add(oid);
                if (oid.equals(AA_PROTOCOL) && info.size() == 3) {
                    aa = ASN1ObjectIdentifier.getInstance(info.getObjectAt(2)).getId();
                }
            }
            return new ChipSecurityInfos(protocols, Optional.ofNullable(aa));
        } catch (ChipFormatException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new ChipFormatException("dg14", "is not a SET of SecurityInfos (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
