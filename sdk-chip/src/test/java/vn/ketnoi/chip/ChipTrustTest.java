package vn.ketnoi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * The trust list: an ICAO master list is taken only when it is one and its signature verifies
 * (a guard against a damaged or stripped file; whether its source is trusted is the agency's
 * choice), and a CRL counts only for the CSCA that signed it.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ChipTrustTest {
    static final ASN1ObjectIdentifier MASTER_LIST = new ASN1ObjectIdentifier("2.23.136.1.1.2");

    static ChipFormatException refused(byte[] masterList) {
        return assertThrows(ChipFormatException.class, () -> ChipTrust.builder().addMasterList(masterList));
    }

    static void refusedForItsSignature(byte[] masterList) {
        ChipFormatException e = refused(masterList);
        assertEquals("masterList", e.field());
        assertTrue(e.problem().contains("signature"), e.problem());
    }

    @Test
    void aMasterListWhoseSignatureDoesNotVerifyIsRefused(KetnoiSandbox sandbox) {
        byte[] list = sandbox.chips().masterList();
        // The signer's signature value is the last thing in the structure.
        byte[] damaged = Arrays.copyOf(list, list.length);
        damaged[damaged.length - 1] ^= 0x01;
        refusedForItsSignature(damaged);
    }

    @Test
    void aMasterListWithNoSignatureAtAllIsRefused(KetnoiSandbox sandbox) throws Exception {
        CMSSignedData genuine = new CMSSignedData(sandbox.chips().masterList());
        byte[] content = (byte[]) genuine.getSignedContent().getContent();
        CMSSignedDataGenerator unsigned = new CMSSignedDataGenerator();
        unsigned.addCertificates(genuine.getCertificates());
        byte[] stripped = unsigned.generate(new CMSProcessableByteArray(MASTER_LIST, content), true)
                .toASN1Structure().getEncoded(ASN1Encoding.DER);

        refusedForItsSignature(stripped);
    }

    @Test
    void signedDataOverSomethingElseIsNoMasterList(KetnoiSandbox sandbox) throws Exception {
        CMSSignedData genuine = new CMSSignedData(sandbox.chips().masterList());
        byte[] content = (byte[]) genuine.getSignedContent().getContent();
        byte[] other = new CMSSignedDataGenerator().generate(
                new CMSProcessableByteArray(new ASN1ObjectIdentifier("2.23.136.1.1.1"), content), true)
                .toASN1Structure().getEncoded(ASN1Encoding.DER);
        assertTrue(refused(other).problem().startsWith("is not an ICAO CSCA master list"));
    }
}
