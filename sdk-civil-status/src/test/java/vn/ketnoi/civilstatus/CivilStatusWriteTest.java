package vn.ketnoi.civilstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/** The writes' refusals, before sending and by the provider; their successes are in {@link LinkedProceduresTest}. */
@ExtendWith(KetnoiSandboxExtension.class)
class CivilStatusWriteTest {

    static BirthDeclaration.Builder birth(KetnoiSandbox sandbox, String motherId) {
        return BirthDeclaration.builder().childName("Trần Minh Khang").birthDate(LocalDate.now().minusDays(1))
                .sex(Sex.MALE).mother(PersonalIdNumber.parse(motherId))
                .authorityCode(sandbox.civilStatus().anyAuthorityCode());
    }

    @Test
    void badDeclarationsAreRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, CivilStatusClient civil) {
        String mother = sandbox.population().anyLiving().idNumber();
        long sent = sandbox.stats().apiRequests();
        assertEquals("childName", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).childName(" ").build()).field());
        assertEquals("birthDate", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).birthDate(null).build()).field());
        assertEquals("sex", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).sex(Sex.UNKNOWN).build()).field());
        assertEquals("mother", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).mother(null).build()).field());
        assertEquals("authorityCode", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).authorityCode("12").build()).field());
        assertEquals("idempotencyKey", assertThrows(InvalidInputException.class,
                () -> birth(sandbox, mother).idempotencyKey("again").build()).field());
        assertEquals("deceased", assertThrows(InvalidInputException.class,
                () -> DeathDeclaration.builder().deathDate(LocalDate.now()).authorityCode("12345").build()).field());
        assertEquals("placeOfDeath", assertThrows(InvalidInputException.class,
                () -> DeathDeclaration.builder().deceased(PersonalIdNumber.parse(mother)).deathDate(LocalDate.now())
                        .placeOfDeath("").authorityCode("12345").build()).field());
        assertEquals("declaration", assertThrows(InvalidInputException.class, () -> civil.registerBirth(null)).field());
        assertEquals("declaration", assertThrows(InvalidInputException.class, () -> civil.registerDeath(null)).field());
        assertEquals(sent, sandbox.stats().apiRequests());
    }

    @Test
    void theProviderRefusesWhatOnlyItCanJudgeTyped(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen dead = sandbox.population().deceased();
        InvalidRequestException deadMother = assertThrows(InvalidRequestException.class,
                () -> civil.registerBirth(birth(sandbox, dead.idNumber()).build()));
        assertEquals("motherIdNumber", deadMother.fieldErrors().get(0).field());

        InvalidRequestException unknownAuthority = assertThrows(InvalidRequestException.class, () -> civil.registerBirth(
                birth(sandbox, sandbox.population().anyLiving().idNumber()).authorityCode("00000").build()));
        assertEquals("authorityCode", unknownAuthority.fieldErrors().get(0).field());

        InvalidRequestException future = assertThrows(InvalidRequestException.class, () -> civil.registerDeath(
                DeathDeclaration.builder().deceased(PersonalIdNumber.parse(sandbox.population().anyLiving().idNumber()))
                        .deathDate(LocalDate.now().plusDays(3)).authorityCode(sandbox.civilStatus().anyAuthorityCode())
                        .build()));
        assertEquals("deathDate", future.fieldErrors().get(0).field());

        String absent = PersonalIdNumber.of("001", Sex.MALE, 1990, 999_999).value();
        KetnoiServiceException nobody = assertThrows(KetnoiServiceException.class, () -> civil.registerDeath(
                DeathDeclaration.builder().deceased(PersonalIdNumber.parse(absent)).deathDate(LocalDate.now())
                        .authorityCode(sandbox.civilStatus().anyAuthorityCode()).build()));
        assertEquals("population.citizen-not-found", nobody.errorCode());

        AlreadyRegisteredException again = assertThrows(AlreadyRegisteredException.class, () -> civil.registerDeath(
                DeathDeclaration.builder().deceased(PersonalIdNumber.parse(dead.idNumber())).deathDate(LocalDate.now())
                        .authorityCode(sandbox.civilStatus().anyAuthorityCode()).build()));
        assertEquals(409, again.statusCode());
        assertEquals(0, sandbox.civilStatus().deathsRegistered() + sandbox.civilStatus().birthsRegistered(),
                "nothing refused was applied");
    }
}
