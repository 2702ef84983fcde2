package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;

import org.junit.jupiter.api.DisplayName;
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
    void matchesIgnoringDiacriticsIgnoresAccentsCaseAndSpacing() {
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Nguyễn Văn An", "NGUYEN VAN AN"));
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Nguyễn Văn An", " nguyễn  văn   an "));
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Đặng", "dang"));
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Nguyễn Văn An",
                Normalizer.normalize("NGUYỄN VĂN AN", Normalizer.Form.NFD)));
        assertFalse(VietnameseNames.matchesIgnoringDiacritics("Nguyễn Văn An", "Nguyễn Văn Anh"));
        assertFalse(VietnameseNames.matchesIgnoringDiacritics("Nguyễn Văn An", "Nguyễn An"));
    }

    @Test
    @DisplayName("Finding 10: the fuzzy comparison is what its name says: different tone marks match")
    void theFuzzyComparisonIsNamedForWhatItDoes() {
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Bùi Thị Hà", "Bùi Thị Hạ"));
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("Lê Văn Đức", "Lệ Văn Dục"));
        // Legacy fonts type Ð (U+00D0) for Đ: it folds to d like Đ does.
        assertTrue(VietnameseNames.matchesIgnoringDiacritics("\u00D0\u1EB6NG Thị Thủy", "Dang Thi Thuy"));
        assertEquals("dang", VietnameseNames.comparisonKey("\u00F0\u1EB7ng"));
    }

    @Test
    @SuppressWarnings("deprecation")
    void sameNameIsKeptAsTheFuzzyComparison() {
        assertTrue(VietnameseNames.sameName("Bùi Thị Hà", "BUI THI HA"));
        assertFalse(VietnameseNames.sameName("Nguyễn Văn An", "Nguyễn Văn Anh"));
    }

    @Test
    @DisplayName("Finding 10: the exact comparison keeps diacritics: a different tone mark is a different name")
    void matchesExactlyKeepsDiacritics() {
        assertFalse(VietnameseNames.matchesExactly("Bùi Thị Hà", "Bùi Thị Hạ"));
        assertFalse(VietnameseNames.matchesExactly("Lê Văn Đức", "Lệ Văn Dục"));
        assertFalse(VietnameseNames.matchesExactly("Lê Văn Đức", "Lê Văn Dức"));
        assertFalse(VietnameseNames.matchesExactly("Nguyễn Văn An", "NGUYEN VAN AN"));
        assertFalse(VietnameseNames.matchesExactly("Nguyễn Văn An", "Nguyễn Văn Anh"));
    }

    @Test
    @DisplayName("Finding 10: the exact comparison ignores case, spacing, Unicode form and the legacy Ð")
    void matchesExactlyIgnoresWhatDoesNotChangeTheName() {
        String nfd = Normalizer.normalize("NGUYỄN VĂN AN", Normalizer.Form.NFD);
        assertTrue(VietnameseNames.matchesExactly("Nguyễn Văn An", nfd));
        assertTrue(VietnameseNames.matchesExactly("Nguyễn Văn An", " nguyễn \t văn\u00A0 an "));
        assertTrue(VietnameseNames.matchesExactly("Đặng Thị Thủy", "\u00D0ẶNG THỊ THỦY"));
        assertTrue(VietnameseNames.matchesExactly("đặng thị thủy", "\u00F0ặng thị thủy"));
        assertEquals("đặng thị thủy", VietnameseNames.exactKey(" \u00D0ặng  Thị Thủy"));
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> VietnameseNames.matchesExactly("An", " "));
        assertEquals("fullName", e.field());
        assertThrows(IdentityParseException.class, () -> VietnameseNames.exactKey(null));
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
