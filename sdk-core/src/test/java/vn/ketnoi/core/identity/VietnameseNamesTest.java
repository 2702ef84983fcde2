package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class VietnameseNamesTest {

    @Test
    void normalizeComposesTrimsAndCollapses() {
        String nfd = Normalizer.normalize("Nguyễn Văn An", Normalizer.Form.NFD);
        assertEquals("Nguyễn Văn An", VietnameseNames.normalize("  " + nfd.replace(" ", " \t\u00A0 ") + "\n"));
        assertEquals("Nguyễn Văn An", VietnameseNames.normalize("Nguyễn Văn An"));
    }

    @Test
    void normalizeRejectsBlank() {
        for (String s : new String[] {null, "", "   ", "\u00A0\t"}) {
            IdentityParseException e = assertThrows(IdentityParseException.class, () -> VietnameseNames.normalize(s));
            assertEquals("fullName", e.field());
        }
    }

    @Test
    void sameNameIgnoresAccentsCaseAndSpacing() {
        assertTrue(VietnameseNames.sameName("Nguyễn Văn An", "NGUYEN VAN AN"));
        assertTrue(VietnameseNames.sameName("Nguyễn Văn An", " nguyễn  văn   an "));
        assertTrue(VietnameseNames.sameName("Đặng", "dang"));
        assertTrue(VietnameseNames.sameName("Nguyễn Văn An", Normalizer.normalize("NGUYỄN VĂN AN", Normalizer.Form.NFD)));
        assertFalse(VietnameseNames.sameName("Nguyễn Văn An", "Nguyễn Văn Anh"));
        assertFalse(VietnameseNames.sameName("Nguyễn Văn An", "Nguyễn An"));
    }

    @Test
    void comparisonKey() {
        assertEquals("nguyen van an", VietnameseNames.comparisonKey("Nguyễn  Văn An"));
        assertEquals("dang thi thuy", VietnameseNames.comparisonKey("ĐẶNG Thị Thủy"));
        assertThrows(IdentityParseException.class, () -> VietnameseNames.comparisonKey(" "));
    }

    @Test
    void maskGivesInitials() {
        assertEquals("N. V. A.", VietnameseNames.mask("Nguyễn Văn An"));
        assertEquals("Đ. T. T.", VietnameseNames.mask(" Đặng  Thị Thủy "));
        assertEquals("A.", VietnameseNames.mask("An"));
        assertThrows(IdentityParseException.class, () -> VietnameseNames.mask(""));
    }
}
