package vn.ketnoi.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.FieldError;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.FieldNotGrantedException;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Finding 14 (issue 13): the OpenAPI description's example of {@code population.field-not-granted}
 * says what the sandbox answers. Protocol section 6.1: {@code errors} names each refused field, so
 * {@code errors[].field} is the refused field's wire name (section 8.2).
 */
@ExtendWith(KetnoiSandboxExtension.class)
class OpenApiProblemExamplesTest {
    private static final Pattern ERROR = Pattern.compile(
            "- field: (\\S+)\\s*\\n\\s*problem: ([^\\n]+)");

    @Test
    @DisplayName("Finding 14: the field-not-granted example and the sandbox agree on errors[].field")
    void fieldNotGrantedExampleIsWhatTheSandboxAnswers(KetnoiSandbox sandbox) throws Exception {
        List<FieldError> example = exampleErrors("fieldNotGranted");
        assertEquals(1, example.size(), "the example refuses one field");
        CitizenField refused = CitizenField.fromWireName(example.get(0).field()).orElseThrow(() ->
                new AssertionError("errors[].field of the example is not a field of protocol section 8.2: "
                        + example.get(0).field()));

        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class, () -> limited.lookup(
                    LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                            .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:docs"))
                            .fields(CitizenField.FULL_NAME, refused).build()));
            assertEquals(example, e.fieldErrors(), "the sandbox's answer differs from the OpenAPI example");
        }
    }

    @Test
    @DisplayName("Finding 14: every population route names the refused field by its wire name, as the example does")
    void everyRouteNamesTheRefusedFieldItself(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        List<FieldError> notGranted = List.of(new FieldError("currentResidence", "not granted to this agency"));
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException verify = assertThrows(FieldNotGrantedException.class, () -> limited.verify(
                    VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                            .currentResidence(c.permanentResidence().text())
                            .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN:docs")).build()));
            assertEquals(notGranted, verify.fieldErrors());
            FieldNotGrantedException household = assertThrows(FieldNotGrantedException.class, () -> limited.household(
                    HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                            .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:docs")).build()));
            assertEquals(List.of(new FieldError("household", "not granted to this agency")), household.fieldErrors());
        }
    }

    /** The errors of one named example in docs/openapi/population.yaml. */
    private static List<FieldError> exampleErrors(String name) throws Exception {
        String yaml = Files.readString(Path.of(System.getProperty("ketnoi.docs.dir"), "openapi", "population.yaml"));
        int at = yaml.indexOf("\n                " + name + ":\n");
        assertTrue(at > 0, "no example named " + name);
        int end = yaml.indexOf("\n                consentRequired:", at);
        String block = yaml.substring(at, end > at ? end : yaml.length());
        List<FieldError> out = new ArrayList<>();
        Matcher m = ERROR.matcher(block);
        while (m.find()) {
            out.add(new FieldError(m.group(1), m.group(2).strip()));
        }
        return out;
    }
}
