package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvinceTest {

    @Test
    void thereAre63FormerAnd34CurrentProvincesWithUniqueCodes() {
        assertEquals(63, BirthRegistrationProvince.values().length);
        assertEquals(34, Province.values().length);
        Set<String> codes = new HashSet<>();
        for (BirthRegistrationProvince p : BirthRegistrationProvince.values()) {
            assertTrue(p.code().matches("0\\d\\d"), p.name());
            assertTrue(codes.add(p.code()), "duplicate " + p.code());
        }
        Set<String> newCodes = new HashSet<>();
        for (Province p : Province.values()) {
            assertTrue(p.code().matches("\\d\\d"), p.name());
            assertTrue(newCodes.add(p.code()), "duplicate " + p.code());
        }
    }

    @Test
    void namesCarryDiacriticsInNfc() {
        assertEquals("Hà Nội", BirthRegistrationProvince.fromCode("001").orElseThrow().vietnameseName());
        assertEquals("Bà Rịa - Vũng Tàu", BirthRegistrationProvince.BA_RIA_VUNG_TAU.vietnameseName());
        assertEquals("Đắk Lắk", Province.fromCode("66").orElseThrow().vietnameseName());
        assertEquals("Huế", Province.HUE.vietnameseName());
        for (BirthRegistrationProvince p : BirthRegistrationProvince.values()) {
            assertTrue(Normalizer.isNormalized(p.vietnameseName(), Normalizer.Form.NFC));
        }
    }

    @Test
    void unknownCodesGiveEmpty() {
        assertEquals(Optional.empty(), BirthRegistrationProvince.fromCode("003"));
        assertEquals(Optional.empty(), BirthRegistrationProvince.fromCode("1"));
        assertEquals(Optional.empty(), BirthRegistrationProvince.fromCode(null));
        assertEquals(Optional.empty(), Province.fromCode("02"));
        assertEquals(Optional.empty(), Province.fromCode("001"));
    }

    @ParameterizedTest
    @CsvSource({"002, 08", "008, 08", "077, 79", "074, 79", "079, 79", "046, 46", "072, 80", "080, 80",
        "082, 82", "087, 82", "062, 51", "064, 52", "054, 66", "094, 92", "095, 96", "017, 25", "001, 01"})
    void mapsFormerToCurrentProvince(String oldCode, String newCode) {
        assertEquals(newCode, BirthRegistrationProvince.fromCode(oldCode).orElseThrow().currentProvince().code());
    }

    @Test
    void haGiangMergedIntoTuyenQuang() {
        assertEquals(Province.TUYEN_QUANG, BirthRegistrationProvince.HA_GIANG.currentProvince());
        assertEquals("Tuyên Quang", BirthRegistrationProvince.HA_GIANG.currentProvince().vietnameseName());
        assertEquals(EnumSet.of(BirthRegistrationProvince.HA_GIANG, BirthRegistrationProvince.TUYEN_QUANG),
                Province.TUYEN_QUANG.formerProvinces());
        assertEquals(EnumSet.of(BirthRegistrationProvince.BINH_THUAN, BirthRegistrationProvince.DAK_NONG,
                BirthRegistrationProvince.LAM_DONG), Province.LAM_DONG.formerProvinces());
    }

    @Test
    void everyFormerProvinceBelongsToExactlyOneCurrentProvince() {
        Set<BirthRegistrationProvince> seen = EnumSet.noneOf(BirthRegistrationProvince.class);
        for (Province p : Province.values()) {
            for (BirthRegistrationProvince f : p.formerProvinces()) {
                assertTrue(seen.add(f), f + " listed twice");
                assertEquals(p, f.currentProvince());
            }
        }
        assertEquals(63, seen.size());
    }
}
