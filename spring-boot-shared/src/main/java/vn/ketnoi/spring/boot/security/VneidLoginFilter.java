package vn.ketnoi.spring.boot.security;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.vneid.auth.AssuranceLevel;
import vn.ketnoi.vneid.auth.LoginOptions;
import vn.ketnoi.vneid.auth.LoginRequest;
import vn.ketnoi.vneid.auth.LoginState;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.auth.VneidLogin;

/**
 * "Log in with VNeID" for Spring Security: {@code GET <login path>} starts the sign-in (state,
 * nonce and PKCE verifier kept in the HTTP session, the browser sent to VNeID; {@code ?level=2}
 * asks for level 2), {@code GET <callback path>} completes it with the SDK's checks, stores a
 * {@link VneidAuthenticationToken} in the security context (after changing the session id) and
 * redirects to the success URL. A refused sign-in answers 401 with the SDK's error code and
 * never establishes a session.
 *
 * <p>Add it with {@link VneidLoginConfigurer}. Thread-safe.
 */
public final class VneidLoginFilter extends OncePerRequestFilter {
    /** The session attribute holding the serialized {@link LoginState} between the two requests. */
    public static final String STATE_ATTRIBUTE = VneidLoginFilter.class.getName() + ".STATE";

    private static final Logger LOG = LoggerFactory.getLogger(VneidLoginFilter.class);

    private final VneidAuthClient client;
    private final String loginPath;
    private final String callbackPath;
    private final String successUrl;
    private final SecurityContextRepository repository;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    VneidLoginFilter(VneidAuthClient client, String loginPath, String callbackPath, String successUrl,
                     SecurityContextRepository repository) {
        this.client = Objects.requireNonNull(client, "client");
        this.loginPath = loginPath;
        this.callbackPath = callbackPath;
        this.successUrl = successUrl;
        this.repository = repository;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("GET".equals(request.getMethod()) && path.equals(loginPath)) {
            start(request, response);
        } else if ("GET".equals(request.getMethod()) && path.equals(callbackPath)) {
            complete(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LoginOptions.Builder options = LoginOptions.builder();
        if (client.config().redirectUri() == null) {
            options.redirectUri(callbackUri(request));
        }
        if ("2".equals(request.getParameter("level"))) {
            options.level(AssuranceLevel.LEVEL_2);
        }
        LoginRequest login;
        try {
            login = client.startLogin(options.build());
        } catch (KetnoiException e) {
            LOG.warn("Starting a VNeID sign-in failed: {}", e.errorCode());
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "VNeID sign-in unavailable: " + e.errorCode());
            return;
        }
        request.getSession(true).setAttribute(STATE_ATTRIBUTE, login.state().serialize());
        response.sendRedirect(login.authorizationUri().toString());
    }

    private void complete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Object saved = session == null ? null : session.getAttribute(STATE_ATTRIBUTE);
        if (!(saved instanceof String text)) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "VNeID sign-in failed: no sign-in in progress");
            return;
        }
        // One use only: a replayed callback finds nothing.
        session.removeAttribute(STATE_ATTRIBUTE);
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                parameters.put(k, v[0]);
            }
        });
        VneidLogin login;
        try {
            login = client.completeLogin(LoginState.deserialize(text), parameters);
        } catch (KetnoiException e) {
            LOG.info("A VNeID sign-in was refused: {}", e.errorCode());
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "VNeID sign-in failed: " + e.errorCode());
            return;
        }
        request.changeSessionId();
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(new VneidAuthenticationToken(new VneidPrincipal(login.identity(), login.level())));
        holder.setContext(context);
        repository.saveContext(context, request, response);
        response.sendRedirect(request.getContextPath() + successUrl);
    }

    private URI callbackUri(HttpServletRequest request) {
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(request.getScheme()) && port == 80)
                || ("https".equals(request.getScheme()) && port == 443);
        return URI.create(request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port)
                + request.getContextPath() + callbackPath);
    }
}
