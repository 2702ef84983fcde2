package vn.ketnoi.spring.boot;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;

/** Boot 4's health API, for the shared tests: the one place they name it. */
final class HealthProbe {
    private HealthProbe() {
    }

    static String status(KetnoiHealthIndicator indicator) {
        return health(indicator).getStatus().getCode();
    }

    static Map<String, Object> details(KetnoiHealthIndicator indicator) {
        return health(indicator).getDetails();
    }

    private static Health health(KetnoiHealthIndicator indicator) {
        Health health = indicator.health();
        if (health == null) {
            throw new AssertionError("the indicator reported no health");
        }
        return health;
    }
}
