package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one sign-in asks for: where to come back, which level, extra scopes, {@code prompt}. The
 * requested level is sent as {@code acr_values} and also enforced when the callback comes back:
 * a sign-in that reached a lower level is refused with {@link InsufficientLevelException}.
 */
public final class LoginOptions {
    private final URI redirectUri;
    private final AssuranceLevel level;
    private final List<String> scopes;
    private final String prompt;

    private LoginOptions(Builder b) {
        this.redirectUri = b.redirectUri;
        this.level = b.level;
        this.scopes = List.copyOf(b.scopes);
        this.prompt = b.prompt;
    }

    /** {@return a builder; with nothing set, the configuration's redirect URI and level apply} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults of the configuration} */
    public static LoginOptions defaults() {
        return new Builder().build();
    }

    /** {@return the redirect URI, or {@code null} for the configuration's} */
    public URI redirectUri() {
        return redirectUri;
    }

    /** {@return the level asked for, or {@code null} for the configuration's minimum} */
    public AssuranceLevel level() {
        return level;
    }

    /** {@return scopes asked for besides the configured ones ({@link VneidAuthConfig#scopes()})} */
    public List<String> scopes() {
        return scopes;
    }

    /** {@return the {@code prompt} value, or {@code null}} */
    public String prompt() {
        return prompt;
    }

    /** Builds {@link LoginOptions}. */
    public static final class Builder {
        private URI redirectUri;
        private AssuranceLevel level;
        private final List<String> scopes = new ArrayList<>();
        private String prompt;

        private Builder() {
        }

        /**
         * @param redirectUri the callback URI registered with the provider
         * @return this builder
         */
        public Builder redirectUri(URI redirectUri) {
            this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
            return this;
        }

        /**
         * @param level the level to ask for and require
         * @return this builder
         */
        public Builder level(AssuranceLevel level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param scope a scope to ask for besides the configured ones ({@link VneidAuthConfig#scopes()})
         * @return this builder
         */
        public Builder addScope(String scope) {
            this.scopes.add(Objects.requireNonNull(scope, "scope"));
            return this;
        }

        /**
         * @param prompt {@code login}, {@code consent}, {@code none} or {@code select_account}
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** @return the options */
        public LoginOptions build() {
            return new LoginOptions(this);
        }
    }
}
