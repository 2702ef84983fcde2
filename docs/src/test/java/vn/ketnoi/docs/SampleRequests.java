package vn.ketnoi.docs;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/** A request the sandbox answers, handed to snippets as {@code request}. */
final class SampleRequests {
    private SampleRequests() {
    }

    static LookupRequest forLivingCitizen(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        return LookupRequest.builder()
                .idNumber(c.idNumber())
                .fullName(c.fullName())
                .birthDate(c.birthDate())
                .fields(CitizenField.SEX)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:docs"))
                .build();
    }
}
