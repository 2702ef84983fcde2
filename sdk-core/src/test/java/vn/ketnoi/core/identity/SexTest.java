package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.text.Normalizer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SexTest {

    @Test
    void labels() {
        assertEquals("Nam", Sex.MALE.vietnameseLabel());
        assertEquals("Nữ", Sex.FEMALE.vietnameseLabel());
    }

    @Test
    void readsFemaleInEveryForm() {
        String nfd = Normalizer.normalize("Nữ", Normalizer.Form.NFD);
        assertEquals(4, nfd.length()); // N, u, horn, tilde: really decomposed
        assertEquals(Sex.FEMALE, Sex.fromVietnamese(nfd));
        assertEquals(Sex.FEMALE, Sex.fromVietnamese("Nữ"));
        assertEquals(Sex.FEMALE, Sex.fromVietnamese("NỮ"));
        assertEquals(Sex.FEMALE, Sex.fromVietnamese("Nu"));
        assertEquals(Sex.FEMALE, Sex.fromVietnamese(" nu "));
    }

    @Test
    void readsMale() {
        assertEquals(Sex.MALE, Sex.fromVietnamese("Nam"));
        assertEquals(Sex.MALE, Sex.fromVietnamese("NAM"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "M", "F", "Nam Nữ", "Male", "Nư x"})
    void rejectsOtherText(String text) {
        IdentityParseException e = assertThrows(IdentityParseException.class, () -> Sex.fromVietnamese(text));
        assertEquals("sex", e.field());
    }

    @Test
    void rejectsNull() {
        assertEquals("sex", assertThrows(IdentityParseException.class, () -> Sex.fromVietnamese(null)).field());
    }

    @Test
    @DisplayName("Finding 14: Sex.UNKNOWN (a provider value this version does not know) is never parsed nor encoded")
    void unknownIsOnlyRead() {
        assertEquals("sex", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", Sex.UNKNOWN, 1990, 1)).field());
        assertThrows(IdentityParseException.class, () -> Sex.fromVietnamese("Không xác định"));
    }
}
