package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTest {

    @Test
    void oldFormWithDistrict() {
        String text = "Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội";
        Address a = Address.parse(text);
        assertEquals(text, a.text());
        assertEquals("Số 12 Ngõ 5", a.detail());
        assertEquals(Optional.of("Phường Dịch Vọng"), a.commune());
        assertEquals(Optional.of("Quận Cầu Giấy"), a.district());
        assertEquals(Optional.of("Thành phố Hà Nội"), a.provinceName());
        assertEquals(Address.Form.BEFORE_2025_REFORM, a.form());
        assertEquals(Optional.of(Province.HA_NOI), a.currentProvince());
    }

    @Test
    void newFormWithoutDistrict() {
        Address a = Address.parse("Số 12 Ngõ 5, Phường Cầu Giấy, Thành phố Hà Nội");
        assertEquals("Số 12 Ngõ 5", a.detail());
        assertEquals(Optional.of("Phường Cầu Giấy"), a.commune());
        assertEquals(Optional.empty(), a.district());
        assertEquals(Address.Form.AFTER_2025_REFORM, a.form());
        assertEquals(Optional.of(Province.HA_NOI), a.currentProvince());
    }

    @Test
    void formerProvinceMapsToCurrentOne() {
        Address a = Address.parse("Thôn Nà Lầu, Xã Minh Sơn, Huyện Bắc Mê, Tỉnh Hà Giang");
        assertEquals(Optional.of(Province.TUYEN_QUANG), a.currentProvince());
        assertEquals(Optional.of("Xã Minh Sơn"), a.commune());
        assertEquals(Optional.of("Huyện Bắc Mê"), a.district());
        assertEquals("Thôn Nà Lầu", a.detail());
        // Even without a district, a province that no longer exists marks the old form.
        Address b = Address.parse("Phường 1, TP. Vũng Tàu, Tỉnh Bà Rịa-Vũng Tàu");
        assertEquals(Optional.of(Province.HO_CHI_MINH), b.currentProvince());
        assertEquals(Optional.of("TP. Vũng Tàu"), b.district());
        assertEquals(Address.Form.BEFORE_2025_REFORM, Address.parse("Xã A, Tỉnh Bình Dương").form());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Phường Bến Nghé; Hồ Chí Minh; 79",
        "Phường Sài Gòn; TP.HCM; 79",
        "Phường Sài Gòn; TP. Hồ Chí Minh; 79",
        "Xã X; tinh ha giang; 08",
        "Xã X; TINH BA RIA - VUNG TAU; 79",
        "Phường Thuận Hóa; Thành phố Huế; 46",
        "Phường Thuận Hóa; Tỉnh Thừa Thiên Huế; 46",
        "Xã Y; Đắk Nông; 68",
        "Đặc khu Phú Quốc; Tỉnh An Giang; 91"})
    void recognisesProvinceNamesInManyForms(String commune, String province, String code) {
        Address a = Address.parse("Số 1, " + commune + ", " + province);
        assertEquals(code, a.currentProvince().orElseThrow().code());
        assertEquals(Optional.of(province), a.provinceName());
        assertEquals(Optional.of(commune), a.commune());
        assertEquals("Số 1", a.detail());
    }

    @Test
    void asciiAddressIsRecognisedAccentInsensitively() {
        Address a = Address.parse("So 12 Ngo 5, Phuong Dich Vong, Quan Cau Giay, Thanh pho Ha Noi, Viet Nam");
        assertEquals(Optional.of("Phuong Dich Vong"), a.commune());
        assertEquals(Optional.of("Quan Cau Giay"), a.district());
        assertEquals(Optional.of(Province.HA_NOI), a.currentProvince());
        assertEquals("So 12 Ngo 5", a.detail());
    }

    @Test
    void streetThatLooksLikeACommunePrefixStaysInDetail() {
        Address a = Address.parse("123 Xa lộ Hà Nội, Thành phố Hồ Chí Minh");
        assertEquals(Optional.empty(), a.commune());
        assertEquals("123 Xa lộ Hà Nội", a.detail());
        Address b = Address.parse("Xa lộ Hà Nội, Thành phố Hồ Chí Minh");
        assertEquals(Optional.empty(), b.commune());
    }

    @Test
    void cityAsDistrictOnlyWhenNotLast() {
        Address a = Address.parse("Phường Linh Trung, Thành phố Thủ Đức, Thành phố Hồ Chí Minh");
        assertEquals(Optional.of("Thành phố Thủ Đức"), a.district());
        Address b = Address.parse("Phường Linh Trung, Thành phố Thủ Đức");
        assertEquals(Optional.empty(), b.district());
        assertEquals(Optional.empty(), b.currentProvince());
        assertEquals("Phường Linh Trung, Thành phố Thủ Đức", b.detail());
    }

    @Test
    void oddInputStaysInDetail() {
        Address a = Address.parse("  ,, nowhere in particular ,");
        assertEquals("nowhere in particular", a.detail());
        assertEquals(Optional.empty(), a.provinceName());
        assertEquals(Optional.empty(), a.currentProvince());
        assertEquals(Address.Form.AFTER_2025_REFORM, a.form());
    }

    @Test
    void rejectsNullAndBlank() {
        for (String s : new String[] {null, "", " , ,", "\t"}) {
            assertEquals("address", assertThrows(IdentityParseException.class, () -> Address.parse(s)).field());
        }
    }

    @Test
    void toStringShowsOnlyProvince() {
        String s = Address.parse("Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội").toString();
        assertTrue(s.contains("Hà Nội"), s);
        assertFalse(s.contains("Số 12"), s);
        assertFalse(s.contains("Dịch Vọng"), s);
        assertFalse(s.contains("Cầu Giấy"), s);
    }
}
