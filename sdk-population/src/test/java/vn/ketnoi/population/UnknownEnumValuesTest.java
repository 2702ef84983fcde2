package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.population.internal.CitizenMapper;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/**
 * Finding 14 (issue 13), protocol section 7: the provider may add enum values within a version; a
 * value this SDK does not know comes back as a visible {@code UNKNOWN}, never as "not recorded".
 */
class UnknownEnumValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Finding 14: a sex value this version does not know is Sex.UNKNOWN, not absent")
    void anUnknownSexIsVisible() throws Exception {
        // The sandbox serves only MALE and FEMALE, and a signed answer cannot be rewritten on the path: the mapper is
        // tested directly, with the body a later provider version could send.
        Citizen later = CitizenMapper.toCitizen(citizen("{\"sex\":\"NOT_STATED\"}"), Instant.EPOCH);
        assertEquals(Sex.UNKNOWN, later.sex().orElseThrow(), "an unknown value must not read as not recorded");
        assertTrue(later.fields().contains(CitizenField.SEX));

        assertEquals(Sex.FEMALE, CitizenMapper.toCitizen(citizen("{\"sex\":\"FEMALE\"}"), Instant.EPOCH).sex().orElseThrow());
        assertTrue(CitizenMapper.toCitizen(citizen("{}"), Instant.EPOCH).sex().isEmpty(), "absent is not recorded");
        assertTrue(CitizenMapper.toCitizen(citizen("{\"sex\":null}"), Instant.EPOCH).sex().isEmpty());
        // The name of the constant on the wire is no way around it either.
        assertEquals(Sex.UNKNOWN, CitizenMapper.sex("UNKNOWN"));
        assertEquals(Sex.UNKNOWN, CitizenMapper.sex("male"));
    }

    @Test
    @DisplayName("Finding 14: Sex.UNKNOWN is read, never sent")
    void unknownIsNeverSent() {
        VerifyRequest.Builder b = VerifyRequest.builder().idNumber("001089012345").context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN:canbo.test"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> b.sex(Sex.UNKNOWN));
        assertEquals("sex", e.field());
    }

    @Test
    @DisplayName("Finding 14: a change type a later protocol version adds is ChangeType.UNKNOWN, served by the sandbox")
    void anUnknownChangeTypeFromTheSandboxIsVisible() {
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(20).build().start();
             PopulationClient population = PopulationClient.create(SandboxClients.configFor(sandbox))) {
            String appended = sandbox.appendChange("CITIZENSHIP_CHANGE", sandbox.population().anyLiving());
            ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
            Paginator.Page<ChangeEvent> page = feed.read(ChangeCursor.beginning(), 1000);
            while (page.hasMore()) {
                page = feed.read(ChangeCursor.after(page), 1000);
            }
            ChangeEvent last = page.items().get(page.items().size() - 1);
            assertEquals(appended, last.eventId());
            assertEquals(ChangeType.UNKNOWN, last.type());
        }
    }

    private static JsonNode citizen(String extra) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(extra);
        n.put("idNumber", "001089012345");
        return n;
    }
}
