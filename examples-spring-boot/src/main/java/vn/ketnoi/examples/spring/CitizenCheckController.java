package vn.ketnoi.examples.spring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.CitizenNotFoundException;
import vn.ketnoi.population.IdentityMismatchException;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;

/** An officer checks the identity a citizen gave against the population database. */
@RestController
public class CitizenCheckController {
    private final PopulationClient population;

    public CitizenCheckController(PopulationClient population) {
        this.population = population;
    }

    /** The identity as typed by the officer; personal data travels in the body, never in the URL. */
    public record CheckRequest(String idNumber, String fullName, String birthDate, String operatorId) {
    }

    @PostMapping("/api/citizen-checks")
    public Map<String, Object> check(@RequestBody CheckRequest body) {
        Citizen citizen = population.lookup(LookupRequest.builder()
                .idNumber(body.idNumber())
                .fullName(body.fullName())
                .birthDate(body.birthDate())
                .fields(CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, body.operatorId()))
                .build());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matched", true);
        citizen.sex().ifPresent(s -> out.put("sex", s.name()));
        citizen.permanentResidence().flatMap(Address::provinceName).ifPresent(p -> out.put("province", p));
        return out;
    }

    @ExceptionHandler({CitizenNotFoundException.class, IdentityMismatchException.class})
    ResponseEntity<Map<String, Object>> noMatch(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(Map.of("matched", false,
                "code", ((vn.ketnoi.core.exception.KetnoiException) e).errorCode()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Map.of("field", e.field(), "code", e.errorCode()));
    }
}
