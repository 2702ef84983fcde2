package vn.ketnoi.security;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.SyntheticCitizen;

/** Shared helpers of the attack suite. */
final class Fixtures {
    private Fixtures() {
    }

    static LookupRequest lookupOf(SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).fields(CitizenField.SEX).build();
    }

    /** No retries: an attack must be refused at once, and a refusal must not be repeated. */
    static ClientConfig.Builder noRetries(ClientConfig config) {
        return config.toBuilder().resilience(ResilienceOptions.builder().maxAttempts(1).build());
    }

    static PopulationClient clientWith(ClientConfig config, Interceptor networkInterceptor) {
        return PopulationClient.create(noRetries(config).addNetworkInterceptor(networkInterceptor).build());
    }

    /** Applies the interceptor to provider API calls only, not to the token or key endpoints. */
    static Interceptor onApiCalls(Interceptor i) {
        return chain -> isApiCall(chain.request()) ? i.intercept(chain) : chain.proceed(chain.request());
    }

    static boolean isApiCall(KetnoiRequest r) {
        String path = r.uri().getPath();
        return path.startsWith("/population/") || path.startsWith("/edocuments/");
    }

    /** The exception an async call failed with. */
    static KetnoiException asyncFailure(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof KetnoiException k) {
                return k;
            }
            throw new AssertionError("not a KetnoiException", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }
}
