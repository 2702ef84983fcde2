package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.InvalidInputException;

/** Addresses to the two-level form of 1 July 2025: converted where the mappings decide it, flagged where not. */
class AddressConversionTest {
    static final CommuneMapping HA_NOI = CommuneMapping.builder()
            .add(BirthRegistrationProvince.HA_NOI, "Quận Cầu Giấy", "Phường Dịch Vọng", Province.HA_NOI, "Phường Cầu Giấy")
            .add(BirthRegistrationProvince.HA_GIANG, "Huyện Bắc Quang", "Thị trấn Việt Quang", Province.TUYEN_QUANG,
                    "Xã Bắc Quang")
            .add(BirthRegistrationProvince.TIEN_GIANG, "Huyện Tân Phước", "Xã Tân Lập 1", Province.TAY_NINH, "Xã Tân Phước 1")
            .build();

    @Test
    void aThreeLevelAddressBecomesTwoLevelWhenTheCommuneIsMapped() {
        AddressConversion c = Address.parse("Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội")
                .toCurrentForm(HA_NOI);
        assertEquals(AddressConversion.Outcome.CONVERTED, c.outcome());
        Address a = c.address().orElseThrow();
        assertEquals("Số 12 Ngõ 5, Phường Cầu Giấy, Thành phố Hà Nội", a.text());
        assertEquals(Address.Form.AFTER_2025_REFORM, a.form());
        assertTrue(a.district().isEmpty());
        assertEquals(Province.HA_NOI, c.province().orElseThrow());
    }

    @Test
    void theProvinceFollowsTheMergerAndTheNamesAreMatchedWithoutAccents() {
        AddressConversion c = Address.parse("Thôn 3, thi tran Viet Quang, huyen Bac Quang, tinh Ha Giang")
                .toCurrentForm(HA_NOI);
        assertEquals("Thôn 3, Xã Bắc Quang, Tỉnh Tuyên Quang", c.address().orElseThrow().text());
        assertEquals(Province.TUYEN_QUANG, c.province().orElseThrow());
    }

    @Test
    void aCommuneWhoseNewUnitIsUnknownIsFlaggedWithTheProvinceTheMappingDecides() {
        AddressConversion c = Address.parse("Số 7, Phường Quan Hoa, Quận Cầu Giấy, Thành phố Hà Nội").toCurrentForm(HA_NOI);
        assertEquals(AddressConversion.Outcome.UNDECIDED, c.outcome());
        assertTrue(c.address().isEmpty(), "never a guessed address");
        assertEquals(Province.HA_NOI, c.province().orElseThrow());
        assertTrue(c.reason().orElseThrow().contains("commune"));
        assertFalse(c.toString().contains("Quan Hoa"), "toString names no part of the address");

        AddressConversion noMapping = Address.parse("Xã Minh Tân, Huyện Vị Xuyên, Tỉnh Hà Giang").toCurrentForm();
        assertEquals(AddressConversion.Outcome.UNDECIDED, noMapping.outcome());
        assertEquals(Province.TUYEN_QUANG, noMapping.province().orElseThrow());
    }

    @Test
    void formerTienGiangWasSplitSoOnlyTheCommuneDecidesItsProvince() {
        AddressConversion unknown = Address.parse("Ấp 2, Xã Phú Mỹ, Huyện Tân Phước, Tỉnh Tiền Giang").toCurrentForm(HA_NOI);
        assertEquals(AddressConversion.Outcome.UNDECIDED, unknown.outcome());
        assertTrue(unknown.province().isEmpty(), "Đồng Tháp or Tây Ninh: not decided by the province");
        AddressConversion mapped = Address.parse("Ấp 2, Xã Tân Lập 1, Huyện Tân Phước, Tỉnh Tiền Giang").toCurrentForm(HA_NOI);
        assertEquals("Ấp 2, Xã Tân Phước 1, Tỉnh Tây Ninh", mapped.address().orElseThrow().text());
    }

    @Test
    void whatIsAlreadyTwoLevelOrHasNoProvinceOrNoCommuneIsNotConverted() {
        Address current = Address.parse("Số 12 Ngõ 5, Phường Cầu Giấy, Thành phố Hà Nội");
        AddressConversion same = current.toCurrentForm(HA_NOI);
        assertEquals(AddressConversion.Outcome.ALREADY_CURRENT, same.outcome());
        assertSame(current, same.address().orElseThrow());
        assertEquals(AddressConversion.Outcome.UNDECIDED, Address.parse("Số 1, Đường Láng").toCurrentForm().outcome());
        AddressConversion noCommune = Address.parse("Số 1, Quận Cầu Giấy, Thành phố Hà Nội").toCurrentForm(HA_NOI);
        assertEquals(AddressConversion.Outcome.UNDECIDED, noCommune.outcome());
        assertEquals(Province.HA_NOI, noCommune.province().orElseThrow());
    }

    @Test
    void aMappingEntryMustNameAProvinceTheFormerOneBecame() {
        assertEquals("province", assertThrows(InvalidInputException.class, () -> CommuneMapping.builder()
                .add(BirthRegistrationProvince.HA_GIANG, null, "Xã A", Province.HA_NOI, "Xã B")).field());
        assertThrows(InvalidInputException.class, () -> Address.parse("Xã A, Tỉnh Hà Giang").toCurrentForm(null));
    }
}
