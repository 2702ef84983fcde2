package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.internal.OidcHttp;
import vn.ketnoi.vneid.auth.internal.ProviderMetadata;
import vn.ketnoi.vneid.auth.internal.TokenVerifier;

/**
 * The provider's discovery document, cached for {@link VneidAuthConfig#metadataTtl()}, and the
 * token verifier over its {@code jwks_uri} (made again only when that URI changes). A refresh that
 * fails keeps the document already held; a first fetch that fails fails the call. Also what the
 * document says the provider offers: the scopes and {@code acr_values} a request may send.
 */
final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(VneidAuthClient.class);

    private final VneidAuthConfig config;
    private final OidcHttp http;
    private final Object metadataLock = new Object();
    private volatile ProviderMetadata metadata;
    private volatile Instant metadataFetchedAt = Instant.MIN;
    private volatile TokenVerifier verifier;

    Discovery(VneidAuthConfig config, OidcHttp http) {
        this.config = config;
        this.http = http;
    }

    /** The discovery document, fetched again when older than the configured time to live. */
    ProviderMetadata metadata() {
        ProviderMetadata md = metadata;
        Instant now = config.clock().instant();
        if (md != null && now.isBefore(metadataFetchedAt.plus(config.metadataTtl()))) {
            return md;
        }
        synchronized (metadataLock) {
            md = metadata;
            if (md != null && now.isBefore(metadataFetchedAt.plus(config.metadataTtl()))) {
                return md;
            }
            try {
                URI uri = URI.create(config.issuer() + "/.well-known/openid-configuration");
                KetnoiResponse r = http.get(uri, "application/json", null, "vneid.discovery");
                if (r.status() != 200) {
                    throw new VneidAuthException("the discovery document answered HTTP " + r.status(), r.status(),
                            "vneid.discovery.http-" + r.status(), null, r.status() >= 500, null);
                }
                ProviderMetadata fresh = ProviderMetadata.parse(OidcHttp.json(r, "discovery"), config.issuer());
                if (md == null || !fresh.jwksUri().equals(md.jwksUri())) {
                    verifier = new TokenVerifier(config.issuer(), config.clientId(), config.allowedAlgorithms(),
                            config.clockSkew(), config.clock(), new JwksCache(fresh.jwksUri(),
                            http::send, config.clock(), config.httpOptions().callTimeout()),
                            config.decryptionKey());
                }
                metadata = fresh;
                metadataFetchedAt = now;
                return fresh;
            } catch (KetnoiException e) {
                if (md != null) {
                    LOG.warn("Refreshing the VNeID discovery document failed ({}); keeping the cached one",
                            e.errorCode());
                    metadataFetchedAt = now;
                    return md;
                }
                throw e;
            }
        }
    }

    /** The verifier of the tokens signed with the keys of the current document's {@code jwks_uri}. */
    TokenVerifier verifier() {
        metadata();
        return verifier;
    }

    /** The scopes to send: the configured ones; the defaults less those the provider does not list. */
    List<String> scopes(ProviderMetadata md) {
        List<String> supported = md.scopesSupported();
        if (config.scopesConfigured() || supported == null) {
            return config.scopes();
        }
        List<String> out = new ArrayList<>();
        for (String s : config.scopes()) {
            if (s.equals("openid") || supported.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The {@code acr_values} for a level in the provider's own words: the value of its
     * {@code acr_values_supported} that names the level (the URN, or an alias such as
     * {@code LoA2}), the URN when it publishes no list. A provider ignores values it does not
     * know (Core 3.1.2.1), and would then authenticate at whatever level it likes; one that
     * offers none for the level is refused before the citizen is sent there.
     */
    static String acrValue(ProviderMetadata md, AssuranceLevel level) {
        List<String> offered = md.acrValuesSupported();
        if (offered == null) {
            return level.acr();
        }
        if (offered.contains(level.acr())) {
            return level.acr();
        }
        for (String v : offered) {
            if (AssuranceLevel.fromAcr(v).orElse(null) == level) {
                return v;
            }
        }
        throw new VneidAuthException("the provider offers no acr value for " + level + " (its acr_values_supported: "
                + vn.ketnoi.core.internal.Untrusted.text(String.valueOf(offered), 200) + ")", 0,
                "vneid.level-unsupported", null, false, null);
    }
}
