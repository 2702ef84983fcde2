package vn.ketnoi.civilstatus;

/**
 * The commune-level People's Committee that made a registration (since July 2025, in the
 * two-level local government: commune and province).
 *
 * @param code its 5-digit code
 * @param name its name, such as {@code Ủy ban nhân dân phường Bến Nghé}
 */
public record RegisteringAuthority(String code, String name) {
}
