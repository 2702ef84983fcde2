package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Robustness and round-trip properties. The robustness properties feed arbitrary text, including
 * near-valid text with one mutation, and require that the call either returns a value or throws
 * {@link IdentityParseException}; any other exception fails the property.
 */
class IdentityPropertiesTest {

    static final Clock CLOCK_2025 = Clock.fixed(Instant.parse("2025-08-01T00:00:00Z"), ZoneOffset.UTC);
    static final Clock CLOCK_2400 = Clock.fixed(Instant.parse("2400-01-01T00:00:00Z"), ZoneOffset.UTC);

    static final String[] SAMPLE_NAMES = {"Nguyễn Văn An", "Đặng Thị Thủy", "Trần   Bảo Ngọc", "LÊ HOÀNG",
        Normalizer.normalize("Phạm Ngọc Ánh", Normalizer.Form.NFD)};
    static final String[] SAMPLE_DETAILS = {"Số 12 Ngõ 5", "Thôn Nà Lầu", "123 Xa lộ Hà Nội", "Ấp 3", "Tổ 7"};
    static final String[] SAMPLE_COMMUNES = {"Phường Dịch Vọng", "Xã Minh Sơn", "Thị trấn Đông Anh", "Đặc khu Phú Quốc",
        "P. 12", "Phuong 1"};
    static final String[] SAMPLE_DISTRICTS = {"Quận Cầu Giấy", "Huyện Bắc Mê", "Thị xã Sơn Tây", "Thành phố Thủ Đức",
        "Q. 1", "TP. Vũng Tàu"};

    // ---- generators ------------------------------------------------------------------------

    /** Arbitrary text: any UTF-16 chars (lone surrogates included), digit/separator soup, huge. */
    static Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(6, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(4, Arbitraries.strings().withChars("0123456789|-/ ,.\r\n\uFEFF\u0661\uFF10").ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u00C0', '\u1EF9').ofMaxLength(30)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(20_000).ofMaxLength(100_000))));
    }

    static Arbitrary<Character> mutationChar() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.of('|', '0', '9', ',', ' ', '/', '-', 'a', 'ữ', '\u0303', '\uFEFF', '\u0661', '\n')),
                Tuple.of(1, Arbitraries.chars().all())));
    }

    /** One mutation of a valid string: replace, insert or delete one char, or cut it short. */
    static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000), mutationChar())
                .as((s, op, pos, c) -> {
                    int i = s.isEmpty() ? 0 : pos % (s.length() + 1);
                    switch (op) {
                        case 0:
                            return i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
                        case 1:
                            return s.substring(0, i) + c + s.substring(i);
                        case 2:
                            return i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
                        default:
                            return s.substring(0, i);
                    }
                });
    }

    static Arbitrary<String> mixed(Arbitrary<String> valid) {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(3, anyText()), Tuple.of(2, valid), Tuple.of(5, mutated(valid))));
    }

    static Arbitrary<PersonalIdNumber> idNumbers() {
        return Combinators.combine(Arbitraries.of(BirthRegistrationProvince.class), Arbitraries.of(Sex.MALE, Sex.FEMALE),
                Arbitraries.integers().between(1900, 2399), Arbitraries.integers().between(0, 999_999))
                .as((p, s, y, r) -> PersonalIdNumber.of(p.code(), s, y, r));
    }

    static Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 200 * 366)
                .map(d -> LocalDate.of(1900, 1, 1).plusDays(d));
    }

    static Arbitrary<PartialDate> partialDates() {
        return Combinators.combine(dates(), Arbitraries.of(PartialDate.Precision.class)).as((d, p) -> {
            switch (p) {
                case YEAR:
                    return PartialDate.ofYear(d.getYear());
                case MONTH:
                    return PartialDate.ofYearMonth(d.getYear(), d.getMonthValue());
                default:
                    return PartialDate.of(d);
            }
        });
    }

    static String ddMMyyyy(LocalDate d) {
        return String.format(Locale.ROOT, "%02d%02d%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
    }

    static Arbitrary<String> provinceNames() {
        Arbitrary<String> names = Arbitraries.oneOf(List.of(
                Arbitraries.of(BirthRegistrationProvince.class).map(BirthRegistrationProvince::vietnameseName),
                Arbitraries.of(Province.class).map(Province::vietnameseName)));
        return Combinators.combine(Arbitraries.of("", "Tỉnh ", "Thành phố ", "TP. ", "tinh "), names,
                Arbitraries.of(Function.<String>identity(), VietnameseNamesTestSupport::stripAccents))
                .as((prefix, name, f) -> f.apply(prefix + name));
    }

    static Arbitrary<String> validAddresses() {
        return Combinators.combine(Arbitraries.of(SAMPLE_DETAILS), Arbitraries.of(SAMPLE_COMMUNES),
                Arbitraries.of(SAMPLE_DISTRICTS).injectNull(0.5), provinceNames())
                .as((d, c, dist, p) -> dist == null ? d + ", " + c + ", " + p : d + ", " + c + ", " + dist + ", " + p);
    }

    static Arbitrary<String> validQrs() {
        return Combinators.combine(idNumbers().filter(id -> id.birthYear() <= 2025),
                Arbitraries.strings().numeric().ofLength(9).injectNull(0.3), Arbitraries.of(SAMPLE_NAMES), dates(),
                validAddresses(), dates(), Arbitraries.strings().withChars("ab |").ofMaxLength(6).injectNull(0.5))
                .as((id, old, name, birth, res, issued, extras) -> id.value() + "|" + (old == null ? "" : old) + "|"
                        + name + "|" + ddMMyyyy(birth) + "|" + (birth.getYear() % 2 == 0 ? "Nam" : "Nữ") + "|" + res
                        + "|" + ddMMyyyy(issued) + (extras == null ? "" : "|" + extras));
    }

    @Provide
    Arbitrary<String> idText() {
        return mixed(idNumbers().map(PersonalIdNumber::value));
    }

    @Provide
    Arbitrary<String> oldIdText() {
        return mixed(Arbitraries.strings().numeric().ofLength(9));
    }

    @Provide
    Arbitrary<String> qrText() {
        return mixed(validQrs());
    }

    @Provide
    Arbitrary<String> nameText() {
        return mixed(Arbitraries.of(SAMPLE_NAMES));
    }

    @Provide
    Arbitrary<String> dateText() {
        Arbitrary<String> valid = Combinators.combine(dates(), Arbitraries.integers().between(0, 6)).as((d, f) -> {
            switch (f) {
                case 0:
                    return d.toString();
                case 1:
                    return d.toString().substring(0, 7);
                case 2:
                    return d.toString().replace("-", "");
                case 3:
                    return ddMMyyyy(d);
                case 4:
                    return String.format(Locale.ROOT, "%02d/%02d/%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
                case 5:
                    return String.format(Locale.ROOT, "%d/%d", d.getMonthValue(), d.getYear());
                default:
                    return Integer.toString(d.getYear());
            }
        });
        return mixed(valid);
    }

    @Provide
    Arbitrary<String> addressText() {
        return mixed(validAddresses());
    }

    @Provide
    Arbitrary<PersonalIdNumber> generatedIds() {
        return idNumbers();
    }

    @Provide
    Arbitrary<PartialDate> generatedDates() {
        return partialDates();
    }

    @Provide
    Arbitrary<String> validQrText() {
        return validQrs();
    }

    // ---- robustness: a value or IdentityParseException, nothing else --------------------------

    @Property(tries = 1000)
    void idParseNeverFailsUntyped(@ForAll("idText") String text) {
        PersonalIdNumber id = parseOrNull(() -> PersonalIdNumber.parse(text, CLOCK_2025));
        if (id != null) {
            assertEquals(text, id.value());
            assertTrue(text.matches("[0-9]{12}"));
            assertTrue(id.birthYear() <= 2025);
            assertEquals(text.substring(0, 3), id.provinceCode());
        }
        outcome(id);
    }

    @Property(tries = 1000)
    void oldIdParseNeverFailsUntyped(@ForAll("oldIdText") String text) {
        OldIdNumber id = parseOrNull(() -> OldIdNumber.parse(text));
        if (id != null) {
            assertTrue(text.matches("[0-9]{9}"));
        }
        outcome(id);
    }

    @Property(tries = 1000)
    void qrParseNeverFailsUntyped(@ForAll("qrText") String text) {
        CccdQrCode qr = parseOrNull(() -> CccdQrCode.parse(text, CLOCK_2025));
        if (qr != null) {
            long bars = text.chars().filter(c -> c == '|').count();
            assertEquals(bars + 1 - 7, qr.extras().size());
            assertEquals(PartialDate.Precision.DAY, qr.birthDate().precision());
            assertFalse(qr.toString().contains(qr.idNumber().value()));
        }
        outcome(qr);
    }

    @Property(tries = 1000)
    void namesNeverFailUntyped(@ForAll("nameText") String text) {
        String normalized = parseOrNull(() -> VietnameseNames.normalize(text));
        String key = parseOrNull(() -> VietnameseNames.comparisonKey(text));
        String mask = parseOrNull(() -> VietnameseNames.mask(text));
        assertEquals(normalized == null, key == null, "normalize and comparisonKey disagree on validity");
        assertEquals(normalized == null, mask == null);
        if (normalized != null) {
            assertTrue(Normalizer.isNormalized(normalized, Normalizer.Form.NFC));
            assertFalse(normalized.startsWith(" ") || normalized.endsWith(" ") || normalized.contains("  "));
            assertFalse(key.contains("đ") || key.contains("Đ"));
        }
        outcome(normalized);
    }

    @Property(tries = 1000)
    void nameComparisonsNeverFailUntypedAndAgreeWithTheirKeys(@ForAll("nameText") String a,
                                                                @ForAll("nameText") String b) {
        Boolean same = parseOrNull(() -> VietnameseNames.matchesIgnoringDiacritics(a, b));
        String ka = parseOrNull(() -> VietnameseNames.comparisonKey(a));
        String kb = parseOrNull(() -> VietnameseNames.comparisonKey(b));
        if (same != null && ka != null && kb != null) {
            assertEquals(ka.equals(kb), same);
        }
        assertTrue(parseOrNull(() -> VietnameseNames.matchesIgnoringDiacritics(a, a)) != Boolean.FALSE || ka == null);
        Boolean exact = parseOrNull(() -> VietnameseNames.matchesExactly(a, b));
        String ea = parseOrNull(() -> VietnameseNames.exactKey(a));
        String eb = parseOrNull(() -> VietnameseNames.exactKey(b));
        assertEquals(ka == null, ea == null, "the two keys disagree on validity");
        if (exact != null && ea != null && eb != null) {
            assertEquals(ea.equals(eb), exact);
            // Finding 10: the exact match is never looser than the fuzzy one.
            assertTrue(!exact || same);
            assertTrue(Normalizer.isNormalized(ea, Normalizer.Form.NFC));
        }
    }

    @Property(tries = 1000)
    void isValidNeverThrowsAndAgreesWithParse(@ForAll("idText") String text) {
        boolean valid = PersonalIdNumber.isValid(text);
        assertEquals(valid, parseOrNull(() -> PersonalIdNumber.parse(text)) != null);
    }

    @Property(tries = 1000)
    void dateParsersNeverFailUntyped(@ForAll("dateText") String text) {
        List<Function<String, PartialDate>> parsers = Arrays.asList(PartialDate::parseIso, PartialDate::parseCompact,
                PartialDate::parseDayFirst, PartialDate::parseSlashed);
        PartialDate any = null;
        for (Function<String, PartialDate> parser : parsers) {
            PartialDate d = parseOrNull(() -> parser.apply(text));
            if (d != null) {
                assertTrue(d.year() >= 1800 && d.year() <= 9999);
                assertEquals(d, PartialDate.parseIso(d.toIsoString()));
                any = d;
            }
        }
        outcome(any);
    }

    @Property(tries = 1000)
    void addressParseNeverFailsUntyped(@ForAll("addressText") String text) {
        Address a = parseOrNull(() -> Address.parse(text));
        if (a != null) {
            assertEquals(text, a.text());
            assertEquals(a.provinceName().isPresent(), a.currentProvince().isPresent());
            if (a.district().isPresent()) {
                assertEquals(Address.Form.BEFORE_2025_REFORM, a.form());
            }
        }
        outcome(a);
    }

    // ---- round trips -----------------------------------------------------------------------

    @Property(tries = 1000)
    void builtIdNumbersParseBack(@ForAll("generatedIds") PersonalIdNumber built) {
        PersonalIdNumber parsed = PersonalIdNumber.parse(built.value(), CLOCK_2400);
        assertEquals(built, parsed);
        assertEquals(built.province(), parsed.province());
        assertEquals(built.sex(), parsed.sex());
        assertEquals(built.birthYear(), parsed.birthYear());
        assertEquals(built.provinceCode() + "*******" + built.value().substring(10), parsed.toString());
    }

    @Property(tries = 1000)
    void builtIdNumbersKeepTheirInputs(@ForAll("generatedIds") PersonalIdNumber any) {
        PersonalIdNumber rebuilt = PersonalIdNumber.of(any.provinceCode(), any.sex(), any.birthYear(),
                Integer.parseInt(any.value().substring(6)));
        assertEquals(any, rebuilt);
    }

    @Property(tries = 1000)
    void normalizeIsIdempotentAndKeyStable(@ForAll("nameText") String text) {
        String once = parseOrNull(() -> VietnameseNames.normalize(text));
        if (once != null) {
            assertEquals(once, VietnameseNames.normalize(once));
            assertEquals(VietnameseNames.comparisonKey(text), VietnameseNames.comparisonKey(once));
            assertTrue(VietnameseNames.matchesIgnoringDiacritics(text, once));
            assertTrue(VietnameseNames.matchesExactly(text, once));
        }
    }

    @Property(tries = 1000)
    void partialDatesRoundTripThroughEveryFormat(@ForAll("generatedDates") PartialDate d) {
        assertEquals(d, PartialDate.parseIso(d.toIsoString()));
        assertEquals(d, PartialDate.parseCompact(d.toIsoString().replace("-", "")));
        assertTrue(d.isCompatibleWith(d));
        if (d.precision() == PartialDate.Precision.DAY) {
            LocalDate ld = d.toLocalDate().orElseThrow();
            assertEquals(d, PartialDate.parseDayFirst(ddMMyyyy(ld)));
            assertEquals(d, PartialDate.parseSlashed(String.format(Locale.ROOT, "%02d/%02d/%04d",
                    ld.getDayOfMonth(), ld.getMonthValue(), ld.getYear())));
            assertTrue(PartialDate.ofYear(d.year()).isCompatibleWith(d));
        }
    }

    @Property(tries = 1000)
    void validQrsParseWithEveryField(@ForAll("validQrText") String text) {
        String[] f = text.split("\\|", -1);
        CccdQrCode qr = CccdQrCode.parse(text, CLOCK_2025);
        assertEquals(f[0], qr.idNumber().value());
        assertEquals(f[1], qr.oldIdNumber().map(OldIdNumber::value).orElse(""));
        assertTrue(VietnameseNames.matchesExactly(f[2], qr.fullName()));
        assertEquals(f[3], ddMMyyyy(qr.birthDate().toLocalDate().orElseThrow()));
        assertEquals(f[5], qr.residence());
        assertEquals(f[6], ddMMyyyy(qr.issueDate()));
        assertEquals(Arrays.asList(f).subList(7, f.length), qr.extras());
        assertTrue(qr.residenceAddress().orElseThrow().currentProvince().isPresent());
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Records whether the input was parsed or refused, and requires both to be exercised. */
    static void outcome(Object parsedOrNull) {
        Statistics.label("outcome").collect(parsedOrNull == null ? "refused" : "parsed");
        Statistics.label("outcome").coverage(c -> {
            c.check("parsed").percentage((Double p) -> p > 1.0);
            c.check("refused").percentage((Double p) -> p > 1.0);
        });
    }

    interface ThrowingSupplier<T> {
        T get();
    }

    /** The value, or null when the call refused the input with the typed exception. */
    static <T> T parseOrNull(ThrowingSupplier<T> call) {
        try {
            return call.get();
        } catch (IdentityParseException e) {
            assertFalse(e.field().isEmpty());
            return null;
        }
    }
}
