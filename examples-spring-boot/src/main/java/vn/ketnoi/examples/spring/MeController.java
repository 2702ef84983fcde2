package vn.ketnoi.examples.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.spring.boot.security.VneidPrincipal;

/** What the portal knows of the citizen signed in with VNeID. */
@RestController
public class MeController {

    @GetMapping("/me")
    public Map<String, Object> me(@AuthenticationPrincipal VneidPrincipal citizen) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", citizen.getName());
        out.put("level", citizen.level().number());
        // Shown masked: the page is not the place for the full number.
        citizen.idNumber().map(PersonalIdNumber::masked).ifPresent(id -> out.put("idNumber", id));
        List<String> roles = SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).sorted().toList();
        out.put("roles", roles);
        return out;
    }

    @GetMapping("/me/records")
    public Map<String, Object> records(@AuthenticationPrincipal VneidPrincipal citizen) {
        return Map.of("subject", citizen.getName(), "records", List.of());
    }
}
