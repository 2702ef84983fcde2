package vn.ketnoi.vneid.auth.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.internal.http.SecureUrls;
import vn.ketnoi.vneid.auth.VneidAuthException;

/**
 * The parts of an OpenID Provider's discovery document (OpenID Connect Discovery 1.0) the client
 * uses. {@code acrValuesSupported} and {@code scopesSupported} are null when the document does not
 * publish them.
 */
public record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
                               URI userinfoEndpoint, URI parEndpoint, boolean parRequired,
                               URI backchannelAuthenticationEndpoint, URI endSessionEndpoint,
                               List<String> codeChallengeMethods, List<String> tokenEndpointAuthMethods,
                               boolean responseIssParameterSupported, List<String> acrValuesSupported,
                               List<String> scopesSupported) {

    /** Reads the document and checks it belongs to the expected issuer (Discovery section 4.3). */
    public static ProviderMetadata parse(JsonNode doc, String expectedIssuer) {
        String issuer = doc.path("issuer").asText(null);
        if (issuer == null || !issuer.equals(expectedIssuer)) {
            throw new VneidAuthException("the discovery document's issuer is not the configured issuer", 0,
                    "vneid.discovery.issuer-mismatch", null, false, null);
        }
        URI authz = required(doc, "authorization_endpoint");
        URI token = required(doc, "token_endpoint");
        URI jwks = required(doc, "jwks_uri");
        return new ProviderMetadata(issuer, authz, token, jwks, optional(doc, "userinfo_endpoint"),
                optional(doc, "pushed_authorization_request_endpoint"),
                doc.path("require_pushed_authorization_requests").asBoolean(false),
                optional(doc, "backchannel_authentication_endpoint"), optional(doc, "end_session_endpoint"),
                strings(doc, "code_challenge_methods_supported"),
                doc.has("token_endpoint_auth_methods_supported")
                        ? strings(doc, "token_endpoint_auth_methods_supported") : List.of("client_secret_basic"),
                doc.path("authorization_response_iss_parameter_supported").asBoolean(false),
                doc.has("acr_values_supported") ? strings(doc, "acr_values_supported") : null,
                doc.has("scopes_supported") ? strings(doc, "scopes_supported") : null);
    }

    private static URI required(JsonNode doc, String name) {
        URI u = optional(doc, name);
        if (u == null) {
            throw new VneidAuthException("the discovery document has no " + name, 0, "vneid.discovery.invalid", null,
                    false, null);
        }
        return u;
    }

    private static URI optional(JsonNode doc, String name) {
        JsonNode n = doc.get(name);
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            URI u = URI.create(n.asText());
            if (!u.isAbsolute()) {
                throw new IllegalArgumentException(name);
            }
            checkSecure(name, u);
            return u;
        } catch (IllegalArgumentException e) {
            throw new VneidAuthException("the discovery document's " + name + " is not an absolute URL", 0,
                    "vneid.discovery.invalid", null, false, e);
        }
    }

    /**
     * The early, named refusal of an endpoint in clear: the browser would carry the state there,
     * or the client a code, verifier or assertion. The transport refuses such a URL anyway
     * ({@code transport.insecure-url}); this says which entry of the document was wrong.
     */
    private static void checkSecure(String name, URI u) {
        if (!SecureUrls.isAllowed(u)) {
            throw new VneidAuthException("the discovery document's " + name + " (" + SecureUrls.describe(u)
                    + ") is not https, or plain http to a loopback address", 0,
                    "vneid.discovery.insecure-endpoint", null, false, null);
        }
    }

    private static List<String> strings(JsonNode doc, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : doc.path(name)) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }
}
