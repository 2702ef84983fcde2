package vn.ketnoi.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.ketnoi.core.identity.BirthRegistrationProvince;
import vn.ketnoi.core.identity.IdentityParseException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.core.identity.VietnameseNames;
import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The sandbox is an independent oracle: its identity rules are a second reading of
 * docs/protocol.md and DOMAIN, written without sdk-core (see the package comment). These tests
 * hold the two readings to each other, so that an SDK-versus-sandbox test can only pass when both
 * agree with the text, not because they share a bug.
 */
class OracleAgreementTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T05:00:00Z"), ZoneId.of("Asia/Ho_Chi_Minh"));

    @Test
    @DisplayName("Every province code of the ID-number prefix, its name before 1 July 2025 and the province it merged into")
    void provinceTablesAgree() {
        assertEquals(new TreeSet<>(Arrays.asList(Provinces.codes())),
                Arrays.stream(BirthRegistrationProvince.values()).map(BirthRegistrationProvince::code)
                        .collect(Collectors.toCollection(TreeSet::new)));
        for (String code : Provinces.codes()) {
            BirthRegistrationProvince core = BirthRegistrationProvince.fromCode(code).orElseThrow();
            assertEquals(core.vietnameseName(), Provinces.oldName(code), "old name of " + code);
            assertEquals(core.currentProvince().vietnameseName(), Provinces.newName(code), "merged into, " + code);
        }
        for (int i = 0; i < 1000; i++) {
            String code = String.format("%03d", i);
            assertEquals(BirthRegistrationProvince.fromCode(code).isPresent(), Provinces.isKnown(code), code);
        }
    }

    @Test
    @DisplayName("The century and sex digit: the sandbox accepts exactly the ID numbers core accepts")
    void idNumberRuleAgrees() {
        for (String prefix : List.of("001", "079", "096", "003", "099")) {
            for (int g = 0; g <= 9; g++) {
                for (int yy : new int[] {0, 25, 26, 27, 89, 99}) {
                    String id = prefix + g + String.format("%02d", yy) + "123456";
                    List<Map<String, String>> errors = new ArrayList<>();
                    boolean sandbox = LookupOperation.validateId(TextNode.valueOf(id), TODAY, errors) != null;
                    assertEquals(coreAccepts(id), sandbox, "prefix " + prefix + ", century digit " + g + ", year " + yy);
                }
            }
        }
        for (String bad : List.of("", "00108901234", "0010890123456", "00108901234a", "٠٠١٠٨٩٠١٢٣٤٥")) {
            assertEquals(false, LookupOperation.validateId(TextNode.valueOf(bad), TODAY, new ArrayList<>()) != null);
            assertEquals(false, coreAccepts(bad));
        }
    }

    @Test
    @DisplayName("The sandbox's citizens carry ID numbers whose century and sex digit core reads back as their birth year and sex")
    void generatedIdNumbersReadBackInCore() {
        for (SyntheticCitizen c : SandboxPopulation.generate(300, 7).citizens()) {
            PersonalIdNumber id = PersonalIdNumber.parse(c.idNumber(), CLOCK);
            assertEquals(c.sex(), id.sex() == Sex.FEMALE ? "FEMALE" : "MALE", "sex digit");
            PartialDate birth = PartialDate.parseIso(c.birthDate());
            assertEquals(birth.year(), id.birthYear(), "century digit and year");
            assertTrue(id.isConsistentWith(birth));
        }
    }

    @Test
    @DisplayName("Partial dates: the same forms accepted, the same matches, the same future")
    void partialDatesAgree() {
        // One known difference, left alone: core refuses years before 1800 (a client-side sanity
        // check, stricter than the protocol), the sandbox takes any four digits as the protocol does.
        List<String> corpus = List.of("1989", "1989-05", "1989-05-12", "2000-02-29", "1900-02-29", "1989-02-30",
                "1989-13", "1989-00", "1989-05-00", "1989-5-12", "89-05-12", "1989/05/12", "19890512", "1989-05-12T00:00",
                " 1989", "2026", "2026-06", "2026-06-15", "2026-06-16", "2026-07", "2027", "9999-12-31", "1800");
        for (String text : corpus) {
            int[] sandbox = PartialDates.parse(text);
            Optional<PartialDate> core = coreDate(text);
            assertEquals(core.isPresent(), sandbox != null, "accepts " + text);
            if (sandbox != null) {
                assertEquals(core.get().isInFuture(CLOCK), PartialDates.isFuture(sandbox, TODAY), "future: " + text);
            }
        }
        List<String> valid = corpus.stream().filter(t -> PartialDates.parse(t) != null).collect(Collectors.toList());
        for (String a : valid) {
            for (String b : valid) {
                assertEquals(coreDate(a).get().isCompatibleWith(coreDate(b).get()),
                        PartialDates.matches(PartialDates.parse(a), PartialDates.parse(b)), a + " against " + b);
            }
        }
    }

    @Test
    @DisplayName("Name folding (protocol 8.1) on Đ/đ, the legacy Ð/ð, tone marks, case, decomposed forms and Unicode spaces")
    void nameFoldingAgrees() {
        List<String> corpus = List.of("Đặng Thị Thu Hà", "ĐẶNG THỊ THU HÀ", "đặng thị thu hà", "Dang Thi Thu Ha",
                "\u00D0ặng Thị Thu Hà", "\u00F0ặng thị thu hà", "\u00D0\u1EB6NG THỊ THỦY",
                "Nguy\u0065\u0302\u0303n Văn An", "Nguyễn Văn An", "NGUYEN  VAN   AN", " nguyễn\tvăn\u00A0an ",
                "Nguyễn\u2003Văn\u3000An", "Bùi Thị Hà", "Bùi Thị Hạ", "Lê Văn Đức", "Lệ Văn Dục", "Trịnh Công Sơn",
                "Hồ Ngọc Hà", "Ông Ích Khiêm", "Phạm Nhật Vượng", "Lý Thái Tổ", "Tạ Quang Bửu", "Huỳnh Tấn Phát");
        for (String name : corpus) {
            assertEquals(VietnameseNames.comparisonKey(name), Texts.foldName(name), name);
        }
    }

    private static boolean coreAccepts(String id) {
        try {
            PersonalIdNumber.parse(id, CLOCK);
            return true;
        } catch (IdentityParseException e) {
            return false;
        }
    }

    private static Optional<PartialDate> coreDate(String text) {
        try {
            return Optional.of(PartialDate.parseIso(text));
        } catch (IdentityParseException e) {
            return Optional.empty();
        }
    }
}
