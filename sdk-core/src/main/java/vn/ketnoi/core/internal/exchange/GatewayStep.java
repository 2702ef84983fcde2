package vn.ketnoi.core.internal.exchange;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.ExchangeLayerError;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The network step that adds a gateway's credential to each request under its URL, and to no
 * other (DESIGN15 section 2). It runs after the request signature: the gateway credential is
 * hop-by-hop, never signed, so a gateway may strip it before forwarding without breaking anything
 * end-to-end.
 *
 * <p>When the gateway answers 401 without a provider signature, its token may have been revoked
 * or expired early: the step forgets it, fetches a new one and sends the request once more. A
 * second refusal goes up as it is and becomes {@code exchange.gateway-credential-refused}. A
 * signed 401, and a token endpoint's OAuth refusal ({@code invalid_client}...), are the
 * provider's, and none of this step's business. Thread-safe.
 */
public final class GatewayStep implements Pipeline.Step {
    private final List<GatewayTokens> gateways;

    public GatewayStep(List<GatewayTokens> gateways) {
        this.gateways = List.copyOf(gateways);
    }

    @Override
    public CompletableFuture<KetnoiResponse> apply(Pipeline.Chain chain) {
        KetnoiRequest request = chain.request();
        GatewayTokens tokens = gatewayOf(request);
        if (tokens == null) {
            return chain.proceed(request);
        }
        String header = tokens.gateway().credentials().header();
        if (request.headers().contains(header)) {
            // Never replace what another layer put there (the provider's access token in Authorization).
            return CompletableFuture.failedFuture(new InvalidInputException(
                    "gateways." + tokens.gateway().name() + ".header", "the request already carries " + header
                            + "; the gateway credential needs a header of its own"));
        }
        String cached = tokens.cached();
        CompletableFuture<String> token = cached != null ? CompletableFuture.completedFuture(cached)
                : CompletableFuture.supplyAsync(() -> tokens.token(chain.deadline()), chain.context().blocking());
        return token.thenCompose(t -> chain.proceed(with(request, header, t)).thenCompose(response -> {
            // A signed 401 is the provider's; so is a token endpoint's unsigned OAuth refusal
            // (invalid_client...): repeating either would only burn the assertion or the nonce again.
            if (response.status() != 401 || response.headers().contains("Ketnoi-Signature")
                    || ExchangeLayerError.isOAuthError(response)) {
                return CompletableFuture.completedFuture(response);
            }
            tokens.invalidate(t);
            return CompletableFuture.supplyAsync(() -> tokens.token(chain.deadline()), chain.context().afterSend())
                    .thenCompose(fresh -> chain.proceed(with(request, header, fresh)));
        }));
    }

    private @Nullable GatewayTokens gatewayOf(KetnoiRequest request) {
        for (GatewayTokens g : gateways) {
            if (request.uri().equals(g.gateway().credentials().tokenUrl())) {
                return null; // the token request itself authenticates with the key and secret
            }
        }
        for (GatewayTokens g : gateways) {
            if (g.gateway().covers(request.uri())) {
                return g;
            }
        }
        return null;
    }

    private static KetnoiRequest with(KetnoiRequest r, String header, String token) {
        return r.toBuilder().header(header, "Bearer " + token).build();
    }
}
