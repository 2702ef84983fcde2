package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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

    /** The characters the fast fold's table covers, and a few it must refuse (marks, other scripts). */
    private static List<Character> foldCandidates() {
        List<Character> cs = new ArrayList<>();
        for (char c = 0; c < 0x0250; c++) {
            cs.add(c);
        }
        for (char c = 0x1E00; c < 0x1F00; c++) {
            cs.add(c);
        }
        for (char c : new char[] {'\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0306', '\u031B', '\u0345',
                '\u03A3', '\u03C3', '\u0130', '\u2003', '\u3000', '\uFF36', '\u0410'}) {
            cs.add(c);
        }
        return cs;
    }

    @Test
    @DisplayName("the table-driven comparison key agrees with the rule on every pair of characters it covers")
    void theFastFoldAgreesWithTheRuleOnEveryPair() {
        List<Character> cs = foldCandidates();
        int folded = 0;
        for (char a : cs) {
            for (char b : cs) {
                String s = new String(new char[] {a, b});
                String fast = VietnameseNames.Fold.fold(s);
                if (fast != null) {
                    folded++;
                    assertEquals(VietnameseNames.slowKey(s), fast, () -> "pair U+" + Integer.toHexString(a) + " U+"
                            + Integer.toHexString(b));
                }
            }
        }
        // Vietnamese letters are covered: the fast way is taken, not merely allowed.
        assertTrue(folded > 500_000, "pairs folded by the table: " + folded);
        assertEquals("a", VietnameseNames.Fold.fold("ậ"));
        assertEquals(null, VietnameseNames.Fold.fold("a\u0323"), "a combining mark sends the text the full way");
    }

    @Test
    void theComparisonKeyIsTheSameEitherWayOnRandomText() {
        List<Character> cs = foldCandidates();
        Random random = new Random(20261206);
        for (int n = 0; n < 100_000; n++) {
            char[] text = new char[1 + random.nextInt(24)];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(4) == 0 ? ' ' : cs.get(random.nextInt(cs.size()));
            }
            String s = new String(text);
            if (s.isBlank() || s.chars().allMatch(c -> VietnameseNames.isSpace(c))) {
                continue;
            }
            assertEquals(VietnameseNames.collapseWhitespace(VietnameseNames.slowKey(s)), VietnameseNames.comparisonKey(s),
                    () -> "text " + s.chars().mapToObj(Integer::toHexString).toList());
        }
        assertEquals("thanh pho ho chi minh", VietnameseNames.comparisonKey(" Thành phố  Hồ Chí Minh"));
        assertEquals("dak lak", VietnameseNames.comparisonKey("ĐẮK LẮK"));
        assertEquals("dak lak", VietnameseNames.comparisonKey(Normalizer.normalize("Đắk Lắk", Normalizer.Form.NFD)));
    }
}
