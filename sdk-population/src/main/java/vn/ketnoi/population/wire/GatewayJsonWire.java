package vn.ketnoi.population.wire;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.population.internal.GatewayJsonProfile;

/**
 * The {@code gateway-json} wire profile: the population service as the published LGSP integration
 * guides show a gateway's services, with no end-to-end signature ({@code docs/wire-profiles.md}).
 *
 * <ul>
 *   <li>the gateway token comes from the application key and secret the province issued: a
 *       {@link vn.ketnoi.core.exchange.Gateway} of the configuration whose URL covers the service
 *       and whose {@link vn.ketnoi.core.exchange.GatewayCredentials} go in {@code Authorization};
 *       each request carries {@code Authorization: Bearer <gateway token>}, and neither the
 *       provider's access token nor a {@code Ketnoi-Signature};</li>
 *   <li>each operation is a service called by name, {@code POST <service URL>/api/csdlqgdc/v1/}
 *       {@code tra-cuu-cong-dan} (lookup), {@code xac-thuc-cong-dan} (verify),
 *       {@code tra-cuu-ho-gia-dinh} (household), where the service URL is the route of
 *       {@link vn.ketnoi.population.PopulationClient#SERVICE} (else the endpoint);</li>
 *   <li>JSON bodies with the gateway's Vietnamese field names ({@code soDinhDanh}, {@code hoVaTen},
 *       {@code ngaySinh}, {@code truongYeuCau}...), answers wrapped as
 *       {@code {"maLoi":"0","moTaLoi":"Thành công","maYeuCau":"...","duLieu":{...}}};</li>
 *   <li>the gateway's error codes ({@code maLoi}) mapped to the SDK's exceptions.</li>
 * </ul>
 *
 * Its answers are {@link vn.ketnoi.core.Integrity#TRANSPORT_ONLY}: a client refuses it unless
 * built with {@code acceptTransportOnlyIntegrity()}. It carries lookup, verify and household;
 * the client refuses batch, jobs and the change feed with {@code profile.operation-unsupported}.
 */
public final class GatewayJsonWire {
    /** The profile's name, as the setting {@code ketnoi.population.wire} takes it. */
    public static final String PROFILE = "gateway-json";

    private GatewayJsonWire() {
    }

    /**
     * The profile on a runtime of its own for {@code config}, closed with the client.
     *
     * @param config the agency's configuration, with the gateway (header {@code Authorization})
     *               and, usually, the route of the population service
     * @return the profile
     * @throws InvalidInputException when no gateway of the configuration covers the service URL
     *         with its credential in {@code Authorization}
     */
    public static PopulationWire create(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return GatewayJsonProfile.create(config);
    }

    /**
     * The profile on a shared runtime, which closing it leaves open.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the profile
     * @throws InvalidInputException as {@link #create(ClientConfig)}
     */
    public static PopulationWire create(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return GatewayJsonProfile.create(runtime);
    }
}
