package vn.ketnoi.spring.boot.security;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import vn.ketnoi.vneid.auth.AssuranceLevel;

/**
 * An authentication by VNeID. Authorities: {@code ROLE_VNEID}, and {@code ROLE_VNEID_LEVEL_1} up
 * to the level reached, so that {@code hasRole("VNEID_LEVEL_2")} admits level-2 sign-ins only and
 * {@code hasRole("VNEID_LEVEL_1")} admits both. It holds no token or code: those stay with the
 * SDK's login flow.
 */
public final class VneidAuthenticationToken extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    /** Every VNeID sign-in has it. */
    public static final String ROLE_VNEID = "ROLE_VNEID";

    /** @serial the signed-in citizen */
    private final VneidPrincipal principal;

    /**
     * An authenticated token.
     *
     * @param principal the citizen
     */
    public VneidAuthenticationToken(VneidPrincipal principal) {
        super(authorities(principal.level()));
        this.principal = principal;
        setAuthenticated(true);
    }

    /**
     * The authorities of a level.
     *
     * @param level the assurance level reached
     * @return {@code ROLE_VNEID} and one {@code ROLE_VNEID_LEVEL_n} per level up to it
     */
    public static List<GrantedAuthority> authorities(AssuranceLevel level) {
        List<GrantedAuthority> out = new ArrayList<>();
        out.add(new SimpleGrantedAuthority(ROLE_VNEID));
        for (AssuranceLevel l : AssuranceLevel.values()) {
            if (level.isAtLeast(l)) {
                out.add(new SimpleGrantedAuthority("ROLE_VNEID_LEVEL_" + l.number()));
            }
        }
        return out;
    }

    @Override
    public @Nullable Object getCredentials() {
        return null;
    }

    @Override
    public VneidPrincipal getPrincipal() {
        return principal;
    }
}
