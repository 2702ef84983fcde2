package vn.ketnoi.spring.boot.security;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.auth.VneidAuthClient;

/**
 * Adds "Log in with VNeID" to a Spring Security filter chain:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain security(HttpSecurity http) throws Exception {
 *     http.authorizeHttpRequests(a -> a
 *                 .requestMatchers("/ho-so/**").hasRole("VNEID_LEVEL_2")
 *                 .anyRequest().permitAll())
 *         .with(VneidLoginConfigurer.vneidLogin(), login -> login.successUrl("/ho-so"));
 *     return http.build();
 * }
 * }</pre>
 *
 * The {@link VneidAuthClient} is the application's bean (the starter makes one from
 * {@code ketnoi.*}) unless {@link #client(VneidAuthClient)} names another. Defaults: login at
 * {@code /login/vneid}, callback at {@code /login/vneid/callback} (used as the redirect URI when
 * {@code ketnoi.vneid.redirect-uri} is not set), success URL {@code /}.
 */
public final class VneidLoginConfigurer extends AbstractHttpConfigurer<VneidLoginConfigurer, HttpSecurity> {
    private VneidAuthClient client;
    private String loginPath = "/login/vneid";
    private String callbackPath = "/login/vneid/callback";
    private String successUrl = "/";

    private VneidLoginConfigurer() {
    }

    /** {@return a configurer with the defaults} */
    public static VneidLoginConfigurer vneidLogin() {
        return new VneidLoginConfigurer();
    }

    /**
     * @param client the client to sign in with
     * @return this configurer
     */
    public VneidLoginConfigurer client(VneidAuthClient client) {
        this.client = client;
        return this;
    }

    /**
     * @param path where a browser starts the sign-in
     * @return this configurer
     */
    public VneidLoginConfigurer loginPath(String path) {
        this.loginPath = checkPath("loginPath", path);
        return this;
    }

    /**
     * @param path where VNeID sends the browser back
     * @return this configurer
     */
    public VneidLoginConfigurer callbackPath(String path) {
        this.callbackPath = checkPath("callbackPath", path);
        return this;
    }

    /**
     * @param url the application path shown after a sign-in
     * @return this configurer
     */
    public VneidLoginConfigurer successUrl(String url) {
        this.successUrl = checkPath("successUrl", url);
        return this;
    }

    private static String checkPath(String field, String path) {
        // Only paths of this application: an absolute URL here would be an open redirect.
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            throw new InvalidInputException(field, "must be a path of this application, starting with /");
        }
        return path;
    }

    @Override
    public void configure(HttpSecurity http) {
        VneidAuthClient c = client != null ? client
                : http.getSharedObject(ApplicationContext.class).getBean(VneidAuthClient.class);
        SecurityContextRepository repository = http.getSharedObject(SecurityContextRepository.class);
        if (repository == null) {
            repository = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                    new HttpSessionSecurityContextRepository());
        }
        http.addFilterBefore(new VneidLoginFilter(c, loginPath, callbackPath, successUrl, repository),
                AnonymousAuthenticationFilter.class);
    }
}
