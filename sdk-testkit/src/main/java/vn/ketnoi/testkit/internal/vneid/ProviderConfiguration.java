package vn.ketnoi.testkit.internal.vneid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the provider announces in its discovery document (section 9.1) and the switches a test
 * turns: the issuer and endpoint URLs (optionally moved, so only a relying party that reads
 * discovery finds them), whether PAR is required, and third-party mode. Thread-safe: the switches
 * are volatile and read once per request.
 */
final class ProviderConfiguration {
    static final String PREFIX = "/vneid";
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    static final String ACR_PREFIX = "urn:vn:vneid:loa:";
    /** The endpoints {@link #moveEndpoints(boolean)} moves; discovery and the sandbox pages stay. */
    private static final Set<String> MOVABLE =
            Set.of("/authorize", "/par", "/token", "/userinfo", "/bc-authorize", "/logout", "/jwks");

    private final Supplier<String> baseIssuer;
    private volatile boolean parRequired;
    /**
     * Behaves like an independent, certified OpenID Provider configured like a national IdP: the
     * ID token carries sub, acr, amr and auth_time only (no acr at all from a level-1 login),
     * identity claims come from userinfo by scope ({@code profile}: name and birth date;
     * {@code citizen}: ID number and account level), userinfo is never encrypted (OpenID
     * registers ID-token and userinfo encryption separately, and this provider encrypts ID tokens
     * only), and {@code acr_values_supported} lists {@code LoA1} and {@code LoA2}.
     */
    private volatile boolean thirdParty;
    /** {@code acr_values_supported} as a test sets it; null for the mode's own. */
    private volatile List<String> acrValuesSupported;
    /** Inserted before each endpoint's path, for a relying party that must read them from discovery. */
    private volatile String endpointSegment = "";

    ProviderConfiguration(Supplier<String> baseIssuer) {
        this.baseIssuer = baseIssuer;
    }

    String issuer() {
        return baseIssuer.get() + PREFIX;
    }

    String endpoint(String name) {
        return issuer() + endpointSegment + name;
    }

    boolean parRequired() {
        return parRequired;
    }

    void setParRequired(boolean required) {
        this.parRequired = required;
    }

    boolean thirdParty() {
        return thirdParty;
    }

    void setThirdParty(boolean on) {
        this.thirdParty = on;
    }

    void setAcrValuesSupported(List<String> values) {
        this.acrValuesSupported = values == null ? null : List.copyOf(values);
    }

    void moveEndpoints(boolean moved) {
        this.endpointSegment = moved ? "/moved" : "";
    }

    /**
     * The path an endpoint is served under when endpoints are moved: a moved path becomes the
     * usual one, the usual path of a movable endpoint becomes null (404); others are unchanged.
     */
    String route(String path) {
        String segment = endpointSegment;
        if (segment.isEmpty()) {
            return path;
        }
        if (path.startsWith(PREFIX + segment + "/") && MOVABLE.contains(path.substring((PREFIX + segment).length()))) {
            return PREFIX + path.substring((PREFIX + segment).length());
        }
        if (path.startsWith(PREFIX) && MOVABLE.contains(path.substring(PREFIX.length()))) {
            return null;
        }
        return path;
    }

    /** The level asked for in {@code acr_values}: the first value naming level 1 or 2, else 1. */
    static int requestedLevel(String acrValues) {
        if (acrValues == null) {
            return 1;
        }
        for (String a : acrValues.split(" ")) {
            if (a.equals(ACR_PREFIX + "2") || a.equalsIgnoreCase("LoA2")) {
                return 2;
            }
            if (a.equals(ACR_PREFIX + "1") || a.equalsIgnoreCase("LoA1")) {
                return 1;
            }
        }
        return 1;
    }

    /** The discovery document (OpenID Connect Discovery 1.0 section 3). */
    Map<String, Object> discovery() {
        String i = issuer();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", i);
        m.put("authorization_endpoint", endpoint("/authorize"));
        m.put("token_endpoint", endpoint("/token"));
        m.put("userinfo_endpoint", endpoint("/userinfo"));
        m.put("jwks_uri", endpoint("/jwks"));
        m.put("end_session_endpoint", endpoint("/logout"));
        m.put("pushed_authorization_request_endpoint", endpoint("/par"));
        m.put("require_pushed_authorization_requests", parRequired);
        m.put("backchannel_authentication_endpoint", endpoint("/bc-authorize"));
        m.put("backchannel_token_delivery_modes_supported", List.of("poll"));
        m.put("backchannel_user_code_parameter_supported", false);
        m.put("scopes_supported", List.of("openid", "profile", "citizen"));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", CIBA_GRANT));
        m.put("subject_types_supported", List.of("pairwise"));
        List<String> acr = acrValuesSupported;
        m.put("acr_values_supported", acr != null ? acr
                : thirdParty ? List.of("LoA1", "LoA2") : List.of(ACR_PREFIX + "1", ACR_PREFIX + "2"));
        m.put("id_token_signing_alg_values_supported", List.of("ES256"));
        m.put("id_token_encryption_alg_values_supported", List.of("RSA-OAEP-256", "ECDH-ES+A256KW"));
        m.put("id_token_encryption_enc_values_supported", List.of("A256GCM"));
        m.put("userinfo_signing_alg_values_supported", List.of("ES256"));
        m.put("userinfo_encryption_alg_values_supported", List.of("RSA-OAEP-256", "ECDH-ES+A256KW"));
        m.put("userinfo_encryption_enc_values_supported", List.of("A256GCM"));
        m.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        m.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "PS256", "RS256"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("claims_supported", List.of("sub", "acr", "auth_time", "sid", "citizenPid", "fullName", "birthDate",
                "accountLevel", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "LoaiTaiKhoan"));
        m.put("claims_parameter_supported", false);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("authorization_response_iss_parameter_supported", true);
        return m;
    }
}
