package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.util.Objects;

/**
 * The start of a sign-in: the URI to send the browser to, and the {@link LoginState} to keep in
 * the application's session until the callback.
 */
public final class LoginRequest {
    private final URI authorizationUri;
    private final LoginState state;
    private final boolean pushed;

    LoginRequest(URI authorizationUri, LoginState state, boolean pushed) {
        this.authorizationUri = Objects.requireNonNull(authorizationUri);
        this.state = Objects.requireNonNull(state);
        this.pushed = pushed;
    }

    /** {@return where to redirect the browser (HTTP 302/303)} */
    public URI authorizationUri() {
        return authorizationUri;
    }

    /** {@return the flow state to keep server-side and hand back on the callback} */
    public LoginState state() {
        return state;
    }

    /** {@return whether the parameters were pushed (RFC 9126) and the URI carries only {@code client_id} and {@code request_uri}} */
    public boolean isPushed() {
        return pushed;
    }

    @Override
    public String toString() {
        return "LoginRequest[pushed=" + pushed + ", " + state + "]";
    }
}
