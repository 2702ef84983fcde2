package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Bad input is refused before anything is sent, with an error naming the field and not the value. */
@ExtendWith(KetnoiSandboxExtension.class)
class LookupRequestValidationTest {

    private static LookupRequest.Builder valid() {
        return LookupRequest.builder()
                .idNumber("001089012345")
                .fullName("Nguyễn Văn An")
                .birthDate("1989-05-12")
                .fields(CitizenField.SEX)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test"));
    }

    private static void refused(String field, Consumer<LookupRequest.Builder> change) {
        LookupRequest.Builder b = valid();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            change.accept(b);
            b.build();
        });
        assertEquals(field, e.field(), e.getMessage());
        assertEquals("input.invalid", e.errorCode());
        assertFalse(e.isRetryable());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "00108901234", "0010890123456", "00108901234A", "001 89012345", "abcdefghijkl",
            "００１０８９０１２３４５", "003089012345", "001989012345"})
    @Requirement(value = "R-8.1.1", side = Side.SDK)
    void malformedIdNumbers(String id) {
        refused("idNumber", b -> b.idNumber(id));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    @Requirement(value = "R-8.1.2", side = Side.SDK)
    void blankNames(String name) {
        refused("fullName", b -> b.fullName(name));
    }

    @Test
    @Requirement(value = "R-8.1.2", side = Side.SDK)
    void overlongName() {
        refused("fullName", b -> b.fullName("A".repeat(513)));
    }

    @Test
    @Requirement(value = "R-8.1.3", side = Side.SDK)
    void birthDates() {
        refused("birthDate", b -> b.birthDate(LocalDate.now().plusDays(2)));
        refused("birthDate", b -> b.birthDate(PartialDate.ofYear(LocalDate.now().getYear() + 1)));
        refused("birthDate", b -> b.birthDate("1989-13-01"));
        refused("birthDate", b -> b.birthDate("12/05/1989"));
        refused("birthDate", b -> b.birthDate((String) null));
        refused("birthDate", b -> b.birthDate((PartialDate) null));
    }

    @Test
    @Requirement(value = "R-8.1.4", side = Side.SDK)
    void fields() {
        refused("fields", b -> b.fieldNames("fullName", "favouriteColour"));
        refused("fields", b -> b.fields((CitizenField) null));
        refused("fields", b -> b.fieldNames((String[]) null));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LookupRequest.builder()
                .idNumber("001089012345").fullName("Nguyễn Văn An").birthDate("1989")
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:x")).build());
        assertEquals("fields", e.field());
    }

    @Test
    @Requirement(value = "R-3.1", side = Side.SDK)
    void aRequestsContextFollowsTheOneRule() {
        // Without one the request is complete: the client's default applies, or the call is
        // refused before sending (RequestContextTest shows both against the sandbox).
        LookupRequest.Builder b = LookupRequest.builder().idNumber("001089012345").fullName("Nguyễn Văn An")
                .birthDate("1989").fields(CitizenField.SEX);
        assertTrue(b.build().context().isEmpty());
        refused("context", x -> x.context(null));
        assertEquals("operatorId", assertThrows(InvalidInputException.class,
                () -> RequestContext.of(Purpose.PUBLIC_SERVICE, "canbo.test")).field());
        assertEquals("operatorId", assertThrows(InvalidInputException.class,
                () -> RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:with space")).field());
        // Protocol section 3: VN followed by the operator's identifier; the sandbox refuses a bare "VN" too.
        assertEquals("operatorId", assertThrows(InvalidInputException.class,
                () -> RequestContext.of(Purpose.PUBLIC_SERVICE, "VN")).field());
        assertEquals("purpose", assertThrows(InvalidInputException.class, () -> Purpose.of("lower case")).field());
        assertEquals("caseNumber", assertThrows(InvalidInputException.class,
                () -> RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:x").withCaseNumber("line\nbreak")).field());
    }

    @Test
    void theErrorNeverRepeatsTheValue() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> valid().idNumber("00108901234X"));
        assertFalse(e.getMessage().contains("00108901234X"), e.getMessage());
    }

    @Test
    void aRefusedRequestSendsNothing(KetnoiSandbox sandbox, PopulationClient population) {
        long before = sandbox.stats().apiRequests() + sandbox.stats().tokenRequests();
        assertThrows(InvalidInputException.class, () -> population.lookup(null));
        assertThrows(InvalidInputException.class, () -> population.lookup(valid().idNumber("123").build()));
        assertEquals(before, sandbox.stats().apiRequests() + sandbox.stats().tokenRequests());
    }
}
