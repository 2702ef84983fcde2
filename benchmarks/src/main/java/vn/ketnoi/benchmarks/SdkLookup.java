package vn.ketnoi.benchmarks;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;

/** The SDK's side: the same lookup through {@link PopulationClient}, as an application writes it. */
public final class SdkLookup implements AutoCloseable {
    private final Target target;
    private final PopulationClient client;

    public SdkLookup(Target target) {
        this(target, target.sdkConfig());
    }

    public SdkLookup(Target target, ClientConfig config) {
        this.target = target;
        this.client = PopulationClient.create(config);
    }

    /** One lookup; the request is built per call, as an application would. */
    public Citizen lookup() {
        return client.lookup(LookupRequest.builder()
                .idNumber(target.idNumber())
                .fullName(target.fullName())
                .birthDate(target.birthDate())
                .fields(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.SEX,
                        CitizenField.PERMANENT_RESIDENCE)
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.bench"))
                .build());
    }

    /** Whether the SDK's answer and the baseline's describe the same citizen, field by field. */
    public static boolean same(Citizen sdk, RawLookup.Citizen raw) {
        return sdk.idNumber().value().equals(raw.idNumber())
                && sdk.fullName().orElse("").equals(raw.fullName())
                && sdk.birthDate().map(d -> d.toIsoString()).orElse("").equals(raw.birthDate())
                && sdk.sex().map(Enum::name).orElse("").equals(raw.sex())
                && raw.permanentResidence() != null
                && sdk.permanentResidence().map(a -> a.text()).orElse("").equals(raw.permanentResidence().text());
    }

    @Override
    public void close() {
        client.close();
    }
}
