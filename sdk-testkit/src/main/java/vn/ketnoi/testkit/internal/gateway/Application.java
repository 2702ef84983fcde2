package vn.ketnoi.testkit.internal.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An application registered at the gateway, as a province registers an agency's software: a key,
 * a secret, the agency it belongs to, and the services it may call ({@code null}: all of them).
 */
public record Application(String key, String secret, String agencyId, @Nullable Set<String> allowedServices) {

    /** {@return whether {@code candidate} is this application's secret, compared in constant time} */
    public boolean secretMatches(String candidate) {
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return whether the application may call the service with this id} */
    public boolean mayCall(String serviceId) {
        return allowedServices == null || allowedServices.contains(serviceId);
    }

    @Override
    public String toString() {
        // The secret never reaches a log.
        return "Application[" + key + ", agency " + agencyId + "]";
    }
}
